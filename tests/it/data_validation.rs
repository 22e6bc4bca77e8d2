//! The data layer: the embedded defaults are valid, and each broken fixture fails with its rule's message.

use basepick::knowledge::{Date, Knowledge, LoadError, Problem, Rule};
use rstest::rstest;

use crate::common::{basepick, fixture};

fn problems_of(name: &str) -> Vec<Problem> {
    match Knowledge::load_dir(&fixture(&format!("invalid/{name}"))) {
        Err(LoadError::Invalid(problems)) => problems.0,
        Ok(_) => panic!("{name}: loaded although it is broken"),
        Err(e) => panic!("{name}: unexpected error {e}"),
    }
}

#[test]
fn embedded_defaults_load_and_validate() {
    let k = basepick::knowledge::embedded().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        k.catalog.images.len() >= 40,
        "{} images",
        k.catalog.images.len()
    );
    assert!(k.tree.leaves.len() >= 10);
    for runtime in [
        "go", "rust", "cpp", "python", "node", "ruby", "java", "php", "dotnet", "static",
    ] {
        let serving = k
            .catalog
            .images
            .iter()
            .filter(|i| i.runtimes.iter().any(|r| r == runtime))
            .count();
        assert!(serving >= 2, "{runtime}: {serving} images");
        assert!(
            k.tree.leaves.iter().any(|l| l.runtime == runtime),
            "{runtime} has no leaf"
        );
    }
    assert!(
        k.catalog.images.iter().all(|i| !i.source.trim().is_empty()),
        "every image cites a source"
    );
}

#[test]
fn the_minimal_fixture_is_valid() {
    let k = Knowledge::load_dir(&fixture("valid/minimal")).unwrap();
    assert_eq!(k.catalog.images.len(), 2);
    assert_eq!(k.tree.leaves.len(), 2);
}

#[rstest]
#[case::syntax_error("syntax-error", Rule::Syntax, "images.toml", Some(23), "expected")]
#[case::unknown_key(
    "unknown-key",
    Rule::UnknownKey,
    "images.toml",
    Some(12),
    "unknown field `colour`"
)]
#[case::duplicate_id(
    "duplicate-id",
    Rule::DuplicateId,
    "images.toml",
    Some(41),
    "image id `py-slim` is used twice"
)]
#[case::unknown_reference(
    "unknown-reference",
    Rule::UnknownReference,
    "decision_tree.toml",
    Some(47),
    "image `py-nowhere` is not an image id"
)]
#[case::cycle(
    "cycle",
    Rule::Cycle,
    "decision_tree.toml",
    Some(32),
    "cycle: runtime → debug_shell → runtime"
)]
#[case::unreachable(
    "unreachable",
    Rule::Unreachable,
    "decision_tree.toml",
    Some(35),
    "question `orphan` is not reachable"
)]
#[case::no_choices(
    "no-choices",
    Rule::NoChoices,
    "decision_tree.toml",
    Some(40),
    "question `empty` has no choices"
)]
#[case::choice_target(
    "choice-target",
    Rule::ChoiceTarget,
    "decision_tree.toml",
    Some(30),
    "exactly one of `next`"
)]
#[case::unknown_placeholder(
    "unknown-placeholder",
    Rule::UnknownPlaceholder,
    "templates/basic.Dockerfile.j2",
    Some(8),
    "placeholder `team_name`"
)]
#[case::template_syntax(
    "template-syntax",
    Rule::Syntax,
    "templates/basic.Dockerfile.j2",
    Some(9),
    "expected end of block"
)]
#[case::floating_tag(
    "floating-tag",
    Rule::FloatingTag,
    "images.toml",
    Some(42),
    "uses the `latest` tag"
)]
#[case::unsupported_leaf(
    "unsupported-leaf",
    Rule::UnsupportedLeaf,
    "decision_tree.toml",
    Some(47),
    "leaf `python-distroless` recommends image `py-distroless`"
)]
#[case::answer_key(
    "answer-key",
    Rule::AnswerKey,
    "decision_tree.toml",
    Some(21),
    "asks `runtime`"
)]
#[case::abi_mismatch(
    "abi-mismatch",
    Rule::AbiMismatch,
    "decision_tree.toml",
    Some(48),
    "runtime version 3.13 vs 3.11"
)]
#[case::bad_param(
    "bad-param",
    Rule::BadParam,
    "decision_tree.toml",
    Some(4),
    "parameter `port`"
)]
#[case::bad_versions(
    "bad-versions",
    Rule::BadVersions,
    "images.toml",
    Some(5),
    "not the reference"
)]
#[case::bad_range(
    "bad-range",
    Rule::BadRange,
    "images.toml",
    Some(68),
    "min 5 is greater than max 3"
)]
#[case::bad_figure(
    "bad-figure",
    Rule::BadFigure,
    "images.toml",
    Some(22),
    "compressed size -5 MB is not a size"
)]
#[case::bad_figure_undated(
    "bad-figure",
    Rule::BadFigure,
    "images.toml",
    Some(28),
    "package count is marked measured but has no `measured` date"
)]
#[case::bad_figure_estimate_as_measured(
    "bad-figure",
    Rule::BadFigure,
    "images.toml",
    Some(55),
    "its source describes an estimate"
)]
#[case::bad_alias(
    "bad-alias",
    Rule::BadReference,
    "images.toml",
    Some(7),
    "alias `python` has no tag"
)]
#[case::native_transitive(
    "native-transitive",
    Rule::UnknownReference,
    "native_deps.toml",
    Some(9),
    "`imaginary-native`, which is not in the Python table"
)]
#[case::native_pattern(
    "native-pattern",
    Rule::BadPattern,
    "native_deps.toml",
    Some(7),
    "pattern `prebuilt-*-binary` has its `*` in the middle"
)]
#[case::missing_file(
    "missing-file",
    Rule::MissingFile,
    "decision_tree.toml",
    None,
    "missing from the data directory"
)]
fn each_broken_fixture_reports_its_rule(
    #[case] name: &str,
    #[case] rule: Rule,
    #[case] file: &str,
    #[case] line: Option<usize>,
    #[case] message: &str,
) {
    assert_fixture_reports(name, rule, file, line, message);
}

