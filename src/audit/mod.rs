//! Dockerfile audit: read every `FROM`, find the final stage's image in the catalog, judge its support
//! (and that of the build stages feeding it) by the lifecycle table on a given day, suggest better
//! images with their deltas, and flag risky patterns (root user, missing `USER`, moving tags,
//! unresolved build arguments) — before anything is built.
//!
//! Findings have a severity: a final image out of support is an error; a build stage out of support,
//! root, moving tags and "extended support only" are warnings; what the audit cannot judge is informational. [`Audit::exit_code`]
//! fails on warnings by default, or on the level `--fail-on` names.

pub mod alternatives;
pub mod breaks;
mod checks;
pub mod dockerfile;
mod feeds;
pub mod findings;
mod lexer;
pub mod matcher;
pub mod migrate;
pub mod reference;
pub mod same;
mod substitute;
pub use crate::knowledge::support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use alternatives::{AlternativeAdvice, MAX_ALTERNATIVES};
pub use dockerfile::{Base, Parsed, Stage, User};
pub use findings::{Finding, FindingKind, Severity};
pub use lexer::{Instruction, ParseError, instructions};
pub use matcher::{CatalogMatch, MatchKind};
pub use reference::ImageRef;
pub use support::Judgement;
pub use support::catalog_check;

use crate::knowledge::files::{self, ReadError};
use crate::knowledge::{Catalog, Date, Lifecycles};

/// Largest Dockerfile read.
pub const MAX_DOCKERFILE_BYTES: u64 = 1024 * 1024;

/// What an audit judges against: the catalog, the lifecycle table, and the day support is judged on.
#[derive(Debug)]
pub struct Context<'c> {
    pub catalog: &'c Catalog,
    pub lifecycles: &'c Lifecycles,
    pub day: Date,
    /// What matching reads from each catalog reference, read once rather than for every `FROM`
    /// and every alternative weighed.
    entries: Vec<matcher::Entry<'c>>,
}

impl<'c> Context<'c> {
    pub fn new(catalog: &'c Catalog, lifecycles: &'c Lifecycles, day: Date) -> Self {
        Context {
            catalog,
            lifecycles,
            day,
            entries: matcher::entries(catalog),
        }
    }

    /// The catalog entry for a reference (see [`matcher::find`]).
    pub fn find(&self, reference: &ImageRef) -> Option<CatalogMatch<'c>> {
        matcher::find(self.catalog, &self.entries, reference)
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
    /// Support of the final image on `judged_on`, by the lifecycle table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<Judgement>,
    pub findings: Vec<Finding>,
    pub alternatives: Vec<AlternativeAdvice<'c>>,
    /// The day support is judged on (`--today`, else the clock).
    pub judged_on: Date,
    /// The day the catalog's figures were last checked.
    pub review_date: Date,
    /// Whether any finding fails the audit at the default level (warning).
    pub flagged: bool,
    /// Instructions of each stage, for `--fix`.
    #[serde(skip)]
    pub parsed: Parsed,
}

impl Audit<'_> {
    /// 0 when nothing fails at `threshold`, 1 when something does.
    pub fn exit_code(&self, threshold: Severity) -> u8 {
        u8::from(self.findings.iter().any(|f| f.severity.fails(threshold)))
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

/// Reads a Dockerfile within [`MAX_DOCKERFILE_BYTES`]: only a regular file, only UTF-8 text.
pub fn read_dockerfile(path: &Path) -> Result<String, AuditError> {
    let not_text = |reason: String| AuditError::NotText {
        path: path.to_owned(),
        reason,
    };
    let text = files::read_text(path, MAX_DOCKERFILE_BYTES).map_err(|e| match e {
        ReadError::Io(source) => AuditError::Read {
            path: path.to_owned(),
            source,
        },
        ReadError::TooLarge { .. } => not_text(format!(
            "it is larger than {} KiB",
            MAX_DOCKERFILE_BYTES / 1024
        )),
        other => not_text(other.to_string()),
    })?;
    if let Some(line) = text.lines().position(|l| l.contains('\0')) {
        return Err(not_text(format!(
            "it holds binary data (a NUL byte on line {})",
            line + 1
        )));
    }
    Ok(text)
}

/// Reads and audits a Dockerfile.
pub fn audit_file<'c>(path: &Path, cx: &Context<'c>) -> Result<Audit<'c>, AuditError> {
    let text = read_dockerfile(path)?;
    audit(&text, cx).map_err(|error| AuditError::Parse {
        path: path.to_owned(),
        error,
    })
}

