//! Teaching material (`learn.toml`), resolved: which lessons the course gives and in what order, the
//! example each lesson draws from the data, and concept questions for the quiz. A broken `learn.toml`
//! never stops the rest of basepick: its problems are kept here, and only the entries without problems
//! are used.

use serde::{Deserialize, Serialize};

use crate::catalog::ImageIdx;
use crate::diagnostics::Problems;
use crate::tree::LeafIdx;

/// A subject the course teaches. The lesson texts belong to basepick; the data chooses which lessons
/// a course gives, their titles, and the images and leaf their tables and examples come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    /// Why the base image is the decision with the widest reach.
    WhyBase,
    /// The catalog side by side: size, packages, vulnerabilities, shell.
    Comparison,
    /// What distroless images leave out, and what that buys.
    Distroless,
    /// Alpine, slim and distroless, aspect by aspect; when not to use Alpine.
    Families,
    /// Build and run stages.
    MultiStage,
    /// The steps that harden an image, in a real Dockerfile.
    Hardening,
    /// How the questions lead to an image.
    DecisionTree,
}

impl Topic {
    /// Every topic, in the order a course gives them when the data does not choose.
    pub const ALL: [Topic; 7] = [
        Topic::WhyBase,
        Topic::Comparison,
        Topic::Distroless,
        Topic::Families,
        Topic::MultiStage,
        Topic::Hardening,
        Topic::DecisionTree,
    ];

    /// The id `learn.toml` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Topic::WhyBase => "why-base",
            Topic::Comparison => "comparison",
            Topic::Distroless => "distroless",
            Topic::Families => "families",
            Topic::MultiStage => "multi-stage",
            Topic::Hardening => "hardening",
            Topic::DecisionTree => "decision-tree",
        }
    }

    pub fn from_id(id: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == id)
    }
}

impl std::fmt::Display for Topic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One lesson of the course, as the data sets it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    pub topic: Topic,
    /// A title of the data's own; the lesson's built-in title otherwise.
    pub title: Option<String>,
    /// The leaf whose Dockerfile and answers the lesson uses as its example (and "try it" walks to).
    pub leaf: Option<LeafIdx>,
    /// Images the lesson's tables show; chosen from the example's runtime when empty.
    pub images: Vec<ImageIdx>,
}

impl Lesson {
    pub fn of(topic: Topic) -> Self {
        Lesson {
            topic,
            title: None,
            leaf: None,
            images: Vec::new(),
        }
    }
}

/// A multiple-choice question about a concept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConceptQuestion {
    pub id: String,
    /// The lesson that teaches the answer.
    pub lesson: Topic,
    pub prompt: String,
    pub choices: Vec<String>,
    /// Index of the correct choice in `choices`.
    pub answer: usize,
    /// Why the answer is right, shown after answering and in the review of mistakes.
    pub explanation: String,
    /// Images, leaves and other lessons the question refers to.
    pub images: Vec<ImageIdx>,
    pub leaves: Vec<LeafIdx>,
    pub see: Vec<Topic>,
}

impl ConceptQuestion {
    pub fn correct(&self) -> &str {
        self.choices.get(self.answer).map_or("", String::as_str)
    }
}

/// The course and its concept questions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Learn {
    /// In course order; every topic when `learn.toml` names none.
    pub lessons: Vec<Lesson>,
    /// The questions without problems, in file order.
    pub questions: Vec<ConceptQuestion>,
    /// What is wrong in `learn.toml`: reported by `check-data`, and summed up where the course starts.
    #[serde(skip)]
    pub problems: Problems,
}

impl Learn {
    /// Every topic in the default order, no questions: the course for data without `learn.toml`.
    pub fn defaults() -> Self {
        Learn {
            lessons: Topic::ALL.into_iter().map(Lesson::of).collect(),
            questions: Vec::new(),
            problems: Problems::default(),
        }
    }

    pub fn lesson(&self, topic: Topic) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.topic == topic)
    }
}
