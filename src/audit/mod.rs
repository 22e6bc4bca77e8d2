//! Dockerfile audit: read every `FROM`, find the final stage's image in the catalog, report its
//! figures and support, suggest better images with their deltas, and flag risky patterns (root user,
//! missing `USER`, `latest` or untagged images) — before anything is built.
//!
//! Images the catalog does not know get an informational "not in catalog" finding: the audit cannot
//! judge them, which is no reason to fail a build. Everything flagged as a warning makes
//! [`Audit::exit_code`] 1, so the audit can gate CI.

pub mod alternatives;
pub mod dockerfile;
mod lexer;
pub mod matcher;
pub mod reference;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use alternatives::{AlternativeAdvice, MAX_ALTERNATIVES};
pub use dockerfile::{Base, Stage, User};
pub use lexer::{Instruction, ParseError, instructions};
pub use matcher::{CatalogMatch, MatchKind};
pub use reference::ImageRef;

use crate::knowledge::{Catalog, Date};

/// Images this close to their end of support get an informational finding.
pub const END_OF_SUPPORT_NOTICE_DAYS: i64 = 90;

/// Largest Dockerfile read.
pub const MAX_DOCKERFILE_BYTES: u64 = 1024 * 1024;

/// Whether a finding fails the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Flagged: the audit exits with 1.
    Warning,
    /// Worth knowing, not a failure.
    Info,
}

/// What a finding is about; stable ids for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    RootUser,
    MissingUser,
    LatestTag,
    Untagged,
    Unsupported,
    NearEndOfSupport,
    NotInCatalog,
    UnresolvedArg,
}

impl FindingKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::RootUser => "root-user",
            FindingKind::MissingUser => "missing-user",
            FindingKind::LatestTag => "latest-tag",
            FindingKind::Untagged => "untagged",
            FindingKind::Unsupported => "unsupported",
            FindingKind::NearEndOfSupport => "near-end-of-support",
            FindingKind::NotInCatalog => "not-in-catalog",
            FindingKind::UnresolvedArg => "unresolved-arg",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl Finding {
    fn new(kind: FindingKind, severity: Severity, line: Option<usize>, message: String) -> Self {
        Finding {
            kind,
            severity,
            line,
            message,
        }
    }
}

/// The result of auditing one Dockerfile.
#[derive(Debug, Clone, Serialize)]
pub struct Audit<'c> {
    pub stages: Vec<Stage>,
    /// Index of the stage whose image ships.
    pub final_stage: usize,
    /// The image under the final stage, after following the stages it builds on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_reference: Option<String>,
    /// The catalog entry for that image, when there is one.
    pub final_image: Option<CatalogMatch<'c>>,
    pub findings: Vec<Finding>,
    pub alternatives: Vec<AlternativeAdvice<'c>>,
    /// The day support is judged on: the catalog's review date.
    pub review_date: Date,
    /// Whether any finding is a warning.
    pub flagged: bool,
}

impl Audit<'_> {
    /// 0 when nothing is flagged, 1 when something is.
    pub fn exit_code(&self) -> u8 {
        u8::from(self.flagged)
    }
}

/// Why a Dockerfile could not be audited (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a Dockerfile: {reason}", path.display())]
    NotText { path: PathBuf, reason: String },
    #[error("{}:{}: {}", path.display(), error.line, error.message)]
    Parse { path: PathBuf, error: ParseError },
}

impl AuditError {
    pub const EXIT_CODE: u8 = 2;
}

