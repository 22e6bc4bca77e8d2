//! `basepick quiz`: the quiz as plain text, as a Markdown handout with the answers at the end, or as JSON
//! for other tools (the `QuizJson` view is the contract).

use std::collections::BTreeMap;
use std::io::{self, Write};

use clap::ValueEnum;
use serde::Serialize;

use crate::knowledge::Knowledge;
use crate::learn::{Quiz, QuizItem};
use crate::present;

/// Output of `quiz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuizFormat {
    Text,
    Markdown,
    Json,
}

pub fn write(
    out: &mut impl Write,
    knowledge: &Knowledge,
    quiz: &Quiz<'_>,
    format: QuizFormat,
) -> io::Result<()> {
    let view = QuizJson::new(knowledge, quiz);
    match format {
        QuizFormat::Json => super::write_json(out, &view),
        QuizFormat::Text => write_text(out, &view),
        QuizFormat::Markdown => write_markdown(out, &view),
    }
}

/// The quiz as JSON: every question with its choices, the right one and why.
#[derive(Debug, Serialize)]
pub struct QuizJson {
    pub seed: u64,
    /// The number of questions asked for (`--count`); `questions` may hold fewer.
    pub count: usize,
    pub notices: Vec<String>,
    pub questions: Vec<QuestionJson>,
}

#[derive(Debug, Serialize)]
pub struct QuestionJson {
    pub number: usize,
    /// `concept` or `scenario`.
    pub kind: &'static str,
    /// The concept question's id in learn.toml.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The lesson that teaches the answer.
    pub lesson: &'static str,
    pub prompt: String,
    /// Scenarios: the team's answers, question by question.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub situation: Vec<SituationJson>,
    /// Scenarios: the same answers as `recommend --answer KEY=CHOICE` takes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<BTreeMap<String, String>>,
    pub choices: Vec<ChoiceJson>,
    /// Index of the right choice (0-based).
    pub correct: usize,
    pub explanation: String,
    /// Scenarios: the leaf of the tree the answers reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaf: Option<String>,
    /// Concept questions: related lessons, image references and leaves.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub see: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leaves: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SituationJson {
    pub question: String,
    pub answer: String,
    pub prompt: String,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct ChoiceJson {
    pub text: String,
    pub correct: bool,
    /// Scenarios: the catalog id of the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Scenarios, wrong choices: what choosing this image instead would change.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<String>,
}

impl QuizJson {
    pub fn new(knowledge: &Knowledge, quiz: &Quiz<'_>) -> Self {
        let questions = quiz
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| question(knowledge, i + 1, item))
            .collect();
        QuizJson {
            seed: quiz.seed,
            count: quiz.asked,
            notices: quiz.notices.clone(),
            questions,
        }
    }
}

fn question(knowledge: &Knowledge, number: usize, item: &QuizItem<'_>) -> QuestionJson {
    let correct = item.correct();
    let mut q = QuestionJson {
        number,
        kind: item.kind(),
        id: None,
        lesson: item.lesson().as_str(),
        prompt: item.prompt().to_owned(),
        situation: Vec::new(),
        answers: None,
        choices: Vec::new(),
        correct,
        explanation: item.explanation().to_owned(),
        leaf: None,
        see: Vec::new(),
        images: Vec::new(),
        leaves: Vec::new(),
    };
    match item {
        QuizItem::Concept { question, .. } => {
            q.id = Some(question.id.clone());
            q.see = question.see.iter().map(|t| t.as_str().to_owned()).collect();
            q.images = question
                .images
                .iter()
                .map(|i| knowledge.image(*i).reference.to_string())
                .collect();
            q.leaves = question
                .leaves
                .iter()
                .map(|l| knowledge.leaf(*l).id.to_string())
                .collect();
            q.choices = item
                .choices()
                .into_iter()
                .enumerate()
                .map(|(i, text)| ChoiceJson {
                    text,
                    correct: i == correct,
                    image: None,
                    differences: Vec::new(),
                })
                .collect();
        }
        QuizItem::Scenario(s) => {
            q.situation = s
                .situation()
                .iter()
                .map(|step| SituationJson {
                    question: step.question.clone(),
                    answer: step.answer.clone(),
                    prompt: step.prompt.clone(),
                    label: step.label.clone(),
                })
                .collect();
            q.answers = Some(s.answers().into_iter().collect());
            q.leaf = Some(s.outcome.leaf.id.to_string());
            q.choices = s
                .options
                .iter()
                .enumerate()
                .map(|(i, image)| ChoiceJson {
                    text: image.reference.to_string(),
                    correct: i == correct,
                    image: Some(image.id.to_string()),
                    differences: if i == correct {
                        Vec::new()
                    } else {
                        present::describe(&s.deltas(image))
                    },
                })
                .collect();
        }
    }
    q
}

