//! Audits of the fixture Dockerfiles against the fixture catalog.
#![allow(clippy::float_cmp)]

use std::path::Path;

use super::*;
use crate::knowledge::{
    Catalog, DataFiles, Date, IMAGES_FILE, LIFECYCLES_FILE, Lifecycles, catalog_only,
    lifecycles_only,
};
use crate::output::audit::{AuditJson, render_text};

/// The fixture catalog, resolved once for every test.
fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| {
        let text = include_str!("../../../tests/fixtures/catalog/images.toml");
        let files = DataFiles::from([(IMAGES_FILE.to_owned(), text.to_owned())]);
        catalog_only(&files).unwrap()
    })
}

/// The shipped lifecycle table.
fn lifecycles() -> &'static Lifecycles {
    static TABLE: std::sync::OnceLock<Lifecycles> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let text = include_str!("../../../data/lifecycles.toml");
        let files = DataFiles::from([(LIFECYCLES_FILE.to_owned(), text.to_owned())]);
        lifecycles_only(&files).unwrap()
    })
}

/// Judged on the day the snapshots use.
pub(super) fn cx() -> Context<'static> {
    Context::new(catalog(), lifecycles(), Date::parse("2026-11-28").unwrap())
}

pub(super) fn run(text: &str) -> Audit<'static> {
    audit(text, &cx()).unwrap()
}

fn fixture(name: &str) -> Result<Audit<'static>, AuditError> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dockerfiles")
        .join(name);
    audit_file(&path, &cx())
}

pub(super) fn kinds(a: &Audit<'_>) -> Vec<(&'static str, Severity)> {
    a.findings
        .iter()
        .map(|f| (f.kind.as_str(), f.severity))
        .collect()
}

pub(super) fn refs<'a>(a: &'a Audit<'_>) -> Vec<&'a str> {
    a.alternatives
        .iter()
        .map(|x| x.reference.as_str())
        .collect()
}

#[test]
fn python_311_gets_slim_and_distroless_and_root_flag() {
    let a = fixture("python311.Dockerfile").unwrap();
    let report = render_text(&a);
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("python-3.11", MatchKind::Exact)
    );
    // The fixture's python:3.11 is built on Debian 12, which has only Debian LTS left.
    assert_eq!(
        kinds(&a),
        [
            ("missing-user", Severity::Warning),
            ("extended-support-only", Severity::Warning)
        ],
        "{report}"
    );
    assert!(a.findings[0].message.contains("runs as root"), "{report}");
    assert!(
        a.findings[1].message.contains("move to Debian 13"),
        "{report}"
    );
    assert_eq!(a.exit_code(Severity::Error), 0);
    assert_eq!(a.exit_code(Severity::Warning), 1);
    let alts = refs(&a);
    // The catalog's python:3.11-slim is on Debian 12 too; the trixie build is offered instead.
    assert!(alts.contains(&"python:3.11-slim-trixie"), "{report}");
    assert!(!alts.contains(&"python:3.11-slim"), "{report}");
    assert!(
        alts.contains(&"gcr.io/distroless/python3-debian13:nonroot"),
        "{report}"
    );
    assert!(
        !alts.iter().any(|r| r.contains("debian12")),
        "unsupported suggested: {report}"
    );
    assert!(alts.len() <= MAX_ALTERNATIVES);
    let slim = a
        .alternatives
        .iter()
        .find(|x| x.reference == "python:3.11-slim-trixie")
        .unwrap();
    assert_eq!(slim.label, "Python 3.11 slim");
    assert_eq!(slim.measured_on.as_deref(), Some("python:3.13-slim-trixie"));
    // The figures are those of the 3.13 image: approximate for 3.11, however well measured; and
    // vulnerability ranges without a scanner give no difference.
    assert_eq!(slim.deltas.size_mb.value, -877.0);
    assert!(!slim.deltas.size_mb.exact);
    assert!(!slim.deltas.packages.exact);
    assert_eq!(slim.deltas.packages.value, -500.0);
    assert_eq!(slim.deltas.vulns, None);
    assert!(report.contains("≈ −877 MB"), "{report}");
    let distroless = a
        .alternatives
        .iter()
        .find(|x| x.image.family == crate::knowledge::Family::Distroless)
        .unwrap();
    assert!(distroless.deltas.shell.is_some());
    assert!(
        distroless
            .cautions
            .iter()
            .any(|c| c.contains("3.13 instead of 3.11")),
        "{report}"
    );
    assert!(distroless.drops_root, "{report}");
    assert!(report.contains("runs as nonroot by default"), "{report}");
}

