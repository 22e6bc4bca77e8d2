//! `decision_tree.toml` as written, with the spans diagnostics point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::chunks::Chunked;
use super::events::{self, Scratch};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeFile {
    pub start: Spanned<String>,
    #[serde(rename = "question", default)]
    pub questions: Vec<QuestionEntry>,
    #[serde(rename = "leaf", default)]
    pub leaves: Vec<LeafEntry>,
    /// Dockerfile parameter defaults: `params.default` for all, `params.<runtime>` on top.
    #[serde(default)]
    pub params: BTreeMap<String, BTreeMap<String, String>>,
}

/// One entry of the tree: a question with its `[[question.choice]]` tables, or a leaf.
pub enum TreeEntry {
    Question(QuestionEntry),
    Leaf(LeafEntry),
}

impl Chunked for TreeFile {
    type Entry = TreeEntry;
    const HEADERS: &'static [&'static str] = &["[[question]]", "[[leaf]]"];

    fn head(text: &str, entries_follow: bool) -> Option<Self> {
        let file: TreeFile = toml::from_str(text).ok()?;
        let holds_entries = !file.questions.is_empty() || !file.leaves.is_empty();
        (!holds_entries || !entries_follow).then_some(file)
    }

    /// An entry holds only the table its header starts and that table's own tables: tables after
    /// it that belong elsewhere in the file (`[params.python]`, a `[[question.choice]]` after a
    /// leaf) make it fail, and the whole file is parsed instead.
    fn entry(
        chunk: &str,
        header: usize,
        offset: usize,
        scratch: &mut Scratch,
    ) -> Option<TreeEntry> {
        if header == 0 {
            events::entry(chunk, "question", offset, scratch).map(TreeEntry::Question)
        } else {
            events::entry(chunk, "leaf", offset, scratch).map(TreeEntry::Leaf)
        }
    }

    fn push(&mut self, entry: TreeEntry) {
        match entry {
            TreeEntry::Question(q) => self.questions.push(q),
            TreeEntry::Leaf(l) => self.leaves.push(l),
        }
    }

    fn reserve(&mut self, header: usize, entries: usize) {
        if header == 0 {
            self.questions.reserve(entries);
        } else {
            self.leaves.reserve(entries);
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionEntry {
    pub id: Spanned<String>,
    #[serde(default)]
    pub asks: Option<Spanned<String>>,
    pub prompt: String,
    pub help: String,
    #[serde(default)]
    pub default: Option<Spanned<String>>,
    #[serde(rename = "choice", default)]
    pub choices: Vec<ChoiceEntry>,
}

impl QuestionEntry {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The answer key: `asks`, or the id when several nodes do not share one.
    pub fn key(&self) -> &str {
        self.asks.as_ref().unwrap_or(&self.id).get_ref()
    }

    /// Where problems with the answer key point.
    pub fn key_span(&self) -> std::ops::Range<usize> {
        self.asks.as_ref().unwrap_or(&self.id).span()
    }

    pub fn choice_ids(&self) -> Vec<&str> {
        self.choices
            .iter()
            .map(|c| c.id.get_ref().as_str())
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceEntry {
    pub id: Spanned<String>,
    pub label: String,
    #[serde(default)]
    pub because: Option<String>,
    #[serde(default)]
    pub next: Option<Spanned<String>>,
    #[serde(default)]
    pub leaf: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafEntry {
    pub id: Spanned<String>,
    pub title: String,
    pub runtime: String,
    pub image: Spanned<String>,
    #[serde(default)]
    pub builder: Option<Spanned<String>>,
    #[serde(default)]
    pub alternatives: Vec<Spanned<String>>,
    /// Build images to use instead of `builder` when the project has no wrapper script for its build
    /// tool, by tool (`maven = "maven-3.9-temurin-21"`).
    #[serde(default)]
    pub tool_builders: BTreeMap<String, Spanned<String>>,
    pub template: Spanned<String>,
    pub why: String,
}

#[cfg(test)]
mod tests {
    use super::super::chunks;
    use super::*;

    fn whole(text: &str) -> TreeFile {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn entry_by_entry_gives_what_the_whole_file_gives_spans_included() {
        let text = include_str!("../../../../data/decision_tree.toml");
        let chunked: TreeFile = chunks::parse_one(text).unwrap();
        assert!(chunked.questions.len() > 5 && chunked.leaves.len() > 20);
        assert_eq!(format!("{chunked:?}"), format!("{:?}", whole(text)));
        for threads in [2, 3, 8] {
            let on_threads: TreeFile = chunks::parse_one_on(text, threads).unwrap();
            assert_eq!(format!("{on_threads:?}"), format!("{chunked:?}"));
        }
    }

    #[test]
    fn tables_that_belong_elsewhere_in_the_file_fall_back_to_the_whole_file() {
        let question = "[[question]]\nid = \"q\"\nprompt = \"Q?\"\nhelp = \"h\"\n";
        let choice = "[[question.choice]]\nid = \"c\"\nlabel = \"C\"\nleaf = \"l\"\n";
        let leaf = "[[leaf]]\nid = \"l\"\ntitle = \"L\"\nruntime = \"go\"\nimage = \"i\"\ntemplate = \"t\"\nwhy = \"w\"\n";
        // TOML lets a table come after others: this choice belongs to the question, and these
        // parameters to the top level, although both follow a leaf.
        for text in [
            format!("start = \"q\"\n{question}{leaf}{choice}"),
            format!("start = \"q\"\n{question}{choice}{leaf}[params.go]\nport = \"8080\"\n"),
        ] {
            assert!(chunks::parse_one::<TreeFile>(&text).is_none(), "{text}");
            let file = whole(&text);
            assert_eq!(file.questions[0].choices.len(), 1);
            assert_eq!(file.leaves.len(), 1);
        }
        let in_order =
            format!("start = \"q\"\n[params.go]\nport = \"8080\"\n{question}{choice}{leaf}");
        let chunked: TreeFile = chunks::parse_one(&in_order).unwrap();
        assert_eq!(format!("{chunked:?}"), format!("{:?}", whole(&in_order)));
    }
}