/// The broken fixture `name` fails with `rule`, saying `message`, located in `file` at `line`.
pub(crate) fn assert_fixture_reports(
    name: &str,
    rule: Rule,
    file: &str,
    line: Option<usize>,
    message: &str,
) {
    let problems = problems_of(name);
    let found = problems
        .iter()
        .find(|p| p.rule == rule && p.message.contains(message))
        .unwrap_or_else(|| panic!("{name}: no {rule:?} saying {message:?} among {problems:#?}"));
    assert_eq!(found.file, file, "{name}");
    assert!(found.message.contains(message), "{name}: {}", found.message);
    assert_eq!(found.location.as_ref().map(|l| l.line), line, "{name}");
    if let Some(loc) = &found.location {
        assert!(
            !loc.snippet.trim().is_empty(),
            "{name}: the offending line is shown"
        );
    }
}

#[test]
fn check_data_cli_fails_with_the_message_for_every_fixture() {
    let dir = fixture("invalid");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        seen += 1;
        let out = basepick()
            .arg("check-data")
            .arg("--data")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("error: "), "{}: {text}", path.display());
        assert!(
            text.trim_end().ends_with(" error") || text.trim_end().ends_with(" errors"),
            "{text}"
        );
    }
    assert_eq!(seen, 37, "one fixture per rule");
}

#[test]
fn check_data_summarises_valid_data() {
    let out = basepick().args(["check-data"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("images") && text.contains("questions") && text.contains("leaves"),
        "{text}"
    );
}

#[test]
fn data_dir_that_does_not_exist_is_named() {
    let out = basepick()
        .args(["images", "--data", "/no/such/dir"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/dir"));
}

#[test]
fn basepick_data_env_replaces_the_defaults() {
    let out = basepick()
        .env("BASEPICK_DATA", fixture("valid/minimal"))
        .args(["images", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let images: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(images.as_array().unwrap().len(), 2);
}

#[test]
fn images_near_end_of_support_are_warned_about() {
    // py-distroless ends 2028-08-09: 60 days before that, a warning; a year before, none.
    let k = Knowledge::load_dir(&fixture("valid/minimal")).unwrap();
    let near = k.dated_problems(Date::new(2028, 6, 10).unwrap(), 12);
    let warning = near
        .warnings()
        .find(|w| w.rule == Rule::NearEndOfSupport)
        .expect("a warning");
    assert!(
        warning.message.contains("py-distroless") && warning.message.contains("2028-08-09"),
        "{}",
        warning.message
    );
    let far = k.dated_problems(Date::new(2027, 6, 10).unwrap(), 12);
    assert!(far.warnings().next().is_none());
}

#[test]
fn figures_that_are_not_numbers_or_come_from_the_future_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture("valid/minimal")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let images = dir.path().join("images.toml");
    let text = std::fs::read_to_string(&images).unwrap();
    std::fs::write(&images, text.replacen("mb = 43.4", "mb = nan", 1)).unwrap();
    let Err(LoadError::Invalid(problems)) = Knowledge::load_dir(dir.path()) else {
        panic!("NaN loaded");
    };
    assert!(
        problems
            .0
            .iter()
            .any(|p| p.rule == Rule::BadFigure && p.message.contains("NaN MB")),
        "{problems}"
    );
    let out = basepick()
        .args(["check-data", "--today", "2026-11-28", "--data"])
        .arg(fixture("invalid/future-date"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("dated 2099-01-01, after today (2026-11-28)"),
        "{text}"
    );
}

#[test]
fn measured_figures_older_than_the_limit_are_warned_about() {
    let k = Knowledge::load_dir(&fixture("valid/minimal")).unwrap();
    let today = Date::new(2028, 1, 15).unwrap();
    let stale = k.dated_problems(today, 12);
    assert!(
        stale
            .warnings()
            .any(|p| p.rule == Rule::StaleFigure && p.message.contains("2026-11-01")),
        "{stale}"
    );
    assert!(!stale.has_errors());
    assert!(
        k.dated_problems(today, 24)
            .warnings()
            .all(|p| p.rule != Rule::StaleFigure)
    );
    let out = basepick()
        .args([
            "check-data",
            "--today",
            "2028-01-15",
            "--max-age",
            "6",
            "--data",
        ])
        .arg(fixture("valid/minimal"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 6 months ago"));
}