/// Reads and audits a Dockerfile.
pub fn audit_file<'c>(path: &Path, catalog: &'c Catalog) -> Result<Audit<'c>, AuditError> {
    let read_err = |source| AuditError::Read {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.is_dir() {
        return Err(AuditError::NotText {
            path: path.to_owned(),
            reason: "it is a directory".to_owned(),
        });
    }
    if meta.len() > MAX_DOCKERFILE_BYTES {
        return Err(AuditError::NotText {
            path: path.to_owned(),
            reason: format!("it is larger than {} KiB", MAX_DOCKERFILE_BYTES / 1024),
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let not_text = |reason: &str| AuditError::NotText {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if bytes.contains(&0) {
        return Err(not_text("it holds binary data"));
    }
    let text = String::from_utf8(bytes).map_err(|_| not_text("it is not UTF-8 text"))?;
    audit(&text, catalog).map_err(|error| AuditError::Parse {
        path: path.to_owned(),
        error,
    })
}

/// Audits the text of a Dockerfile against a catalog.
pub fn audit<'c>(text: &str, catalog: &'c Catalog) -> Result<Audit<'c>, ParseError> {
    let stages = dockerfile::stages(text)?;
    let mut findings = Vec::new();
    for stage in &stages {
        tag_findings(stage, &mut findings);
    }
    let Some(final_stage) = stages.len().checked_sub(1) else {
        return Err(ParseError {
            line: 1,
            message: "no FROM instruction; a Dockerfile needs at least one".to_owned(),
        });
    };
    let chain = chain(&stages, final_stage);
    let Some(&root) = chain.last() else {
        return Err(ParseError {
            line: 1,
            message: "no final stage".to_owned(),
        });
    };
    let (final_reference, final_image) = match &root.base {
        Base::Image(r) => (Some(r.normalised()), matcher::find(catalog, r)),
        Base::Scratch => {
            let scratch = ImageRef::parse("scratch").ok();
            (
                Some("scratch".to_owned()),
                scratch.and_then(|r| matcher::find(catalog, &r)),
            )
        }
        Base::Stage { .. } | Base::Unresolved => (None, None),
    };
    user_findings(&chain, root, final_image.as_ref(), &mut findings);
    match (&final_image, &final_reference) {
        (Some(m), _) => support_findings(m, root.line, catalog.review_date, &mut findings),
        (None, Some(reference)) => findings.push(Finding::new(
            FindingKind::NotInCatalog,
            Severity::Info,
            Some(root.line),
            format!(
                "{reference} is not in the catalog ({} images, reviewed {}): no figures, support dates or alternatives for it",
                catalog.images.len(),
                catalog.review_date
            ),
        )),
        (None, None) => {}
    }
    let alternatives = final_image
        .as_ref()
        .map(|m| alternatives::alternatives(catalog, m))
        .unwrap_or_default();
    findings.sort_by_key(|f| (f.severity != Severity::Warning, f.line));
    let flagged = findings.iter().any(|f| f.severity == Severity::Warning);
    Ok(Audit {
        stages,
        final_stage,
        final_reference,
        final_image,
        findings,
        alternatives,
        review_date: catalog.review_date,
        flagged,
    })
}

/// The final stage and the stages it builds on, final first.
fn chain(stages: &[Stage], from: usize) -> Vec<&Stage> {
    let mut out = Vec::new();
    let mut index = from;
    while let Some(stage) = stages.get(index) {
        out.push(stage);
        match stage.base {
            Base::Stage { index: earlier } if earlier < index => index = earlier,
            _ => break,
        }
    }
    out
}

fn tag_findings(stage: &Stage, findings: &mut Vec<Finding>) {
    let line = Some(stage.line);
    if !stage.unresolved.is_empty() {
        findings.push(Finding::new(
            FindingKind::UnresolvedArg,
            Severity::Info,
            line,
            format!(
                "FROM {} uses build argument{} without a default ({}): the image is only known at build time",
                stage.from,
                if stage.unresolved.len() == 1 { "" } else { "s" },
                stage.unresolved.join(", ")
            ),
        ));
        return;
    }
    let Base::Image(r) = &stage.base else { return };
    if r.digest.is_some() {
        return;
    }
    let shown = r.normalised();
    match r.tag.as_deref() {
        Some("latest") => findings.push(Finding::new(
            FindingKind::LatestTag,
            Severity::Warning,
            line,
            format!("{shown} follows `latest`, which moves under you; name a version tag, or pin a digest"),
        )),
        None => findings.push(Finding::new(
            FindingKind::Untagged,
            Severity::Warning,
            line,
            format!("{shown} has no tag, so it means `latest`; name a version tag, or pin a digest"),
        )),
        Some(_) => {}
    }
}

fn user_findings(
    chain: &[&Stage],
    root: &Stage,
    image: Option<&CatalogMatch>,
    findings: &mut Vec<Finding>,
) {
    let Some(last) = chain.first() else { return };
    let user = chain.iter().find_map(|s| s.user.as_ref().map(|u| (s, u)));
    if let Some((stage, user)) = user {
        let inherited = if stage.index == last.index {
            String::new()
        } else {
            format!(
                " (set in stage {})",
                stage.name.as_deref().unwrap_or("before it")
            )
        };
        if user.is_root() {
            findings.push(Finding::new(
                FindingKind::RootUser,
                Severity::Warning,
                Some(user.line),
                format!("the final stage runs as root: USER {}{inherited}; switch to an unprivileged user such as 10001", user.raw),
            ));
        } else if user.resolved.is_none() {
            findings.push(Finding::new(
                FindingKind::UnresolvedArg,
                Severity::Info,
                Some(user.line),
                format!("USER {} depends on a variable without a value; make sure it is not root at build time", user.raw),
            ));
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
        Some("root") => {
            findings.push(Finding::new(
                FindingKind::MissingUser,
                Severity::Warning,
                line,
                "the final stage sets no USER".to_owned(),
            ));
            findings.push(Finding::new(
                FindingKind::RootUser,
                Severity::Warning,
                line,
                format!("the final stage runs as root, the default user of {image_name}; add USER with an unprivileged UID such as 10001"),
            ));
        }
        Some(user) => findings.push(Finding::new(
            FindingKind::MissingUser,
            Severity::Info,
            line,
            format!("the final stage sets no USER and relies on {image_name} running as {user}; saying USER explicitly keeps it so if the base changes"),
        )),
        None => findings.push(Finding::new(
            FindingKind::MissingUser,
            Severity::Warning,
            line,
            format!("the final stage sets no USER, so it runs as the default user of {image_name}, which is root for most images"),
        )),
    }
}

fn support_findings(m: &CatalogMatch, line: usize, review: Date, findings: &mut Vec<Finding>) {
    let Some(end) = m.supported_until else { return };
    let days = review.days_until(end);
    let what = match &m.version {
        Some(v) if m.how != MatchKind::Exact => format!("version {v} of {}", m.image.reference),
        _ => m.image.reference.to_string(),
    };
    let successor = m
        .successor
        .as_ref()
        .map_or_else(String::new, |s| format!("; move to {s}"));
    if days < 0 {
        findings.push(Finding::new(
            FindingKind::Unsupported,
            Severity::Warning,
            Some(line),
            format!("{what} is out of support since {end} (judged on the catalog's review date, {review}){successor}"),
        ));
    } else if days <= END_OF_SUPPORT_NOTICE_DAYS {
        findings.push(Finding::new(
            FindingKind::NearEndOfSupport,
            Severity::Info,
            Some(line),
            format!("{what} reaches its end of support on {end}, {days} days after the catalog's review{successor}"),
        ));
    }
}

#[cfg(test)]
mod tests;
