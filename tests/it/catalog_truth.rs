//! The catalog tells the truth about its figures: every number says how it was obtained, comparisons
//! are exact only between measurements, and the reviewed corrections stay applied.

use basepick::advisor::Deltas;
use basepick::knowledge::{Date, FigureKind};
use serde_json::Value;

use crate::common::{json, knowledge};

#[test]
fn every_number_in_the_json_listing_carries_its_kind_and_source() {
    let (code, v) = json(&["images", "--all", "--format", "json"]);
    assert_eq!(code, Some(0));
    let images = v.as_array().unwrap();
    assert!(images.len() >= 80, "{} images", images.len());
    for image in images {
        let id = &image["id"];
        for figure in ["compressed", "packages", "vulns"] {
            let f = &image[figure];
            let kind = f["kind"]
                .as_str()
                .unwrap_or_else(|| panic!("{id}: {figure} has no kind"));
            assert!(
                ["measured", "estimate", "illustrative"].contains(&kind),
                "{id}: {figure} kind {kind}"
            );
            assert!(
                f["source"].as_str().is_some_and(|s| !s.trim().is_empty()),
                "{id}: {figure} has no source"
            );
            if kind == "measured" {
                assert!(
                    f["measured"].is_string(),
                    "{id}: measured {figure} has no date"
                );
            }
        }
        if !image["uncompressed"].is_null() {
            assert!(image["uncompressed"]["kind"].is_string(), "{id}");
        }
    }
}

#[test]
fn no_delta_involving_an_estimate_is_printed_as_an_exact_number() {
    let k = knowledge();
    for leaf in &k.tree.leaves {
        let outcome = basepick::advisor::leaf_outcome(&k, &leaf.id).unwrap();
        for alt in &outcome.alternatives {
            let both = outcome.image.compressed.is_measured() && alt.image.compressed.is_measured();
            assert_eq!(
                alt.deltas.size_mb.exact, both,
                "{} vs {}",
                leaf.id, alt.image.id
            );
            let phrases = basepick::present::describe(&alt.deltas);
            if !both && !alt.deltas.same_image {
                assert!(phrases[0].starts_with('≈'), "{}: {phrases:?}", alt.image.id);
            }
            // No scanner measured the built-in images, so no vulnerability difference is claimed.
            assert!(
                phrases
                    .iter()
                    .all(|p| !p.contains("CVE") && !p.contains("vulnerab"))
            );
        }
    }
    // The text report marks the approximate ones and explains the mark.
    let out = crate::common::basepick()
        .args([
            "recommend",
            "-a",
            "runtime=python",
            "-a",
            "c_extensions=yes",
            "-a",
            "debug_shell=no",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("≈ marks an estimate"), "{text}");
}

fn delta(from: &str, to: &str) -> Deltas {
    let k = knowledge();
    Deltas::between(
        k.image_by_id(from).unwrap(),
        k.image_by_id(to).unwrap(),
        false,
    )
}

#[test]
fn the_reviewed_comparisons_have_the_right_sign_and_size() {
    // Distroless Python is smaller than slim, not larger (the old catalog said slim was 7 MB smaller).
    let d = delta("distroless-python3", "python-3.13-slim");
    assert!(d.size_mb.value > 15.0 && !d.size_mb.exact, "{d:?}");
    // Moving Ubuntu 22.04 → 24.04 or Debian 12 → 13 saves nothing: both are measured and nearly equal.
    let d = delta("ubuntu-22.04", "ubuntu-24.04");
    assert!(d.size_mb.exact && d.size_mb.value.abs() < 1.0, "{d:?}");
    let d = delta("debian-12", "debian-13");
    assert!(
        d.size_mb.exact && (0.0..2.0).contains(&d.size_mb.value),
        "{d:?}"
    );
    // Full → slim Python 3.11 is a real saving of about 364 MB, measured on both sides.
    let d = delta("python-3.11", "python-3.11-slim");
    assert!(
        d.size_mb.exact && (d.size_mb.value + 363.6).abs() < 0.5,
        "{d:?}"
    );
    // python:3.11-slim and python:3.11-slim-trixie are one image.
    let k = knowledge();
    let slim = k.image_by_id("python-3.11-slim").unwrap();
    let trixie = basepick::knowledge::ImageRef::parse("python:3.11-slim-trixie").unwrap();
    assert!(slim.is_named_by(&trixie));
}

#[test]
fn the_audit_never_offers_the_same_image_under_another_tag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, "FROM python:3.11-slim\nUSER 10001\n").unwrap();
    let (_, v) = json(&["audit", path.to_str().unwrap(), "--format", "json"]);
    let refs: Vec<&str> = v["alternatives"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["reference"].as_str())
        .collect();
    assert!(!refs.is_empty());
    assert!(!refs.contains(&"python:3.11-slim-trixie"), "{refs:?}");
}

