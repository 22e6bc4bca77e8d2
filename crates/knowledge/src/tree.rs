//! The decision tree, resolved: a choice leads to a question or leaf by index, a leaf holds its images
//! by index, and every answer key knows its choices. What the types guarantee is never checked again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::ImageIdx;
use crate::params::ParamKey;
use crate::text::Text;

/// A question's place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QuestionIdx(pub(crate) u32);

/// A leaf's place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LeafIdx(pub(crate) u32);

impl QuestionIdx {
    /// The position in [`Tree::questions`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl LeafIdx {
    /// The position in [`Tree::leaves`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Tree {
    pub start: QuestionIdx,
    pub questions: Vec<Question>,
    pub leaves: Vec<Leaf>,
    /// For each question, the most questions any path from it asks (itself included).
    pub remaining: Vec<u32>,
    /// Every distinct answer key with its choices, in first-seen order.
    pub keys: Vec<AnswerKey>,
    /// Parameter defaults: `default` for all runtimes, a runtime's own on top.
    pub params: BTreeMap<String, BTreeMap<ParamKey, String>>,
}

/// One question node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Question {
    /// Unique id of this node.
    pub id: Text,
    /// The answer key scripts use (`--answer KEY=CHOICE`); several nodes on different paths may share it.
    pub key: Text,
    /// One line.
    pub prompt: Text,
    /// Why the question matters: shown beside it so the user learns the trade-off.
    pub help: Text,
    /// Index of the choice taken when a script gives no answer.
    pub default: Option<usize>,
    pub choices: Vec<Choice>,
}

/// One answer to a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Choice {
    pub id: Text,
    pub label: Text,
    /// Why this answer leads where it does (shown in the trail).
    pub because: Option<Text>,
    pub target: Target,
}

/// Where a choice leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    Question(QuestionIdx),
    Leaf(LeafIdx),
}

/// A recommendation at the end of a path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Leaf {
    pub id: Text,
    /// Short title, e.g. "Python API, no shell".
    pub title: Text,
    /// The runtime, which selects the parameter defaults, the `.dockerignore` and the project facts used.
    pub runtime: Text,
    /// The recommended (final-stage) image.
    pub image: ImageIdx,
    /// The build stage's image, when the Dockerfile is multi-stage.
    pub builder: Option<ImageIdx>,
    /// The other images worth considering, as the data lists them.
    pub alternatives: Vec<ImageIdx>,
    /// Build images for projects whose build tool has no wrapper script, by tool.
    pub tool_builders: BTreeMap<String, ImageIdx>,
    /// Template id: `templates/<id>.Dockerfile.j2` (which exists).
    pub template: Text,
    /// Why this image fits the answers that lead here.
    pub why: Text,
}

/// An answer key and the choices offered under it (the same on every node that asks it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct AnswerKey {
    pub name: Text,
    pub choices: Vec<Text>,
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }

    pub fn choice_ids(&self) -> Vec<String> {
        self.choices.iter().map(|c| c.id.to_string()).collect()
    }

    pub fn default_choice(&self) -> Option<&Choice> {
        self.default.and_then(|d| self.choices.get(d))
    }
}

impl Tree {
    pub fn question(&self, idx: QuestionIdx) -> &Question {
        &self.questions[idx.0 as usize]
    }

    pub fn leaf(&self, idx: LeafIdx) -> &Leaf {
        &self.leaves[idx.0 as usize]
    }

    /// The most questions any path from `idx` still asks, `idx` included.
    pub fn remaining_from(&self, idx: QuestionIdx) -> usize {
        self.remaining
            .get(idx.0 as usize)
            .map_or(1, |&n| n as usize)
    }

    pub fn start_question(&self) -> &Question {
        self.question(self.start)
    }

    pub fn find_question(&self, id: &str) -> Option<QuestionIdx> {
        position(self.questions.iter().map(|q| q.id.as_str()), id).map(QuestionIdx)
    }

    pub fn find_leaf(&self, id: &str) -> Option<LeafIdx> {
        position(self.leaves.iter().map(|l| l.id.as_str()), id).map(LeafIdx)
    }

    /// Every question with its index.
    pub fn question_indices(&self) -> impl Iterator<Item = (QuestionIdx, &Question)> {
        (0u32..).map(QuestionIdx).zip(&self.questions)
    }

    /// Every leaf with its index.
    pub fn leaf_indices(&self) -> impl Iterator<Item = (LeafIdx, &Leaf)> {
        (0u32..).map(LeafIdx).zip(&self.leaves)
    }

    pub fn key(&self, name: &str) -> Option<&AnswerKey> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// Every answer key's name, in first-seen order.
    pub fn key_names(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.name.to_string()).collect()
    }

    /// Parameter defaults for a runtime: the `default` table overlaid with the runtime's own.
    pub fn param_defaults(&self, runtime: &str) -> BTreeMap<ParamKey, String> {
        let mut out = self.params.get("default").cloned().unwrap_or_default();
        if let Some(specific) = self.params.get(runtime) {
            out.extend(specific.iter().map(|(k, v)| (*k, v.clone())));
        }
        out
    }
}

fn position<'a>(mut ids: impl Iterator<Item = &'a str>, id: &str) -> Option<u32> {
    ids.position(|i| i == id)
        .and_then(|p| u32::try_from(p).ok())
}

/// An id as a diagram node name (Mermaid takes plain words): every character but ASCII letters and
/// digits becomes `_`. Validation refuses two ids of one kind with the same node name.
pub fn diagram_name(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}
