//! The lifecycle table's own checks: each broken lifecycle fixture fails with its rule's message.

use basepick::knowledge::Rule;
use rstest::rstest;

use crate::data_validation::assert_fixture_reports;

#[rstest]
#[case::lifecycle_duplicate_version(
    "lifecycle-duplicate-version",
    Rule::DuplicateVersion,
    "lifecycles.toml",
    Some(12),
    "python 3.12 is listed twice"
)]
#[case::lifecycle_dates_out_of_order(
    "lifecycle-dates-out-of-order",
    Rule::DatesOutOfOrder,
    "lifecycles.toml",
    Some(7),
    "released 2029-01-01 comes after security_until 2028-10-31"
)]
#[case::lifecycle_missing_source(
    "lifecycle-missing-source",
    Rule::MissingSource,
    "lifecycles.toml",
    Some(7),
    "no source"
)]
#[case::lifecycle_unknown_product(
    "lifecycle-unknown-product",
    Rule::UnknownProduct,
    "lifecycles.toml",
    Some(12),
    "tracks `debain`"
)]
fn each_broken_lifecycle_fixture_reports_its_rule(
    #[case] name: &str,
    #[case] rule: Rule,
    #[case] file: &str,
    #[case] line: Option<usize>,
    #[case] message: &str,
) {
    assert_fixture_reports(name, rule, file, line, message);
}
