//! The decision tree as indented text, JSON, a Mermaid flowchart or a Graphviz digraph.

use std::collections::HashSet;
use std::io::{self, Write};

use crate::cli::TreeFormat;
use crate::knowledge::{Knowledge, Target, Tree};

use super::write_json;

pub fn write(out: &mut impl Write, knowledge: &Knowledge, format: TreeFormat) -> io::Result<()> {
    let tree = &knowledge.tree;
    match format {
        TreeFormat::Json => write_json(out, tree),
        TreeFormat::Text => {
            let mut seen = HashSet::new();
            write_text(out, knowledge, tree.start(), 0, &mut seen)
        }
        TreeFormat::Mermaid => write_mermaid(out, knowledge),
        TreeFormat::Dot => write_dot(out, knowledge),
    }
}

fn write_text(
    out: &mut impl Write,
    knowledge: &Knowledge,
    qid: &str,
    depth: usize,
    seen: &mut HashSet<String>,
) -> io::Result<()> {
    let Some(q) = knowledge.tree.question(qid) else {
        return Ok(());
    };
    let pad = "  ".repeat(depth);
    let default = q
        .default
        .as_ref()
        .map(|d| format!(", default {d}"))
        .unwrap_or_default();
    writeln!(out, "{pad}? {} [{}{default}] {}", q.key(), q.id(), q.prompt)?;
    if !seen.insert(qid.to_owned()) {
        return writeln!(out, "{pad}  (as above)");
    }
    for c in &q.choices {
        match c.target() {
            Some(Target::Question(next)) => {
                writeln!(out, "{pad}  {}={}", q.key(), c.id())?;
                write_text(out, knowledge, next, depth + 2, seen)?;
            }
            Some(Target::Leaf(leaf)) => {
                let image = knowledge
                    .tree
                    .leaf(leaf)
                    .and_then(|l| knowledge.image(l.image()))
                    .map(|i| i.reference().to_owned())
                    .unwrap_or_default();
                writeln!(out, "{pad}  {}={} → {leaf}: {image}", q.key(), c.id())?;
            }
            None => {}
        }
    }
    Ok(())
}

/// Every edge of the tree: the question it leaves, the choice's label, and where it leads.
fn edges(tree: &Tree) -> impl Iterator<Item = (&str, &str, Target<'_>)> {
    tree.questions.iter().flat_map(|q| {
        q.choices
            .iter()
            .filter_map(move |c| c.target().map(|t| (q.id(), c.label.as_str(), t)))
    })
}

/// Mermaid node ids must be plain words: prefix them by kind and replace anything else.
fn node_id(kind: &str, id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{kind}_{clean}")
}

/// Text inside a Mermaid `"..."` label: quotes become `#quot;`.
fn mermaid_label(text: &str) -> String {
    text.replace('"', "#quot;")
}

fn write_mermaid(out: &mut impl Write, knowledge: &Knowledge) -> io::Result<()> {
    let tree: &Tree = &knowledge.tree;
    writeln!(out, "flowchart TD")?;
    for q in &tree.questions {
        writeln!(
            out,
            "    {}{{\"{}\"}}",
            node_id("q", q.id()),
            mermaid_label(&q.prompt)
        )?;
    }
    for l in &tree.leaves {
        let image = knowledge.image(l.image()).map_or("", |i| i.reference());
        writeln!(
            out,
            "    {}[\"{}<br/><code>{}</code>\"]",
            node_id("leaf", l.id()),
            mermaid_label(&l.title),
            mermaid_label(image)
        )?;
    }
    for (from, label, target) in edges(tree) {
        let to = match target {
            Target::Question(n) => node_id("q", n),
            Target::Leaf(l) => node_id("leaf", l),
        };
        writeln!(
            out,
            "    {} -->|\"{}\"| {to}",
            node_id("q", from),
            mermaid_label(label)
        )?;
    }
    Ok(())
}

fn dot_label(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn write_dot(out: &mut impl Write, knowledge: &Knowledge) -> io::Result<()> {
    let tree = &knowledge.tree;
    writeln!(
        out,
        "digraph basepick {{\n    rankdir=LR;\n    node [fontname=\"Helvetica\"];"
    )?;
    for q in &tree.questions {
        writeln!(
            out,
            "    \"q:{}\" [shape=diamond, label=\"{}\"];",
            q.id(),
            dot_label(&q.prompt)
        )?;
    }
    for l in &tree.leaves {
        let image = knowledge.image(l.image()).map_or("", |i| i.reference());
        writeln!(
            out,
            "    \"leaf:{}\" [shape=box, style=rounded, label=\"{}\\n{}\"];",
            l.id(),
            dot_label(&l.title),
            dot_label(image)
        )?;
    }
    for (from, label, target) in edges(tree) {
        let to = match target {
            Target::Question(n) => format!("q:{n}"),
            Target::Leaf(l) => format!("leaf:{l}"),
        };
        writeln!(
            out,
            "    \"q:{from}\" -> \"{to}\" [label=\"{}\"];",
            dot_label(label)
        )?;
    }
    writeln!(out, "}}")
}
