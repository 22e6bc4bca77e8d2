//! `--with compose` and `--with k8s`: for every leaf (and a few projects), the compose file passes the
//! compose-spec parser and the manifest passes checkov with no failed check; the files are written
//! by the same all-or-nothing export as the Dockerfile. The judges are installed by scripts/test
//! (`BASEPICK_PYTHON` and `BASEPICK_CHECKOV` name them; `python3` and `checkov` otherwise).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use basepick::advisor::leaf_outcome;
use basepick::generate::{self, Extra, Extras};
use basepick::knowledge::Knowledge;
use serde_json::Value;

use crate::common::{basepick, fixture, knowledge, today};

fn extras(k: &Knowledge, leaf: &str, set: &[(&str, &str)]) -> Extras {
    let outcome = leaf_outcome(k, leaf).unwrap();
    let set: Vec<(String, String)> = set
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let (plan, artifacts) = generate::generate(generate::PlanInput {
        knowledge: k,
        outcome: &outcome,
        facts: None,
        overrides: &set,
        today: today(),
    })
    .unwrap();
    generate::extras(k, &plan, &artifacts.dockerfile, &Extra::ALL).unwrap()
}

fn tool(variable: &str, default: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| default.to_owned())
}

/// The projects whose run files are judged besides the leaves: a Rails app keeps data, a Poetry app
/// is the plain case. Each is written by the CLI into `dir/<name>/`.
const PROJECTS: &[&str] = &["rails", "python-poetry"];

fn write_project(dir: &Path, project: &str) -> PathBuf {
    let out = dir.join(project);
    basepick()
        .args(["recommend", "--detect"])
        .arg(fixture(&format!("projects/{project}")))
        .args(["-a", "debug_shell=no", "--set"])
        .arg(format!("app_name={project}"))
        .args(["--with", "compose", "--with", "k8s", "--write"])
        .arg(&out)
        .assert()
        .success();
    out
}

/// Validates compose files with the compose-spec package; returns each file's parsed service, or
/// its error.
fn compose_spec(files: &[PathBuf]) -> BTreeMap<String, Result<Value, String>> {
    const SCRIPT: &str = r#"
import json, sys
from compose_spec import PyCompose
out = {}
for path in sys.argv[1:]:
    try:
        compose = PyCompose.from_yaml(open(path, encoding="utf-8").read())
        compose.validate()
        out[path] = {"ok": json.loads(compose.to_json())}
    except ValueError as e:
        out[path] = {"error": str(e)}
print(json.dumps(out))
"#;
    let python = tool("BASEPICK_PYTHON", "python3");
    let output = Command::new(&python)
        .arg("-c")
        .arg(SCRIPT)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("{python} is required for this test ({e}); run scripts/test"));
    assert!(
        output.status.success(),
        "the compose-spec package is required (pip install compose-spec, or run scripts/test):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: Value = serde_json::from_slice(&output.stdout).unwrap();
    value
        .as_object()
        .unwrap()
        .iter()
        .map(|(path, r)| {
            let result = match (r.get("ok"), r.get("error")) {
                (Some(ok), _) => Ok(ok.clone()),
                (_, Some(err)) => Err(err.as_str().unwrap_or_default().to_owned()),
                _ => Err(format!("unexpected answer {r}")),
            };
            (path.clone(), result)
        })
        .collect()
}

