//! The lifecycle table's own checks: each broken lifecycle fixture fails with its rule's message;
//! and the catalog's support dates checked against the table.

use std::path::Path;

use basepick::knowledge::Rule;
use rstest::rstest;

use crate::common::basepick;
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

/// `data/` copied into `to`, templates included.
fn copy_built_in_data(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for dir in ["", "templates"] {
        std::fs::create_dir_all(to.join(dir)).unwrap();
        for entry in std::fs::read_dir(from.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, to.join(dir).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}

#[test]
fn check_data_warns_where_a_data_directory_disagrees_with_its_lifecycle_table() {
    let dir = tempfile::tempdir().unwrap();
    copy_built_in_data(dir.path());
    let images = dir.path().join("images.toml");
    let text = std::fs::read_to_string(&images).unwrap();
    let at = text.find("id = \"python-3.11\"").unwrap();
    let date = at + text[at..].find("supported_until = 2027-10-31").unwrap();
    let changed = format!(
        "{}supported_until = 2030-01-01{}",
        &text[..date],
        &text[date + "supported_until = 2027-10-31".len()..]
    );
    std::fs::write(&images, changed).unwrap();
    let check = |data: Option<&Path>| {
        let mut command = basepick();
        command.args(["--today", "2026-11-28", "check-data"]);
        if let Some(data) = data {
            command.arg("--data").arg(data);
        }
        let out = command.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let warned = check(Some(dir.path()));
    assert!(
        warned.contains("`python-3.11`")
            && warned.contains("the lifecycle table gives 2027-10-31 (Python 3.11)"),
        "{warned}"
    );
    // The built-in catalog agrees with its table: the build checked it, and fails when it does not.
    let built_in = check(None);
    assert!(!built_in.contains("lifecycle table"), "{built_in}");
}
