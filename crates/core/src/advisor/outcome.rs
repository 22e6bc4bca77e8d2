//! The advice at the end of a path: the leaf, its images, the ranked alternatives and the trail.

use std::collections::BTreeMap;

use super::compare::Deltas;
use super::session::{AnswerError, Session, TrailStep, path_to_leaf};
use crate::knowledge::{Image, Knowledge, Leaf};

/// An alternative image and what choosing it instead would change.
#[derive(Debug, Clone)]
pub struct Alternative<'k> {
    pub image: &'k Image,
    pub deltas: Deltas,
}

/// The advice at the end of a path.
#[derive(Debug, Clone)]
pub struct Outcome<'k> {
    pub leaf: &'k Leaf,
    pub image: &'k Image,
    pub builder: Option<&'k Image>,
    /// Best first: see [`rank`].
    pub alternatives: Vec<Alternative<'k>>,
    pub trail: Vec<TrailStep>,
    /// Answers given for questions this path never reached, by key.
    pub unused: BTreeMap<String, String>,
}

impl<'k> Outcome<'k> {
    /// The advice for a leaf reached by `trail`.
    pub fn new(
        knowledge: &'k Knowledge,
        leaf: &'k Leaf,
        trail: Vec<TrailStep>,
        unused: Vec<(String, String)>,
    ) -> Self {
        let image = knowledge.image(leaf.image);
        let review = knowledge.review_date();
        let mut alternatives: Vec<Alternative<'k>> = leaf
            .alternatives
            .iter()
            .map(|&idx| {
                let alt = knowledge.image(idx);
                Alternative {
                    image: alt,
                    deltas: Deltas::between(image, alt, !alt.supported_on(review)),
                }
            })
            .collect();
        rank(&mut alternatives);
        Outcome {
            leaf,
            image,
            builder: leaf.builder.map(|b| knowledge.image(b)),
            alternatives,
            trail,
            unused: unused.into_iter().collect(),
        }
    }

    /// The outcome a finished session leads to.
    pub fn of_session(knowledge: &'k Knowledge, session: &Session<'k>) -> Option<Self> {
        let leaf = session.leaf()?;
        Some(Outcome::new(
            knowledge,
            leaf,
            session.trail().to_vec(),
            session.unused(),
        ))
    }
}

/// Orders alternatives: supported before unsupported, then fewer typical vulnerabilities, then smaller
/// (estimates included: ordering needs no exact figures). The sort is stable, so the data's own order
/// breaks the remaining ties.
pub fn rank(alternatives: &mut [Alternative<'_>]) {
    alternatives.sort_by(|a, b| {
        a.deltas
            .unsupported
            .cmp(&b.deltas.unsupported)
            .then(a.image.vulns_mid().total_cmp(&b.image.vulns_mid()))
            .then(a.image.size_mb().total_cmp(&b.image.size_mb()))
    });
}

/// Runs a whole non-interactive recommendation: check the answers, walk, and build the outcome.
pub fn recommend<'k>(
    knowledge: &'k Knowledge,
    answers: &[(String, String)],
) -> Result<Outcome<'k>, AnswerError> {
    recommend_detected(knowledge, answers, &[])
}

/// Like [`recommend`], with answers inferred from the project under the explicit ones.
pub fn recommend_detected<'k>(
    knowledge: &'k Knowledge,
    answers: &[(String, String)],
    detected: &[(String, String)],
) -> Result<Outcome<'k>, AnswerError> {
    let mut session = Session::new(&knowledge.tree)
        .with_preset(answers)?
        .with_detected(detected);
    let leaf = session.advance()?;
    Ok(Outcome::new(
        knowledge,
        leaf,
        session.trail().to_vec(),
        session.unused(),
    ))
}

/// The outcome of a leaf chosen by id, with a path that leads to it as its trail; `None` for an
/// unknown leaf.
pub fn leaf_outcome<'k>(knowledge: &'k Knowledge, leaf_id: &str) -> Option<Outcome<'k>> {
    let leaf = knowledge.leaf(knowledge.tree.find_leaf(leaf_id)?);
    let trail = path_to_leaf(&knowledge.tree, leaf_id).unwrap_or_default();
    Some(Outcome::new(knowledge, leaf, trail, Vec::new()))
}