#[test]
fn every_compose_file_passes_the_compose_spec_parser_and_is_hardened() {
    let k = knowledge();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut names = BTreeMap::new();
    for leaf in &k.tree.leaves {
        let path = dir.path().join(format!("{}.compose.yaml", leaf.id));
        let extras = extras(&k, &leaf.id, &[]);
        std::fs::write(&path, extras.get(Extra::Compose).unwrap()).unwrap();
        names.insert(path.display().to_string(), extras.config);
        files.push(path);
    }
    for project in PROJECTS {
        files.push(write_project(dir.path(), project).join("compose.yaml"));
    }
    // The judge is live: a misspelt key is refused, with its line and column.
    let broken = dir.path().join("broken.compose.yaml");
    let text = std::fs::read_to_string(&files[0])
        .unwrap()
        .replace("read_only: true", "read_only: maybe");
    std::fs::write(&broken, text).unwrap();
    files.push(broken.clone());

    let results = compose_spec(&files);
    assert_eq!(results.len(), files.len());
    let refused = results[&broken.display().to_string()].as_ref().unwrap_err();
    assert!(
        refused.contains("read_only") && refused.contains("line"),
        "{refused}"
    );
    let mut passed = 0;
    for path in files.iter().filter(|p| **p != broken) {
        let compose = results[&path.display().to_string()]
            .as_ref()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let services = compose["services"].as_object().unwrap();
        assert_eq!(services.len(), 1, "{}", path.display());
        let (name, service) = services.iter().next().unwrap();
        let user = service["user"].as_str().unwrap();
        let (uid, gid) = user.split_once(':').unwrap();
        assert!(uid.parse::<u32>().unwrap() >= 10000, "{name}: {user}");
        assert!(gid.parse::<u32>().unwrap() >= 10000, "{name}: {user}");
        assert_eq!(service["read_only"], true, "{name}");
        assert_eq!(service["cap_drop"], serde_json::json!(["ALL"]), "{name}");
        assert_eq!(
            service["security_opt"],
            serde_json::json!(["no-new-privileges:true"]),
            "{name}"
        );
        let tmpfs = service["tmpfs"].as_array().unwrap();
        assert!(
            tmpfs
                .iter()
                .any(|t| t.as_str().unwrap().starts_with("/tmp:")),
            "{name}: {tmpfs:?}"
        );
        let port = service["ports"][0].as_str().unwrap();
        assert!(port.starts_with("127.0.0.1:"), "{name}: {port}");
        assert!(service["deploy"]["resources"]["limits"]["memory"].is_string());
        if let Some(config) = names.get(&path.display().to_string()) {
            assert_eq!(user, format!("{}:{}", config.user.uid, config.user.gid));
            assert!(port.ends_with(&format!(":{}", config.container_port)));
        }
        passed += 1;
    }
    assert_eq!(passed, k.tree.leaves.len() + PROJECTS.len());
}

/// Runs checkov over a directory of manifests; returns its JSON report.
fn checkov(dir: &Path) -> Value {
    let program = tool("BASEPICK_CHECKOV", "checkov");
    let output = Command::new(&program)
        .args(["--framework", "kubernetes", "--skip-download", "--output", "json", "--directory"])
        .arg(dir)
        .env("LOG_LEVEL", "ERROR")
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is required for this test ({e}); install it with `pip install checkov` or run scripts/test")
        });
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov's report is not JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn check_ids<'a>(report: &'a Value, kind: &str, file: &str) -> Vec<&'a str> {
    report["results"][kind]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["file_path"].as_str() == Some(file))
        .map(|c| c["check_id"].as_str().unwrap())
        .collect()
}

#[test]
fn every_manifest_passes_checkov_with_no_failed_check() {
    let k = knowledge();
    // checkov skips directories whose names start with a dot, as tempfile's do by default.
    let dir = tempfile::Builder::new()
        .prefix("manifests")
        .tempdir()
        .unwrap();
    let mut files = Vec::new();
    for leaf in &k.tree.leaves {
        // Each leaf gets its own name, so its NetworkPolicy can only select its own pods.
        let text = extras(&k, &leaf.id, &[("app_name", &leaf.id)])
            .get(Extra::Kubernetes)
            .unwrap()
            .to_owned();
        std::fs::write(dir.path().join(format!("{}.k8s.yaml", leaf.id)), &text).unwrap();
        files.push(format!("/{}.k8s.yaml", leaf.id));
    }
    let projects = tempfile::tempdir().unwrap();
    for project in PROJECTS {
        let written = write_project(projects.path(), project).join("k8s.yaml");
        std::fs::copy(written, dir.path().join(format!("{project}.k8s.yaml"))).unwrap();
        files.push(format!("/{project}.k8s.yaml"));
    }
    // The judge is live: a manifest whose root filesystem may be written fails, and only that one.
    let weakened = std::fs::read_to_string(dir.path().join("go-static.k8s.yaml"))
        .unwrap()
        .replace("go-static", "weakened")
        .replace(
            "readOnlyRootFilesystem: true",
            "readOnlyRootFilesystem: false",
        );
    std::fs::write(dir.path().join("weakened.k8s.yaml"), weakened).unwrap();

    let report = checkov(dir.path());
    assert_eq!(report["summary"]["parsing_errors"], 0, "{report}");
    assert_eq!(
        check_ids(&report, "failed_checks", "/weakened.k8s.yaml"),
        ["CKV_K8S_22"]
    );
    for file in &files {
        let failed = check_ids(&report, "failed_checks", file);
        assert!(failed.is_empty(), "{file}: {failed:?}");
        let passed = check_ids(&report, "passed_checks", file);
        // The checks the issue names: NetworkPolicy, read-only root, non-root high UID, digest,
        // no privilege escalation, capabilities dropped, seccomp, probes, resources.
        for id in [
            "CKV2_K8S_6",
            "CKV_K8S_22",
            "CKV_K8S_40",
            "CKV_K8S_43",
            "CKV_K8S_20",
            "CKV_K8S_37",
            "CKV_K8S_31",
            "CKV_K8S_8",
            "CKV_K8S_9",
            "CKV_K8S_11",
            "CKV_K8S_13",
        ] {
            assert!(passed.contains(&id), "{file}: {id} not passed: {passed:?}");
        }
    }
    assert_eq!(
        report["summary"]["failed"], 1,
        "only the weakened manifest fails"
    );
    assert_eq!(files.len(), k.tree.leaves.len() + PROJECTS.len());
}