#[test]
fn the_reviewed_corrections_stay_applied() {
    let k = knowledge();
    let until = |id: &str| k.image_by_id(id).unwrap().supported_until;
    let day = |y, m, d| Date::new(y, m, d);
    for (id, end) in [
        ("ubuntu-22.04", day(2027, 4, 1)),
        ("ubuntu-24.04", day(2029, 5, 31)),
        ("debian-12", day(2026, 7, 11)),
        ("alpine-3.24", day(2028, 6, 1)),
        ("eclipse-temurin-21-jre", day(2029, 5, 31)),
        ("node-26-slim", day(2028, 8, 9)),
        ("distroless-nodejs26", day(2029, 4, 30)),
    ] {
        assert_eq!(until(id), end, "{id}");
    }
    // Distroless language images end three months after Debian 14, a date nobody knows yet.
    for id in ["distroless-python3", "distroless-java21"] {
        let image = k.image_by_id(id).unwrap();
        assert_eq!(image.supported_until, None, "{id}");
        let rule = image.support_rule.as_ref().unwrap();
        assert_eq!((rule.after.as_str(), rule.months), ("debian 14", 3), "{id}");
    }
    // Node 26 is the default Node line; the Rust builder follows the newest stable release.
    let node = k.leaf(k.tree.find_leaf("node-slim").unwrap());
    assert_eq!(k.image(node.image).runtime_version.as_deref(), Some("26"));
    let rust = k.leaf(k.tree.find_leaf("rust-static").unwrap());
    assert_eq!(
        k.image(rust.builder.unwrap()).reference.to_string(),
        "rust:1-slim-trixie"
    );
    // UBI micro runs as root; Chainguard's free tier publishes latest and latest-dev.
    assert_eq!(k.image_by_id("ubi9-micro").unwrap().uid, 0);
    assert_eq!(
        k.image_by_id("chainguard-python-dev")
            .unwrap()
            .reference
            .tag
            .as_deref(),
        Some("latest-dev")
    );
    assert!(
        !k.tree
            .questions
            .iter()
            .any(|q| q.help.contains("only publishes"))
    );
    // Vulnerability ranges are illustrative: no scanner produced them.
    assert!(
        k.catalog
            .images
            .iter()
            .all(|i| i.vulns.kind == FigureKind::Illustrative)
    );
}

#[test]
fn family_profiles_take_their_figures_from_the_catalog() {
    let (_, v) = json(&["images", "--families", "--format", "json"]);
    let families: &Vec<Value> = v["family"].as_array().unwrap();
    let distroless = families
        .iter()
        .find(|f| f["family"] == "distroless")
        .unwrap();
    // Distroless sizes are estimates only; the profile says so instead of quoting a number.
    assert!(
        distroless["size"].as_str().unwrap().contains("estimated"),
        "{distroless}"
    );
    let alpine = families.iter().find(|f| f["family"] == "alpine").unwrap();
    assert!(
        alpine["size"].as_str().unwrap().contains("measured"),
        "{alpine}"
    );
}
