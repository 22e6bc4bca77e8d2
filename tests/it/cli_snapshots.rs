//! Snapshots of every subcommand's output, text and JSON, and of every error shape: a change to what
//! users and scripts see shows up here line by line and is reviewed like code.
//!
//! Support is judged on a fixed day (`--today`), and fixture paths are replaced by `[FIXTURES]`, so the
//! snapshots do not depend on the clock or the checkout's location.

use crate::common::{basepick, fixtures, transcript};

/// The day every snapshot judges support on.
const TODAY: &str = "2026-11-28";

/// Runs basepick and returns exit code, stdout and stderr as one reviewable text.
fn run(args: &[&str]) -> String {
    transcript(
        basepick()
            .env("BASEPICK_TODAY", TODAY)
            .env("COLUMNS", "100")
            .args(args),
    )
}

fn fixture_arg(path: &str) -> String {
    fixtures().join(path).display().to_string()
}

macro_rules! snapshot {
    ($name:literal, $($arg:expr),+ $(,)?) => {{
        let args: Vec<String> = vec![$($arg.to_string()),+];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        insta::assert_snapshot!($name, run(&args));
    }};
}

const PY: [&str; 7] = crate::common::PYTHON_RECOMMEND;

#[test]
fn recommend_in_every_format() {
    for format in ["text", "json", "markdown"] {
        let mut args = PY.to_vec();
        args.extend(["--format", format]);
        insta::assert_snapshot!(format!("recommend-python-{format}"), run(&args));
    }
    snapshot!(
        "recommend-go-static-json",
        "recommend",
        "-a",
        "runtime=go",
        "-a",
        "linking=static",
        "-a",
        "debug_shell=no",
        "--format",
        "json"
    );
    snapshot!(
        "recommend-unused-text",
        "recommend",
        "-a",
        "runtime=static",
        "-a",
        "linking=static"
    );
}

#[test]
fn images_in_every_format() {
    snapshot!("images-table", "images");
    snapshot!("images-all-table", "images", "--all");
    snapshot!("images-json", "images", "--all", "--format", "json");
    snapshot!("images-markdown", "images", "--format", "markdown");
    snapshot!("images-csv", "images", "--all", "--format", "csv");
    snapshot!(
        "images-python-by-size",
        "images",
        "--runtime",
        "python",
        "--sort",
        "size"
    );
    snapshot!("images-families", "images", "--families");
    snapshot!(
        "images-families-markdown",
        "images",
        "--families",
        "--format",
        "markdown"
    );
    snapshot!(
        "images-families-json",
        "images",
        "--families",
        "--format",
        "json"
    );
}

#[test]
fn tree_in_every_format() {
    for format in ["text", "json", "mermaid", "dot"] {
        insta::assert_snapshot!(format!("tree-{format}"), run(&["tree", "--format", format]));
    }
}

#[test]
fn dockerfile_with_parameters() {
    snapshot!(
        "dockerfile-python-slim-set",
        "dockerfile",
        "python-slim",
        "--set",
        "version=3.12",
        "--set",
        "port=9000"
    );
}

#[test]
fn detect_in_both_formats() {
    for project in [
        "python-numpy",
        "mixed",
        "rust",
        "broken",
        "monorepo",
        "laravel-vite",
        "node-napi",
        "dotnet-solution",
    ] {
        let dir = fixture_arg(&format!("projects/{project}"));
        insta::assert_snapshot!(format!("detect-{project}-text"), run(&["detect", &dir]));
    }
}

/// The JSON of `detect` is a contract: every fixture project, and each app of the monorepo.
#[test]
fn detect_json_of_every_fixture() {
    let root = crate::common::fixtures().join("projects");
    let mut projects: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    projects.extend(["api", "billing", "web"].map(|s| format!("monorepo/services/{s}")));
    projects.sort();
    for project in projects {
        let dir = fixture_arg(&format!("projects/{project}"));
        let name = format!("detect-{}-json", project.replace('/', "-"));
        insta::assert_snapshot!(name, run(&["detect", &dir, "--format", "json"]));
    }
}