#[test]
fn multistage_follows_the_final_stage() {
    let a = fixture("multistage.Dockerfile").unwrap();
    assert_eq!(a.stages.len(), 3);
    assert_eq!(a.final_stage, 2);
    assert_eq!(
        a.final_image.as_ref().unwrap().image.id.as_str(),
        "distroless-static"
    );
    assert!(a.findings.is_empty(), "{}", render_text(&a));
    assert_eq!(a.exit_code(Severity::Warning), 0);
    assert_eq!(refs(&a), ["scratch"]);
    assert!(
        a.alternatives[0]
            .cautions
            .iter()
            .any(|c| c.contains("runs as root"))
    );
}

#[test]
fn arg_built_tag_is_resolved_and_matched_by_pattern() {
    let a = fixture("arg-tag.Dockerfile").unwrap();
    assert_eq!(a.final_reference.as_deref(), Some("python:3.13-slim"));
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("python-3.13-slim", MatchKind::TagVariant)
    );
    assert_eq!(a.exit_code(Severity::Warning), 0, "{}", render_text(&a));
}

#[test]
fn heredoc_bodies_do_not_leak() {
    let a = fixture("heredoc.Dockerfile").unwrap();
    assert_eq!(a.stages.len(), 1, "{}", render_text(&a));
    assert_eq!(a.stages[0].user.as_ref().unwrap().raw, "10001");
    assert_eq!(a.exit_code(Severity::Warning), 0);
}

#[test]
fn continuation_and_comments() {
    let a = fixture("continuation.Dockerfile").unwrap();
    assert_eq!(a.stages[0].name.as_deref(), Some("base"));
    assert_eq!(a.stages[0].user.as_ref().unwrap().line, 15);
    assert_eq!(a.final_image.as_ref().unwrap().how, MatchKind::Exact);
    assert_eq!(a.exit_code(Severity::Warning), 0, "{}", render_text(&a));
}

#[test]
fn latest_and_untagged_are_flagged_per_stage() {
    let a = fixture("latest.Dockerfile").unwrap();
    let found: Vec<(&str, Option<usize>)> = a
        .findings
        .iter()
        .map(|f| (f.kind.as_str(), f.line))
        .collect();
    assert!(found.contains(&("untagged", Some(1))), "{found:?}");
    assert!(found.contains(&("latest-tag", Some(4))), "{found:?}");
    assert_eq!(a.exit_code(Severity::Warning), 1);
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(m.how, MatchKind::NearestVersion, "{}", m.note);
}

#[test]
fn registry_with_port_is_parsed_and_not_in_catalog() {
    let a = fixture("registry-port.Dockerfile").unwrap();
    let Base::Image(r) = &a.stages[0].base else {
        panic!("not an image")
    };
    assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
    assert_eq!(r.repository, "team/base-image");
    assert_eq!(r.tag.as_deref(), Some("1.4.2"));
    assert!(a.final_image.is_none());
    assert_eq!(kinds(&a), [("not-in-catalog", Severity::Info)]);
    assert_eq!(a.exit_code(Severity::Warning), 0);
}

#[test]
fn malformed_dockerfile_reports_its_line() {
    let err = fixture("malformed.Dockerfile").unwrap_err();
    let AuditError::Parse { error, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(error.line, 5);
    assert!(
        err.to_string()
            .ends_with("malformed.Dockerfile:5: FROM needs an image"),
        "{err}"
    );
}

#[test]
fn unreadable_inputs_are_errors() {
    assert!(matches!(
        fixture("missing.Dockerfile"),
        Err(AuditError::Read { .. })
    ));
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        audit_file(dir.path(), &cx()),
        Err(AuditError::NotText { .. })
    ));
    let bin = dir.path().join("Dockerfile");
    std::fs::write(&bin, b"FROM x\0").unwrap();
    assert!(matches!(
        audit_file(&bin, &cx()),
        Err(AuditError::NotText { .. })
    ));
}

#[test]
fn tag_variants_match_with_version_and_os() {
    let a = run("FROM docker.io/library/python:3.11.9-slim-bookworm\nUSER 10001\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("python-3.11-slim", MatchKind::TagVariant)
    );
    let a = run("FROM python:3.12-slim\nUSER 10001\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("python-3.13-slim", MatchKind::VersionPattern)
    );
    assert_eq!(
        a.support.as_ref().unwrap().support,
        crate::knowledge::Support::Supported {
            until: Date::parse("2028-10-31")
        }
    );
}

