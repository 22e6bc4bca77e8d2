//! learn.toml's checks: each broken fixture loads (a problem in the course never stops the rest of the
//! data) and reports its rule at the offending line.

use basepick::knowledge::{Knowledge, Problem, Rule};
use rstest::rstest;

use crate::common::fixture;

const LEARN: &str = "learn.toml";
const REFERENCE: Rule = Rule::UnknownReference;

/// The problems kept beside the data, which must load.
fn learn_problems_of(name: &str) -> Vec<Problem> {
    match Knowledge::load_dir(&fixture(&format!("invalid/{name}"))) {
        Ok(k) => k.learn.into_inner().unwrap().problems.0,
        Err(e) => panic!("{name}: a broken learn.toml stopped the data from loading: {e}"),
    }
}

#[rstest]
#[case::answer("learn-answer", Rule::AnswerNotAChoice, Some(7), "not one of")]
#[case::image("learn-reference", REFERENCE, Some(16), "image `py-nowhere`")]
#[case::leaf("learn-reference", REFERENCE, Some(25), "leaf `python-nowhere`")]
#[case::lesson("learn-reference", REFERENCE, Some(29), "lesson `hardening`")]
#[case::duplicate("learn-duplicate", Rule::DuplicateId, Some(11), "used twice")]
#[case::empty("learn-empty", Rule::EmptyText, Some(8), "`explanation` is empty")]
fn each_broken_learn_fixture_reports_its_rule(
    #[case] name: &str,
    #[case] rule: Rule,
    #[case] line: Option<usize>,
    #[case] message: &str,
) {
    let problems = learn_problems_of(name);
    let found = problems
        .iter()
        .find(|p| p.rule == rule && p.message.contains(message))
        .unwrap_or_else(|| panic!("{name}: no {rule:?} saying {message:?} among {problems:#?}"));
    assert_eq!(found.file, LEARN, "{name}");
    assert_eq!(found.location.as_ref().map(|l| l.line), line, "{name}");
    if let Some(loc) = &found.location {
        assert!(
            !loc.snippet.trim().is_empty(),
            "{name}: the offending line is shown"
        );
    }
}
