//! The recommendation (`basepick recommend`) as text or Markdown; JSON is the `Outcome` itself.

use std::io::{self, Write};

use crate::advisor::Outcome;
use crate::knowledge::Image;

use super::{Table, format_size};

/// The figures of an image as label/value pairs, in the order cards show them.
pub fn card(image: &Image) -> Vec<(&'static str, String)> {
    vec![
        ("Image", image.reference().to_owned()),
        ("Size", format_size(image.size_mb)),
        ("Packages", format!("~{}", image.packages)),
        ("Vulnerabilities", format!("{} typical", image.vulns)),
        ("Shell", image.shell.to_string()),
        ("libc", image.libc.to_string()),
        ("Package manager", image.package_manager.to_string()),
        (
            "Default user",
            format!("{} (uid {})", image.user, image.uid),
        ),
        (
            "Support ends",
            image
                .supported_until
                .map_or_else(|| "not published".to_owned(), |d| d.to_string()),
        ),
    ]
}

pub fn write_text(out: &mut impl Write, outcome: &Outcome<'_>) -> io::Result<()> {
    writeln!(
        out,
        "Recommended: {}  ({})",
        outcome.image.reference(),
        outcome.title
    )?;
    writeln!(out)?;
    for (label, value) in card(outcome.image) {
        writeln!(out, "  {label:<16} {value}")?;
    }
    if let Some(b) = outcome.builder {
        writeln!(out, "  {:<16} {}", "Build stage", b.reference())?;
    }
    writeln!(out, "\nWhy: {}", outcome.why)?;
    writeln!(out, "\nYour answers:")?;
    for step in &outcome.trail {
        let default = match (step.defaulted, step.detected) {
            (true, _) => " (default)",
            (_, true) => " (detected)",
            _ => "",
        };
        writeln!(
            out,
            "  {} = {}{default}  — {}",
            step.question, step.answer, step.label
        )?;
        if let Some(because) = &step.because {
            writeln!(out, "      {because}")?;
        }
    }
    if !outcome.unused.is_empty() {
        let unused: Vec<String> = outcome
            .unused
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        writeln!(out, "\nNot asked on this path: {}", unused.join(", "))?;
    }
    if !outcome.alternatives.is_empty() {
        writeln!(out, "\nAlternatives:")?;
        let mut t = Table::new(&["Image", "Compared with the recommendation"]);
        for alt in &outcome.alternatives {
            t.push(vec![
                alt.image.reference().to_owned(),
                alt.summary.join(", "),
            ]);
        }
        let mut buf = Vec::new();
        t.write_text(&mut buf)?;
        for line in String::from_utf8_lossy(&buf).lines() {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(
        out,
        "\nDockerfile: basepick dockerfile {} (or add --write DIR here)",
        outcome.leaf
    )
}

pub fn write_markdown(out: &mut impl Write, outcome: &Outcome<'_>) -> io::Result<()> {
    writeln!(out, "# {}\n", outcome.title)?;
    writeln!(
        out,
        "**Recommended base image:** `{}`\n",
        outcome.image.reference()
    )?;
    let mut t = Table::new(&["", ""]);
    for (label, value) in card(outcome.image) {
        t.push(vec![label.to_owned(), value]);
    }
    t.write_markdown(out)?;
    writeln!(out, "\n{}\n\n## Answers\n", outcome.why)?;
    for step in &outcome.trail {
        let because = step
            .because
            .as_deref()
            .map(|b| format!(" — {b}"))
            .unwrap_or_default();
        writeln!(out, "- **{}**: {}{because}", step.prompt, step.label)?;
    }
    if !outcome.alternatives.is_empty() {
        writeln!(out, "\n## Alternatives\n")?;
        let mut t = Table::new(&["Image", "Compared with the recommendation"]);
        for alt in &outcome.alternatives {
            t.push(vec![
                format!("`{}`", alt.image.reference()),
                alt.summary.join(", "),
            ]);
        }
        t.write_markdown(out)?;
    }
    Ok(())
}
