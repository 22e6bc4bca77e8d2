//! `check-build`: a Dockerfile read against its build context, with `.dockerignore` applied the way
//! Docker applies it.

use std::fs;
use std::path::Path;

use crate::common::{basepick, json};

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("parent directories");
        }
        fs::write(path, text).expect("a project file");
    }
    dir
}

fn check(dir: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let dir = dir.to_str().expect("a UTF-8 path");
    let mut args = vec!["check-build", dir, "--format", "json"];
    args.extend_from_slice(extra);
    json(&args)
}

fn messages(report: &serde_json::Value) -> Vec<String> {
    report["problems"]
        .as_array()
        .map(|p| {
            p.iter()
                .map(|x| x["message"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_project_with_every_source_is_ready() {
    let dir = project(&[
        (
            "Dockerfile",
            "FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\n",
        ),
        ("requirements.txt", "flask\n"),
        ("app.py", "print(1)\n"),
    ]);
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(report["context_files"], 3);
}

#[test]
fn a_source_left_out_by_dockerignore_is_reported_with_its_line() {
    let dir = project(&[
        (
            "Dockerfile",
            "FROM node:24-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nCOPY dist/ ./dist/\n",
        ),
        ("package.json", "{}"),
        ("package-lock.json", "{}"),
        ("dist/server.js", ""),
        (".dockerignore", "**/*.json\n!package.json\ndist\n"),
    ]);
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, Some(1), "{report}");
    let lines: Vec<u64> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4], "{report}");
    let m = messages(&report);
    assert!(m[0].contains("package-lock.json"), "{m:?}");
    assert!(m[1].contains("dist/"), "{m:?}");
}

#[test]
fn wildcards_need_one_match_and_an_exception_brings_a_file_back() {
    let dir = project(&[
        (
            "Dockerfile",
            "FROM golang:1.26\nCOPY go.mod go.sum* ./\nCOPY config/*.toml /etc/app/\nCOPY docs/README.md /\n",
        ),
        ("go.mod", "module x\n"),
        ("config/app.toml", ""),
        ("docs/README.md", ""),
        ("docs/other.md", ""),
        (".dockerignore", "docs\n!docs/README.md\n"),
    ]);
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn a_wildcard_alone_must_match_something() {
    let dir = project(&[("Dockerfile", "FROM alpine:3.23\nCOPY *.whl /wheels/\n")]);
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, Some(1));
    assert!(messages(&report)[0].contains("*.whl"));
}

#[test]
fn a_build_argument_without_default_and_a_missing_wrapper_are_found() {
    let dir = project(&[
        (
            "Dockerfile",
            "ARG BASE\nARG JDK=21\nFROM eclipse-temurin:${JDK}-jdk AS build\nCOPY . .\nRUN ./mvnw -B package\nFROM ${BASE}\nFROM --platform=$BUILDPLATFORM golang:1.26\n",
        ),
        ("pom.xml", "<project/>"),
    ]);
    let (code, report) = check(dir.path(), &[]);
    assert_eq!(code, Some(1));
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["missing-tool", "unset-argument"], "{report}");
}

#[test]
fn the_ignore_file_beside_a_named_dockerfile_wins() {
    let dir = project(&[
        (
            "docker/app.Dockerfile",
            "FROM python:3.13-slim\nCOPY secrets.txt /\n",
        ),
        ("docker/app.Dockerfile.dockerignore", "secrets.txt\n"),
        ("secrets.txt", "x"),
    ]);
    let file = dir.path().join("docker/app.Dockerfile");
    let (code, report) = check(dir.path(), &["--dockerfile", file.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report["dockerignore"]
            .as_str()
            .unwrap()
            .ends_with("app.Dockerfile.dockerignore")
    );
}

#[test]
fn a_missing_dockerfile_exits_2_in_text_and_json() {
    let dir = project(&[("app.py", "")]);
    let out = basepick()
        .args(["check-build"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read") && err.contains("Dockerfile"),
        "{err}"
    );

    let out = basepick()
        .args(["check-build", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["error"]["kind"], "unreadable_file");
}
