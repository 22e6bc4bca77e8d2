//! The plan on the built-in data: precedence of `--set` over detection over defaults, versions, names.

use super::*;
use crate::advisor::leaf_outcome;
use crate::knowledge::{self, Date, Knowledge};

fn k() -> Knowledge {
    knowledge::embedded().unwrap()
}

fn today() -> Date {
    Date::new(2026, 11, 28).unwrap()
}

fn set(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn plan_for(
    k: &Knowledge,
    leaf: &str,
    facts: Option<&ProjectFacts>,
    overrides: &[(String, String)],
) -> Result<Plan, PlanError> {
    let outcome = leaf_outcome(k, leaf).unwrap();
    plan(PlanInput {
        knowledge: k,
        outcome: &outcome,
        facts,
        overrides,
        today: today(),
    })
}

#[test]
fn the_plan_provides_exactly_the_template_variables() {
    let k = k();
    let p = plan_for(&k, "python-slim", None, &[]).unwrap();
    let value = serde_json::to_value(&p).unwrap();
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = crate::knowledge::templates::CONTEXT_VARIABLES.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
}

#[test]
fn set_beats_detected_beats_default() {
    let k = k();
    let facts = ProjectFacts {
        version: Some(Fact::new(
            "3.12.4".to_owned(),
            "pyproject.toml requires-python",
        )),
        start: Some(Fact::new(
            vec!["gunicorn".to_owned(), "app:app".to_owned()],
            "Procfile web:",
        )),
        ..ProjectFacts::default()
    };
    let p = plan_for(&k, "python-slim", Some(&facts), &[]).unwrap();
    assert_eq!(p.version.as_ref().unwrap().value, "3.12");
    assert_eq!(p.image.reference, "python:3.12-slim-trixie");
    assert_eq!(
        p.builder.as_ref().unwrap().reference,
        "python:3.12-slim-trixie"
    );
    assert_eq!(
        p.app.start.as_deref().unwrap().join(" "),
        "gunicorn app:app"
    );
    let p = plan_for(
        &k,
        "python-slim",
        Some(&facts),
        &set(&[("version", "3.13"), ("start", "app.py")]),
    )
    .unwrap();
    assert_eq!(p.version.unwrap().value, "3.13");
    assert_eq!(p.app.start.unwrap().join(" "), "python3 app.py");
    let p = plan_for(&k, "python-slim", None, &[]).unwrap();
    assert_eq!(p.version.unwrap().value, "3.13");
    assert!(p.app.start.is_none());
    assert!(p.notes.iter().any(|n| n.contains("--set start=")));
}

#[test]
fn a_version_the_image_does_not_offer_is_refused_when_set_and_noted_when_detected() {
    let k = k();
    let err = plan_for(&k, "python-distroless", None, &set(&[("version", "3.12")])).unwrap_err();
    assert!(err.to_string().contains("choose one of: 3.13"), "{err}");
    let facts = ProjectFacts {
        version: Some(Fact::new("3.12".to_owned(), "runtime.txt")),
        ..ProjectFacts::default()
    };
    let p = plan_for(&k, "python-distroless", Some(&facts), &[]).unwrap();
    assert_eq!(p.version.unwrap().value, "3.13");
    assert!(
        p.notes.iter().any(|n| n.contains("declares Python 3.12")),
        "{:?}",
        p.notes
    );
}

#[test]
fn an_image_that_follows_the_newest_release_refuses_a_version_and_notes_the_projects() {
    // Chainguard's Ruby and its dev builder are `latest`: neither names a version.
    let k = k();
    let err = plan_for(&k, "ruby-hardened", None, &set(&[("version", "3.4")])).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("offers no version to choose"), "{message}");
    assert!(message.contains("leaf `ruby-slim`"), "{message}");
    let facts = ProjectFacts {
        version: Some(Fact::new("3.4.3".to_owned(), ".ruby-version:1")),
        ..ProjectFacts::default()
    };
    let p = plan_for(&k, "ruby-hardened", Some(&facts), &[]).unwrap();
    assert!(p.version.is_none());
    let note = p.notes.iter().find(|n| n.contains("declares Ruby 3.4.3"));
    assert!(
        note.is_some_and(|n| n.contains("newest Ruby release") && n.contains("ruby-slim")),
        "{:?}",
        p.notes
    );
    // A range the newest release meets is no conflict; an upper bound may be.
    let ranged = |spec: &str| ProjectFacts {
        version: Some(Fact::new("8.2".to_owned(), "composer.json:5")),
        version_spec: Some(spec.to_owned()),
        ..ProjectFacts::default()
    };
    let declared = |p: Plan| p.notes.iter().any(|n| n.contains("declares PHP 8.2"));
    assert!(!declared(
        plan_for(&k, "php-hardened", Some(&ranged("^8.2")), &[]).unwrap()
    ));
    assert!(declared(
        plan_for(&k, "php-hardened", Some(&ranged(">=8.2,<8.4")), &[]).unwrap()
    ));
}