#[test]
fn a_project_plan_writes_every_file_in_one_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let assert = basepick()
        .args(["recommend", "--detect"])
        .arg(fixture("projects/python-poetry"))
        .args([
            "-a",
            "debug_shell=no",
            "--with",
            "compose",
            "--with",
            "k8s",
            "--write",
        ])
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    for name in ["Dockerfile", ".dockerignore", "compose.yaml", "k8s.yaml"] {
        assert!(out.join(name).is_file(), "{name}");
        assert!(
            stdout.contains(&format!("wrote {}", out.join(name).display())),
            "{stdout}"
        );
    }
    assert!(stdout.contains("before you run it:"), "{stdout}");
    assert!(stdout.contains("registry path and digest"), "{stdout}");
    assert!(
        stdout.contains("move Dockerfile, .dockerignore and compose.yaml into"),
        "{stdout}"
    );
    let compose = std::fs::read_to_string(out.join("compose.yaml")).unwrap();
    assert!(compose.contains("user: \"65532:65532\""), "{compose}");
}

#[test]
fn an_existing_compose_file_is_never_clobbered_without_force() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), "mine\n").unwrap();
    let assert = basepick()
        .args(["dockerfile", "go-static", "--with", "compose", "--write"])
        .arg(dir.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("compose.yaml") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        "mine\n"
    );
    assert!(
        !dir.path().join("Dockerfile").exists(),
        "nothing is written when one file exists"
    );
    basepick()
        .args([
            "dockerfile",
            "go-static",
            "--with",
            "compose",
            "--force",
            "--write",
        ])
        .arg(dir.path())
        .assert()
        .success();
    let replaced = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap();
    assert!(replaced.contains("read_only: true"), "{replaced}");
}

#[test]
fn with_needs_write_and_a_known_name() {
    let assert = basepick()
        .args(["dockerfile", "go-static", "--with", "compose"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("--write"), "{stderr}");
    let assert = basepick()
        .args(["dockerfile", "go-static", "--with", "helm", "--write", "x"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("compose") && stderr.contains("k8s"),
        "{stderr}"
    );
}

#[test]
fn representative_run_files_match_their_snapshots() {
    let k = knowledge();
    for (leaf, extra) in [
        ("python-distroless", Extra::Compose),
        ("python-distroless", Extra::Kubernetes),
        ("static-nginx", Extra::Kubernetes),
        ("dotnet-chiseled", Extra::Compose),
        ("java-alpine", Extra::Compose),
    ] {
        let extras = extras(&k, leaf, &[]);
        insta::assert_snapshot!(
            format!("{leaf}.{}", extra.file_name()),
            extras.get(extra).unwrap()
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let rails = write_project(dir.path(), "rails");
    for name in ["compose.yaml", "k8s.yaml"] {
        insta::assert_snapshot!(
            format!("rails.{name}"),
            std::fs::read_to_string(rails.join(name)).unwrap()
        );
    }
}
