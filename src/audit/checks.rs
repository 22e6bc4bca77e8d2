//! The checks an audit makes: moving tags and unresolved arguments per stage, the user the final image
//! runs as, and the support of the final image.

use super::dockerfile::{Base, Stage};
use super::findings::{FindingKind, Findings, Severity};
use super::matcher::CatalogMatch;
use super::support::{FLOATING_WORDS, Judgement, Part};
use crate::knowledge::{Date, Support};

/// Tag words that select a variant or a release channel, not a version.
const VARIANT_WORDS: &[&str] = &[
    "slim",
    "alpine",
    "fpm",
    "apache",
    "cli",
    "zts",
    "jdk",
    "jre",
    "nonroot",
    "debug",
    "chiseled",
    "headless",
    "dev",
    "full",
    "minimal",
    "edge",
    "windowsservercore",
    "nanoserver",
    "perl",
    "otel",
];

/// Findings about one stage's `FROM`: unresolved and platform arguments, moving tags.
pub fn stage(stage: &Stage, findings: &mut Findings) {
    let line = Some(stage.line);
    if !stage.unresolved.is_empty() {
        findings.push(
            FindingKind::UnresolvedArg,
            Severity::Info,
            line,
            format!(
                "FROM {} uses build argument{} without a value ({}): the image is only known at build time",
                stage.from,
                if stage.unresolved.len() == 1 { "" } else { "s" },
                stage.unresolved.join(", ")
            ),
        );
        return;
    }
    if !stage.platform_args.is_empty() {
        findings.push(
            FindingKind::PlatformArg,
            Severity::Info,
            line,
            format!(
                "FROM {} depends on {}, which BuildKit sets at build time; judged as linux/amd64 ({})",
                stage.from,
                stage.platform_args.join(", "),
                stage.image
            ),
        );
    }
    let Base::Image(r) = &stage.base else { return };
    if r.digest.is_some() {
        return;
    }
    let shown = r.normalised();
    let Some(tag) = r.tag.as_deref() else {
        findings.push(
            FindingKind::Untagged,
            Severity::Warning,
            line,
            format!(
                "{shown} has no tag, so it means `latest`; name a version tag, or pin a digest"
            ),
        );
        return;
    };
    let words: Vec<String> = tag
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.iter().any(|w| w == "latest") {
        findings.push(
            FindingKind::LatestTag,
            Severity::Warning,
            line,
            format!("{shown} follows `latest`, which moves under you; name a version tag, or pin a digest"),
        );
    } else if floats(&r.short_repository(), &words) {
        findings.push(
            FindingKind::FloatingTag,
            Severity::Warning,
            line,
            format!(
                "{shown} names no version: `{tag}` moves to each new release; name a version tag, or pin a digest"
            ),
        );
    }
}

/// Whether a tag names no version: every word a variant, channel or OS release, and none a version.
/// A distribution's own image named by codename (`debian:bookworm`) is a version.
fn floats(repository: &str, words: &[String]) -> bool {
    let is_release = |w: &str| {
        CODENAMES.contains(&w)
            || w.strip_prefix("alpine")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    };
    if words
        .first()
        .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    {
        return false;
    }
    // The release is in the repository's name (`distroless/static-debian13`): tags only pick a variant.
    let named_release = repository
        .rsplit_once("-debian")
        .is_some_and(|(_, v)| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()));
    if named_release {
        return false;
    }
    let distribution = ["debian", "ubuntu", "alpine"].contains(&repository);
    if distribution && words.iter().any(|w| is_release(w)) {
        return false;
    }
    !words.is_empty()
        && words.iter().all(|w| {
            FLOATING_WORDS.contains(&w.as_str())
                || VARIANT_WORDS.contains(&w.as_str())
                || is_release(w)
        })
}

/// Release codenames seen in tags (the lifecycle table knows their dates).
const CODENAMES: &[&str] = &[
    "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "xenial", "bionic",
    "focal", "jammy", "noble", "resolute",
];

/// The user the final stage runs as: `USER root`, or no `USER` on an image that runs as root — one
/// finding either way.
pub fn user(chain: &[&Stage], root: &Stage, image: Option<&CatalogMatch>, findings: &mut Findings) {
    let Some(last) = chain.first() else { return };
    if let Some((stage, user)) = chain.iter().find_map(|s| s.user.as_ref().map(|u| (s, u))) {
        let inherited = if stage.index == last.index {
            String::new()
        } else {
            format!(
                " (set in stage {})",
                stage.name.as_deref().unwrap_or("before it")
            )
        };
        if user.is_root() {
            findings.push(
                FindingKind::RootUser,
                Severity::Warning,
                Some(user.line),
                format!("the final stage runs as root: USER {}{inherited}; switch to an unprivileged user such as 10001", user.raw),
            );
        } else if user.resolved.is_none() {
            findings.push(
                FindingKind::UnresolvedArg,
                Severity::Info,
                Some(user.line),
                format!("USER {} depends on a variable without a value; make sure it is not root at build time", user.raw),
            );
        }
        return;
    }
    let image_name = if matches!(root.base, Base::Scratch) {
        "scratch".to_owned()
    } else {
        root.image.clone()
    };
    let default = match root.base {
        Base::Scratch => Some("root".to_owned()),
        _ => image.and_then(|m| m.default_user.clone()),
    };
    let line = Some(last.line);
    match default.as_deref() {
        Some("root") => findings.push(
            FindingKind::MissingUser,
            Severity::Warning,
            line,
            format!("the final stage sets no USER, so it runs as root, the default user of {image_name}; add USER with an unprivileged UID such as 10001"),
        ),
        Some(user) => findings.push(
            FindingKind::MissingUser,
            Severity::Info,
            line,
            format!("the final stage sets no USER and relies on {image_name} running as {user}; saying USER explicitly keeps it so if the base changes"),
        ),
        None => findings.push(
            FindingKind::MissingUser,
            Severity::Warning,
            line,
            format!("the final stage sets no USER, so it runs as the default user of {image_name}, which is root for most images"),
        ),
    }
}

