//! The decision engine: a pure walk through the tree (`Session`) and the advice at its end (`Outcome`).
//!
//! Front ends never compute advice themselves: they drive a `Session` and show its `Outcome`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::knowledge::{Choice, Image, Knowledge, Leaf, Libc, Question, Shell, Target, Tree};

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
    #[error("the session is already at a recommendation; go back or restart to answer again")]
    Finished,
    #[error("leaf `{leaf}` names an image the catalog does not have")]
    BrokenLeaf { leaf: String },
}

impl AnswerError {
    /// Stable machine-readable kind, as used in JSON errors.
    pub fn kind(&self) -> &'static str {
        match self {
            AnswerError::MissingAnswer { .. } => "missing_answer",
            AnswerError::UnknownQuestion { .. } => "unknown_question",
            AnswerError::UnknownChoice { .. } => "unknown_choice",
            AnswerError::Finished => "finished",
            AnswerError::BrokenLeaf { .. } => "broken_leaf",
        }
    }
}

/// A walk through the tree: the answers so far and where they lead. No I/O.
#[derive(Debug, Clone)]
pub struct Session<'t> {
    tree: &'t Tree,
    /// Question node ids visited, in order; the last one is the current question unless `leaf` is set.
    visited: Vec<&'t str>,
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
            visited: vec![tree.start()],
            trail: Vec::new(),
            leaf: None,
            preset: BTreeMap::new(),
            detected: BTreeMap::new(),
        }
    }

    /// Checks answers given by key against the tree: every key and choice must exist.
    pub fn check_answers(tree: &Tree, answers: &[(String, String)]) -> Result<(), AnswerError> {
        let keys = tree.keys();
        for (key, choice) in answers {
            if !keys.contains(&key.as_str()) {
                return Err(AnswerError::UnknownQuestion {
                    question: key.clone(),
                    valid: keys.iter().map(|k| (*k).to_owned()).collect(),
                });
            }
            let valid = tree.choices_for_key(key);
            if !valid.contains(choice) {
                return Err(AnswerError::UnknownChoice {
                    question: key.clone(),
                    choice: choice.clone(),
                    valid,
                });
            }
        }
        Ok(())
    }

    /// Remembers answers to give when their questions come up (later entries win).
    pub fn with_preset(mut self, answers: &[(String, String)]) -> Result<Self, AnswerError> {
        Self::check_answers(self.tree, answers)?;
        self.preset.extend(answers.iter().cloned());
        Ok(self)
    }

    /// Remembers answers inferred from the project; explicit presets and the user's own answers win.
    /// Detected answers the tree does not know are left out rather than refused.
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
                .get(q.key())
                .or_else(|| self.detected.get(q.key()))
                .map(String::as_str),
            Step::Leaf(_) => None,
        }
    }

    pub fn current(&self) -> Step<'t> {
        if let Some(leaf) = self.leaf {
            Step::Leaf(leaf)
        } else {
            let id = self.visited.last().copied().unwrap_or(self.tree.start());
            // Validated data guarantees the id exists; fall back to the start question otherwise.
            let q = self
                .tree
                .question(id)
                .or_else(|| self.tree.questions.first());
            match q {
                Some(q) => Step::Question(q),
                None => unreachable_question(),
            }
        }
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
        match self.current() {
            Step::Leaf(_) => 0,
            Step::Question(q) => longest_path(self.tree, q.id(), 0),
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
                question: q.key().to_owned(),
                choice: choice.to_owned(),
                valid: q.choice_ids(),
            });
        };
        self.trail.push(step(q, c, origin));
        match c.target() {
            Some(Target::Question(next)) => self.visited.push(next),
            Some(Target::Leaf(leaf)) => self.leaf = self.tree.leaf(leaf),
            None => {}
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

    /// Answers every question from the presets, then from question defaults, until a leaf or a
    /// question that has neither.
    pub fn advance(&mut self) -> Result<&'t Leaf, AnswerError> {
        loop {
            let q = match self.current() {
                Step::Leaf(leaf) => return Ok(leaf),
                Step::Question(q) => q,
            };
            if let Some(choice) = self.preset.get(q.key()).cloned() {
                self.answer_as(&choice, Origin::User)?;
            } else if let Some(choice) = self.detected.get(q.key()).cloned() {
                self.answer_as(&choice, Origin::Detected)?;
            } else if let Some(d) = q.default_choice() {
                let id = d.id().to_owned();
                self.answer_as(&id, Origin::Default)?;
            } else {
                return Err(AnswerError::MissingAnswer {
                    question: q.key().to_owned(),
                    prompt: q.prompt.clone(),
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

fn unreachable_question() -> ! {
    // Knowledge validation rejects a tree without its start question, so a Session never sees one.
    panic!("a validated tree always has its start question")
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    User,
    Default,
    Detected,
}

fn step(q: &Question, c: &Choice, origin: Origin) -> TrailStep {
    TrailStep {
        question: q.key().to_owned(),
        answer: c.id().to_owned(),
        node: q.id().to_owned(),
        prompt: q.prompt.clone(),
        label: c.label.clone(),
        because: c.because.clone(),
        defaulted: origin == Origin::Default,
        detected: origin == Origin::Detected,
    }
}

fn longest_path(tree: &Tree, qid: &str, depth: usize) -> usize {
    let Some(q) = tree.question(qid) else {
        return 0;
    };
    if depth > tree.questions.len() {
        return 0;
    }
    1 + q
        .choices
        .iter()
        .map(|c| match c.target() {
            Some(Target::Question(next)) => longest_path(tree, next, depth + 1),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// How an alternative differs from the recommendation (alternative minus recommendation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deltas {
    pub size_mb: f64,
    pub packages: i64,
    /// Difference of the middles of the typical vulnerability ranges.
    pub vulns: f64,
    /// `"adds"` a shell, `"removes"` it, or none when both agree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<Change<Shell>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub libc: Option<Change<Libc>>,
    /// True when the alternative is past its end of support on the data's review date.
    pub unsupported: bool,
}

/// A value that differs between the recommendation and an alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    pub from: T,
    pub to: T,
}

impl Deltas {
    pub fn between(recommended: &Image, alternative: &Image, unsupported: bool) -> Self {
        fn change<T: PartialEq>(from: T, to: T) -> Option<Change<T>> {
            (from != to).then_some(Change { from, to })
        }
        Deltas {
            size_mb: round1(alternative.size_mb - recommended.size_mb),
            packages: i64::from(alternative.packages) - i64::from(recommended.packages),
            vulns: alternative.vulns.mid() - recommended.vulns.mid(),
            shell: change(recommended.shell, alternative.shell),
            libc: change(recommended.libc, alternative.libc),
            unsupported,
        }
    }

    /// Short phrases such as "+80 MB", "~20 more CVEs", "adds a shell", "musl libc".
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.size_mb.abs() >= 0.5 {
            out.push(format!("{} MB", signed(self.size_mb)));
        } else {
            out.push("same size".to_owned());
        }
        let packages = self.packages;
        if packages != 0 {
            out.push(format!(
                "{} {} packages",
                packages.unsigned_abs(),
                if packages > 0 { "more" } else { "fewer" }
            ));
        }
        let vulns = self.vulns.round();
        if vulns != 0.0 {
            out.push(format!(
                "~{} {} CVEs",
                vulns.abs(),
                if vulns > 0.0 { "more" } else { "fewer" }
            ));
        }
        if let Some(Change { from, to }) = self.shell {
            out.push(match (from, to) {
                (Shell::None, to) => format!("adds a shell ({to})"),
                (_, Shell::None) => "no shell".to_owned(),
                (_, to) => format!("{to} instead of {from}"),
            });
        }
        if let Some(Change { to, .. }) = self.libc {
            out.push(match to {
                Libc::None => "no libc".to_owned(),
                other => format!("{other} libc"),
            });
        }
        if self.unsupported {
            out.push("out of support".to_owned());
        }
        out
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `+80`, `−80` (a real minus sign reads better in a table), `+0.5`.
fn signed(x: f64) -> String {
    let magnitude = if x.fract().abs() < 0.05 {
        format!("{:.0}", x.abs())
    } else {
        format!("{:.1}", x.abs())
    };
    format!("{}{magnitude}", if x < 0.0 { "−" } else { "+" })
}

/// An alternative image and what choosing it instead would change.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative<'k> {
    #[serde(flatten)]
    pub image: &'k Image,
    pub deltas: Deltas,
    /// `deltas` as short phrases.
    pub summary: Vec<String>,
}

/// The advice at the end of a path.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome<'k> {
    pub leaf: &'k str,
    pub title: &'k str,
    pub runtime: &'k str,
    pub image: &'k Image,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builder: Option<&'k Image>,
    pub alternatives: Vec<Alternative<'k>>,
    pub trail: Vec<TrailStep>,
    pub why: &'k str,
    pub template: &'k str,
    /// Answers given for questions this path never reached, by key.
    pub unused: BTreeMap<String, String>,
}

impl<'k> Outcome<'k> {
    /// The advice for a leaf reached by `trail`; `None` if the leaf names an image the catalog lacks
    /// (validated data rules that out).
    pub fn new(
        knowledge: &'k Knowledge,
        leaf: &'k Leaf,
        trail: Vec<TrailStep>,
        unused: Vec<(String, String)>,
    ) -> Option<Self> {
        let image = knowledge.image(leaf.image())?;
        let builder = leaf.builder().and_then(|b| knowledge.image(b));
        let review = knowledge.review_date();
        let mut alternatives: Vec<Alternative<'k>> = leaf
            .alternatives
            .iter()
            .filter_map(|id| knowledge.image(id.get_ref()))
            .map(|alt| {
                let deltas = Deltas::between(image, alt, !alt.supported_on(review));
                Alternative {
                    image: alt,
                    summary: deltas.describe(),
                    deltas,
                }
            })
            .collect();
        rank(&mut alternatives);
        Some(Outcome {
            leaf: leaf.id(),
            title: &leaf.title,
            runtime: &leaf.runtime,
            image,
            builder,
            alternatives,
            trail,
            why: &leaf.why,
            template: leaf.template(),
            unused: unused.into_iter().collect(),
        })
    }

    /// The outcome a finished session leads to.
    pub fn of_session(knowledge: &'k Knowledge, session: &Session<'k>) -> Option<Self> {
        let leaf = session.leaf()?;
        Outcome::new(knowledge, leaf, session.trail().to_vec(), session.unused())
    }
}

/// Orders alternatives: supported before unsupported, then fewer typical vulnerabilities, then smaller.
/// The sort is stable, so the data's own order breaks the remaining ties.
pub fn rank(alternatives: &mut [Alternative<'_>]) {
    alternatives.sort_by(|a, b| {
        a.deltas
            .unsupported
            .cmp(&b.deltas.unsupported)
            .then(a.image.vulns.mid().total_cmp(&b.image.vulns.mid()))
            .then(a.image.size_mb.total_cmp(&b.image.size_mb))
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
    // Validated data always resolves a leaf's image; this only guards hand-built trees.
    Outcome::new(knowledge, leaf, session.trail().to_vec(), session.unused()).ok_or_else(|| {
        AnswerError::BrokenLeaf {
            leaf: leaf.id().to_owned(),
        }
    })
}

/// The answers that lead from the start to a leaf (the first path found), for `basepick dockerfile LEAF`.
pub fn path_to_leaf(tree: &Tree, leaf_id: &str) -> Option<Vec<TrailStep>> {
    fn walk(
        tree: &Tree,
        qid: &str,
        leaf_id: &str,
        trail: &mut Vec<TrailStep>,
        depth: usize,
    ) -> bool {
        let Some(q) = tree.question(qid) else {
            return false;
        };
        if depth > tree.questions.len() {
            return false;
        }
        for c in &q.choices {
            trail.push(step(q, c, Origin::User));
            let found = match c.target() {
                Some(Target::Leaf(l)) => l == leaf_id,
                Some(Target::Question(next)) => walk(tree, next, leaf_id, trail, depth + 1),
                None => false,
            };
            if found {
                return true;
            }
            trail.pop();
        }
        false
    }
    let mut trail = Vec::new();
    walk(tree, tree.start(), leaf_id, &mut trail, 0).then_some(trail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::DataSource;

    fn minimal() -> Knowledge {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
        Knowledge::load(&DataSource::Dir(dir)).unwrap()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn walks_from_the_start_to_a_leaf() {
        let k = minimal();
        let mut s = Session::new(&k.tree);
        assert!(matches!(s.current(), Step::Question(q) if q.id() == "runtime"));
        assert_eq!(s.remaining(), 2);
        s.answer("python").unwrap();
        assert!(matches!(s.current(), Step::Question(q) if q.id() == "debug_shell"));
        s.answer("no").unwrap();
        assert_eq!(s.leaf().map(Leaf::id), Some("python-distroless"));
        assert_eq!(s.depth(), 2);
        assert_eq!(s.answer("yes"), Err(AnswerError::Finished));
    }

    #[test]
    fn a_wrong_choice_changes_nothing() {
        let k = minimal();
        let mut s = Session::new(&k.tree);
        let err = s.answer("cobol").unwrap_err();
        assert!(
            matches!(err, AnswerError::UnknownChoice { ref valid, .. } if valid == &["python"])
        );
        assert_eq!(s.depth(), 0);
    }

    #[test]
    fn back_undoes_one_answer_at_a_time_and_stops_at_the_start() {
        let k = minimal();
        let mut s = Session::new(&k.tree);
        s.answer("python").unwrap();
        s.answer("yes").unwrap();
        assert!(s.back());
        assert!(matches!(s.current(), Step::Question(q) if q.id() == "debug_shell"));
        assert_eq!(s.trail().len(), 1);
        assert!(s.back());
        assert!(matches!(s.current(), Step::Question(q) if q.id() == "runtime"));
        assert!(!s.back());
    }

    #[test]
    fn restart_forgets_answers_but_keeps_presets() {
        let k = minimal();
        let mut s = Session::new(&k.tree)
            .with_preset(&pairs(&[("debug_shell", "no")]))
            .unwrap();
        s.answer("python").unwrap();
        assert_eq!(s.suggested(), Some("no"));
        s.restart();
        assert_eq!(s.depth(), 0);
        assert!(s.leaf().is_none());
        s.answer("python").unwrap();
        assert_eq!(s.suggested(), Some("no"));
    }

    #[test]
    fn presets_answer_questions_and_report_the_unused_ones() {
        let k = minimal();
        let outcome =
            recommend(&k, &pairs(&[("runtime", "python"), ("debug_shell", "yes")])).unwrap();
        assert_eq!(outcome.leaf, "python-slim");
        assert_eq!(outcome.trail.len(), 2);
        assert!(outcome.unused.is_empty());
        let err = recommend(&k, &pairs(&[("runtime", "python")])).unwrap_err();
        assert!(
            matches!(err, AnswerError::MissingAnswer { ref question, .. } if question == "debug_shell")
        );
    }

    #[test]
    fn unknown_keys_and_choices_name_the_valid_ones() {
        let k = minimal();
        let err = recommend(&k, &pairs(&[("colour", "red")])).unwrap_err();
        assert_eq!(err.kind(), "unknown_question");
        assert!(err.to_string().contains("runtime, debug_shell"), "{err}");
        let err = recommend(&k, &pairs(&[("debug_shell", "maybe")])).unwrap_err();
        assert_eq!(err.kind(), "unknown_choice");
        assert!(err.to_string().contains("yes, no"), "{err}");
    }

    #[test]
    fn defaults_fill_in_and_are_marked() {
        let k = Knowledge::embedded().unwrap();
        let outcome = recommend(
            &k,
            &pairs(&[
                ("runtime", "python"),
                ("c_extensions", "yes"),
                ("debug_shell", "no"),
            ]),
        )
        .unwrap();
        let security = outcome
            .trail
            .iter()
            .find(|s| s.question == "security")
            .unwrap();
        assert!(security.defaulted);
        assert_eq!(security.answer, "standard");
        assert!(
            outcome
                .trail
                .iter()
                .filter(|s| s.question != "security")
                .all(|s| !s.defaulted)
        );
    }

    #[test]
    fn deltas_compare_an_alternative_with_the_recommendation() {
        let k = minimal();
        let slim = k.image("py-slim").unwrap();
        let distroless = k.image("py-distroless").unwrap();
        let d = Deltas::between(distroless, slim, false);
        assert_eq!(d.size_mb, -6.6);
        assert_eq!(d.packages, 90);
        assert_eq!(d.vulns, 18.5);
        assert_eq!(
            d.shell,
            Some(Change {
                from: Shell::None,
                to: Shell::Bash
            })
        );
        assert_eq!(d.libc, None);
        assert_eq!(
            d.describe(),
            vec![
                "−6.6 MB",
                "90 more packages",
                "~19 more CVEs",
                "adds a shell (bash)"
            ]
        );
        let back = Deltas::between(slim, distroless, true).describe();
        assert_eq!(
            back,
            vec![
                "+6.6 MB",
                "90 fewer packages",
                "~19 fewer CVEs",
                "no shell",
                "out of support"
            ]
        );
    }

    #[test]
    fn alternatives_are_ranked_supported_first_then_by_vulnerabilities_then_size() {
        let k = Knowledge::embedded().unwrap();
        for leaf in &k.tree.leaves {
            let outcome = Outcome::new(&k, leaf, Vec::new(), Vec::new()).unwrap();
            let keys: Vec<(u8, f64, f64)> = outcome
                .alternatives
                .iter()
                .map(|a| {
                    (
                        u8::from(a.deltas.unsupported),
                        a.image.vulns.mid(),
                        a.image.size_mb,
                    )
                })
                .collect();
            assert!(
                keys.windows(2).all(|w| w[0].0 < w[1].0
                    || (w[0].0 == w[1].0 && (w[0].1, w[0].2) <= (w[1].1, w[1].2))),
                "{}: {keys:?}",
                leaf.id()
            );
        }
    }

    #[test]
    fn path_to_leaf_finds_the_answers_that_lead_there() {
        let k = minimal();
        let trail = path_to_leaf(&k.tree, "python-slim").unwrap();
        let answers: Vec<(&str, &str)> = trail
            .iter()
            .map(|s| (s.question.as_str(), s.answer.as_str()))
            .collect();
        assert_eq!(answers, vec![("runtime", "python"), ("debug_shell", "yes")]);
        assert!(path_to_leaf(&k.tree, "nowhere").is_none());
    }
}
