//! `audit --fix`: the move to a better base as a diff with what it breaks, reviewed as snapshots, and
//! `--write` replacing the Dockerfile only when nothing breaks (or with `--force`).

use crate::common::{basepick, fixtures, transcript};

fn fixture(name: &str) -> String {
    fixtures()
        .join("dockerfiles")
        .join(format!("{name}.Dockerfile"))
        .display()
        .to_string()
}

/// Exit code, stdout and stderr as one reviewable text, fixture paths shown as `[FIXTURES]`.
fn run(args: &[&str]) -> String {
    transcript(basepick().env("BASEPICK_TODAY", "2026-11-28").args(args))
}

#[test]
fn fix_snapshots() {
    for (name, to) in [
        ("fix-python-full", Some("python-distroless")),
        ("fix-node-alpine", Some("node-distroless")),
        ("fix-debian12", None),
        ("fix-shell-cmd", Some("python-distroless")),
    ] {
        let path = fixture(name);
        let mut args = vec!["audit", path.as_str(), "--fix"];
        if let Some(to) = to {
            args.extend(["--to", to]);
        }
        insta::assert_snapshot!(format!("fix-{name}"), run(&args));
    }
}

#[test]
fn fix_as_json_names_changes_and_breaks() {
    let path = fixture("fix-node-alpine");
    let out = basepick()
        .env("BASEPICK_TODAY", "2026-11-28")
        .args([
            "audit",
            &path,
            "--fix",
            "--to",
            "node-distroless",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes: Vec<(u64, &str)> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["line"].as_u64().unwrap(), c["to"].as_str().unwrap()))
        .collect();
    // The final stage moves, and its musl build stage moves to the matching glibc builder.
    assert_eq!(
        changes,
        [
            (7, "gcr.io/distroless/nodejs26-debian13:nonroot"),
            (1, "node:26-trixie-slim")
        ]
    );
    let lines: Vec<u64> = v["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [7, 8, 11, 12]);
    assert_eq!(v["written"], false);
}

#[test]
fn write_replaces_only_when_nothing_breaks_or_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("Dockerfile");
    std::fs::copy(fixture("fix-debian12"), &clean).unwrap();
    let out = run(&["audit", clean.to_str().unwrap(), "--fix", "--write"]);
    assert!(out.starts_with("exit: 0"), "{out}");
    let text = std::fs::read_to_string(&clean).unwrap();
    assert!(
        text.starts_with("FROM debian:13\nRUN apt-get update"),
        "{text}"
    );
    // Audited again, the moved file no longer flags its base.
    let again = run(&["audit", clean.to_str().unwrap(), "--format", "json"]);
    assert!(!again.contains("extended-support-only"), "{again}");

    let breaking = dir.path().join("Dockerfile.web");
    std::fs::copy(fixture("fix-shell-cmd"), &breaking).unwrap();
    let before = std::fs::read_to_string(&breaking).unwrap();
    let args = [
        "audit",
        breaking.to_str().unwrap(),
        "--fix",
        "--to",
        "python-distroless",
        "--write",
    ];
    let out = run(&args);
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(out.contains("nothing written"), "{out}");
    assert_eq!(std::fs::read_to_string(&breaking).unwrap(), before);
    let mut forced = args.to_vec();
    forced.push("--force");
    let out = run(&forced);
    assert!(
        out.starts_with("exit: 0") && out.contains("wrote "),
        "{out}"
    );
    assert!(
        std::fs::read_to_string(&breaking)
            .unwrap()
            .contains("FROM gcr.io/distroless/python3-debian13:nonroot\n")
    );
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 2, "no temporary files are left");
}

#[test]
fn fix_errors_are_clear() {
    let out = run(&[
        "audit",
        &fixture("fix-debian12"),
        "--fix",
        "--to",
        "Not A Thing!",
    ]);
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains("neither a leaf of the tree"), "{out}");
    let out = run(&[
        "audit",
        &fixture("fix-debian12"),
        "--fix",
        "--to",
        "debian:12",
    ]);
    assert!(out.contains("already on debian:12"), "{out}");
    let out = run(&[
        "audit",
        &fixture("fix-debian12"),
        "--fix",
        "--format",
        "sarif",
    ]);
    assert!(
        out.starts_with("exit: 2") && out.contains("not SARIF"),
        "{out}"
    );
    let out = basepick()
        .args(["audit", &fixture("fix-debian12"), "--write"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--write needs --fix");
}
