//! `learn.toml` → [`Learn`]: lesson ids are topics basepick teaches, each named once; questions have
//! unique ids, texts that say something, at least two distinct choices with the answer among them, and
//! references to images, leaves and lessons that exist. Problems are located and kept in
//! [`Learn::problems`]; an entry with a problem is left out, and the rest is used.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use crate::LEARN_FILE;
use crate::catalog::{Catalog, ImageIdx};
use crate::diagnostics::{Problem, Problems, Rule};
use crate::learn::{ConceptQuestion, Learn, Lesson, Topic};
use crate::raw::{self, learn::LearnFile, learn::LessonEntry, learn::QuestionEntry};
use crate::tree::{LeafIdx, Tree};

/// Parses and resolves `learn.toml`; without the file, every lesson and no questions.
pub fn resolve(text: Option<&str>, catalog: &Catalog, tree: &Tree) -> Learn {
    let Some(src) = text else {
        return Learn::defaults();
    };
    let mut problems = Problems::default();
    let Some(file) = raw::parse::<LearnFile>(LEARN_FILE, Some(src), false, &mut problems) else {
        return Learn {
            problems,
            ..Learn::defaults()
        };
    };
    let mut check = Check {
        src,
        catalog,
        tree,
        problems,
        broken: false,
    };
    let mut lessons = lessons(&file.lessons, &mut check);
    if file.lessons.is_empty() {
        lessons = Learn::defaults().lessons;
    }
    let mut questions = Vec::new();
    let mut ids = HashSet::new();
    for entry in &file.questions {
        check.broken = false;
        if !ids.insert(entry.id.get_ref().as_str()) {
            check.err(
                Rule::DuplicateId,
                entry.id.span(),
                format!("question id `{}` is used twice", entry.id.get_ref()),
            );
        }
        if let Some(q) = question(entry, &lessons, &mut check)
            && !check.broken
        {
            questions.push(q);
        }
    }
    Learn {
        lessons,
        questions,
        problems: check.problems,
    }
}

struct Check<'a> {
    src: &'a str,
    catalog: &'a Catalog,
    tree: &'a Tree,
    problems: Problems,
    /// Whether the entry being checked has a problem.
    broken: bool,
}

impl Check<'_> {
    fn err(&mut self, rule: Rule, span: Range<usize>, msg: String) {
        self.broken = true;
        self.problems
            .push(Problem::error(rule, LEARN_FILE, msg).at(self.src, span));
    }

    /// The text, unless it is empty or blank.
    fn text(&mut self, owner: &str, field: &str, value: &Spanned<String>) -> String {
        if value.get_ref().trim().is_empty() {
            self.err(
                Rule::EmptyText,
                value.span(),
                format!("{owner}: `{field}` is empty; write what the learner should read"),
            );
        }
        // Texts are reflowed where they are shown: line breaks in the file are only layout.
        value
            .get_ref()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn image(&mut self, owner: &str, r: &Spanned<String>) -> Option<ImageIdx> {
        let found = self.catalog.find(r.get_ref());
        if found.is_none() {
            self.err(
                Rule::UnknownReference,
                r.span(),
                format!(
                    "{owner}: image `{}` is not an image id in images.toml",
                    r.get_ref()
                ),
            );
        }
        found
    }

    fn leaf(&mut self, owner: &str, r: &Spanned<String>) -> Option<LeafIdx> {
        let found = self.tree.find_leaf(r.get_ref());
        if found.is_none() {
            self.err(
                Rule::UnknownReference,
                r.span(),
                format!(
                    "{owner}: leaf `{}` is not a leaf id in decision_tree.toml",
                    r.get_ref()
                ),
            );
        }
        found
    }

    fn lesson(&mut self, owner: &str, r: &Spanned<String>, course: &[Lesson]) -> Option<Topic> {
        let found = Topic::from_id(r.get_ref()).filter(|t| course.iter().any(|l| l.topic == *t));
        if found.is_none() {
            let valid: Vec<&str> = course.iter().map(|l| l.topic.as_str()).collect();
            self.err(
                Rule::UnknownReference,
                r.span(),
                format!(
                    "{owner}: lesson `{}` is not a lesson of this course; lessons: {}",
                    r.get_ref(),
                    valid.join(", ")
                ),
            );
        }
        found
    }
}

