//! Plain-text report of an audit.

use std::fmt::Write;

use super::{Audit, Base, Severity};

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
                img.id(),
                img.name,
                img.family,
                kind(m.how),
                m.note
            );
            let _ = writeln!(
                out,
                "  figures:   {} MB, ~{} packages, {} known vulnerabilities, shell {}, libc {}, user {}",
                img.size_mb,
                img.packages,
                img.vulns,
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
            let _ = writeln!(out, "     {}", alt.summary.join(", "));
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

fn kind(how: super::MatchKind) -> &'static str {
    use super::MatchKind::{Exact, NearestVersion, RuntimeFamily, TagVariant, VersionPattern};
    match how {
        Exact => "exactly",
        TagVariant => "by tag variant",
        VersionPattern => "by version pattern",
        NearestVersion => "by nearest version",
        RuntimeFamily => "by runtime and family",
    }
}
