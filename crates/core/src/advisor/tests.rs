//! The engine on the minimal fixture and the embedded data.

use super::*;
use crate::advisor::Amount;
use crate::knowledge::{self, Knowledge, Leaf, Shell};

fn minimal() -> Knowledge {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/valid/minimal");
    Knowledge::load_dir(&dir).unwrap()
}

fn embedded() -> Knowledge {
    knowledge::embedded().unwrap()
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
    assert!(matches!(s.current(), Step::Question(q) if q.id == "runtime"));
    assert_eq!(s.remaining(), 2);
    s.answer("python").unwrap();
    assert!(matches!(s.current(), Step::Question(q) if q.id == "debug_shell"));
    s.answer("no").unwrap();
    assert_eq!(
        s.leaf().map(|l: &Leaf| l.id.as_str()),
        Some("python-distroless")
    );
    assert_eq!(s.depth(), 2);
    assert_eq!(s.answer("yes"), Err(AnswerError::Finished));
}

#[test]
fn a_wrong_choice_changes_nothing() {
    let k = minimal();
    let mut s = Session::new(&k.tree);
    let err = s.answer("cobol").unwrap_err();
    assert!(matches!(err, AnswerError::UnknownChoice { ref valid, .. } if valid == &["python"]));
    assert_eq!(s.depth(), 0);
}

#[test]
fn back_undoes_one_answer_at_a_time_and_stops_at_the_start() {
    let k = minimal();
    let mut s = Session::new(&k.tree);
    s.answer("python").unwrap();
    s.answer("yes").unwrap();
    assert!(s.back());
    assert!(matches!(s.current(), Step::Question(q) if q.id == "debug_shell"));
    assert_eq!(s.trail().len(), 1);
    assert!(s.back());
    assert!(matches!(s.current(), Step::Question(q) if q.id == "runtime"));
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
    let outcome = recommend(&k, &pairs(&[("runtime", "python"), ("debug_shell", "yes")])).unwrap();
    assert_eq!(outcome.leaf.id, "python-slim");
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
    let k = embedded();
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
#[allow(clippy::float_cmp)]
fn deltas_compare_an_alternative_with_the_recommendation() {
    let k = minimal();
    let slim = k.image_by_id("py-slim").unwrap();
    let distroless = k.image_by_id("py-distroless").unwrap();
    let d = Deltas::between(distroless, slim, false);
    assert_eq!(
        d.size_mb,
        Amount {
            value: -6.6,
            exact: true
        }
    );
    assert_eq!(
        d.packages,
        Amount {
            value: 90.0,
            exact: true
        }
    );
    // Neither vulnerability range comes from a scanner, so they are not compared as numbers.
    assert_eq!(d.vulns, None);
    assert!(!d.same_image);
    assert_eq!(
        d.shell,
        Some(Change {
            from: Shell::None,
            to: Shell::Bash
        })
    );
    assert_eq!(d.libc, None);
}

#[test]
fn an_estimate_on_either_side_makes_a_difference_approximate() {
    let mut k = minimal();
    let slim = k.catalog.find("py-slim").unwrap();
    k.catalog.images[slim.index()].compressed.kind = crate::knowledge::FigureKind::Estimate;
    k.catalog.images[slim.index()].compressed.measured = None;
    let d = Deltas::between(
        k.image_by_id("py-distroless").unwrap(),
        k.image_by_id("py-slim").unwrap(),
        false,
    );
    assert!(!d.size_mb.exact);
    assert!(d.packages.exact);
}

#[test]
fn the_same_image_under_another_tag_is_recognised() {
    let mut k = minimal();
    let slim = k.catalog.find("py-slim").unwrap();
    let distroless = k.catalog.find("py-distroless").unwrap();
    let alias = k.catalog.images[distroless.index()].reference.clone();
    k.catalog.images[slim.index()].aliases.push(alias);
    let d = Deltas::between(k.image(slim), k.image(distroless), false);
    assert!(d.same_image);
}

#[test]
fn alternatives_are_ranked_supported_first_then_by_vulnerabilities_then_size() {
    let k = embedded();
    for leaf in &k.tree.leaves {
        let outcome = Outcome::new(&k, leaf, Vec::new(), Vec::new());
        let keys: Vec<(u8, f64, f64)> = outcome
            .alternatives
            .iter()
            .map(|a| {
                (
                    u8::from(a.deltas.unsupported),
                    a.image.vulns_mid(),
                    a.image.size_mb(),
                )
            })
            .collect();
        assert!(
            keys.windows(2)
                .all(|w| w[0].0 < w[1].0
                    || (w[0].0 == w[1].0 && (w[0].1, w[0].2) <= (w[1].1, w[1].2))),
            "{}: {keys:?}",
            leaf.id
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

#[test]
fn conflicting_answers_for_one_question_are_refused() {
    let k = minimal();
    let given = pairs(&[
        ("debug_shell", "yes"),
        ("runtime", "python"),
        ("debug_shell", "no"),
    ]);
    let err = recommend(&k, &given).unwrap_err();
    assert_eq!(err.kind(), "conflicting_answers");
    assert!(err.to_string().contains("`yes` and `no`"), "{err}");
    // The same answer twice is no conflict.
    let twice = pairs(&[("runtime", "python"), ("runtime", "python")]);
    assert!(Session::check_answers(&k.tree, &twice).is_ok());
}

#[test]
fn remaining_counts_the_longest_path_left() {
    let k = embedded();
    let mut s = Session::new(&k.tree);
    let at_start = s.remaining();
    s.answer("python").unwrap();
    assert!(s.remaining() < at_start);
    assert!(s.remaining() >= 1);
}