/// a, b, c …
fn letter(i: usize) -> char {
    char::from(b'a' + u8::try_from(i % 26).unwrap_or(0))
}

fn header(quiz: &QuizJson) -> String {
    format!(
        "{} question{}, seed {} (`basepick quiz --seed {} --count {}` asks the same again)",
        quiz.questions.len(),
        if quiz.questions.len() == 1 { "" } else { "s" },
        quiz.seed,
        quiz.seed,
        quiz.count
    )
}

fn write_text(out: &mut impl Write, quiz: &QuizJson) -> io::Result<()> {
    writeln!(out, "basepick quiz: {}", header(quiz))?;
    for notice in &quiz.notices {
        writeln!(out, "note: {notice}")?;
    }
    for q in &quiz.questions {
        writeln!(
            out,
            "\n{}. {}  [{} · {}]",
            q.number, q.prompt, q.kind, q.lesson
        )?;
        for s in &q.situation {
            writeln!(out, "   - {} {}", s.prompt, s.label)?;
        }
        for (i, c) in q.choices.iter().enumerate() {
            writeln!(out, "   {}) {}", letter(i), c.text)?;
        }
    }
    writeln!(out, "\nAnswers")?;
    for q in &quiz.questions {
        let right = q.choices.get(q.correct).map_or("", |c| c.text.as_str());
        writeln!(out, "{}. {}) {right}", q.number, letter(q.correct))?;
        writeln!(out, "   {}", q.explanation)?;
        for (i, c) in q
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.differences.is_empty())
        {
            writeln!(
                out,
                "   {}) instead: {}",
                letter(i),
                c.differences.join(", ")
            )?;
        }
    }
    write_notes(out, quiz, "")
}

fn write_markdown(out: &mut impl Write, quiz: &QuizJson) -> io::Result<()> {
    writeln!(out, "# basepick quiz\n\n{}", header(quiz))?;
    for notice in &quiz.notices {
        writeln!(out, "\n> {notice}")?;
    }
    for q in &quiz.questions {
        writeln!(out, "\n## {}. {}\n", q.number, q.prompt.replace('|', "\\|"))?;
        for s in &q.situation {
            writeln!(out, "- *{}* {}", s.prompt, s.label)?;
        }
        if !q.situation.is_empty() {
            writeln!(out)?;
        }
        for (i, c) in q.choices.iter().enumerate() {
            let text = if q.kind == "scenario" {
                format!("`{}`", c.text)
            } else {
                c.text.clone()
            };
            writeln!(out, "- **{}.** {text}", letter(i).to_ascii_uppercase())?;
        }
    }
    writeln!(out, "\n## Answers\n")?;
    for q in &quiz.questions {
        let right = q.choices.get(q.correct).map_or("", |c| c.text.as_str());
        writeln!(
            out,
            "{}. **{}** {right}. {}",
            q.number,
            letter(q.correct).to_ascii_uppercase(),
            q.explanation
        )?;
        for (i, c) in q
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.differences.is_empty())
        {
            writeln!(
                out,
                "   - {} instead: {}",
                letter(i).to_ascii_uppercase(),
                c.differences.join(", ")
            )?;
        }
    }
    write_notes(out, quiz, "\n")
}

/// The estimate footnote, when a difference is approximate.
fn write_notes(out: &mut impl Write, quiz: &QuizJson, before: &str) -> io::Result<()> {
    let approximate = quiz
        .questions
        .iter()
        .flat_map(|q| &q.choices)
        .flat_map(|c| &c.differences)
        .any(|d| d.contains('≈'));
    if approximate {
        writeln!(out, "{before}{}", present::ESTIMATE_NOTE)?;
    }
    Ok(())
}