/// Audits the text of a Dockerfile.
pub fn audit<'c>(text: &str, cx: &Context<'c>) -> Result<Audit<'c>, ParseError> {
    let parsed = dockerfile::parse(text)?;
    let stages = &parsed.stages;
    let mut findings = findings::Findings::default();
    for notice in &parsed.notices {
        findings.push(
            notice.kind,
            notice.severity,
            Some(notice.line),
            notice.message.clone(),
        );
    }
    for stage in stages {
        checks::stage(stage, &mut findings);
    }
    let final_stage = stages.len().saturating_sub(1);
    let chain = chain(stages, final_stage);
    let Some(&root) = chain.last() else {
        return Err(ParseError {
            line: 1,
            message: "no final stage".to_owned(),
        });
    };
    let final_ref = match &root.base {
        Base::Image(r) => Some(r.clone()),
        Base::Scratch => ImageRef::parse("scratch").ok(),
        Base::Stage { .. } | Base::Unresolved => None,
    };
    let final_image = final_ref.as_ref().and_then(|r| cx.find(r));
    checks::user(&chain, root, final_image.as_ref(), &mut findings);
    // The catalog entry stands for the image when it is the same reference, or the same tag with the
    // OS left to the default the catalog names.
    let exact = final_image
        .as_ref()
        .filter(|m| matches!(m.how, MatchKind::Exact | MatchKind::TagVariant))
        .map(|m| m.image);
    let support = final_ref
        .as_ref()
        .filter(|_| !matches!(root.base, Base::Scratch))
        .map(|r| support::judge(r, exact, cx.lifecycles, cx.day));
    if let (Some(r), Some(j)) = (&final_ref, &support) {
        checks::support(&r.normalised(), j, root.line, cx.day, &mut findings);
    }
    if let (None, Some(r)) = (&final_image, &final_ref) {
        findings.push(
            FindingKind::NotInCatalog,
            Severity::Info,
            Some(root.line),
            format!(
                "{} is not in the catalog ({} images, reviewed {}): no figures or alternatives for it",
                r.normalised(),
                cx.catalog.images.len(),
                cx.catalog.review_date
            ),
        );
    }
    // Build stages whose files reach the final image, on images of their own (the final chain's
    // root is judged above; the other stages of a chain build on a stage, not an image).
    let feeds = feeds::feeding(&parsed, final_stage);
    // Each image is judged once, however many stages start from it.
    let mut judged: HashMap<String, support::Judgement> = HashMap::new();
    for stage in stages
        .iter()
        .filter(|s| feeds.get(s.index) == Some(&true) && s.index != root.index)
    {
        let Base::Image(r) = &stage.base else {
            continue;
        };
        let reference = r.normalised();
        let j = judged.entry(reference.clone()).or_insert_with(|| {
            let exact = cx
                .find(r)
                .filter(|m| matches!(m.how, MatchKind::Exact | MatchKind::TagVariant))
                .map(|m| m.image);
            support::judge(r, exact, cx.lifecycles, cx.day)
        });
        checks::build_stage_support(stage, &reference, j, cx.day, &mut findings);
    }
    let alternatives = match (&final_image, &final_ref) {
        (Some(m), Some(r)) => alternatives::alternatives(cx, m, r, support.as_ref()),
        _ => Vec::new(),
    };
    let findings = findings.finish();
    let flagged = findings.iter().any(|f| f.severity.fails(Severity::Warning));
    Ok(Audit {
        final_stage,
        final_reference: final_ref.map(|r| r.normalised()),
        final_image,
        support,
        findings,
        alternatives,
        judged_on: cx.day,
        review_date: cx.catalog.review_date,
        flagged,
        stages: parsed.stages.clone(),
        parsed,
    })
}

/// The final stage and the stages it builds on, final first.
pub fn chain(stages: &[Stage], from: usize) -> Vec<&Stage> {
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

#[cfg(test)]
mod tests;
