//! `decision_tree.toml` as written, with the spans diagnostics point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

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
