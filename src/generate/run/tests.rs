//! The run settings on the built-in data: users, writable paths, probes and ports per leaf.

use super::*;
use crate::advisor::leaf_outcome;
use crate::generate::{Artifacts, PlanInput, ProjectFacts, generate};
use crate::knowledge::{self, Date, Knowledge};

fn k() -> Knowledge {
    knowledge::embedded().unwrap()
}

fn generated(
    k: &Knowledge,
    leaf: &str,
    facts: Option<&ProjectFacts>,
    set: &[(&str, &str)],
) -> (Plan, Artifacts) {
    let outcome = leaf_outcome(k, leaf).unwrap();
    let overrides: Vec<(String, String)> = set
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    generate(PlanInput {
        knowledge: k,
        outcome: &outcome,
        facts,
        overrides: &overrides,
        today: Date::new(2026, 11, 28).unwrap(),
    })
    .unwrap()
}

fn config(k: &Knowledge, leaf: &str) -> RunConfig {
    let (plan, artifacts) = generated(k, leaf, None, &[]);
    RunConfig::new(&plan, &artifacts.dockerfile)
}

fn paths(c: &RunConfig) -> Vec<&str> {
    c.writable.iter().map(|w| w.path.as_str()).collect()
}

#[test]
fn the_run_templates_get_exactly_their_variables() {
    let k = k();
    let c = config(&k, "python-slim");
    let value = serde_json::to_value(RunContext { run: &c }).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, crate::knowledge::templates::RUN_CONTEXT_VARIABLES);
}

#[test]
fn the_run_templates_get_exactly_their_objects() {
    let k = k();
    let c = config(&k, "python-slim");
    let mut found = std::collections::BTreeMap::new();
    let value = serde_json::to_value(RunContext { run: &c }).unwrap();
    crate::generate::tests::objects("", &value, &mut found);
    assert_eq!(
        found,
        crate::generate::tests::declared(crate::knowledge::templates::RUN_CONTEXT_OBJECTS)
    );
}

