//! Scenario questions: a random path through the tree gives the situation, the advisor decides which
//! image is right, and the wrong choices come from that leaf's alternatives.

use std::collections::BTreeSet;

use crate::advisor::{self, Deltas, Outcome, Session, Step, TrailStep};
use crate::knowledge::{Image, Knowledge, Tree};

/// Wrong choices offered beside the right one, at most.
pub const DISTRACTORS: usize = 3;

/// "A team answers …: which base image?"
#[derive(Debug, Clone)]
pub struct Scenario<'k> {
    /// What `recommend` made of the path's answers: the trail is the situation, the image the answer.
    pub outcome: Outcome<'k>,
    /// The images offered, in the order shown.
    pub options: Vec<&'k Image>,
    /// Index of the recommended image in `options`.
    pub correct: usize,
}

impl Scenario<'_> {
    /// The situation, question by question.
    pub fn situation(&self) -> &[TrailStep] {
        &self.outcome.trail
    }

    /// The answers as `KEY=CHOICE` pairs, as `recommend --answer` takes them.
    pub fn answers(&self) -> Vec<(String, String)> {
        self.outcome
            .trail
            .iter()
            .map(|s| (s.question.clone(), s.answer.clone()))
            .collect()
    }

    /// What choosing `image` instead of the recommendation would change.
    pub fn deltas(&self, image: &Image) -> Deltas {
        self.outcome
            .alternatives
            .iter()
            .find(|a| a.image.id == image.id)
            .map_or_else(
                || Deltas::between(self.outcome.image, image, false),
                |a| a.deltas.clone(),
            )
    }
}

/// Up to `count` scenarios with distinct answers, different leaves first; fewer when the tree and
/// catalog cannot give that many (none when no leaf has an image to offer as a wrong answer).
pub fn generate<'k>(
    knowledge: &'k Knowledge,
    rng: &mut fastrand::Rng,
    count: usize,
) -> Vec<Scenario<'k>> {
    let mut out: Vec<Scenario<'k>> = Vec::new();
    let mut seen_answers: BTreeSet<Vec<(String, String)>> = BTreeSet::new();
    let mut seen_leaves: BTreeSet<String> = BTreeSet::new();
    let attempts = count.saturating_mul(40);
    for attempt in 0..attempts {
        if out.len() >= count {
            break;
        }
        let answers = random_path(&knowledge.tree, rng);
        if seen_answers.contains(&answers) {
            continue;
        }
        // The engine, not the path, decides what is right.
        let Ok(outcome) = advisor::recommend(knowledge, &answers) else {
            continue;
        };
        // A repeated leaf is taken only once new ones have become hard to find.
        if seen_leaves.contains(outcome.leaf.id.as_str()) && attempt < attempts / 2 {
            continue;
        }
        let wrong = distractors(knowledge, &outcome, rng);
        if wrong.is_empty() {
            continue;
        }
        seen_answers.insert(answers);
        seen_leaves.insert(outcome.leaf.id.to_string());
        let mut options = wrong;
        let correct = rng.usize(..=options.len());
        options.insert(correct, outcome.image);
        out.push(Scenario {
            outcome,
            options,
            correct,
        });
    }
    out
}

/// The answers of a path from the first question to a leaf, each choice drawn at random.
fn random_path(tree: &Tree, rng: &mut fastrand::Rng) -> Vec<(String, String)> {
    let mut session = Session::new(tree);
    // The tree is acyclic (validated), so every walk ends; the bound only guards the loop.
    for _ in 0..=tree.questions.len() {
        let Step::Question(q) = session.current() else {
            break;
        };
        let Some(choice) = q.choices.get(rng.usize(..q.choices.len().max(1))) else {
            break;
        };
        if session.answer(&choice.id).is_err() {
            break;
        }
    }
    session
        .trail()
        .iter()
        .map(|s| (s.question.clone(), s.answer.clone()))
        .collect()
}

/// Wrong answers: the leaf's alternatives, else images other leaves recommend for the same runtime;
/// never the recommended image under another name.
fn distractors<'k>(
    knowledge: &'k Knowledge,
    outcome: &Outcome<'k>,
    rng: &mut fastrand::Rng,
) -> Vec<&'k Image> {
    let right = outcome.image;
    let differs = |i: &Image| {
        i.id != right.id && !right.is_named_by(&i.reference) && !i.is_named_by(&right.reference)
    };
    let mut pool: Vec<&'k Image> = Vec::new();
    for alt in &outcome.alternatives {
        if differs(alt.image)
            && !alt.deltas.same_image
            && !pool.iter().any(|p| p.id == alt.image.id)
        {
            pool.push(alt.image);
        }
    }
    if pool.is_empty() {
        for (_, leaf) in knowledge.tree.leaf_indices() {
            let image = knowledge.image(leaf.image);
            if leaf.runtime == outcome.leaf.runtime
                && differs(image)
                && !pool.iter().any(|p| p.id == image.id)
            {
                pool.push(image);
            }
        }
    }
    rng.shuffle(&mut pool);
    pool.truncate(DISTRACTORS);
    pool
}
