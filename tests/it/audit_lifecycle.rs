//! `audit` on images the lifecycle table judges by something other than a runtime line: releases of a
//! discontinued distribution, and repositories their publishers no longer update.

use std::fmt::Write as _;

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
        assert_eq!(v["findings"][0]["kind"], "unsupported", "{v}");
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
    std::fs::write(&path, "FROM openjdk:27-ea-jdk-slim\nUSER 10001\n").unwrap();
    let (_, v) = audit_json(path.to_str().unwrap(), &[]);
    let parts = v["support"]["parts"].as_array().unwrap();
    assert!(parts.iter().all(|p| p["product"] != "openjdk"), "{v}");
}

#[test]
fn a_build_stage_out_of_support_that_feeds_the_final_image_is_a_warning_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    let path = path.to_str().unwrap();
    let audit = |text: &str, extra: &[&str]| {
        std::fs::write(path, text).unwrap();
        audit_json(path, extra)
    };
    let warning = |line| ("build-stage-unsupported".to_owned(), 'w', Some(line));
    // The Go 1.16 toolchain builds what is copied into the final image; the stage built on it is not
    // judged again, and a stage nothing copies from ships nothing.
    let text = "FROM golang:1.16 AS build\nRUN go build -o /app .\nFROM build AS test\nRUN go vet ./...\nFROM golang:1.16 AS unused\nFROM alpine:3.24\nCOPY --from=build /app /app\nUSER 10001\n";
    let (code, v) = audit(text, &[]);
    assert_eq!(findings(&v), [warning(1)], "{v}");
    let message = v["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "golang:1.16 (stage build) is out of support: Go 1.16 ended on 2022-03-15"
        ),
        "{message}"
    );
    // A warning fails the audit as every warning does, unless only errors should.
    assert_eq!(code, 1);
    let (code, _) = audit(text, &["--fail-on", "error"]);
    assert_eq!(code, 0);

    // Stages reached by number, through another stage, and by a RUN mount count too.
    let text = "FROM rust:1.64 AS tools\nFROM golang:1.16\nCOPY --from=0 /t /t\nFROM python:3.8-slim AS deps\nRUN --mount=type=bind,from=1,source=/t,target=/t true\nFROM alpine:3.24\nCOPY --from=deps /x /x\nUSER 10001\n";
    let (_, v) = audit(text, &[]);
    assert_eq!(findings(&v), [warning(1), warning(2), warning(4)], "{v}");

    // A version older than the table says so rather than borrowing the oldest line's date as its own.
    let (_, v) = audit(
        "FROM golang:1.2 AS build\nFROM alpine:3.24\nCOPY --from=build /a /a\nUSER 10001\n",
        &[],
    );
    assert_eq!(findings(&v), [warning(1)], "{v}");
    let message = v["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("older than the lines the table lists"),
        "{message}"
    );

    // A builder still in support, or on a release left with extended support only, is not flagged.
    for builder in ["golang:1.26-alpine", "python:3.13-slim-bookworm"] {
        let (_, v) = audit(
            &format!(
                "FROM {builder} AS build\nFROM alpine:3.24\nCOPY --from=build /a /a\nUSER 10001\n"
            ),
            &[],
        );
        assert!(findings(&v).is_empty(), "{builder}: {v}");
    }
    // A retired repository in a build stage names its replacement.
    let (_, v) = audit(
        "FROM openjdk:17-jdk-slim AS build\nFROM eclipse-temurin:21-jre\nCOPY --from=build /a.jar /a.jar\nUSER 10001\n",
        &[],
    );
    assert_eq!(findings(&v), [warning(1)], "{v}");
    let message = v["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("move to eclipse-temurin"), "{message}");
}

#[test]
fn thousands_of_feeding_build_stages_are_each_judged_and_listed_up_to_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    // Each stage copies from the one before, so every one of them feeds the final image.
    let stages = 10_000;
    let mut text = String::from("FROM golang:1.16 AS s0\n");
    for i in 1..stages {
        writeln!(
            text,
            "FROM golang:1.16 AS s{i}\nCOPY --from=s{} /a /a",
            i - 1
        )
        .unwrap();
    }
    writeln!(
        text,
        "FROM alpine:3.24\nCOPY --from=s{} /a /a\nUSER 10001",
        stages - 1
    )
    .unwrap();
    std::fs::write(&path, text).unwrap();
    let (_, v) = audit_json(path.to_str().unwrap(), &[]);
    let listed: Vec<_> = findings(&v)
        .into_iter()
        .filter(|(k, ..)| k == "build-stage-unsupported")
        .collect();
    // Twenty listed with their lines, then one counting the rest.
    assert_eq!(listed.len(), 21);
    assert_eq!(listed[0].2, Some(1));
    let rest = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "build-stage-unsupported" && f["line"].is_null())
        .unwrap();
    assert_eq!(
        rest["message"],
        format!("and {} more like these", stages - 20)
    );
}

#[test]
fn a_retired_java_image_is_compared_by_family_and_gets_somewhere_to_move() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    // `jdk` and `jre` in a tag do not hide how the image is cut.
    for (reference, family) in [
        ("openjdk:17-jdk-slim", "slim"),
        ("openjdk:8-jre-alpine", "alpine"),
        ("openjdk:11-jdk", "full"),
    ] {
        std::fs::write(&path, format!("FROM {reference}\nUSER 10001\n")).unwrap();
        let (_, v) = audit_json(path.to_str().unwrap(), &[]);
        let m = &v["final_image"];
        assert_eq!(m["how"], "runtime-family", "{reference}: {v}");
        assert_eq!(m["image"]["family"], family, "{reference}");
        assert!(
            m["image"]["runtimes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "java"),
            "{reference}"
        );
        assert!(
            !v["alternatives"].as_array().unwrap().is_empty(),
            "{reference}: {v}"
        );
    }
}
