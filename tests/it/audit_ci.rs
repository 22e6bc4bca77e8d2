//! `audit` as a CI gate: each class of Dockerfile with its findings and exit code, `--fail-on`, SARIF
//! validated against the published schema, inputs that must not hang, and `--fix`.

use serde_json::Value;

use crate::common::{basepick, fixtures};

/// The day support is judged on in these tests.
const TODAY: &str = "2026-11-28";

fn class(name: &str) -> String {
    fixtures()
        .join("dockerfiles/classes")
        .join(format!("{name}.Dockerfile"))
        .display()
        .to_string()
}

fn dockerfile(name: &str) -> String {
    fixtures()
        .join("dockerfiles")
        .join(format!("{name}.Dockerfile"))
        .display()
        .to_string()
}

/// Runs basepick judged on [`TODAY`]; returns the exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = basepick()
        .env("BASEPICK_TODAY", TODAY)
        .args(args)
        .output()
        .expect("basepick runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `audit PATH --format json` judged on [`TODAY`]: the exit code and the report.
pub(crate) fn audit_json(path: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["audit", path, "--format", "json"];
    args.extend(extra);
    let (code, out, err) = run(&args);
    let value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, value)
}

/// (kind, first letter of the severity, line) of every finding.
pub(crate) fn findings(v: &Value) -> Vec<(String, char, Option<u64>)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().chars().next().unwrap(),
                f["line"].as_u64(),
            )
        })
        .collect()
}

