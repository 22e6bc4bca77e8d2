//! A walk through the tree: the answers so far and where they lead. No I/O.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::knowledge::{Choice, Leaf, Question, QuestionIdx, Target, Tree};

/// One answered question on the path taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrailStep {
    /// The answer key (`--answer KEY=…`).
    pub question: String,
    /// The choice id.
    pub answer: String,
    /// Id of the question node, which differs from the key where several nodes ask the same thing.
    pub node: String,
    pub prompt: String,
    pub label: String,
    /// Why this answer leads where it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    /// True when the answer came from the question's default rather than from the user.
    pub defaulted: bool,
    /// True when the answer came from scanning the project (`--detect`).
    pub detected: bool,
}

/// Where a session stands.
#[derive(Debug, Clone, Copy)]
pub enum Step<'t> {
    Question(&'t Question),
    Leaf(&'t Leaf),
}

/// A problem with the answers given to a session.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("question `{question}` ({prompt}) needs an answer; choices: {}", choices.join(", "))]
    MissingAnswer {
        question: String,
        prompt: String,
        choices: Vec<String>,
    },
    #[error("unknown question `{question}`; valid questions: {}", valid.join(", "))]
    UnknownQuestion {
        question: String,
        valid: Vec<String>,
    },
    #[error("question `{question}` has no choice `{choice}`; valid choices: {}", valid.join(", "))]
    UnknownChoice {
        question: String,
        choice: String,
        valid: Vec<String>,
    },
    #[error(
        "question `{question}` is answered twice: `{first}` and `{second}`; give one answer per question"
    )]
    ConflictingAnswers {
        question: String,
        first: String,
        second: String,
    },
    #[error("the session is already at a recommendation; go back or restart to answer again")]
    Finished,
}

impl AnswerError {
    /// Stable machine-readable kind, as used in JSON errors.
    pub fn kind(&self) -> &'static str {
        match self {
            AnswerError::MissingAnswer { .. } => "missing_answer",
            AnswerError::UnknownQuestion { .. } => "unknown_question",
            AnswerError::UnknownChoice { .. } => "unknown_choice",
            AnswerError::ConflictingAnswers { .. } => "conflicting_answers",
            AnswerError::Finished => "finished",
        }
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    User,
    Default,
    Detected,
}

/// A walk through the tree: the answers so far and where they lead.
#[derive(Debug, Clone)]
pub struct Session<'t> {
    tree: &'t Tree,
    /// Questions visited, in order; the last one is the current question unless `leaf` is set.
    visited: Vec<QuestionIdx>,
    trail: Vec<TrailStep>,
    leaf: Option<&'t Leaf>,
    /// Answers given before asking (`--answer`), by key.
    preset: BTreeMap<String, String>,
    /// Answers inferred from the project (`--detect`); explicit answers win over them.
    detected: BTreeMap<String, String>,
}

impl<'t> Session<'t> {
    pub fn new(tree: &'t Tree) -> Self {
        Session {
            tree,
            visited: vec![tree.start],
            trail: Vec::new(),
            leaf: None,
            preset: BTreeMap::new(),
            detected: BTreeMap::new(),
        }
    }

