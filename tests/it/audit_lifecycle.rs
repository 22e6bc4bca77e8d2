//! `audit` on images the lifecycle table judges by something other than a runtime line: releases of a
//! discontinued distribution, and repositories their publishers no longer update.

use crate::audit_ci::{audit_json, findings};

#[test]
fn centos_releases_are_judged_by_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    for (reference, line, since) in [
        ("centos:7", "CentOS Linux 7", "2024-06-30"),
        ("centos:centos7", "CentOS Linux 7", "2024-06-30"),
        ("centos:7.9.2009", "CentOS Linux 7", "2024-06-30"),
        ("centos:centos6.10", "CentOS Linux 6", "2020-11-30"),
        ("centos:8", "CentOS Linux 8", "2021-12-31"),
    ] {
        let path = dir.path().join("Dockerfile");
        std::fs::write(&path, format!("FROM {reference}\nUSER 10001\n")).unwrap();
        let (code, v) = audit_json(path.to_str().unwrap(), &[]);
        assert_eq!(code, 1, "{reference}: {v}");
        assert_eq!(v["support"]["status"], "ended", "{reference}: {v}");
        assert_eq!(v["support"]["since"], since, "{reference}");
        assert_eq!(v["support"]["parts"][0]["what"], line, "{reference}");
    }
}

#[test]
fn retired_java_repositories_are_out_of_support_whatever_java_line_they_carry() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    for (reference, since, replacement) in [
        ("openjdk:17-jdk-slim", "2022-07-31", "eclipse-temurin"),
        ("openjdk:8-jre-alpine", "2022-07-31", "eclipse-temurin"),
        (
            "adoptopenjdk:11-jre-hotspot",
            "2021-08-01",
            "eclipse-temurin",
        ),
        ("java:8", "2016-12-31", "eclipse-temurin"),
    ] {
        std::fs::write(&path, format!("FROM {reference}\nUSER 10001\n")).unwrap();
        let (code, v) = audit_json(path.to_str().unwrap(), &[]);
        assert_eq!(code, 1, "{reference}: {v}");
        assert_eq!(v["support"]["status"], "ended", "{reference}: {v}");
        assert_eq!(v["support"]["since"], since, "{reference}");
        let message = v["findings"][0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("move to {replacement}")),
            "{message}"
        );
        // Java 17 itself is still supported: the repository, not the line, decides.
        if reference.starts_with("openjdk:17") {
            let java = &v["support"]["parts"][0];
            assert_eq!(java["status"], "supported", "{v}");
        }
    }
    // Early-access tags are still built: the Java line alone decides.
    std::fs::write(&path, "FROM openjdk:26-ea-jdk-slim\nUSER 10001\n").unwrap();
    let (_, v) = audit_json(path.to_str().unwrap(), &[]);
    let parts = v["support"]["parts"].as_array().unwrap();
    assert!(parts.iter().all(|p| p["product"] != "openjdk"), "{v}");
}

#[test]
fn a_build_stage_out_of_support_is_a_warning_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    let path = path.to_str().unwrap();
    // The Go 1.16 toolchain compiles what ships; the stage built on it is not judged again.
    let text = "FROM golang:1.16 AS build\nRUN go build -o /app .\nFROM build AS test\nRUN go vet ./...\nFROM alpine:3.24\nCOPY --from=build /app /app\nUSER 10001\n";
    std::fs::write(path, text).unwrap();
    let (code, v) = audit_json(path, &[]);
    let warning = ("build-stage-unsupported".to_owned(), 'w', Some(1));
    assert_eq!(findings(&v), [warning], "{v}");
    let message = v["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("golang:1.16 (stage build)"), "{message}");
    assert!(message.contains("Go 1.16 ended on"), "{message}");
    // A warning fails the audit as every warning does, unless only errors should.
    assert_eq!(code, 1);
    let (code, _) = audit_json(path, &["--fail-on", "error"]);
    assert_eq!(code, 0);

    // A builder still in support, or on a distribution left with extended support only, is not flagged.
    for builder in ["golang:1.26-alpine", "python:3.13-slim-bookworm"] {
        let text = format!("FROM {builder} AS build\nFROM alpine:3.24\nUSER 10001\n");
        std::fs::write(path, text).unwrap();
        let (_, v) = audit_json(path, &[]);
        assert!(findings(&v).is_empty(), "{builder}: {v}");
    }
    // A retired repository in a build stage names its replacement.
    std::fs::write(
        path,
        "FROM openjdk:17-jdk-slim AS build\nFROM eclipse-temurin:21-jre\nUSER 10001\n",
    )
    .unwrap();
    let (_, v) = audit_json(path, &[]);
    let message = v["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("move to eclipse-temurin"), "{v}");
}
