//! `basepick detect` and `basepick audit` from the outside: JSON contracts and exit codes.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{basepick, fixtures, json};

fn detect(project: &str) -> Value {
    let dir = fixtures().join("projects").join(project);
    let (code, v) = json(&["detect", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(0), "{v}");
    v
}

/// Audits a fixture Dockerfile as JSON, judging support on the day the snapshots use.
fn audit(dockerfile: &str) -> (Option<i32>, Value) {
    let path = fixtures().join("dockerfiles").join(dockerfile);
    json(&[
        "--today",
        "2026-11-28",
        "audit",
        path.to_str().unwrap(),
        "--format",
        "json",
    ])
}

fn native_keys(runtime: &Value) -> Vec<&str> {
    runtime["native"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["evidence"]["key"].as_str())
        .collect()
}

#[test]
fn detect_names_each_fixture_runtime_with_evidence() {
    for (project, runtime, evidence_file) in [
        ("go", "go", "go.mod"),
        ("go-cgo", "go", "go.mod"),
        ("rust", "rust", "Cargo.toml"),
        ("cpp", "cpp", "CMakeLists.txt"),
        ("python-numpy", "python", "requirements.txt"),
        ("python-pure", "python", "pyproject.toml"),
        ("node", "node", "package.json"),
        ("node-native", "node", "package.json"),
        ("ruby", "ruby", "Gemfile"),
        ("java-maven", "java", "pom.xml"),
        ("java-gradle", "java", "build.gradle.kts"),
        ("php", "php", "composer.json"),
        ("dotnet", "dotnet", "Inventory.csproj"),
        ("static-site", "static", "index.html"),
    ] {
        let v = detect(project);
        let first = &v["runtimes"][0];
        assert_eq!(first["runtime"], runtime, "{project}: {v}");
        let files: Vec<&str> = first["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["file"].as_str())
            .collect();
        assert!(files.contains(&evidence_file), "{project}: {files:?}");
        assert_eq!(
            v["notes"].as_array().map(Vec::len),
            Some(0),
            "{project}: {v}"
        );
    }
}

#[test]
fn detect_reports_native_flags_where_present() {
    let v = detect("python-numpy");
    let py = &v["runtimes"][0];
    assert_eq!(native_keys(py), ["numpy", "pandas"]);
    assert_eq!(py["native"][0]["evidence"]["file"], "requirements.txt");
    assert_eq!(py["native"][0]["evidence"]["line"], 4);
    assert_eq!(py["native"][0]["musl_builds"], true);
    assert_eq!(py["native"][0]["needs_glibc"], false);
    assert_eq!(py["version"]["value"], "3.11");
    assert_eq!(py["version"]["evidence"]["file"], ".python-version");

    let v = detect("go-cgo");
    assert_eq!(
        native_keys(&v["runtimes"][0]),
        ["github.com/mattn/go-sqlite3", "import \"C\""]
    );

    let v = detect("node-native");
    assert_eq!(native_keys(&v["runtimes"][0]), ["bcrypt"]);
    assert_eq!(v["runtimes"][0]["package_manager"]["value"], "pnpm");

    for pure in ["go", "python-pure", "node", "rust"] {
        let v = detect(pure);
        assert_eq!(native_keys(&v["runtimes"][0]).len(), 0, "{pure}: {v}");
    }
}

#[test]
fn detect_lists_the_apps_of_a_repository() {
    let v = detect("mixed");
    let apps: Vec<(&str, &str)> = v["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["dir"].as_str().unwrap(),
                a["runtime"]["runtime"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(apps, [("", "python"), ("frontend", "static")]);
    assert_eq!(v["apps"][1]["others"][0], "node");
    assert_eq!(v["runtimes"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        v["apps"][1]["runtime"]["assets"]["evidence"]["file"],
        "frontend/package.json"
    );
}

#[test]
fn detect_notes_malformed_manifests_without_failing() {
    let v = detect("broken");
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with("package.json:6:"), "{notes:?}");
    assert!(notes[1].starts_with("pyproject.toml:"), "{notes:?}");
}

#[test]
fn detect_text_and_errors() {
    basepick()
        .args(["detect"])
        .arg(fixtures().join("projects/python-numpy"))
        .assert()
        .success()
        .stdout(predicate::str::contains("python (primary)"))
        .stdout(predicate::str::contains("c_extensions=yes"));
    basepick()
        .args(["detect", "/definitely/not/here"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    let (code, v) = json(&["detect", "/definitely/not/here", "--format", "json"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "unreadable_dir");
}

#[test]
fn audit_python_311_suggests_slim_and_distroless_and_flags_root() {
    let (code, v) = audit("python311.Dockerfile");
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["flagged"], true);
    assert_eq!(v["final_image"]["how"], "exact");
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    // No USER on an image that runs as root: one finding, not two.
    assert_eq!(kinds, ["missing-user"], "{v}");
    assert!(
        v["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("runs as root")
    );
    assert_eq!(v["support"]["status"], "supported");
    assert_eq!(v["judged_on"], "2026-11-28");
    let alternatives = v["alternatives"].as_array().unwrap();
    assert!(!alternatives.is_empty() && alternatives.len() <= 4);
    let family = |f: &str| alternatives.iter().find(|a| a["image"]["family"] == f);
    for wanted in ["slim", "distroless"] {
        let alt = family(wanted).unwrap_or_else(|| panic!("no {wanted} alternative: {v}"));
        let d = &alt["deltas"];
        assert!(d["size_mb"]["value"].as_f64().unwrap() < 0.0, "{alt}");
        assert!(d["packages"]["value"].as_f64().unwrap() < 0.0, "{alt}");
        assert!(!alt["summary"].as_array().unwrap().is_empty(), "{alt}");
    }
    assert_eq!(
        family("distroless").unwrap()["deltas"]["shell"]["to"],
        "none"
    );
}

#[test]
fn audit_exit_codes() {
    for (file, want) in [
        ("multistage.Dockerfile", 0),
        ("arg-tag.Dockerfile", 0),
        ("heredoc.Dockerfile", 0),
        ("continuation.Dockerfile", 0),
        ("registry-port.Dockerfile", 0),
        ("latest.Dockerfile", 1),
        ("python311.Dockerfile", 1),
    ] {
        let (code, v) = audit(file);
        assert_eq!(code, Some(want), "{file}: {v}");
    }
    let (code, v) = audit("malformed.Dockerfile");
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "dockerfile_syntax");
    assert_eq!(v["error"]["line"], 5);
    basepick()
        .args(["audit"])
        .arg(fixtures().join("dockerfiles/malformed.Dockerfile"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "malformed.Dockerfile:5: FROM needs an image",
        ));
}

#[test]
fn audit_of_an_unreadable_file_exits_2() {
    basepick()
        .args(["audit", "no/such/Dockerfile"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no/such/Dockerfile"));
    let dir = tempfile::tempdir().unwrap();
    basepick()
        .arg("audit")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn audit_text_report() {
    basepick()
        .args(["--today", "2026-11-28", "audit"])
        .arg(fixtures().join("dockerfiles/python311.Dockerfile"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Final image: python:3.11"))
        .stdout(predicate::str::contains("Better bases:"))
        .stdout(predicate::str::contains("warning[missing-user]"))
        .stdout(predicate::str::contains("judged on"));
}