#[test]
fn several_programs_need_a_choice_and_app_name_makes_it() {
    let k = k();
    let candidate = |name: &str| Candidate {
        artifact: name.to_owned(),
        target: Some(format!("./cmd/{name}")),
        evidence: format!("cmd/{name}/main.go"),
    };
    let facts = ProjectFacts {
        candidates: vec![candidate("api"), candidate("worker")],
        ..ProjectFacts::default()
    };
    let err = plan_for(&k, "go-static", Some(&facts), &[]).unwrap_err();
    assert!(
        err.to_string().contains("api, worker") && err.to_string().contains("--set app_name"),
        "{err}"
    );
    let p = plan_for(
        &k,
        "go-static",
        Some(&facts),
        &set(&[("app_name", "worker")]),
    )
    .unwrap();
    assert_eq!(p.app.artifact.as_deref(), Some("worker"));
    assert_eq!(p.app.target.as_deref(), Some("./cmd/worker"));
}

#[test]
fn unsafe_detected_names_are_refused() {
    let k = k();
    let facts = ProjectFacts {
        artifact: Some(Candidate {
            artifact: "app\"; rm".to_owned(),
            target: None,
            evidence: "Cargo.toml".to_owned(),
        }),
        ..ProjectFacts::default()
    };
    let err = plan_for(&k, "rust-static", Some(&facts), &[]).unwrap_err();
    assert!(matches!(err, PlanError::UnsafeName { .. }), "{err}");
}

#[test]
fn a_port_with_a_leading_zero_is_refused() {
    let k = k();
    let err = plan_for(&k, "go-static", None, &set(&[("port", "080")])).unwrap_err();
    assert!(err.to_string().contains("leading zeros"), "{err}");
}

#[test]
fn java_without_a_wrapper_builds_in_the_tool_image() {
    let k = k();
    let facts = ProjectFacts {
        package_manager: Some(Fact::new("maven".to_owned(), "pom.xml")),
        files: vec!["pom.xml".to_owned()],
        version: Some(Fact::new("17".to_owned(), "pom.xml maven.compiler.release")),
        ..ProjectFacts::default()
    };
    let p = plan_for(&k, "java-distroless", Some(&facts), &[]).unwrap();
    assert_eq!(
        p.builder.unwrap().reference,
        "maven:3.9-eclipse-temurin-17-noble"
    );
    assert_eq!(
        p.image.reference,
        "gcr.io/distroless/java17-debian13:nonroot"
    );
}

#[test]
fn offered_versions_match_at_a_dot_boundary() {
    let k = k();
    let slim = leaf_outcome(&k, "python-slim").unwrap();
    assert_eq!(offered_version(&slim, "3.12").as_deref(), Some("3.12"));
    assert_eq!(offered_version(&slim, "3.12.4").as_deref(), Some("3.12"));
    assert_eq!(offered_version(&slim, "3.1"), None);
    assert_eq!(offered_version(&slim, "3.131"), None);
    assert_eq!(offered_version(&slim, "2.7"), None);
    let distroless = leaf_outcome(&k, "python-distroless").unwrap();
    assert_eq!(
        offered_version(&distroless, "3.13.1").as_deref(),
        Some("3.13")
    );
    assert_eq!(offered_version(&distroless, "3.12"), None);
}