fn lessons(entries: &[LessonEntry], check: &mut Check<'_>) -> Vec<Lesson> {
    let mut out: Vec<Lesson> = Vec::new();
    for entry in entries {
        check.broken = false;
        let id = entry.id.get_ref();
        let Some(topic) = Topic::from_id(id) else {
            let valid: Vec<&str> = Topic::ALL.iter().map(|t| t.as_str()).collect();
            check.err(
                Rule::UnknownReference,
                entry.id.span(),
                format!(
                    "lesson `{id}` is not a lesson basepick teaches; lessons: {}",
                    valid.join(", ")
                ),
            );
            continue;
        };
        if out.iter().any(|l| l.topic == topic) {
            check.err(
                Rule::DuplicateId,
                entry.id.span(),
                format!("lesson `{id}` is listed twice"),
            );
            continue;
        }
        let owner = format!("lesson `{id}`");
        let title = entry.title.as_ref().map(|t| check.text(&owner, "title", t));
        let leaf = entry.leaf.as_ref().and_then(|l| check.leaf(&owner, l));
        let images: Vec<ImageIdx> = entry
            .images
            .iter()
            .filter_map(|i| check.image(&owner, i))
            .collect();
        // A lesson with a broken reference still teaches, from the data basepick picks itself.
        out.push(if check.broken {
            Lesson::of(topic)
        } else {
            Lesson {
                topic,
                title,
                leaf,
                images,
            }
        });
    }
    out
}

fn question(
    entry: &QuestionEntry,
    course: &[Lesson],
    check: &mut Check<'_>,
) -> Option<ConceptQuestion> {
    let owner = format!("question `{}`", entry.id.get_ref());
    let id = check.text(&owner, "id", &entry.id);
    let lesson = check.lesson(&owner, &entry.lesson, course);
    let prompt = check.text(&owner, "prompt", &entry.prompt);
    let explanation = check.text(&owner, "explanation", &entry.explanation);
    let mut choices: Vec<String> = Vec::new();
    for choice in entry.choices.get_ref() {
        let text = check.text(&owner, "choices", choice);
        if choices.contains(&text) {
            check.err(
                Rule::DuplicateId,
                choice.span(),
                format!("{owner}: the choice `{text}` is offered twice"),
            );
        }
        choices.push(text);
    }
    if choices.len() < 2 {
        check.err(
            Rule::NoChoices,
            entry.choices.span(),
            format!(
                "{owner}: has {} choice{}; a question needs at least two",
                choices.len(),
                if choices.len() == 1 { "" } else { "s" }
            ),
        );
    }
    let wanted = entry
        .answer
        .get_ref()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let answer = choices.iter().position(|c| *c == wanted);
    if answer.is_none() {
        check.err(
            Rule::AnswerNotAChoice,
            entry.answer.span(),
            format!(
                "{owner}: the answer `{}` is not one of its choices; write it exactly as in `choices`",
                entry.answer.get_ref()
            ),
        );
    }
    let images: Vec<Option<ImageIdx>> = entry
        .images
        .iter()
        .map(|i| check.image(&owner, i))
        .collect();
    let leaves: Vec<Option<LeafIdx>> = entry.leaves.iter().map(|l| check.leaf(&owner, l)).collect();
    let see: Vec<Option<Topic>> = entry
        .see
        .iter()
        .map(|s| check.lesson(&owner, s, course))
        .collect();
    Some(ConceptQuestion {
        id,
        lesson: lesson?,
        prompt,
        choices,
        answer: answer?,
        explanation,
        images: images.into_iter().collect::<Option<_>>()?,
        leaves: leaves.into_iter().collect::<Option<_>>()?,
        see: see.into_iter().collect::<Option<_>>()?,
    })
}
