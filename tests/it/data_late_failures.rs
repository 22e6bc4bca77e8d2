//! Data that loads but would fail later — while rendering, in a scripted answer, in a diagram — or
//! that holds figures no arithmetic can use, is refused by validation with a located problem.

use basepick::knowledge::Rule;
use rstest::rstest;

use crate::data_validation::assert_fixture_reports;

#[rstest]
#[case::missing_include(
    "missing-include",
    Rule::UnknownReference,
    "templates/basic.Dockerfile.j2",
    Some(2),
    "`include` names template `_footer.j2`, which is not in templates/"
)]
#[case::unknown_field(
    "unknown-field",
    Rule::UnknownPlaceholder,
    "templates/basic.Dockerfile.j2",
    Some(7),
    "`image` has no field `maintainer`"
)]
#[case::missing_dockerignore(
    "missing-dockerignore",
    Rule::UnknownReference,
    "decision_tree.toml",
    Some(35),
    "leaf `python-slim` (runtime python) has no .dockerignore template"
)]
#[case::infinite_figure(
    "not-a-number",
    Rule::BadFigure,
    "images.toml",
    Some(22),
    "compressed size inf MB is not a size"
)]
#[case::nan_figure(
    "not-a-number",
    Rule::BadFigure,
    "images.toml",
    Some(56),
    "compressed size NaN MB is not a size"
)]
#[case::answer_key_equals(
    "answer-key-equals",
    Rule::AnswerKey,
    "decision_tree.toml",
    Some(21),
    "answer key `shell=needed` contains `=`"
)]
#[case::diagram_ids(
    "diagram-ids",
    Rule::DuplicateId,
    "decision_tree.toml",
    Some(44),
    "leaf ids `python-slim` and `python_slim` are one node (`python_slim`)"
)]
fn each_late_failure_is_reported_where_it_is(
    #[case] name: &str,
    #[case] rule: Rule,
    #[case] file: &str,
    #[case] line: Option<usize>,
    #[case] message: &str,
) {
    assert_fixture_reports(name, rule, file, line, message);
}