#[test]
fn a_version_past_its_end_of_support_renders_with_the_way_on() {
    let k = k();
    let facts = ProjectFacts {
        version: Some(Fact::new("8.0".to_owned(), "Api.csproj:3")),
        ..ProjectFacts::default()
    };
    let outcome = leaf_outcome(&k, "dotnet-chiseled").unwrap();
    let on = |day: Date| {
        plan(PlanInput {
            knowledge: &k,
            outcome: &outcome,
            facts: Some(&facts),
            overrides: &[],
            today: day,
        })
        .unwrap()
    };
    // .NET 8 ended on 2026-11-10 (lifecycles.toml).
    let late = on(today());
    let version = late.version.clone().unwrap();
    assert_eq!(version.value, "8.0");
    assert!(version.ended);
    assert_eq!(version.ends, Date::new(2026, 11, 10));
    let note = late
        .notes
        .iter()
        .find(|n| n.contains("out of support"))
        .unwrap();
    assert!(
        note.contains(".NET 8.0") && note.contains("--set version=10.0"),
        "{note}"
    );
    let files = render(&k, &outcome.leaf.template, &late).unwrap();
    assert!(files.dockerfile.contains("out of support since 2026-11-10"));
    // Half a year earlier the same project is fine.
    let early = on(Date::new(2026, 5, 1).unwrap());
    assert!(!early.version.unwrap().ended);
    assert!(!early.notes.iter().any(|n| n.contains("out of support")));
}

/// Every object among a template context's values and its fields, by path (`image`, `assets.image`);
/// maps (`answers`, `params`) and lists are open, so they are not followed.
pub(crate) fn objects(
    prefix: &str,
    value: &serde_json::Value,
    out: &mut std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) {
    let Some(map) = value.as_object() else {
        return;
    };
    for (key, field) in map {
        if prefix.is_empty() && matches!(key.as_str(), "answers" | "params") {
            continue;
        }
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        if let Some(fields) = field.as_object() {
            out.insert(path.clone(), fields.keys().cloned().collect());
            objects(&path, field, out);
        }
    }
}

/// A table of objects and fields, as the knowledge crate declares them for template checks.
pub(crate) fn declared(
    table: &[(&str, &[&str])],
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    table
        .iter()
        .map(|(path, fields)| {
            (
                (*path).to_owned(),
                fields.iter().map(|f| (*f).to_owned()).collect(),
            )
        })
        .collect()
}

#[test]
fn the_plan_provides_exactly_the_template_objects() {
    let k = k();
    let facts = ProjectFacts {
        version: Some(Fact::new("3.12".to_owned(), "pyproject.toml")),
        ..ProjectFacts::default()
    };
    let mut p = plan_for(&k, "python-slim", Some(&facts), &[]).unwrap();
    // Every optional object present, so each shows its fields.
    p.assets = Some(AssetsPlan {
        manager: "npm".to_owned(),
        command: vec!["npm".to_owned(), "run".to_owned(), "build".to_owned()],
        output: Some("dist".to_owned()),
        image: p.image.clone(),
    });
    assert!(p.builder.is_some() && p.version.is_some());
    let mut found = std::collections::BTreeMap::new();
    objects("", &serde_json::to_value(&p).unwrap(), &mut found);
    assert_eq!(
        found,
        declared(crate::knowledge::templates::CONTEXT_OBJECTS)
    );
}

#[test]
fn every_leaf_of_the_built_in_data_renders_within_the_limits() {
    // check-data leaves the built-in data out of its rendering pass; this is what vouches for it.
    let problems = rehearse(&k(), today());
    assert!(problems.0.is_empty(), "{problems}");
}

#[test]
fn a_failing_template_is_reported_once_located_where_it_stops() {
    let mut k = k();
    let mut sources: std::collections::BTreeMap<String, String> = k
        .templates
        .iter()
        .map(|(n, s)| (n.to_owned(), s.to_owned()))
        .collect();
    let name = crate::knowledge::Templates::dockerfile_name(&k.tree.leaves[0].template);
    let users = k
        .tree
        .leaves
        .iter()
        .filter(|l| l.template == k.tree.leaves[0].template)
        .count();
    assert!(users > 1, "the test needs a template two leaves share");
    sources.insert(
        name.clone(),
        "FROM scratch\n\n{% for a in range(99999) %}{% for b in range(99999) %}x{% endfor %}{% endfor %}\n"
            .to_owned(),
    );
    k.templates = crate::knowledge::Templates::new(sources);
    let problems = rehearse(&k, today());
    assert_eq!(problems.0.len(), 1, "{problems}");
    let p = &problems.0[0];
    assert_eq!(p.file, format!("templates/{name}"));
    assert_eq!(p.location.as_ref().map(|l| l.line), Some(3));
    assert!(p.message.contains("ran out of fuel"), "{}", p.message);
}
