//! The non-interactive CLI: exit codes, text and JSON contracts, export safety.

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{basepick, json};

pub(crate) const PYTHON_NATIVE_NO_SHELL: &[&str] = &[
    "recommend",
    "--answer",
    "runtime=python",
    "--answer",
    "debug_shell=no",
    "--answer",
    "c_extensions=yes",
];

#[test]
fn python_with_c_extensions_and_no_shell_gets_glibc_without_a_shell() {
    let mut args = PYTHON_NATIVE_NO_SHELL.to_vec();
    args.extend(["--format", "json"]);
    let (code, v) = json(&args);
    assert_eq!(code, Some(0));
    assert_eq!(v["image"]["libc"], "glibc");
    assert_eq!(v["image"]["shell"], "none");
    for field in [
        "id",
        "reference",
        "family",
        "compressed",
        "packages",
        "vulns",
        "shell",
        "libc",
        "package_manager",
        "user",
        "source",
    ] {
        assert!(!v["image"][field].is_null(), "image.{field}");
    }
    let alternatives = v["alternatives"].as_array().unwrap();
    assert!(!alternatives.is_empty());
    for alt in alternatives {
        let d = &alt["deltas"];
        assert!(
            d["size_mb"]["value"].is_number()
                && d["size_mb"]["exact"].is_boolean()
                && d["packages"]["value"].is_number(),
            "{alt}"
        );
        // No scanner measured these images, so no vulnerability difference is claimed.
        assert!(d["vulns"].is_null(), "{alt}");
        assert!(!alt["reference"].is_null());
    }
    let trail = v["trail"].as_array().unwrap();
    let pairs: Vec<(String, String)> = trail
        .iter()
        .map(|s| {
            (
                s["question"].as_str().unwrap().to_owned(),
                s["answer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs[0], ("runtime".into(), "python".into()));
    assert!(pairs.contains(&("c_extensions".into(), "yes".into())));
    assert!(pairs.contains(&("debug_shell".into(), "no".into())));
    assert!(v["why"].as_str().is_some_and(|w| !w.is_empty()));
    assert!(v["unused"].as_object().unwrap().is_empty());
    assert!(!v["leaf"].as_str().unwrap().is_empty());
}

#[test]
fn python_with_c_extensions_never_gets_musl() {
    for shell in ["yes", "no"] {
        for extra in [
            &["-a", "shell_use=scripts", "-a", "security=standard"][..],
            &["-a", "shell_use=debugging", "-a", "security=maximum"],
        ] {
            let mut args = vec![
                "recommend",
                "-a",
                "runtime=python",
                "-a",
                "c_extensions=yes",
                "-a",
            ];
            let debug = format!("debug_shell={shell}");
            args.push(&debug);
            args.extend(extra);
            args.extend(["--format", "json"]);
            let (code, v) = json(&args);
            assert_eq!(code, Some(0), "{args:?}: {v}");
            assert_ne!(v["image"]["libc"], "musl", "{args:?}");
        }
    }
}

#[test]
fn answers_for_questions_never_reached_are_reported_as_unused() {
    let mut args = PYTHON_NATIVE_NO_SHELL.to_vec();
    args.extend(["-a", "linking=static", "--format", "json"]);
    let (code, v) = json(&args);
    assert_eq!(code, Some(0));
    assert_eq!(v["unused"]["linking"], "static");
}

#[test]
fn a_missing_answer_is_json_on_stdout_with_exit_2() {
    let (code, v) = json(&["recommend", "-a", "runtime=python", "--format", "json"]);
    assert_eq!(code, Some(2));
    let e = &v["error"];
    assert_eq!(e["kind"], "missing_answer");
    assert_eq!(e["question"], "c_extensions");
    assert!(
        e["prompt"]
            .as_str()
            .is_some_and(|p| p.contains("C extensions"))
    );
    assert_eq!(e["choices"], serde_json::json!(["yes", "no"]));
}

#[test]
fn a_missing_answer_in_text_goes_to_stderr() {
    basepick()
        .args(["recommend", "-a", "runtime=python"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("c_extensions")
                .and(predicate::str::contains("choices: yes, no")),
        );
}

#[test]
fn unknown_question_and_choice_list_the_valid_ids() {
    let (code, v) = json(&["recommend", "-a", "colour=red", "--format", "json"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "unknown_question");
    assert!(
        v["error"]["valid"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "debug_shell")
    );

    let (code, v) = json(&["recommend", "-a", "runtime=cobol", "--format", "json"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "unknown_choice");
    let valid: Vec<&str> = v["error"]["valid"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for r in [
        "go", "rust", "cpp", "python", "node", "ruby", "java", "static",
    ] {
        assert!(valid.contains(&r), "{r} missing from {valid:?}");
    }
    basepick()
        .args(["recommend", "-a", "runtime=cobol"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("valid choices: go, rust"));
}

#[test]
fn a_malformed_answer_is_a_usage_error() {
    basepick()
        .args(["recommend", "-a", "runtime"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("QUESTION=CHOICE"));
}

#[test]
fn static_sites_get_nginx_on_alpine_and_compiled_code_gets_distroless_or_scratch() {
    let (_, v) = json(&["recommend", "-a", "runtime=static", "--format", "json"]);
    assert!(
        v["image"]["reference"]
            .as_str()
            .unwrap()
            .starts_with("nginx:")
    );
    assert_eq!(v["image"]["family"], "alpine");
    for lang in ["go", "rust", "cpp"] {
        let runtime = format!("runtime={lang}");
        let (_, v) = json(&[
            "recommend",
            "-a",
            &runtime,
            "-a",
            "linking=static",
            "-a",
            "debug_shell=no",
            "--format",
            "json",
        ]);
        let family = v["image"]["family"].as_str().unwrap();
        assert!(
            ["distroless", "scratch"].contains(&family),
            "{lang}: {family}"
        );
        assert_eq!(v["image"]["shell"], "none");
    }
}

#[test]
fn text_and_markdown_recommendations_explain_themselves() {
    basepick()
        .args(PYTHON_NATIVE_NO_SHELL)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Recommended: gcr.io/distroless/python3")
                .and(predicate::str::contains("Alternatives:")),
        );
    let mut md = PYTHON_NATIVE_NO_SHELL.to_vec();
    md.extend(["--format", "markdown"]);
    basepick()
        .args(md)
        .assert()
        .success()
        .stdout(predicate::str::contains("## Alternatives").and(predicate::str::contains("| `")));
}

#[test]
fn default_listing_hides_unsupported_images_and_all_flags_them() {
    let (_, supported) = json(&["images", "--format", "json"]);
    let refs: Vec<&str> = supported
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reference"].as_str().unwrap())
        .collect();
    assert!(
        !refs.contains(&"node:20"),
        "node:20 is past its end of support"
    );
    assert!(refs.len() >= 40, "{} images", refs.len());

    let out = basepick()
        .args(["images", "--all", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    // Every row of the chapter's comparison table.
    for reference in [
        "ubuntu:22.04",
        "debian:12",
        "python:3.11",
        "node:20",
        "python:3.11-slim",
        "node:20-slim",
        "alpine:3.19",
        "python:3.11-alpine",
        "distroless/python3-debian12",
        "distroless/nodejs20-debian12",
        "scratch",
    ] {
        assert!(
            md.contains(&format!("| {reference}")) || md.contains(reference),
            "{reference} missing"
        );
    }
    let node20 = md
        .lines()
        .find(|l| l.starts_with("| node:20 |"))
        .expect("node:20 row");
    assert!(
        node20.contains("UNSUPPORTED") && node20.contains("node-26"),
        "{node20}"
    );
}

#[test]
fn images_filter_and_sort() {
    let (_, v) = json(&[
        "images",
        "--runtime",
        "python",
        "--sort",
        "size",
        "--format",
        "json",
    ]);
    let images = v.as_array().unwrap();
    assert!(images.len() >= 5);
    assert!(images.iter().all(|i| {
        i["runtimes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "python")
    }));
    let sizes: Vec<f64> = images
        .iter()
        .map(|i| i["compressed"]["mb"].as_f64().unwrap())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    let (_, v) = json(&["images", "--family", "distroless", "--format", "json"]);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|i| i["family"] == "distroless")
    );
    let out = basepick()
        .args(["images", "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("Image,Family,Size"));
}

#[test]
fn families_compare_aspects_and_list_tips() {
    let (_, v) = json(&["images", "--families", "--format", "json"]);
    assert!(v["family"].as_array().unwrap().len() >= 6);
    assert!(v["tip"].as_array().unwrap().len() >= 5);
    basepick()
        .args(["images", "--families"])
        .assert()
        .success()
        .stdout(predicate::str::contains("C extensions"));
}

#[test]
fn tree_renders_as_mermaid_dot_json_and_text() {
    let (_, tree) = json(&["tree", "--format", "json"]);
    let choices: usize = tree["question"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["choice"].as_array().unwrap().len())
        .sum();
    let out = basepick()
        .args(["tree", "--format", "mermaid"])
        .output()
        .unwrap();
    let mermaid = String::from_utf8(out.stdout).unwrap();
    assert!(mermaid.starts_with("flowchart TD\n"));
    assert_eq!(
        mermaid.matches(" -->|").count(),
        choices,
        "one edge per choice"
    );
    assert!(!mermaid.contains("\"\""), "no empty labels");
    let out = basepick()
        .args(["tree", "--format", "dot"])
        .output()
        .unwrap();
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(dot.starts_with("digraph basepick {") && dot.trim_end().ends_with('}'));
    assert_eq!(dot.matches(" -> ").count(), choices);
    basepick()
        .args(["tree"])
        .assert()
        .success()
        .stdout(predicate::str::contains("runtime=python"));
}

#[test]
fn completions_are_generated() {
    basepick()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("basepick"));
}
