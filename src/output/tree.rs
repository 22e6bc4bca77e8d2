//! The decision tree as indented text, JSON, a Mermaid flowchart or a Graphviz digraph.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::knowledge::{Knowledge, ParamKey, Question, QuestionIdx, Target, Tree};

use super::{TreeFormat, write_json};

pub fn write(out: &mut impl Write, knowledge: &Knowledge, format: TreeFormat) -> io::Result<()> {
    match format {
        TreeFormat::Json => write_json(out, &TreeJson::new(knowledge)),
        TreeFormat::Text => write_text(out, knowledge),
        TreeFormat::Mermaid => write_mermaid(out, knowledge),
        TreeFormat::Dot => write_dot(out, knowledge),
    }
}

/// Indentation stops growing at this depth (in steps of two spaces), so a chain of thousands of
/// questions prints in time and memory linear in its length; deeper questions name their level.
const MAX_INDENT: usize = 40;

/// Depth-first from the start, each question's subtree once (later visits say "as above"); iterative,
/// so a deep tree cannot overflow the stack.
fn write_text(out: &mut impl Write, knowledge: &Knowledge) -> io::Result<()> {
    enum Item {
        Question(QuestionIdx, usize),
        Line(String),
    }
    let tree = &knowledge.tree;
    let mut seen = vec![false; tree.questions.len()];
    let mut stack = vec![Item::Question(tree.start, 0)];
    while let Some(item) = stack.pop() {
        let (idx, depth) = match item {
            Item::Line(line) => {
                writeln!(out, "{line}")?;
                continue;
            }
            Item::Question(idx, depth) => (idx, depth),
        };
        let q = tree.question(idx);
        let pad = "  ".repeat(depth.min(MAX_INDENT));
        let default = q
            .default_choice()
            .map(|d| format!(", default {}", d.id))
            .unwrap_or_default();
        let level = if depth > MAX_INDENT {
            format!(" (level {})", depth / 2 + 1)
        } else {
            String::new()
        };
        writeln!(
            out,
            "{pad}? {} [{}{default}] {}{level}",
            q.key, q.id, q.prompt
        )?;
        if std::mem::replace(&mut seen[idx.index()], true) {
            writeln!(out, "{pad}  (as above)")?;
            continue;
        }
        let mut items = Vec::new();
        for c in &q.choices {
            match c.target {
                Target::Question(next) => {
                    items.push(Item::Line(format!("{pad}  {}={}", q.key, c.id)));
                    items.push(Item::Question(next, depth + 2));
                }
                Target::Leaf(l) => {
                    let leaf = tree.leaf(l);
                    let image = &knowledge.image(leaf.image).reference;
                    items.push(Item::Line(format!(
                        "{pad}  {}={} → {}: {image}",
                        q.key, c.id, leaf.id
                    )));
                }
            }
        }
        stack.extend(items.into_iter().rev());
    }
    Ok(())
}

/// Every edge of the tree: the question it leaves, the choice's label, and where it leads.
fn edges(tree: &Tree) -> impl Iterator<Item = (&Question, &str, Target)> {
    tree.questions.iter().flat_map(|q| {
        q.choices
            .iter()
            .map(move |c| (q, c.label.as_str(), c.target))
    })
}

/// Mermaid node ids must be plain words: prefix them by kind and replace anything else (validation
/// keeps two ids of one kind from becoming the same node).
fn node_id(kind: &str, id: &str) -> String {
    format!("{kind}_{}", crate::knowledge::diagram_name(id))
}

/// Text inside a Mermaid `"..."` label: quotes become `#quot;`.
fn mermaid_label(text: &str) -> String {
    text.replace('"', "#quot;")
}

fn target_node(tree: &Tree, target: Target, mermaid: bool) -> String {
    match (target, mermaid) {
        (Target::Question(n), true) => node_id("q", &tree.question(n).id),
        (Target::Leaf(l), true) => node_id("leaf", &tree.leaf(l).id),
        (Target::Question(n), false) => format!("q:{}", dot_label(&tree.question(n).id)),
        (Target::Leaf(l), false) => format!("leaf:{}", dot_label(&tree.leaf(l).id)),
    }
}