#[test]
fn unsupported_images_point_to_their_successor() {
    let a = run("FROM gcr.io/distroless/python3-debian12\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("distroless-python3-debian12", MatchKind::TagVariant)
    );
    // Without the nonroot tag the image runs as root.
    assert_eq!(m.default_user.as_deref(), Some("root"));
    let unsupported = a
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Unsupported)
        .unwrap();
    assert!(
        unsupported.message.contains("ended on 2026-04-30"),
        "{}",
        unsupported.message
    );
    assert_eq!(a.findings[0].severity, Severity::Error);
    // The designated successor comes first.
    assert_eq!(refs(&a)[0], "gcr.io/distroless/python3-debian13:nonroot");
    assert!(a.alternatives[0].successor);
    assert!(a.findings.iter().any(|f| f.kind == FindingKind::Untagged));

    let a = run("FROM node:20-bookworm-slim\nUSER node\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(m.image.id.as_str(), "node-20-slim");
    assert!(
        a.findings
            .iter()
            .any(|f| f.kind == FindingKind::Unsupported)
    );
    assert_eq!(refs(&a)[0], "node:24-alpine3.22");
}

#[test]
fn nearest_version_inherits_the_version_support() {
    let a = run("FROM python:3.10-alpine\nUSER 10001\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("python-3.11-alpine", MatchKind::NearestVersion)
    );
    assert!(
        a.findings
            .iter()
            .any(|f| f.kind == FindingKind::Unsupported),
        "{}",
        render_text(&a)
    );
}

#[test]
fn runtime_family_match_for_other_repositories() {
    let a = run("FROM registry.example.com/mirror/python:3.11-slim\nUSER 10001\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(
        (m.image.id.as_str(), m.how),
        ("python-3.11-slim", MatchKind::RuntimeFamily)
    );
    assert!(m.note.contains("not in the catalog"), "{}", m.note);
}

#[test]
fn user_inherited_from_an_earlier_stage_and_scratch() {
    let a = run("FROM debian:13 AS base\nUSER 10001\nFROM base\nCOPY x /x\n");
    assert!(a.findings.is_empty(), "{}", render_text(&a));
    let a = run("FROM golang:1.27-trixie AS b\nFROM scratch\nCOPY --from=b /x /x\n");
    assert_eq!(a.final_image.as_ref().unwrap().image.id.as_str(), "scratch");
    assert_eq!(kinds(&a), [("missing-user", Severity::Warning)]);
    let a = run("FROM gcr.io/distroless/static-debian13:nonroot\n");
    assert_eq!(kinds(&a), [("missing-user", Severity::Info)]);
    assert_eq!(a.exit_code(Severity::Warning), 0);
    let a = run("FROM debian:13\nUSER 0:0\n");
    assert_eq!(kinds(&a), [("root-user", Severity::Warning)]);
}

#[test]
fn os_images_get_os_alternatives() {
    let a = run("FROM debian:bookworm\nUSER 10001\n");
    let m = a.final_image.as_ref().unwrap();
    assert_eq!(m.image.id.as_str(), "debian-12");
    assert_eq!(refs(&a), ["debian:13"]);
    assert!(
        a.findings
            .iter()
            .any(|f| f.kind == FindingKind::ExtendedSupportOnly
                && f.message.contains("move to Debian 13")),
        "{}",
        render_text(&a)
    );
}

#[test]
fn unresolved_args_are_informational() {
    let a = run("ARG BASE\nFROM ${BASE}\nUSER 10001\n");
    assert_eq!(a.final_reference, None);
    assert_eq!(kinds(&a), [("unresolved-arg", Severity::Info)]);
    assert_eq!(a.exit_code(Severity::Warning), 0);
}

#[test]
fn json_shape() {
    let a = fixture("python311.Dockerfile").unwrap();
    let v = serde_json::to_value(AuditJson::new(&a)).unwrap();
    assert_eq!(v["flagged"], true);
    assert_eq!(v["final_image"]["how"], "exact");
    assert_eq!(v["final_image"]["image"]["id"], "python-3.11");
    assert_eq!(v["findings"][0]["kind"], "missing-user");
    assert_eq!(v["stages"][0]["base"]["kind"], "image");
    assert!(v["alternatives"][0]["deltas"]["size_mb"]["value"].is_number());
}

mod classes;
