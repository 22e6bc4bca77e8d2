//! Support of the image a `FROM` names, judged by the lifecycle table on a given day: the runtime's
//! version line, the distribution release the tag or repository names (codenames included), and for
//! distroless images their own policy. The earliest end wins; a version the table does not know makes
//! support unknown, never "supported".

use serde::Serialize;

use crate::lifecycle::{Line, Product};
use crate::runtimes;
use crate::{
    Date, Image, ImageRef, Lifecycles, Lookup, ProductKind, Retired, Support, SupportRule, Text,
};

mod catalog_check;
mod distroless;

pub use catalog_check::catalog_check;

use distroless::distroless_parts;

/// The support of one image on one day, and what it was judged by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    #[serde(flatten)]
    pub support: Support,
    /// Each thing the image's support depends on, in the order found.
    pub parts: Vec<Part>,
}

/// One thing an image's support depends on: a runtime line, a distribution release, a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// Lifecycle product id (`python`, `debian`) or `distroless`.
    pub product: Text,
    /// `Python 3.9`, `Debian 12 (bookworm)`, `distroless python3 on Debian 12`.
    pub what: String,
    /// Where in the reference it was read: `tag`, `codename`, `repository`, `catalog`, `floating tag`.
    pub from: &'static str,
    #[serde(flatten)]
    pub support: Support,
    /// The line's dates come from a schedule or cadence rather than an announcement.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub estimate: bool,
    /// Why a date is what it is, when it is an estimate, a rule or an inference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Text>,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub source: Text,
    /// The rule that will date the end, while it has no date (distroless, before the next Debian).
    #[serde(skip)]
    pub rule: Option<SupportRule>,
    /// What to move to when the part is a retired repository rather than a version line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<Text>,
}

impl Judgement {
    /// The part that decides the overall support (the earliest end), when there is one.
    pub fn deciding(&self) -> Option<&Part> {
        self.parts.iter().find(|p| p.support == self.support)
    }
}

/// Judges a reference on `day`. `entry` is the catalog image it is (exactly, or the same tag without
/// the OS the catalog names), when it is one.
pub fn judge(reference: &ImageRef, entry: Option<&Image>, lc: &Lifecycles, day: Date) -> Judgement {
    let repository = reference.short_repository();
    let tag = reference.tag.as_deref().unwrap_or("");
    let words: Vec<&str> = tag.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let mut parts = Vec::new();
    let distroless = repository.strip_prefix("gcr.io/distroless/");
    if let Some(name) = distroless {
        distroless_parts(name, entry, lc, day, &mut parts);
    } else {
        if let Some(part) = runtime_part(&repository, &words, entry, lc, day) {
            parts.push(part);
        }
        if let Some(part) = os_part(&repository, &words, entry, lc, day) {
            parts.push(part);
        }
        if let Some(retired) = lc.retirement_of(&repository, &words) {
            parts.push(retired_part(retired, day));
        }
    }
    Judgement {
        support: combine(&parts),
        parts,
    }
}

/// A repository its publisher no longer updates: ended the day after its last update.
fn retired_part(retired: &Retired, day: Date) -> Part {
    let end = retired.updates_until;
    Part {
        product: retired.repository.clone(),
        what: format!("updates to the {} image", retired.repository),
        from: "repository",
        support: by_date(end, day),
        estimate: false,
        basis: Some(
            format!(
                "its publisher stopped updating the {} image after {end}",
                retired.repository
            )
            .into(),
        ),
        source: retired.source.clone(),
        rule: None,
        replacement: Some(retired.replacement.clone()),
    }
}

