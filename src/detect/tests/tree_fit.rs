//! Detected answers against the shipped decision tree.

use std::fs;
use std::path::Path;

use super::{detect, fixture};
use crate::detect::answers;

/// The leaves of the shipped decision tree that `answers` still allow, every other question taking
/// any of its choices.
fn reachable_leaves<'t>(
    tree: &'t crate::knowledge::Tree,
    answers: &[(String, String)],
) -> Vec<&'t crate::knowledge::Leaf> {
    use crate::knowledge::Target;
    let mut leaves = Vec::new();
    let mut stack = vec![tree.start];
    while let Some(idx) = stack.pop() {
        let question = tree.question(idx);
        let given = answers.iter().find(|(k, _)| *k == question.key);
        let choices: Vec<_> = match given {
            Some((key, value)) => vec![
                question
                    .choice(value)
                    .unwrap_or_else(|| panic!("{key}={value} is not a choice of {}", question.id)),
            ],
            None => question.choices.iter().collect(),
        };
        for choice in choices {
            match choice.target {
                Target::Question(next) => stack.push(next),
                Target::Leaf(leaf) => leaves.push(tree.leaf(leaf)),
            }
        }
    }
    leaves
}

/// Every fixture's answers are valid in the shipped tree, and a Python project using numpy can only
/// reach glibc images.
#[test]
fn fixture_answers_fit_the_shipped_tree() {
    use crate::knowledge::Libc;
    let knowledge = crate::knowledge::embedded().unwrap();
    let tree = &knowledge.tree;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects");
    for entry in fs::read_dir(&root).unwrap() {
        let d = detect(&entry.unwrap().path());
        for rt in &d.runtimes {
            let given = answers(rt);
            for (key, value) in &given {
                assert!(
                    tree.key(key)
                        .is_some_and(|k| k.choices.iter().any(|c| c == value)),
                    "{key}={value} is not offered by the tree"
                );
            }
            assert!(!reachable_leaves(tree, &given).is_empty());
        }
    }
    let numpy = fixture("python-numpy");
    let leaves = reachable_leaves(tree, &answers(numpy.primary().unwrap()));
    assert!(!leaves.is_empty());
    for leaf in leaves {
        let image = knowledge.image(leaf.image);
        assert_ne!(image.libc, Libc::Musl, "{} leads to {}", leaf.id, image.id);
    }
}
