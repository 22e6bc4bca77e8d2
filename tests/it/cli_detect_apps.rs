//! `recommend --detect` on every fixture project: it recommends, or (on a directory holding several
//! apps) exits 2 naming the directories to choose from; and what detection found is respected.

use std::path::PathBuf;

use serde_json::Value;

use crate::common::{fixtures, json};

/// Every fixture project, and each app directory of the monorepo.
fn projects() -> Vec<PathBuf> {
    let root = fixtures().join("projects");
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    for service in ["api", "web", "billing"] {
        out.push(root.join("monorepo/services").join(service));
    }
    out.sort();
    out
}

fn detect(dir: &str) -> Value {
    let (code, v) = json(&["detect", dir, "--format", "json"]);
    assert_eq!(code, Some(0), "{dir}: {v}");
    v
}

#[test]
fn recommend_detect_recommends_or_names_the_apps_to_choose() {
    let mut several = Vec::new();
    for project in projects() {
        let dir = project.to_str().unwrap();
        let detection = detect(dir);
        let (code, v) = json(&[
            "recommend",
            "--detect",
            dir,
            "-a",
            "debug_shell=no",
            "--format",
            "json",
        ]);
        if code == Some(2) && v["error"]["kind"] == "several_candidates" {
            // One app that builds several programs: the candidates are detection's.
            let names: Vec<&Value> = detection["apps"][0]["runtime"]["artifact_candidates"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| &c["value"])
                .collect();
            let listed: Vec<&Value> = v["error"]["candidates"]
                .as_array()
                .unwrap()
                .iter()
                .collect();
            assert_eq!(listed, names, "{dir}");
            continue;
        }
        if code == Some(2) {
            assert_eq!(v["error"]["kind"], "several_apps", "{dir}: {v}");
            let apps = v["error"]["apps"].as_array().unwrap();
            assert_eq!(apps.len(), detection["apps"].as_array().unwrap().len());
            for (app, found) in apps.iter().zip(detection["apps"].as_array().unwrap()) {
                let expected = project.join(found["dir"].as_str().unwrap());
                assert_eq!(app["detect"], expected.to_str().unwrap(), "{dir}");
                assert_eq!(app["runtime"], found["runtime"]["runtime"]);
            }
            several.push(project.file_name().unwrap().to_owned());
            continue;
        }
        assert_eq!(code, Some(0), "{dir}: {v}");
        let main = &detection["runtimes"][0];
        assert_eq!(v["runtime"], main["runtime"], "{dir}");
        if main["needs_glibc"] == true {
            assert_ne!(v["image"]["libc"], "musl", "{dir}: glibc-only native code");
        }
        let native = !main["native"].as_array().unwrap().is_empty();
        let linking = v["trail"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["question"] == "linking")
            .map(|a| a["answer"].clone());
        if native && matches!(main["runtime"].as_str(), Some("go" | "rust")) {
            assert_eq!(linking, Some(Value::from("libc")), "{dir}");
        }
    }
    assert_eq!(several, ["monorepo"]);
}

#[test]
fn several_apps_is_a_usage_error_in_text_too() {
    let dir = fixtures().join("projects/monorepo");
    crate::common::basepick()
        .args(["recommend", "--detect"])
        .arg(&dir)
        .args(["-a", "debug_shell=no"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("holds 3 apps"))
        .stderr(predicates::str::contains("monorepo/services/api (python)"));
    crate::common::basepick()
        .args(["detect"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::contains("This directory holds 3 apps"));
}