/// Any ended part decides; else an unknown part makes the whole unknown; else the
/// earliest end.
pub fn combine(parts: &[Part]) -> Support {
    // A part with nothing left outranks one still in a free extended phase; then the earliest end.
    let ended = parts
        .iter()
        .filter(|p| p.support.is_ended())
        .min_by_key(|p| {
            let extended = matches!(
                p.support,
                Support::Ended {
                    extended_until: Some(_),
                    ..
                }
            );
            (extended, p.support.end())
        });
    if let Some(p) = ended {
        return p.support.clone();
    }
    if parts.is_empty() || parts.iter().any(|p| p.support == Support::Unknown) {
        return Support::Unknown;
    }
    parts
        .iter()
        .min_by_key(|p| p.support.end().unwrap_or(Date::MAX))
        .map_or(Support::Unknown, |p| p.support.clone())
}

fn part(product: &Product, line: Option<&Line>, from: &'static str, support: Support) -> Part {
    let what = match line {
        Some(l) => match &l.codename {
            Some(c) => format!("{} {} ({c})", product.name, l.version),
            None => format!("{} {}", product.name, l.version),
        },
        None => product.name.to_string(),
    };
    Part {
        product: product.id.clone(),
        what,
        from,
        support,
        estimate: line.is_some_and(|l| l.estimate),
        basis: line.and_then(|l| l.basis.clone()),
        source: line.map(|l| l.source.clone()).unwrap_or_default(),
        rule: None,
        replacement: None,
    }
}

/// Judges `version` of `product`: its line, a floating major, or a version outside the table.
fn versioned(product: &Product, version: &str, from: &'static str, day: Date) -> Part {
    let lookup = product.lookup(version, day);
    let support = product.support(lookup, day);
    match lookup {
        Lookup::Line(line) => part(product, Some(line), from, support),
        Lookup::Floating(line) => part(product, Some(line), "floating version", support),
        Lookup::EndedBefore(line) => Part {
            basis: Some(
                format!(
                    "{} {version} is not in the table; the newer {} ended on {}, so it has ended too",
                    product.name,
                    line.version,
                    line.security_until
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                )
                .into(),
            ),
            what: format!("{} {version}", product.name),
            ..part(product, Some(line), from, support)
        },
        Lookup::Unknown => Part {
            what: format!("{} {version}", product.name),
            basis: Some(format!("{} {version} is not in the lifecycle table", product.name).into()),
            ..part(product, None, from, support)
        },
    }
}

/// The newest released line (long-term ones only with `lts`): what a floating tag follows.
fn floating(product: &Product, lts: bool, day: Date) -> Part {
    let newest = product
        .lines
        .iter()
        .filter(|l| l.released.is_some_and(|r| r <= day))
        .filter(|l| !lts || l.lts == Some(true))
        .max_by_key(|l| crate::version::version_key(&l.version));
    match newest {
        Some(l) => part(product, Some(l), "floating tag", product.status(l, day)),
        None => part(product, None, "floating tag", Support::Unknown),
    }
}

/// Tag words naming a runtime version inside another image's tag: `python3.12`, `node20`, `jdk21`,
/// or `temurin-17`, `openjdk-11`.
const EMBEDDED: &[(&str, &str)] = &[
    ("python", "python"),
    ("nodejs", "node"),
    ("node", "node"),
    ("jdk", "java"),
    ("jre", "java"),
    ("java", "java"),
    ("temurin", "java"),
    ("openjdk", "java"),
    ("corretto", "java"),
    ("php", "php"),
    ("ruby", "ruby"),
    ("golang", "go"),
    ("go", "go"),
];

fn embedded<'w>(words: &[&'w str]) -> Option<(&'static str, &'w str)> {
    words.iter().enumerate().find_map(|(i, word)| {
        EMBEDDED.iter().find_map(|(prefix, product)| {
            let rest = word.strip_prefix(prefix)?;
            let version = if rest.is_empty() {
                words.get(i + 1).copied()?
            } else {
                rest
            };
            version
                .starts_with(|c: char| c.is_ascii_digit())
                .then_some((*product, version))
        })
    })
}