/// A finding as the table below writes it: kind, first letter of the severity, line.
type Expected = (&'static str, char, Option<u64>);

#[test]
fn every_class_gets_its_findings_and_exit_code() {
    let u = |line| ("unsupported", 'e', Some(line));
    let cases: &[(&str, &[Expected], i32)] = &[
        // An old line of every runtime the table dates.
        ("old-python", &[u(2)], 1),
        ("old-node", &[u(1)], 1),
        ("old-go", &[u(1)], 1),
        ("old-rust", &[u(1)], 1),
        ("old-java", &[u(1)], 1),
        // Its SDK build stage is as old: a warning, since the stage itself does not ship.
        (
            "old-dotnet",
            &[u(6), ("build-stage-unsupported", 'w', Some(1))],
            1,
        ),
        ("old-php", &[u(1)], 1),
        ("old-ruby", &[u(1)], 1),
        ("old-nginx", &[u(1)], 1),
        // Codenames in tags count, and the earlier end wins.
        ("codename-buster", &[u(1)], 1),
        ("codename-bullseye", &[u(1)], 1),
        (
            "codename-bookworm",
            &[("extended-support-only", 'w', Some(1))],
            1,
        ),
        ("codename-trixie", &[], 0),
        ("codename-focal", &[u(1)], 1),
        ("codename-jammy", &[], 0),
        ("codename-noble", &[], 0),
        ("alpine-release", &[u(1)], 1),
        // Tags that move.
        ("floating-python-slim", &[("floating-tag", 'w', Some(1))], 1),
        ("floating-node-alpine", &[("floating-tag", 'w', Some(1))], 1),
        ("floating-node-lts", &[("floating-tag", 'w', Some(1))], 1),
        (
            "floating-lts-buster",
            &[u(1), ("floating-tag", 'w', Some(1))],
            1,
        ),
        (
            "floating-latest",
            &[
                ("latest-tag", 'w', Some(1)),
                ("not-in-catalog", 'i', Some(1)),
            ],
            1,
        ),
        // Build arguments: defaults, pattern edits, platform arguments, no value at all.
        ("arg-default", &[u(2)], 1),
        ("arg-replace", &[], 0),
        (
            "arg-platform",
            &[
                ("platform-arg", 'i', Some(5)),
                ("not-in-catalog", 'i', Some(5)),
            ],
            0,
        ),
        ("arg-unresolved", &[("unresolved-arg", 'i', Some(2))], 0),
        // Lines a build would reject, and a continuation at the end of the file.
        (
            "unknown-instruction",
            &[
                ("unknown-instruction", 'e', Some(1)),
                ("unknown-instruction", 'e', Some(4)),
            ],
            1,
        ),
        ("continuation-eof", &[("syntax", 'i', Some(3))], 0),
    ];
    for (name, want, code) in cases {
        let (got_code, v) = audit_json(&class(name), &[]);
        let want: Vec<(String, char, Option<u64>)> = want
            .iter()
            .map(|(k, s, l)| ((*k).to_owned(), *s, *l))
            .collect();
        assert_eq!(findings(&v), want, "{name}: {v}");
        assert_eq!(got_code, *code, "{name}");
    }
}

#[test]
fn support_names_the_line_that_ends_first() {
    let (_, v) = audit_json(&class("codename-buster"), &[]);
    // Python 3.11 is supported; Debian 10 under it is not.
    assert_eq!(v["support"]["status"], "ended");
    assert_eq!(v["support"]["since"], "2024-06-30");
    let parts: Vec<(&str, &str)> = v["support"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["what"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        parts,
        [
            ("Python 3.11", "supported"),
            ("Debian 10 (buster)", "ended")
        ]
    );
    let (_, v) = audit_json(&class("arg-replace"), &[]);
    assert_eq!(v["final_reference"], "python:3.12-slim-trixie");
    let (_, v) = audit_json(&class("old-python"), &[]);
    let message = v["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("Python 3.8 ended on 2024-10-07"),
        "{message}"
    );
    assert!(message.contains("judged on 2026-11-28"), "{message}");
    assert!(message.contains("move to Python 3.12"), "{message}");
    // The first suggestion carries the successor line.
    assert_eq!(v["alternatives"][0]["successor"], true, "{v}");
}

#[test]
fn fail_on_sets_the_threshold() {
    for (name, level, code) in [
        ("codename-bookworm", "warning", 1),
        ("codename-bookworm", "error", 0),
        ("floating-node-lts", "error", 0),
        ("old-python", "error", 1),
        ("arg-unresolved", "warning", 0),
        ("arg-unresolved", "info", 1),
        ("codename-trixie", "info", 0),
    ] {
        let (got, _, _) = run(&["audit", &class(name), "--fail-on", level]);
        assert_eq!(got, code, "{name} --fail-on {level}");
    }
}

#[test]
fn sarif_is_valid_against_the_published_schema() {
    let schema_path = fixtures().join("sarif/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for path in [
        class("old-python"),
        class("unknown-instruction"),
        class("floating-lts-buster"),
        class("codename-trixie"),
        dockerfile("python311"),
        dockerfile("multistage"),
    ] {
        let (code, out, err) = run(&["audit", &path, "--format", "sarif"]);
        assert!(code == 0 || code == 1, "{path}: {err}");
        let log: Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
        assert_eq!(log["version"], "2.1.0");
        let run0 = &log["runs"][0];
        assert_eq!(run0["tool"]["driver"]["name"], "basepick");
        assert_eq!(run0["properties"]["judgedOn"], TODAY);
        for result in run0["results"].as_array().unwrap() {
            let rule = result["ruleId"].as_str().unwrap();
            let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(run0["tool"]["driver"]["rules"][index]["id"], rule);
            assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        }
    }
    let (_, out, _) = run(&["audit", &class("old-python"), "--format", "sarif"]);
    let log: Value = serde_json::from_str(&out).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "unsupported");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    // An invalid log is caught: the test would notice a broken shape.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn devices_pipes_and_binary_files_are_refused_without_hanging() {
    let (code, _, err) = run(&["audit", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("a device"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("Dockerfile");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "mkfifo is needed for this test"
    );
    let (code, _, err) = run(&["audit", fifo.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("named pipe"), "{err}");
    let binary = dir.path().join("binary");
    std::fs::write(&binary, b"FROM python:3.13\n\x00\x01\x02").unwrap();
    let (code, _, err) = run(&["audit", binary.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("binary data (a NUL byte on line 2)"), "{err}");
    let big = dir.path().join("big");
    std::fs::write(&big, "FROM python:3.13\n".repeat(70_000)).unwrap();
    let (code, _, err) = run(&["audit", big.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("larger than 1024 KiB"), "{err}");
    let (code, v) = audit_json(dir.path().join("none").to_str().unwrap(), &[]);
    assert_eq!(code, 2);
    assert_eq!(v["error"]["kind"], "unreadable_file");
}

#[test]
fn many_from_lines_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM python:latest\n".repeat(50_000)).unwrap();
    let (code, v) = audit_json(path.to_str().unwrap(), &[]);
    assert_eq!(code, 1);
    assert_eq!(v["stages"].as_array().unwrap().len(), 50_000);
    let latest = findings(&v)
        .iter()
        .filter(|(k, ..)| k == "latest-tag")
        .count();
    // Twenty listed, then one line counting the rest.
    assert_eq!(latest, 21, "{:?}", &findings(&v)[..3]);
}

#[test]
fn control_characters_in_a_dockerfile_are_escaped_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(
        &path,
        "FROM python:3.13-slim-trixie AS \u{1b}[31mred\n\u{1b}[2Jwipe it\nUSER 10001\n",
    )
    .unwrap();
    let (code, out, _) = run(&["audit", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("AS \\u{1b}[31mred"), "{out}");
    assert!(
        out.contains("`\\u{1b}[2Jwipe` is not a Dockerfile instruction"),
        "{out}"
    );
}

#[test]
fn alternatives_are_never_the_same_image_under_another_tag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM python:3.11-slim\nUSER 10001\n").unwrap();
    let (_, v) = audit_json(path.to_str().unwrap(), &[]);
    let refs: Vec<&str> = v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reference"].as_str().unwrap())
        .collect();
    assert!(!refs.is_empty(), "{v}");
    assert!(
        !refs.iter().any(|r| r.starts_with("python:3.11-slim")),
        "the same image offered again: {refs:?}"
    );
    // Each label names the version its reference carries.
    for alt in v["alternatives"].as_array().unwrap() {
        let (reference, label) = (
            alt["reference"].as_str().unwrap(),
            alt["label"].as_str().unwrap(),
        );
        if let Some(version) = reference
            .split(':')
            .nth(1)
            .and_then(|t| t.split('-').next())
            && version.starts_with(|c: char| c.is_ascii_digit())
        {
            assert!(label.contains(version), "{label} for {reference}");
        }
    }
}

#[test]
fn a_catalog_alias_is_the_image_itself() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM ubuntu:noble\nUSER 10001\n").unwrap();
    let path = path.to_str().unwrap();
    let (_, v) = audit_json(path, &[]);
    assert_eq!(v["final_image"]["how"], "exact", "{v}");
    assert_eq!(v["final_image"]["image"]["id"], "ubuntu-24.04", "{v}");
    let refs: Vec<&str> = v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reference"].as_str().unwrap())
        .collect();
    // Neither the same image under its other tag nor an older release of it.
    assert!(!refs.contains(&"ubuntu:24.04"), "{refs:?}");
    assert!(!refs.contains(&"ubuntu:22.04"), "{refs:?}");
    let (code, _, err) = run(&["audit", path, "--fix", "--to", "ubuntu:24.04"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already on ubuntu:24.04"), "{err}");
}