#[test]
fn every_leaf_runs_as_a_high_numeric_user_that_can_write_tmp() {
    let k = k();
    for leaf in &k.tree.leaves {
        let c = config(&k, &leaf.id);
        assert!(c.user.uid >= MIN_UID, "{}: {}", leaf.id, c.user.uid);
        assert!(c.user.gid >= MIN_UID, "{}: {}", leaf.id, c.user.gid);
        assert!(!c.user.why.is_empty(), "{}", leaf.id);
        assert_eq!(paths(&c)[0], "/tmp", "{}", leaf.id);
        assert!(
            c.writable.iter().all(|w| w.path.starts_with('/')
                && !w.why.is_empty()
                && w.volume
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')),
            "{}",
            leaf.id
        );
        assert!(c.resources.cpu_request_millis < c.resources.cpu_limit_millis);
        assert!(c.resources.memory_request_mib < c.resources.memory_limit_mib);
    }
}

#[test]
fn the_image_user_is_kept_when_high_and_replaced_when_low() {
    let k = k();
    let distroless = config(&k, "python-distroless");
    assert_eq!((distroless.user.uid, distroless.user.gid), (65532, 65532));
    assert!(distroless.user.why[0].contains("image's own"));
    let slim = config(&k, "python-slim");
    assert_eq!(slim.user.uid, CREATED_UID);
    assert!(slim.user.why[0].contains("creates"), "{:?}", slim.user.why);
    // .NET's own user and nginx's are below 10000: the run settings use 10001 and say why.
    for (leaf, own) in [
        ("dotnet-aspnet", 1654),
        ("dotnet-chiseled", 1654),
        ("dotnet-aot", 1654),
        ("static-nginx", 101),
    ] {
        let c = config(&k, leaf);
        assert_eq!(
            (c.user.uid, c.user.gid),
            (CREATED_UID, CREATED_UID),
            "{leaf}"
        );
        let why = c.user.why.join(" ");
        assert!(why.contains(&format!("USER is {own}")), "{leaf}: {why}");
        assert!(why.contains("owned by root"), "{leaf}: {why}");
    }
}

#[test]
fn the_dockerfiles_leave_app_files_readable_by_any_user() {
    // The replaced users read what the Dockerfile copied: nothing in those final stages may narrow
    // permissions or hand the files to the image's own user.
    let k = k();
    for leaf in [
        "dotnet-aspnet",
        "dotnet-chiseled",
        "dotnet-aot",
        "static-nginx",
    ] {
        let (_, artifacts) = generated(&k, leaf, None, &[]);
        let text = &artifacts.dockerfile;
        let final_stage = &text[text.rfind("\nFROM ").unwrap()..];
        assert!(!final_stage.contains("--chown"), "{leaf}");
        assert!(!final_stage.contains("--chmod"), "{leaf}");
        assert!(!final_stage.contains("chmod 0"), "{leaf}");
        assert!(!final_stage.contains("umask"), "{leaf}");
    }
}

#[test]
fn python_writes_no_bytecode() {
    let k = k();
    for leaf in k.tree.leaves.iter().filter(|l| l.runtime == "python") {
        let (_, artifacts) = generated(&k, &leaf.id, None, &[]);
        assert!(
            artifacts.dockerfile.contains("PYTHONDONTWRITEBYTECODE=1"),
            "{}",
            leaf.id
        );
        assert_eq!(paths(&config(&k, &leaf.id)), ["/tmp"], "{}", leaf.id);
    }
}

#[test]
fn nginx_writes_where_its_image_and_dockerfile_say() {
    let k = k();
    let official = config(&k, "static-nginx");
    assert_eq!(paths(&official), ["/tmp", "/var/cache/nginx"]);
    let (_, artifacts) = generated(&k, "static-nginx", None, &[]);
    assert!(artifacts.dockerfile.contains("pid /tmp/nginx.pid;"));
    // A tmpfs takes the mode of the directory it covers, so any user must be able to write it.
    assert!(artifacts.dockerfile.contains("chmod 1777 /var/cache/nginx"));
    assert_eq!(
        official.probe.http_path.as_deref(),
        Some("/index.html"),
        "the probe fetches what the image's own health check fetches"
    );
    let chainguard = config(&k, "static-hardened");
    assert_eq!(
        paths(&chainguard),
        ["/tmp", "/var/lib/nginx/tmp", "/var/run"]
    );
    assert_eq!(chainguard.probe.http_path, None);
    assert_eq!(chainguard.container_port, 8080);
    assert!(!chainguard.image_health_check);
}

#[test]
fn a_fixed_listen_port_is_the_container_port() {
    let k = k();
    let (plan, artifacts) = generated(&k, "static-hardened", None, &[("port", "9090")]);
    let c = RunConfig::new(&plan, &artifacts.dockerfile);
    assert_eq!((c.port, c.container_port), (9090, 8080));
    let (plan, artifacts) = generated(&k, "go-static", None, &[("port", "9090")]);
    let c = RunConfig::new(&plan, &artifacts.dockerfile);
    assert_eq!((c.port, c.container_port), (9090, 9090));
}

#[test]
fn rails_gets_its_directories_and_keeps_storage() {
    let k = k();
    let facts = ProjectFacts {
        files: vec!["Gemfile".to_owned(), "bin/rails".to_owned()],
        ..ProjectFacts::default()
    };
    for leaf in ["ruby-slim", "ruby-hardened"] {
        let (plan, artifacts) = generated(&k, leaf, Some(&facts), &[]);
        assert!(is_rails(&plan));
        let c = RunConfig::new(&plan, &artifacts.dockerfile);
        assert_eq!(
            paths(&c),
            ["/tmp", "/app/tmp", "/app/log", "/app/storage"],
            "{leaf}"
        );
        assert!(c.keeps_data());
        assert!(c.writable.iter().filter(|w| w.keep).count() == 1);
        // The Dockerfile creates them, world-writable where a tmpfs covers them.
        assert!(
            artifacts.dockerfile.contains("chmod 1777 tmp log storage"),
            "{leaf}"
        );
        assert!(
            c.user.uid == plan.image.run_uid,
            "{leaf}: storage/ is owned by the run user"
        );
    }
    let plain = config(&k, "ruby-slim");
    assert_eq!(paths(&plain), ["/tmp"]);
    assert!(!plain.keeps_data());
}

#[test]
fn only_the_image_health_check_makes_an_http_probe() {
    let k = k();
    for leaf in &k.tree.leaves {
        let c = config(&k, &leaf.id);
        assert_eq!(
            c.probe.http_path.is_some(),
            leaf.id == "static-nginx",
            "{}",
            leaf.id
        );
    }
}

#[test]
fn names_become_kubernetes_names() {
    assert_eq!(k8s_name("app"), "app");
    assert_eq!(k8s_name("my_app.v2"), "my-app-v2");
    assert_eq!(k8s_name("2fa"), "app-2fa");
    assert_eq!(k8s_name(&"a".repeat(80)).len(), 63);
    assert_eq!(k8s_name("a-b_"), "a-b");
}

#[test]
fn with_names_parse_and_print() {
    for e in Extra::ALL {
        assert_eq!(e.as_str().parse::<Extra>(), Ok(e));
    }
    assert!(
        "helm"
            .parse::<Extra>()
            .unwrap_err()
            .contains("compose or k8s")
    );
}

#[test]
fn extras_render_each_requested_file_once() {
    let k = k();
    let (plan, artifacts) = generated(&k, "go-static", None, &[]);
    let extras = extras(
        &k,
        &plan,
        &artifacts.dockerfile,
        &[Extra::Kubernetes, Extra::Compose, Extra::Kubernetes],
    )
    .unwrap();
    let names: Vec<&str> = extras.files().iter().map(|a| a.name).collect();
    assert_eq!(names, ["compose.yaml", "k8s.yaml"]);
    assert!(
        extras
            .get(Extra::Compose)
            .unwrap()
            .contains("read_only: true")
    );
    assert!(
        extras
            .get(Extra::Kubernetes)
            .unwrap()
            .contains("readOnlyRootFilesystem: true")
    );
    let fill = extras.to_fill_in().join("\n");
    assert!(
        fill.contains("compose.yaml and k8s.yaml: the CPU and memory"),
        "{fill}"
    );
    assert!(fill.contains("registry path and digest"), "{fill}");
    assert!(fill.contains("egress"), "{fill}");
    assert!(
        fill.contains("--set digest="),
        "an unpinned base is named: {fill}"
    );

    let only = extras_for(&k, &plan, &artifacts.dockerfile, &[Extra::Compose]);
    assert_eq!(only.files().len(), 1);
    assert!(!only.to_fill_in().join("\n").contains("k8s.yaml"));
}

fn extras_for(k: &Knowledge, plan: &Plan, dockerfile: &str, with: &[Extra]) -> Extras {
    extras(k, plan, dockerfile, with).unwrap()
}

#[test]
fn a_pinned_base_is_not_a_note() {
    let k = k();
    let digest = format!("sha256:{}", "ab".repeat(32));
    let (plan, artifacts) = generated(&k, "go-static", None, &[("digest", &digest)]);
    let c = RunConfig::new(&plan, &artifacts.dockerfile);
    assert_eq!(c.base_digest.as_deref(), Some(digest.as_str()));
    assert!(c.base.ends_with(&digest));
    assert!(c.notes.is_empty(), "{:?}", c.notes);
}

#[test]
fn a_base_pinned_after_rendering_counts_as_pinned() {
    let k = k();
    let digest = format!("sha256:{}", "cd".repeat(32));
    let (plan, artifacts) = generated(&k, "go-static", None, &[]);
    let from = format!("FROM {}\n", plan.image.from);
    assert!(artifacts.dockerfile.contains(&from));
    let pinned = artifacts
        .dockerfile
        .replace(&from, &format!("FROM {}@{digest}\n", plan.image.from));
    let c = RunConfig::new(&plan, &pinned);
    assert_eq!(c.base_digest.as_deref(), Some(digest.as_str()));
    assert_eq!(c.base, format!("{}@{digest}", plan.image.from));
    assert!(c.notes.is_empty(), "{:?}", c.notes);
    let unpinned = RunConfig::new(&plan, &artifacts.dockerfile);
    assert_eq!(unpinned.base_digest, None);
    assert_eq!(unpinned.notes.len(), 1, "{:?}", unpinned.notes);
}

#[test]
fn data_without_run_templates_is_a_clear_error() {
    let mut k = k();
    let sources: std::collections::BTreeMap<String, String> = k
        .templates
        .iter()
        .filter(|(name, _)| *name != "k8s.yaml.j2")
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
    k.templates = crate::knowledge::Templates::new(sources);
    let (plan, artifacts) = generated(&k, "go-static", None, &[]);
    let err = extras(&k, &plan, &artifacts.dockerfile, &[Extra::Kubernetes]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "template k8s.yaml.j2: the data has no templates/k8s.yaml.j2, which --with k8s needs"
    );
}
