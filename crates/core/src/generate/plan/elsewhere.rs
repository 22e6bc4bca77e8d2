//! When the chosen image does not offer the runtime version a project asks for, where the catalog
//! does: the leaf of the same runtime whose image offers an accepted version and whose answers differ
//! least from the ones given, so the note can say which answers lead there.

use crate::advisor::{Outcome, leaf_outcome};
use crate::knowledge::Knowledge;

/// Another leaf whose image offers a version the project takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    pub leaf: String,
    /// The image reference at that version.
    pub image: String,
    pub version: String,
    /// `key=choice` answers that differ from the ones given, in tree order.
    pub answers: Vec<String>,
}

impl Elsewhere {
    /// The sentence for the note: which image offers it and which answers lead there.
    pub fn advice(&self, runtime: &str) -> String {
        format!(
            "{} offers {runtime} {}; the answers {} lead to it (leaf `{}`).",
            self.image,
            self.version,
            self.answers.join(" "),
            self.leaf
        )
    }
}

/// The nearest leaf (fewest differing answers, then tree order) of the outcome's runtime, other than
/// its own, whose versioned image offers a version `accepts` takes; the newest such version.
pub fn find(
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    accepts: impl Fn(&str) -> bool,
) -> Option<Elsewhere> {
    let given = &outcome.trail;
    knowledge
        .tree
        .leaves
        .iter()
        .filter(|l| l.runtime == outcome.leaf.runtime && l.id != outcome.leaf.id)
        .filter_map(|leaf| {
            let other = leaf_outcome(knowledge, &leaf.id)?;
            let image = super::versioned(&other)?;
            let version = image
                .offered_versions()
                .into_iter()
                .rev()
                .find(|v| accepts(v))?;
            let reference = image.reference_for_version(&version)?;
            // The outcome's trail is the shortest path of answers to that leaf.
            let answers = other
                .trail
                .iter()
                .filter(|s| {
                    !given
                        .iter()
                        .any(|g| g.question == s.question && g.answer == s.answer)
                })
                .map(|s| format!("{}={}", s.question, s.answer))
                .collect::<Vec<_>>();
            Some(Elsewhere {
                leaf: leaf.id.to_string(),
                image: reference.to_string(),
                version,
                answers,
            })
        })
        .min_by_key(|e| e.answers.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisor::recommend;
    use crate::generate::facts::{Fact, ProjectFacts};
    use crate::generate::{PlanInput, plan};
    use crate::knowledge::{self, Date};

    fn plan_with(
        k: &Knowledge,
        outcome: &Outcome<'_>,
        facts: &ProjectFacts,
    ) -> crate::generate::Plan {
        plan(PlanInput {
            knowledge: k,
            outcome,
            facts: Some(facts),
            overrides: &[],
            today: Date::new(2026, 11, 28).unwrap(),
        })
        .unwrap()
    }

    fn pairs(answers: &[String]) -> Vec<(String, String)> {
        answers
            .iter()
            .map(|a| {
                let (k, v) = a.split_once('=').unwrap();
                (k.to_owned(), v.to_owned())
            })
            .collect()
    }

    /// The advice is true: the answers it names, added to the ones given, reach an image whose plan
    /// then takes the project's version.
    #[test]
    fn the_named_answers_lead_to_an_image_offering_the_version() {
        let k = knowledge::embedded().unwrap();
        let given = pairs(&[
            "runtime=python".into(),
            "c_extensions=yes".into(),
            "debug_shell=no".into(),
        ]);
        let outcome = recommend(&k, &given).unwrap();
        for facts in [
            ProjectFacts {
                version: Some(Fact::new("3.14".to_owned(), ".python-version:1")),
                ..ProjectFacts::default()
            },
            ProjectFacts {
                version: Some(Fact::new("3.14".to_owned(), "pyproject.toml:5")),
                version_spec: Some(">=3.14,<4.0".to_owned()),
                ..ProjectFacts::default()
            },
        ] {
            let before = plan_with(&k, &outcome, &facts);
            assert_eq!(before.version.as_ref().unwrap().value, "3.13");
            let there = find(&k, &outcome, |v| v == "3.14").unwrap();
            assert!(
                before
                    .notes
                    .iter()
                    .any(|n| n.contains(&there.advice("Python"))),
                "{:?}",
                before.notes
            );
            let mut answers = given.clone();
            for (key, value) in pairs(&there.answers) {
                answers.retain(|(k, _)| *k != key);
                answers.push((key, value));
            }
            let moved = recommend(&k, &answers).unwrap();
            assert_eq!(moved.leaf.id, there.leaf);
            let after = plan_with(&k, &moved, &facts);
            assert_eq!(after.version.unwrap().value, "3.14");
        }
    }

    #[test]
    fn nothing_is_named_when_no_image_of_the_runtime_offers_the_version() {
        let k = knowledge::embedded().unwrap();
        let outcome = leaf_outcome(&k, "python-distroless").unwrap();
        assert_eq!(find(&k, &outcome, |v| v == "2.7"), None);
    }
}
