//! Plain-text report of an audit.

use std::fmt::Write;

use serde::Serialize;

use crate::audit::{AlternativeAdvice, Audit, Base, CatalogMatch, Finding, Severity, Stage};
use crate::knowledge::{Date, ImageView};
use crate::present::{count, describe, size, vulns};

use super::json::DeltasJson;

/// The deltas in words, and the user the alternative runs as when that drops root.
fn summary(alt: &AlternativeAdvice<'_>) -> Vec<String> {
    let mut out = describe(&alt.deltas);
    if alt.drops_root {
        out.push(format!("runs as {} by default", alt.image.user));
    }
    out
}

/// `basepick audit --format json`.
#[derive(Debug, Serialize)]
pub struct AuditJson<'a> {
    stages: &'a [Stage],
    final_stage: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_reference: Option<&'a str>,
    final_image: Option<&'a CatalogMatch<'a>>,
    findings: &'a [Finding],
    alternatives: Vec<AlternativeJson<'a>>,
    review_date: Date,
    flagged: bool,
}

#[derive(Debug, Serialize)]
struct AlternativeJson<'a> {
    reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_on: Option<&'a str>,
    deltas: DeltasJson,
    summary: Vec<String>,
    cautions: &'a [String],
    image: &'a ImageView<'a>,
}

impl<'a> AuditJson<'a> {
    pub fn new(audit: &'a Audit<'a>) -> Self {
        AuditJson {
            stages: &audit.stages,
            final_stage: audit.final_stage,
            final_reference: audit.final_reference.as_deref(),
            final_image: audit.final_image.as_ref(),
            findings: &audit.findings,
            alternatives: audit
                .alternatives
                .iter()
                .map(|alt| AlternativeJson {
                    reference: &alt.reference,
                    measured_on: alt.measured_on.as_deref(),
                    deltas: (&alt.deltas).into(),
                    summary: summary(alt),
                    cautions: &alt.cautions,
                    image: &alt.view,
                })
                .collect(),
            review_date: audit.review_date,
            flagged: audit.flagged,
        }
    }
}

/// Renders an audit for a terminal: stages, the final image and its figures, findings, alternatives.
pub fn render_text(audit: &Audit) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Stages:");
    for stage in &audit.stages {
        let name = stage
            .name
            .as_deref()
            .map_or_else(String::new, |n| format!(" AS {n}"));
        let on = match &stage.base {
            Base::Stage { index } => format!(" (builds on stage {index})"),
            Base::Unresolved => " (image known only at build time)".to_owned(),
            _ => String::new(),
        };
        let last = if stage.index == audit.final_stage {
            "  <- final"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {}. line {}: FROM {}{name}{on}{last}",
            stage.index, stage.line, stage.image
        );
    }
    out.push('\n');
    match (&audit.final_image, &audit.final_reference) {
        (Some(m), Some(reference)) => {
            let img = &m.image;
            let _ = writeln!(out, "Final image: {reference}");
            let _ = writeln!(
                out,
                "  catalog:   {} ({}, {}), matched {}: {}",
                img.id,
                img.name,
                img.family,
                kind(m.how),
                m.note
            );
            let _ = writeln!(
                out,
                "  figures:   {}, {} packages, {} vulnerabilities, shell {}, libc {}, user {}",
                size(&img.compressed),
                count(&img.packages),
                vulns(img),
                img.shell,
                img.libc,
                m.default_user.as_deref().unwrap_or("unknown")
            );
            let support = match m.supported_until {
                Some(end) if end < audit.review_date => format!("ended {end}"),
                Some(end) => format!("until {end}"),
                None => "no published end in the catalog".to_owned(),
            };
            let _ = writeln!(
                out,
                "  support:   {support} (catalog reviewed {})",
                audit.review_date
            );
        }
        (None, Some(reference)) => {
            let _ = writeln!(out, "Final image: {reference} (not in the catalog)");
        }
        _ => {
            let _ = writeln!(out, "Final image: known only at build time");
        }
    }
    if !audit.alternatives.is_empty() {
        out.push_str("\nBetter bases:\n");
        for (i, alt) in audit.alternatives.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} ({}, {})",
                i + 1,
                alt.reference,
                alt.image.name,
                alt.image.family
            );
            let _ = writeln!(out, "     {}", summary(alt).join(", "));
            if let Some(measured) = &alt.measured_on {
                let _ = writeln!(out, "     figures measured on {measured}");
            }
            for caution in &alt.cautions {
                let _ = writeln!(out, "     caution: {caution}");
            }
        }
    }
    out.push_str("\nFindings:\n");
    if audit.findings.is_empty() {
        out.push_str("  none\n");
    }
    for f in &audit.findings {
        let level = match f.severity {
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let line = f.line.map_or_else(String::new, |l| format!("line {l}: "));
        let _ = writeln!(out, "  {level}[{}] {line}{}", f.kind.as_str(), f.message);
    }
    let flagged = audit
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    let _ = writeln!(
        out,
        "\n{}",
        if flagged == 0 {
            "Nothing flagged.".to_owned()
        } else {
            format!(
                "{flagged} problem{} flagged.",
                if flagged == 1 { "" } else { "s" }
            )
        }
    );
    out
}

fn kind(how: crate::audit::MatchKind) -> &'static str {
    use crate::audit::MatchKind::{
        Exact, NearestVersion, RuntimeFamily, TagVariant, VersionPattern,
    };
    match how {
        Exact => "exactly",
        TagVariant => "by tag variant",
        VersionPattern => "by version pattern",
        NearestVersion => "by nearest version",
        RuntimeFamily => "by runtime and family",
    }
}