/// Findings about the final image's support on `day`.
pub fn support(reference: &str, j: &Judgement, line: usize, day: Date, findings: &mut Findings) {
    if j.support == Support::Unknown {
        if !j.parts.is_empty() {
            let unknown: Vec<String> = j
                .parts
                .iter()
                .filter(|p| p.support == Support::Unknown)
                .filter_map(|p| p.basis.clone().map(String::from))
                .collect();
            findings.push(
                FindingKind::SupportUnknown,
                Severity::Info,
                Some(line),
                format!("support of {reference} is unknown: {}", unknown.join("; ")),
            );
        }
        return;
    }
    let Some(part) = j.deciding() else { return };
    let estimate = if part.estimate {
        " (the date is an estimate)"
    } else {
        ""
    };
    let what = &part.what;
    match &part.support {
        Support::Ended {
            since,
            exact,
            extended_until: Some(until),
            successor,
        } => findings.push(
            FindingKind::ExtendedSupportOnly,
            Severity::Warning,
            Some(line),
            format!(
                "{reference}: {what} left regular security support on {since}{}; only extended support (a subset of packages) continues until {until}, judged on {day}{}",
                if *exact { "" } else { " at the latest" },
                move_to(part, successor.as_deref())
            ),
        ),
        Support::Ended {
            since,
            exact,
            successor,
            ..
        } => findings.push(
            FindingKind::Unsupported,
            Severity::Error,
            Some(line),
            out_of_support(reference, part, (*since, *exact, successor.as_deref()), day),
        ),
        Support::EndsSoon { until, days } => findings.push(
            FindingKind::NearEndOfSupport,
            Severity::Info,
            Some(line),
            format!("{reference}: {what} reaches its end of support on {until}{estimate}, {days} days after {day}"),
        ),
        Support::Supported { .. } | Support::Unknown => {}
    }
}

/// `REFERENCE is out of support: …` for a part that ended: its end, or for a version older than the
/// table, the end of the oldest line it lists; then what to move to. `ended` is the part's end, as
/// its `Support::Ended` holds it.
fn out_of_support(
    reference: &str,
    part: &Part,
    ended: (Date, bool, Option<&str>),
    day: Date,
) -> String {
    let (since, exact, successor) = ended;
    let what = &part.what;
    let estimate = if part.estimate {
        " (the date is an estimate)"
    } else {
        ""
    };
    let then = move_to(part, successor);
    if exact {
        format!(
            "{reference} is out of support: {what} ended on {since}{estimate}, judged on {day}{then}"
        )
    } else {
        format!(
            "{reference} is out of support: {what} is older than the lines the table lists, and the newer one ended on {since}, judged on {day}{then}"
        )
    }
}

/// `; move to …` for a part that ended: the replacement of a retired repository, or the successor
/// line of the same product.
fn move_to(part: &Part, successor: Option<&str>) -> String {
    match (&part.replacement, successor) {
        (Some(r), _) => format!("; move to {r}"),
        (None, Some(s)) => {
            let name = part.what.split(' ').next().unwrap_or(&part.what);
            format!("; move to {name} {s}")
        }
        (None, None) => String::new(),
    }
}

/// A build stage on an image out of regular support: a warning, since the stage does not ship, but
/// what it compiles or installs does (a Go or Rust binary carries the toolchain's standard library).
pub fn build_stage_support(
    stage: &Stage,
    reference: &str,
    j: &Judgement,
    day: Date,
    findings: &mut Findings,
) {
    let Some(part) = j.deciding() else { return };
    // Only a stage past all support: one on a release in extended support (Debian LTS) still gets fixes.
    let Support::Ended {
        since,
        exact,
        extended_until: None,
        successor,
    } = &part.support
    else {
        return;
    };
    let name = stage
        .name
        .as_deref()
        .map_or_else(String::new, |n| format!(" (stage {n})"));
    findings.push(
        FindingKind::BuildStageUnsupported,
        Severity::Warning,
        Some(stage.line),
        format!(
            "{}; files this stage builds are copied into the final image",
            out_of_support(
                &format!("{reference}{name}"),
                part,
                (*since, *exact, successor.as_deref()),
                day
            )
        ),
    );
}
