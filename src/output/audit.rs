//! Plain-text and JSON reports of an audit.

use std::fmt::Write;

use serde::Serialize;

use crate::audit::support::Part;
use crate::audit::{AlternativeAdvice, Audit, Base, CatalogMatch, Finding, Judgement, Stage};
use crate::knowledge::{Date, ImageView, Support};
use crate::present::{count, describe, escape, size, vulns};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    support: Option<&'a Judgement>,
    findings: &'a [Finding],
    alternatives: Vec<AlternativeJson<'a>>,
    judged_on: Date,
    review_date: Date,
    flagged: bool,
}

#[derive(Debug, Serialize)]
struct AlternativeJson<'a> {
    reference: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_on: Option<&'a str>,
    successor: bool,
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
            support: audit.support.as_ref(),
            findings: &audit.findings,
            alternatives: audit
                .alternatives
                .iter()
                .map(|alt| AlternativeJson {
                    reference: &alt.reference,
                    label: &alt.label,
                    measured_on: alt.measured_on.as_deref(),
                    successor: alt.successor,
                    deltas: (&alt.deltas).into(),
                    summary: summary(alt),
                    cautions: &alt.cautions,
                    image: &alt.view,
                })
                .collect(),
            judged_on: audit.judged_on,
            review_date: audit.review_date,
            flagged: audit.flagged,
        }
    }
}

/// Support in a few words: `until 2028-08-09`, `ended 2025-10-31`, `unknown`.
pub fn support_words(support: &Support) -> String {
    match support {
        Support::Supported { until: Some(end) } => format!("supported until {end}"),
        Support::Supported { until: None } => "supported, end not yet dated".to_owned(),
        Support::EndsSoon { until, days } => format!("ends {until} (in {days} days)"),
        Support::Ended {
            since,
            exact,
            extended_until,
            successor,
        } => {
            let mut s = if *exact {
                format!("ended {since}")
            } else {
                format!("ended by {since} at the latest")
            };
            if let Some(until) = extended_until {
                let _ = write!(s, ", extended support only until {until}");
            }
            if let Some(next) = successor {
                let _ = write!(s, "; next line {next}");
            }
            s
        }
        Support::Unknown => "unknown".to_owned(),
    }
}

fn part_line(part: &Part) -> String {
    let mut line = format!("{}: {}", part.what, support_words(&part.support));
    match (&part.basis, part.estimate) {
        (_, true) => line.push_str(" (estimated date; see the table's basis)"),
        (Some(basis), false) => {
            let _ = write!(line, " ({basis})");
        }
        (None, false) => {}
    }
    line
}

/// Renders an audit for a terminal: stages, the final image with its figures and support, better
/// bases and findings. Text from the Dockerfile is escaped.
pub fn render_text(audit: &Audit) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Stages:");
    for stage in &audit.stages {
        let name = stage
            .name
            .as_deref()
            .map_or_else(String::new, |n| format!(" AS {}", escape(n)));
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
            stage.index,
            stage.line,
            escape(&stage.image)
        );
    }
    out.push('\n');
    match (&audit.final_image, &audit.final_reference) {
        (Some(m), Some(reference)) => {
            let img = &m.image;
            let _ = writeln!(out, "Final image: {}", escape(reference));
            let _ = writeln!(
                out,
                "  catalog:   {} ({}, {}), matched {}: {}",
                img.id,
                img.name,
                img.family,
                kind(m.how),
                escape(&m.note)
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
        }
        (None, Some(reference)) => {
            let _ = writeln!(
                out,
                "Final image: {} (not in the catalog)",
                escape(reference)
            );
        }
        _ => {
            let _ = writeln!(out, "Final image: known only at build time");
        }
    }
    if let Some(j) = &audit.support {
        let by = match j.deciding() {
            Some(p) if j.parts.len() > 1 => format!(" by {}", escape(&p.what)),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  support:   {}{by}; judged on {} (--today) by the lifecycle table, not on the catalog's review date ({})",
            support_words(&j.support),
            audit.judged_on,
            audit.review_date
        );
        for part in &j.parts {
            let _ = writeln!(out, "             {}", escape(&part_line(part)));
        }
    }
    if !audit.alternatives.is_empty() {
        out.push_str("\nBetter bases:\n");
        for (i, alt) in audit.alternatives.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {} ({}, {}){}",
                i + 1,
                alt.reference,
                alt.label,
                alt.image.family,
                if alt.successor { ", the successor" } else { "" }
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
        let line = f.line.map_or_else(String::new, |l| format!("line {l}: "));
        let _ = writeln!(
            out,
            "  {}[{}] {line}{}",
            f.severity.as_str(),
            f.kind.as_str(),
            escape(&f.message)
        );
    }
    let count =
        |s: crate::audit::Severity| audit.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings) = (
        count(crate::audit::Severity::Error),
        count(crate::audit::Severity::Warning),
    );
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "\n{}",
        if errors + warnings == 0 {
            "Nothing flagged.".to_owned()
        } else {
            format!(
                "{}, {} flagged.",
                plural(errors, "error"),
                plural(warnings, "warning")
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
