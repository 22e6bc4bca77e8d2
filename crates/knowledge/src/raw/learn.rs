//! `learn.toml` as written, with the spans diagnostics point at.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnFile {
    #[serde(rename = "lesson", default)]
    pub lessons: Vec<LessonEntry>,
    #[serde(rename = "question", default)]
    pub questions: Vec<QuestionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonEntry {
    pub id: Spanned<String>,
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    #[serde(default)]
    pub leaf: Option<Spanned<String>>,
    #[serde(default)]
    pub images: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionEntry {
    pub id: Spanned<String>,
    pub lesson: Spanned<String>,
    pub prompt: Spanned<String>,
    pub choices: Spanned<Vec<Spanned<String>>>,
    pub answer: Spanned<String>,
    pub explanation: Spanned<String>,
    #[serde(default)]
    pub images: Vec<Spanned<String>>,
    #[serde(default)]
    pub leaves: Vec<Spanned<String>>,
    #[serde(default)]
    pub see: Vec<Spanned<String>>,
}