fn write_mermaid(out: &mut impl Write, knowledge: &Knowledge) -> io::Result<()> {
    let tree: &Tree = &knowledge.tree;
    writeln!(out, "flowchart TD")?;
    for q in &tree.questions {
        writeln!(
            out,
            "    {}{{\"{}\"}}",
            node_id("q", &q.id),
            mermaid_label(&q.prompt)
        )?;
    }
    for l in &tree.leaves {
        let image = knowledge.image(l.image).reference.to_string();
        writeln!(
            out,
            "    {}[\"{}<br/><code>{}</code>\"]",
            node_id("leaf", &l.id),
            mermaid_label(&l.title),
            mermaid_label(&image)
        )?;
    }
    for (from, label, target) in edges(tree) {
        writeln!(
            out,
            "    {} -->|\"{}\"| {}",
            node_id("q", &from.id),
            mermaid_label(label),
            target_node(tree, target, true)
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
            dot_label(&q.id),
            dot_label(&q.prompt)
        )?;
    }
    for l in &tree.leaves {
        let image = knowledge.image(l.image).reference.to_string();
        writeln!(
            out,
            "    \"leaf:{}\" [shape=box, style=rounded, label=\"{}\\n{}\"];",
            dot_label(&l.id),
            dot_label(&l.title),
            dot_label(&image)
        )?;
    }
    for (from, label, target) in edges(tree) {
        writeln!(
            out,
            "    \"q:{}\" -> \"{}\" [label=\"{}\"];",
            dot_label(&from.id),
            target_node(tree, target, false),
            dot_label(label)
        )?;
    }
    writeln!(out, "}}")
}

/// The tree in the shape of `decision_tree.toml`, ids in place of indices.
#[derive(Debug, Serialize)]
struct TreeJson<'a> {
    start: &'a str,
    question: Vec<QuestionJson<'a>>,
    leaf: Vec<LeafJson<'a>>,
    params: BTreeMap<&'a str, BTreeMap<&'static str, &'a str>>,
}

#[derive(Debug, Serialize)]
struct QuestionJson<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    asks: Option<&'a str>,
    prompt: &'a str,
    help: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'a str>,
    choice: Vec<ChoiceJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ChoiceJson<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    because: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    leaf: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct LeafJson<'a> {
    id: &'a str,
    title: &'a str,
    runtime: &'a str,
    image: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    builder: Option<&'a str>,
    alternatives: Vec<&'a str>,
    template: &'a str,
    why: &'a str,
}

impl<'a> TreeJson<'a> {
    fn new(knowledge: &'a Knowledge) -> Self {
        let tree = &knowledge.tree;
        let image_id = |i| knowledge.image(i).id.as_str();
        TreeJson {
            start: &tree.start_question().id,
            question: tree
                .questions
                .iter()
                .map(|q| QuestionJson {
                    id: &q.id,
                    asks: (q.key != q.id).then_some(q.key.as_str()),
                    prompt: &q.prompt,
                    help: &q.help,
                    default: q.default_choice().map(|c| c.id.as_str()),
                    choice: q
                        .choices
                        .iter()
                        .map(|c| ChoiceJson {
                            id: &c.id,
                            label: &c.label,
                            because: c.because.as_deref(),
                            next: match c.target {
                                Target::Question(n) => Some(tree.question(n).id.as_str()),
                                Target::Leaf(_) => None,
                            },
                            leaf: match c.target {
                                Target::Leaf(l) => Some(tree.leaf(l).id.as_str()),
                                Target::Question(_) => None,
                            },
                        })
                        .collect(),
                })
                .collect(),
            leaf: tree
                .leaves
                .iter()
                .map(|l| LeafJson {
                    id: &l.id,
                    title: &l.title,
                    runtime: &l.runtime,
                    image: image_id(l.image),
                    builder: l.builder.map(image_id),
                    alternatives: l.alternatives.iter().map(|&a| image_id(a)).collect(),
                    template: &l.template,
                    why: &l.why,
                })
                .collect(),
            params: tree
                .params
                .iter()
                .map(|(runtime, values)| {
                    let values = values
                        .iter()
                        .map(|(k, v): (&ParamKey, &String)| (k.as_str(), v.as_str()))
                        .collect();
                    (runtime.as_str(), values)
                })
                .collect(),
        }
    }
}
