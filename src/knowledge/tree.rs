//! The decision tree (`decision_tree.toml`): questions, their choices and the leaves they lead to.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The whole `decision_tree.toml` file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// Id of the first question.
    pub start: Spanned<String>,
    #[serde(rename = "question", default)]
    pub questions: Vec<Question>,
    #[serde(rename = "leaf", default)]
    pub leaves: Vec<Leaf>,
    /// Dockerfile parameter defaults: `params.default` for all, `params.<runtime>` on top.
    #[serde(default)]
    pub params: BTreeMap<String, BTreeMap<String, String>>,
}

/// One question node.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique id of this node.
    pub id: Spanned<String>,
    /// The answer key scripts use (`--answer KEY=CHOICE`). Several nodes on different paths may ask the
    /// same thing (every runtime asks `debug_shell`); defaults to `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asks: Option<Spanned<String>>,
    /// One line.
    pub prompt: String,
    /// Why the question matters: shown beside it so the user learns the trade-off.
    pub help: String,
    /// The choice taken when a script gives no answer; without one, the answer is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Spanned<String>>,
    #[serde(rename = "choice", default)]
    pub choices: Vec<Choice>,
}

impl Question {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The answer key of this node.
    pub fn key(&self) -> &str {
        self.asks.as_ref().unwrap_or(&self.id).get_ref()
    }

    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id() == id)
    }

    pub fn choice_ids(&self) -> Vec<String> {
        self.choices.iter().map(|c| c.id().to_owned()).collect()
    }

    pub fn default_choice(&self) -> Option<&Choice> {
        self.default.as_ref().and_then(|d| self.choice(d.get_ref()))
    }
}

/// One answer to a question; leads to exactly one of another question or a leaf.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: Spanned<String>,
    pub label: String,
    /// Why this answer leads where it does (shown in the trail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf: Option<Spanned<String>>,
}

impl Choice {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// Where the choice leads; `None` only in data that failed validation.
    pub fn target(&self) -> Option<Target<'_>> {
        match (&self.next, &self.leaf) {
            (Some(q), None) => Some(Target::Question(q.get_ref())),
            (None, Some(l)) => Some(Target::Leaf(l.get_ref())),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    Question(&'a str),
    Leaf(&'a str),
}

/// A recommendation at the end of a path.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Leaf {
    pub id: Spanned<String>,
    /// Short title, e.g. "Python API, no shell".
    pub title: String,
    /// The runtime, which selects the parameter defaults (`params.<runtime>`).
    pub runtime: String,
    /// Catalog id of the recommended (final-stage) image.
    pub image: Spanned<String>,
    /// Catalog id of the build stage's image, when the Dockerfile is multi-stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builder: Option<Spanned<String>>,
    /// Catalog ids of the other images worth considering, best first.
    #[serde(default)]
    pub alternatives: Vec<Spanned<String>>,
    /// Template id: `templates/<id>.Dockerfile.j2`.
    pub template: Spanned<String>,
    /// Why this image fits the answers that lead here.
    pub why: String,
}

impl Leaf {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    pub fn image(&self) -> &str {
        self.image.get_ref()
    }

    pub fn builder(&self) -> Option<&str> {
        self.builder.as_ref().map(|b| b.get_ref().as_str())
    }

    pub fn template(&self) -> &str {
        self.template.get_ref()
    }
}

impl Tree {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id() == id)
    }

    pub fn leaf(&self, id: &str) -> Option<&Leaf> {
        self.leaves.iter().find(|l| l.id() == id)
    }

    pub fn start(&self) -> &str {
        self.start.get_ref()
    }

    /// Every distinct answer key, in first-seen order.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = Vec::new();
        for q in &self.questions {
            if !keys.contains(&q.key()) {
                keys.push(q.key());
            }
        }
        keys
    }

    /// The union of choice ids offered under an answer key.
    pub fn choices_for_key(&self, key: &str) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for q in self.questions.iter().filter(|q| q.key() == key) {
            for c in &q.choices {
                if !ids.iter().any(|i| i == c.id()) {
                    ids.push(c.id().to_owned());
                }
            }
        }
        ids
    }

    /// Parameter defaults for a runtime: `params.default` overlaid with `params.<runtime>`.
    pub fn param_defaults(&self, runtime: &str) -> BTreeMap<String, String> {
        let mut out = self.params.get("default").cloned().unwrap_or_default();
        if let Some(specific) = self.params.get(runtime) {
            out.extend(specific.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    }
}