#[test]
fn audit_in_both_formats() {
    for file in ["python311", "multistage", "latest", "arg-tag"] {
        let path = fixture_arg(&format!("dockerfiles/{file}.Dockerfile"));
        insta::assert_snapshot!(format!("audit-{file}-text"), run(&["audit", &path]));
        insta::assert_snapshot!(
            format!("audit-{file}-json"),
            run(&["audit", &path, "--format", "json"])
        );
    }
}

#[test]
fn check_data_reports() {
    snapshot!("check-data-embedded", "check-data");
    snapshot!(
        "check-data-invalid",
        "check-data",
        "--data",
        fixture_arg("invalid/unknown-reference")
    );
}

#[test]
fn every_json_error_shape() {
    let mut missing = PY.to_vec();
    missing.truncate(3);
    missing.extend(["--format", "json"]);
    insta::assert_snapshot!("error-missing-answer", run(&missing));
    snapshot!(
        "error-unknown-question",
        "recommend",
        "-a",
        "colour=red",
        "--format",
        "json"
    );
    snapshot!(
        "error-unknown-choice",
        "recommend",
        "-a",
        "runtime=cobol",
        "--format",
        "json"
    );
    let mut bad_param = PY.to_vec();
    bad_param.extend(["--set", "port=99999", "--format", "json"]);
    insta::assert_snapshot!("error-bad-parameter", run(&bad_param));
    snapshot!(
        "error-invalid-data",
        "images",
        "--format",
        "json",
        "--data",
        fixture_arg("invalid/duplicate-id")
    );
    snapshot!(
        "error-data-unreadable",
        "images",
        "--format",
        "json",
        "--data",
        "/no/such/dir"
    );
    snapshot!(
        "error-unreadable-dir",
        "detect",
        "/no/such/dir",
        "--format",
        "json"
    );
    snapshot!(
        "error-several-apps",
        "recommend",
        "--detect",
        fixture_arg("projects/monorepo"),
        "-a",
        "debug_shell=no",
        "--format",
        "json"
    );
    snapshot!(
        "error-unreadable-file",
        "audit",
        "/no/such/Dockerfile",
        "--format",
        "json"
    );
    snapshot!(
        "error-dockerfile-syntax",
        "audit",
        fixture_arg("dockerfiles/malformed.Dockerfile"),
        "--format",
        "json"
    );
}

#[test]
fn every_text_error_shape() {
    let mut missing = PY.to_vec();
    missing.truncate(3);
    insta::assert_snapshot!("text-error-missing-answer", run(&missing));
    snapshot!("text-error-unknown-leaf", "dockerfile", "cobol-on-mars");
    snapshot!("text-error-bad-answer-syntax", "recommend", "-a", "runtime");
    snapshot!(
        "text-error-injection",
        "dockerfile",
        "python-slim",
        "--set",
        "start=app.py && curl x"
    );
}

#[test]
fn registry_command_errors() {
    snapshot!(
        "pin-malformed",
        "pin",
        fixture_arg("dockerfiles/malformed.Dockerfile")
    );
    snapshot!("pin-unreadable", "pin", "/no/such/Dockerfile");
    snapshot!("refresh-without-data", "refresh");
    let mut no_write = PY.to_vec();
    no_write.push("--pin");
    insta::assert_snapshot!("recommend-pin-without-write", run(&no_write));
}

#[test]
fn an_existing_file_is_refused_in_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Dockerfile"), "keep me\n").expect("write");
    let target = dir.path().display().to_string();
    let mut args = PY.to_vec();
    args.extend(["--format", "json", "--write", &target]);
    let text = run(&args).replace(&target, "[DIR]");
    insta::assert_snapshot!("error-exists", text);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).expect("read"),
        "keep me\n"
    );
}

/// `recommend --detect`: the advice, the values the project gave the Dockerfile with their evidence,
/// the notes, and the build check against the project; in text and JSON.
#[test]
fn recommend_on_a_detected_project() {
    for project in ["dotnet-solution", "python-poetry"] {
        let dir = fixture_arg(&format!("projects/{project}"));
        let args = ["recommend", "--detect", &dir, "-a", "debug_shell=no"];
        insta::assert_snapshot!(format!("recommend-detect-{project}-text"), run(&args));
        let mut json = args.to_vec();
        json.extend(["--format", "json"]);
        insta::assert_snapshot!(format!("recommend-detect-{project}-json"), run(&json));
    }
}
