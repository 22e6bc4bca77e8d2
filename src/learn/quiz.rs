//! The quiz: concept questions from `learn.toml` and scenarios from the tree, drawn and shuffled by a
//! seeded generator so that the same seed gives the same quiz.

use super::scenario::{self, Scenario};
use crate::knowledge::{ConceptQuestion, Knowledge, Topic};

/// Questions in a quiz when the user does not say.
pub const DEFAULT_COUNT: usize = 10;

/// The prompt of every scenario question; the situation is listed under it.
pub const SCENARIO_PROMPT: &str =
    "A team answers the advisor like this. Which base image does basepick recommend?";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuizOptions {
    pub seed: u64,
    pub count: usize,
}

/// Nothing could be asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is nothing to ask: {}", reasons.join(" "))]
pub struct QuizError {
    pub reasons: Vec<String>,
}

/// One question of a quiz.
#[derive(Debug, Clone)]
pub enum QuizItem<'k> {
    Concept {
        question: &'k ConceptQuestion,
        /// The question's choices in the order shown (indices into `question.choices`).
        order: Vec<usize>,
    },
    Scenario(Scenario<'k>),
}

impl QuizItem<'_> {
    /// `concept` or `scenario`.
    pub fn kind(&self) -> &'static str {
        match self {
            QuizItem::Concept { .. } => "concept",
            QuizItem::Scenario(_) => "scenario",
        }
    }

    pub fn prompt(&self) -> &str {
        match self {
            QuizItem::Concept { question, .. } => &question.prompt,
            QuizItem::Scenario(_) => SCENARIO_PROMPT,
        }
    }

    /// The choices in the order shown.
    pub fn choices(&self) -> Vec<String> {
        match self {
            QuizItem::Concept { question, order } => order
                .iter()
                .filter_map(|i| question.choices.get(*i).cloned())
                .collect(),
            QuizItem::Scenario(s) => s.options.iter().map(|i| i.reference.to_string()).collect(),
        }
    }

    /// Index of the right choice in [`QuizItem::choices`].
    pub fn correct(&self) -> usize {
        match self {
            QuizItem::Concept { question, order } => order
                .iter()
                .position(|i| *i == question.answer)
                .unwrap_or(0),
            QuizItem::Scenario(s) => s.correct,
        }
    }

    /// Why the right answer is right.
    pub fn explanation(&self) -> &str {
        match self {
            QuizItem::Concept { question, .. } => &question.explanation,
            QuizItem::Scenario(s) => &s.outcome.leaf.why,
        }
    }

    /// The lesson to revisit after a mistake.
    pub fn lesson(&self) -> Topic {
        match self {
            QuizItem::Concept { question, .. } => question.lesson,
            QuizItem::Scenario(_) => Topic::DecisionTree,
        }
    }
}

/// A quiz, ready to ask or print.
#[derive(Debug, Clone)]
pub struct Quiz<'k> {
    pub seed: u64,
    /// The number of questions asked for (`items` may hold fewer).
    pub asked: usize,
    pub items: Vec<QuizItem<'k>>,
    /// What the learner should know: questions that could not be made, and why.
    pub notices: Vec<String>,
}

impl<'k> Quiz<'k> {
    /// Draws `count` questions, half of them scenarios where both kinds are available; the seed
    /// decides which questions, their order and the order of their choices.
    pub fn build(knowledge: &'k Knowledge, options: QuizOptions) -> Result<Self, QuizError> {
        let mut rng = fastrand::Rng::with_seed(options.seed);
        let mut notices = super::notices(knowledge);
        // Without its course data the quiz asks scenarios only; `notices` says why.
        let pool: &[ConceptQuestion] = knowledge.learn.get().map_or(&[], |l| &l.questions);
        let count = options.count;
        let want_scenarios = (count / 2).max(count.saturating_sub(pool.len()));
        let scenarios = scenario::generate(knowledge, &mut rng, want_scenarios);
        let want_concepts = count - scenarios.len().min(count);
        let mut picked: Vec<&ConceptQuestion> = pool.iter().collect();
        rng.shuffle(&mut picked);
        picked.truncate(want_concepts);
        if pool.is_empty() {
            notices.push("There are no concept questions (learn.toml has none), so every question is a scenario.".to_owned());
        }
        if scenarios.is_empty() && want_scenarios > 0 {
            notices.push(
                "The catalog is too small for scenario questions: no leaf of the tree has another image to offer as a wrong answer."
                    .to_owned(),
            );
        }
        let mut concepts = picked.into_iter().map(|question| {
            let mut order: Vec<usize> = (0..question.choices.len()).collect();
            rng.shuffle(&mut order);
            QuizItem::Concept { question, order }
        });
        let mut scenarios = scenarios.into_iter().map(QuizItem::Scenario);
        let mut items = Vec::new();
        loop {
            let next = [concepts.next(), scenarios.next()];
            if next.iter().all(Option::is_none) {
                break;
            }
            items.extend(next.into_iter().flatten());
        }
        if items.is_empty() {
            return Err(QuizError { reasons: notices });
        }
        if items.len() < count {
            notices.push(format!(
                "Only {} question{} could be made ({count} asked for).",
                items.len(),
                if items.len() == 1 { "" } else { "s" }
            ));
        }
        Ok(Quiz {
            seed: options.seed,
            asked: count,
            items,
            notices,
        })
    }

    /// How many of the given answers (by question, `None` when skipped) are right.
    pub fn score(&self, given: &[Option<usize>]) -> usize {
        self.items
            .iter()
            .zip(given)
            .filter(|(item, g)| **g == Some(item.correct()))
            .count()
    }

    /// The questions answered wrongly or not at all, by index.
    pub fn mistakes(&self, given: &[Option<usize>]) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| given.get(i).copied().flatten() != Some(self.items[i].correct()))
            .collect()
    }
}
