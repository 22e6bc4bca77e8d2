//! Dockerfiles written for real project shapes (`tests/fixtures/projects`): each passes hadolint and
//! the build check against its own project, and the plan behind it takes the project's facts.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::{basepick, fixtures};

/// Projects and the extra arguments they need: a directory of several apps is covered by its own
/// test, a module with two programs names the one wanted.
fn projects() -> Vec<(String, Vec<&'static str>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixtures().join("projects")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let extra = match name.as_str() {
            "monorepo" => continue,
            "go-cmd" => vec!["--set", "app_name=api"],
            _ => vec![],
        };
        out.push((name, extra));
    }
    out.sort();
    out
}

/// `recommend --detect` on a project, writing into `out`; the JSON report.
fn recommend(project: &Path, out: &Path, extra: &[&str]) -> Value {
    let output = basepick()
        .args([
            "--today",
            "2026-11-28",
            "recommend",
            "-a",
            "debug_shell=no",
            "--format",
            "json",
        ])
        .arg("--detect")
        .arg(project)
        .arg("--write")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}: {}{}",
        project.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn every_project_gets_a_dockerfile_that_lints_and_finds_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    let mut summary = String::new();
    for (name, extra) in projects() {
        let project = fixtures().join("projects").join(&name);
        let out = dir.path().join(&name);
        let report = recommend(&project, &out, &extra);
        let plan = &report["dockerfile"];
        assert_eq!(
            plan["build_check"]["problems"],
            serde_json::json!([]),
            "{name}: the Dockerfile would not build from the project:\n{}",
            std::fs::read_to_string(out.join("Dockerfile")).unwrap_or_default()
        );
        let _ = writeln!(summary, "{name}: {}", report["leaf"].as_str().unwrap());
        for d in plan["decisions"].as_array().unwrap() {
            if d["from"] != "default" {
                let _ = writeln!(
                    summary,
                    "  {} = {}  ({})",
                    d["key"].as_str().unwrap(),
                    d["value"].as_str().unwrap(),
                    d["evidence"].as_str().unwrap_or("--set")
                );
            }
        }
        for n in plan["notes"].as_array().unwrap() {
            let _ = writeln!(summary, "  note: {}", n.as_str().unwrap());
        }
        written.push(out.join("Dockerfile"));
    }
    assert!(
        written.len() >= 25,
        "the fixtures cover the shapes: {}",
        written.len()
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lint = Command::new("hadolint")
        .arg("--config")
        .arg(root.join(".hadolint.yaml"))
        .args(&written)
        .output()
        .unwrap_or_else(|e| panic!("hadolint is required for this test ({e}); run scripts/test"));
    assert!(
        lint.status.success(),
        "hadolint found problems:\n{}{}",
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
    insta::assert_snapshot!("project-plans", summary);
}

/// The facts a project states reach its Dockerfile.
#[test]
fn project_facts_reach_the_dockerfile() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("python-poetry", &[], &["poetry"]),
        (
            "go-cmd",
            &["--set", "app_name=api"],
            &["./cmd/api", "/out/api"],
        ),
        ("rust-workspace", &[], &["--bin"]),
        ("dotnet", &[], &[".dll"]),
        ("laravel-vite", &[], &["AS assets", "COPY --from=assets"]),
        ("static-vite", &[], &["AS assets", "/assets/site/"]),
    ];
    for (name, extra, expected) in cases {
        let out = dir.path().join(name);
        recommend(&fixtures().join("projects").join(name), &out, extra);
        let dockerfile = std::fs::read_to_string(out.join("Dockerfile")).unwrap();
        for text in *expected {
            assert!(
                dockerfile.contains(text),
                "{name}: `{text}` missing in\n{dockerfile}"
            );
        }
    }
}

/// A project with a file the Dockerfile copies left out by its own .dockerignore is caught before
/// any build.
#[test]
fn a_generated_dockerfile_is_checked_against_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("api");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("requirements.txt"), "flask\ngunicorn\n").unwrap();
    std::fs::write(
        project.join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let report = recommend(&project, &out, &[]);
    assert_eq!(
        report["dockerfile"]["build_check"]["problems"],
        serde_json::json!([])
    );
    // The same Dockerfile against a project whose requirements file is missing.
    std::fs::remove_file(project.join("requirements.txt")).unwrap();
    let check = basepick()
        .args(["check-build", "--format", "json", "--dockerfile"])
        .arg(out.join("Dockerfile"))
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        report["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("requirements.txt"),
        "{report}"
    );
}
