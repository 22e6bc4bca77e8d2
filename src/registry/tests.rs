use super::*;

#[test]
fn diffs_are_unified_and_empty_when_nothing_changes() {
    let old = "FROM python:3.13-slim\nRUN true\n";
    let new = "FROM python:3.13-slim@sha256:ab\nRUN true\n";
    assert_eq!(unified_diff(old, old, "Dockerfile"), "");
    let diff = unified_diff(old, new, "Dockerfile");
    assert!(
        diff.starts_with("--- Dockerfile\n+++ Dockerfile\n@@ -1,2 +1,2 @@\n"),
        "{diff}"
    );
    assert!(
        diff.contains("\n-FROM python:3.13-slim\n+FROM python:3.13-slim@sha256:ab\n RUN true\n"),
        "{diff}"
    );
}
