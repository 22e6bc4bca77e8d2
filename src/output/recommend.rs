//! The recommendation (`basepick recommend`) as text or Markdown; JSON is in `output::json`.

use std::io::{self, Write};

use crate::advisor::Outcome;
use crate::generate::{Decision, Plan, Source};
use crate::present::{Detail, ESTIMATE_NOTE, card, describe, has_estimate};

use super::Table;

pub fn write_text(out: &mut impl Write, outcome: &Outcome<'_>) -> io::Result<()> {
    writeln!(
        out,
        "Recommended: {}  ({})",
        outcome.image.reference, outcome.leaf.title
    )?;
    writeln!(out)?;
    for (label, value) in card(outcome.image, Detail::Full) {
        writeln!(out, "  {label:<16} {value}")?;
    }
    if let Some(b) = outcome.builder {
        writeln!(out, "  {:<16} {}", "Build stage", b.reference)?;
    }
    writeln!(out, "\nWhy: {}", outcome.leaf.why)?;
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
                alt.image.reference.to_string(),
                describe(&alt.deltas).join(", "),
            ]);
        }
        let mut buf = Vec::new();
        t.write_text(&mut buf)?;
        for line in String::from_utf8_lossy(&buf).lines() {
            writeln!(out, "  {line}")?;
        }
        if outcome.alternatives.iter().any(|a| has_estimate(&a.deltas)) {
            writeln!(out, "  {ESTIMATE_NOTE}")?;
        }
    }
    Ok(())
}

/// Where the Dockerfile is to be had: with a plan of this command's own (a project, `--set`
/// values), only `--write` keeps them; otherwise the leaf's file is one command away.
pub fn write_dockerfile_hint(
    out: &mut impl Write,
    outcome: &Outcome<'_>,
    planned: bool,
) -> io::Result<()> {
    if planned {
        writeln!(
            out,
            "\nDockerfile: add --write DIR to write it with the values above"
        )
    } else {
        writeln!(
            out,
            "\nDockerfile: basepick dockerfile {} (or add --write DIR here)",
            outcome.leaf.id
        )
    }
}

pub fn write_markdown(out: &mut impl Write, outcome: &Outcome<'_>) -> io::Result<()> {
    writeln!(out, "# {}\n", outcome.leaf.title)?;
    writeln!(
        out,
        "**Recommended base image:** `{}`\n",
        outcome.image.reference
    )?;
    let mut t = Table::new(&["", ""]);
    for (label, value) in card(outcome.image, Detail::Full) {
        t.push(vec![label.to_owned(), value]);
    }
    t.write_markdown(out)?;
    writeln!(out, "\n{}\n\n## Answers\n", outcome.leaf.why)?;
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
                format!("`{}`", alt.image.reference),
                describe(&alt.deltas).join(", "),
            ]);
        }
        t.write_markdown(out)?;
        if outcome.alternatives.iter().any(|a| has_estimate(&a.deltas)) {
            writeln!(out, "\n{ESTIMATE_NOTE}")?;
        }
    }
    Ok(())
}

/// What the Dockerfile was planned with: each value taken from the project or from `--set`, and the
/// notes the user must act on.
pub fn write_plan_text(out: &mut impl Write, plan: &Plan) -> io::Result<()> {
    let shown: Vec<&Decision> = plan
        .decisions
        .iter()
        .filter(|d| d.source != Source::Default)
        .collect();
    if !shown.is_empty() {
        writeln!(out, "\nDockerfile values:")?;
        for d in shown {
            let from = match &d.source {
                Source::Set => "--set".to_owned(),
                Source::Detected(evidence) => evidence.clone(),
                Source::Default => "default".to_owned(),
            };
            writeln!(out, "  {:<9} {}  ({from})", d.key, d.value)?;
        }
    }
    for note in &plan.notes {
        writeln!(out, "note: {note}")?;
    }
    Ok(())
}