    /// Checks answers given by key against the tree: every key and choice must exist, and a key may
    /// not be given two different answers.
    pub fn check_answers(tree: &Tree, answers: &[(String, String)]) -> Result<(), AnswerError> {
        let mut given: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, choice) in answers {
            let Some(known) = tree.key(key) else {
                return Err(AnswerError::UnknownQuestion {
                    question: key.clone(),
                    valid: tree.key_names(),
                });
            };
            if !known.choices.iter().any(|c| c == choice) {
                return Err(AnswerError::UnknownChoice {
                    question: key.clone(),
                    choice: choice.clone(),
                    valid: known.choices.iter().map(ToString::to_string).collect(),
                });
            }
            if let Some(first) = given.insert(key, choice)
                && first != choice
            {
                return Err(AnswerError::ConflictingAnswers {
                    question: key.clone(),
                    first: first.to_owned(),
                    second: choice.clone(),
                });
            }
        }
        Ok(())
    }

    /// Remembers answers to give when their questions come up.
    pub fn with_preset(mut self, answers: &[(String, String)]) -> Result<Self, AnswerError> {
        Self::check_answers(self.tree, answers)?;
        self.preset.extend(answers.iter().cloned());
        Ok(self)
    }

    /// Remembers answers inferred from the project; explicit presets and the user's own answers win.
    /// Detected answers the tree does not know are left out rather than refused.
    #[must_use]
    pub fn with_detected(mut self, answers: &[(String, String)]) -> Self {
        for (key, choice) in answers {
            if Self::check_answers(self.tree, &[(key.clone(), choice.clone())]).is_ok() {
                self.detected.insert(key.clone(), choice.clone());
            }
        }
        self
    }

    /// The preset or detected answer for the current question, if any (the TUI pre-selects it).
    pub fn suggested(&self) -> Option<&str> {
        match self.current() {
            Step::Question(q) => self
                .preset
                .get(q.key.as_str())
                .or_else(|| self.detected.get(q.key.as_str()))
                .map(String::as_str),
            Step::Leaf(_) => None,
        }
    }

    pub fn current(&self) -> Step<'t> {
        match self.leaf {
            Some(leaf) => Step::Leaf(leaf),
            None => Step::Question(self.tree.question(self.current_question())),
        }
    }

    fn current_question(&self) -> QuestionIdx {
        self.visited.last().copied().unwrap_or(self.tree.start)
    }

    pub fn trail(&self) -> &[TrailStep] {
        &self.trail
    }

    pub fn leaf(&self) -> Option<&'t Leaf> {
        self.leaf
    }

    /// Number of questions answered so far.
    pub fn depth(&self) -> usize {
        self.trail.len()
    }

    /// The longest number of questions any path from the current question still asks.
    pub fn remaining(&self) -> usize {
        match self.leaf {
            Some(_) => 0,
            None => self.tree.remaining_from(self.current_question()),
        }
    }

    /// Answers the current question with a choice id.
    pub fn answer(&mut self, choice: &str) -> Result<(), AnswerError> {
        self.answer_as(choice, Origin::User)
    }

    fn answer_as(&mut self, choice: &str, origin: Origin) -> Result<(), AnswerError> {
        let Step::Question(q) = self.current() else {
            return Err(AnswerError::Finished);
        };
        let Some(c) = q.choice(choice) else {
            return Err(AnswerError::UnknownChoice {
                question: q.key.to_string(),
                choice: choice.to_owned(),
                valid: q.choice_ids(),
            });
        };
        self.trail.push(step(q, c, origin));
        match c.target {
            Target::Question(next) => self.visited.push(next),
            Target::Leaf(leaf) => self.leaf = Some(self.tree.leaf(leaf)),
        }
        Ok(())
    }

    /// Goes back one question; returns false at the start.
    pub fn back(&mut self) -> bool {
        if self.trail.pop().is_none() {
            return false;
        }
        if self.leaf.take().is_none() {
            self.visited.pop();
        }
        true
    }

    /// Forgets every answer given (presets stay, so detected answers are offered again).
    pub fn restart(&mut self) {
        self.visited.truncate(1);
        self.trail.clear();
        self.leaf = None;
    }

    /// Answers every question from the presets, then from detection, then from question defaults,
    /// until a leaf or a question that has none of them.
    pub fn advance(&mut self) -> Result<&'t Leaf, AnswerError> {
        loop {
            let q = match self.current() {
                Step::Leaf(leaf) => return Ok(leaf),
                Step::Question(q) => q,
            };
            if let Some(choice) = self.preset.get(q.key.as_str()).cloned() {
                self.answer_as(&choice, Origin::User)?;
            } else if let Some(choice) = self.detected.get(q.key.as_str()).cloned() {
                self.answer_as(&choice, Origin::Detected)?;
            } else if let Some(d) = q.default_choice() {
                let id = d.id.clone();
                self.answer_as(&id, Origin::Default)?;
            } else {
                return Err(AnswerError::MissingAnswer {
                    question: q.key.to_string(),
                    prompt: q.prompt.to_string(),
                    choices: q.choice_ids(),
                });
            }
        }
    }

    /// Preset answers whose questions this path never asked.
    pub fn unused(&self) -> Vec<(String, String)> {
        self.preset
            .iter()
            .filter(|(k, _)| !self.trail.iter().any(|s| &s.question == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

fn step(q: &Question, c: &Choice, origin: Origin) -> TrailStep {
    TrailStep {
        question: q.key.to_string(),
        answer: c.id.to_string(),
        node: q.id.to_string(),
        prompt: q.prompt.to_string(),
        label: c.label.to_string(),
        because: c.because.as_deref().map(str::to_owned),
        defaulted: origin == Origin::Default,
        detected: origin == Origin::Detected,
    }
}

/// The answers that lead from the start to a leaf along a shortest path, for `basepick dockerfile
/// LEAF`. Breadth-first, so linear in the size of the tree however much of it is shared.
pub fn path_to_leaf(tree: &Tree, leaf_id: &str) -> Option<Vec<TrailStep>> {
    let target = tree.find_leaf(leaf_id)?;
    let reach = Reach::of(tree);
    reach.trail(tree, target.index())
}

/// A shortest path to every leaf, by leaf index (`None` for a leaf nothing leads to): one
/// breadth-first walk for all of them, so rendering every leaf (`check-data`) stays linear.
pub fn paths_to_leaves(tree: &Tree) -> Vec<Option<Vec<TrailStep>>> {
    let reach = Reach::of(tree);
    (0..tree.leaves.len())
        .map(|l| reach.trail(tree, l))
        .collect()
}

/// The first choice (question, choice index) through which a breadth-first walk from the start
/// reaches each question and each leaf.
struct Reach {
    question: Vec<Option<(QuestionIdx, usize)>>,
    leaf: Vec<Option<(QuestionIdx, usize)>>,
}

impl Reach {
    fn of(tree: &Tree) -> Reach {
        let mut question = vec![None; tree.questions.len()];
        let mut leaf = vec![None; tree.leaves.len()];
        let mut seen = vec![false; tree.questions.len()];
        let mut queue = std::collections::VecDeque::from([tree.start]);
        seen[index(tree.start)] = true;
        while let Some(q) = queue.pop_front() {
            for (i, c) in tree.question(q).choices.iter().enumerate() {
                match c.target {
                    Target::Leaf(l) => {
                        leaf[l.index()].get_or_insert((q, i));
                    }
                    Target::Question(next) if !seen[index(next)] => {
                        seen[index(next)] = true;
                        question[index(next)] = Some((q, i));
                        queue.push_back(next);
                    }
                    Target::Question(_) => {}
                }
            }
        }
        Reach { question, leaf }
    }

    fn trail(&self, tree: &Tree, leaf: usize) -> Option<Vec<TrailStep>> {
        let (mut at, choice) = (*self.leaf.get(leaf)?)?;
        let q = tree.question(at);
        let mut trail = vec![step(q, &q.choices[choice], Origin::User)];
        while let Some((p, choice)) = self.question[index(at)] {
            let pq = tree.question(p);
            trail.push(step(pq, &pq.choices[choice], Origin::User));
            at = p;
        }
        trail.reverse();
        Some(trail)
    }
}

fn index(q: QuestionIdx) -> usize {
    q.index()
}