/// The leading version of a tag (`3.11.9` of `3.11.9-slim`, `24.0.2` of `24.0.2_12-jdk`).
fn leading_version<'w>(words: &[&'w str]) -> Option<&'w str> {
    words
        .first()
        .map(|w| w.trim_start_matches('v'))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
}

/// Words that make a tag follow a moving target.
pub const FLOATING_WORDS: &[&str] = &["latest", "lts", "current", "stable", "mainline"];

fn runtime_part(
    repository: &str,
    words: &[&str],
    entry: Option<&Image>,
    lc: &Lifecycles,
    day: Date,
) -> Option<Part> {
    let served = runtimes::serving(repository);
    let name = repository.rsplit('/').next().unwrap_or(repository);
    let tool = served.is_some_and(|r| r.tools.contains(&name));
    let product = served
        .and_then(|r| r.lifecycle)
        .and_then(|id| lc.product(id));
    if let (Some(product), false) = (product, tool) {
        if let Some(v) = entry
            .filter(|e| {
                e.runtimes
                    .iter()
                    .any(|r| Some(r.as_str()) == served.map(|s| s.id))
            })
            .and_then(|e| e.runtime_version.as_deref())
            .or_else(|| leading_version(words))
        {
            return Some(versioned(product, v, "tag", day));
        }
        let lts = words.contains(&"lts");
        return Some(floating(product, lts, day));
    }
    let (id, version) = embedded(words)?;
    let product = lc.product(id)?;
    Some(versioned(product, version, "tag", day))
}

fn os_part(
    repository: &str,
    words: &[&str],
    entry: Option<&Image>,
    lc: &Lifecycles,
    day: Date,
) -> Option<Part> {
    // The distribution's own images: `debian:12`, `ubuntu:jammy`, `alpine:3.20`, `ubi9/ubi-minimal`.
    let distribution = lc
        .products
        .iter()
        .find(|p| p.kind == ProductKind::Distribution && p.id == repository);
    if let Some(product) = distribution {
        // `centos:centos7`: the release after the distribution's own name.
        let own_name = words
            .first()
            .and_then(|w| w.strip_prefix(repository))
            .filter(|v| v.starts_with(|c: char| c.is_ascii_digit()));
        if let Some(v) = leading_version(words).or(own_name) {
            return Some(versioned(product, v, "tag", day));
        }
        if let Some((p, line)) = words.iter().find_map(|w| lc.by_codename(w)) {
            return Some(part(p, Some(line), "codename", p.status(line, day)));
        }
        return Some(floating(product, false, day));
    }
    if let Some(ubi) = repository.split('/').find_map(|c| {
        c.strip_prefix("ubi")
            .filter(|v| v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty())
    }) && let Some(product) = lc.product("rhel")
    {
        return Some(versioned(product, ubi, "repository", day));
    }
    // A release named in the tag: a codename, `alpine3.20`, `alpine-3.20`.
    for (i, word) in words.iter().enumerate() {
        if let Some((p, line)) = lc.by_codename(word) {
            return Some(part(p, Some(line), "codename", p.status(line, day)));
        }
        if let Some(rest) = word.strip_prefix("alpine")
            && let Some(product) = lc.product("alpine")
        {
            let version = if rest.is_empty() {
                words.get(i + 1).copied()
            } else {
                Some(rest)
            };
            if let Some(v) = version.filter(|v| v.starts_with(|c: char| c.is_ascii_digit())) {
                return Some(versioned(product, v, "tag", day));
            }
        }
    }
    let (product, version) = lc.os(&entry?.os)?;
    Some(versioned(product, version, "catalog", day))
}

/// Support by an end date alone.
pub fn by_date(end: Date, day: Date) -> Support {
    let days = day.days_until(end);
    if days < 0 {
        Support::Ended {
            since: end,
            exact: true,
            extended_until: None,
            successor: None,
        }
    } else if days <= crate::lifecycle::ENDS_SOON_DAYS {
        Support::EndsSoon { until: end, days }
    } else {
        Support::Supported { until: Some(end) }
    }
}
