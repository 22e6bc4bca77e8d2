//! What `basepick refresh` writes into the built-in catalog is a catalog basepick loads: the whole data
//! set still loads with `knowledge::load`, the refreshed entries carry the figures read from the
//! registry (and from an SBOM and a scanner report), and every other entry stays as it was, byte for
//! byte. The entries chosen cover the shapes `data/images.toml` uses: aliases and an uncompressed size,
//! a Chainguard `latest` pinned by digest, a support rule.

use std::path::Path;

use basepick::knowledge::{self, DataSource, FigureKind, Knowledge, VulnRange};

use crate::common::{basepick, text};
use crate::local_registry::{self, CREATED, Layout};
use crate::registry_export::data_on;
use crate::registry_refresh::refresh;

const TODAY: &str = "2026-11-28";
const SPACE: &str = "roundtrip";

fn load(dir: &Path) -> Knowledge {
    knowledge::load(&DataSource::Dir(dir.to_owned())).unwrap_or_else(|e| panic!("{e}"))
}

/// The file's `[[image]]` entries by id, each with its text.
fn entries(catalog: &str) -> Vec<(String, String)> {
    catalog
        .split("\n[[image]]\n")
        .skip(1)
        .map(|entry| {
            let id = entry
                .lines()
                .find_map(|l| l.strip_prefix("id = \""))
                .unwrap()
                .trim_end_matches('"')
                .to_owned();
            (id, entry.to_owned())
        })
        .collect()
}

#[test]
fn refreshed_built_in_data_loads_with_the_measured_figures() {
    let r = local_registry::open();
    let data = data_on(&r.host, SPACE);
    let catalog_path = data.path().join("images.toml");
    let original = std::fs::read_to_string(&catalog_path).unwrap();
    let before = load(data.path());
    // (id, pushed as an index of two platforms), in file order
    let chosen = [
        ("python-3.13-slim", false),
        ("distroless-python3", true),
        ("chainguard-python", false),
    ];
    let layout = Layout::new();
    layout.image("one", "amd64", 250_000, 7);
    layout.image("arm", "arm64", 90_000, 8);
    layout.index(
        "two",
        &[("one", "amd64", None), ("arm", "arm64", Some("v8"))],
    );
    for (id, multi) in chosen {
        let image = before.catalog.images.iter().find(|i| i.id == id).unwrap();
        let reference = image.reference.to_string();
        let repo_tag = reference.strip_prefix(&format!("{}/", r.host)).unwrap();
        r.push(
            &layout,
            if multi { "two" } else { "one" },
            repo_tag,
            multi,
            false,
        );
    }
    let ids: Vec<&str> = chosen.iter().map(|(id, _)| *id).collect();
    let mut args = ids.clone();
    args.push("--yes");
    let out = refresh(data.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // A scanner report and an SBOM for the Chainguard image.
    let reports = tempfile::tempdir().unwrap();
    let grype = reports.path().join("python.grype.json");
    std::fs::write(
        &grype,
        r#"{"matches":[{"vulnerability":{"id":"CVE-1","severity":"High"},"artifact":{"name":"a"}},
            {"vulnerability":{"id":"CVE-2","severity":"Low"},"artifact":{"name":"b"}}],
          "descriptor":{"name":"grype","version":"0.87.0","db":{"status":{"built":"2026-11-27T03:00:00Z"}}}}"#,
    )
    .unwrap();
    let spdx = reports.path().join("python.spdx.json");
    std::fs::write(
        &spdx,
        r#"{"spdxVersion":"SPDX-2.3","creationInfo":{"creators":["Tool: syft-1.18.1"]},
            "packages":[{"SPDXID":"SPDXRef-a"},{"SPDXID":"SPDXRef-b"},{"SPDXID":"SPDXRef-c"}]}"#,
    )
    .unwrap();
    let out = refresh(
        data.path(),
        &[
            "--image",
            "chainguard-python",
            "--scan-report",
            grype.to_str().unwrap(),
            "--sbom",
            spdx.to_str().unwrap(),
            "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // The whole data set loads, and check-data finds nothing wrong with it.
    let after = load(data.path());
    let check = basepick()
        .args(["check-data", "--data", data.path().to_str().unwrap()])
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let today = knowledge::Date::parse(TODAY).unwrap();
    for (id, multi) in chosen {
        let image = after.catalog.images.iter().find(|i| i.id == id).unwrap();
        let old = before.catalog.images.iter().find(|i| i.id == id).unwrap();
        let repo_tag = image.reference.to_string()[r.host.len() + 1..].to_owned();
        let expected_digest = if multi {
            let index = r.skopeo_raw(&repo_tag);
            index["manifests"][0]["digest"].as_str().unwrap().to_owned()
        } else {
            r.skopeo_digest(&repo_tag)
        };
        assert_eq!(image.digest.as_deref(), Some(expected_digest.as_str()));
        assert_eq!(image.compressed.kind, FigureKind::Measured, "{id}");
        assert_eq!(image.compressed.measured, Some(today), "{id}");
        assert!(
            (0.24..0.27).contains(&image.compressed.value),
            "{id}: 250 kB of noise, {} MB",
            image.compressed.value
        );
        assert_eq!(image.created, knowledge::Date::parse(&CREATED[..10]));
        let platforms: &[&str] = if multi {
            &["linux/amd64", "linux/arm64/v8"]
        } else {
            &["linux/amd64"]
        };
        assert_eq!(image.platforms, platforms, "{id}");
        // What refresh does not measure is kept.
        assert_eq!(image.aliases, old.aliases, "{id}");
        assert_eq!(image.uncompressed, old.uncompressed, "{id}");
        assert_eq!(image.support_rule, old.support_rule, "{id}");
        assert_eq!(image.pin, old.pin, "{id}");
    }
    let chainguard = after
        .catalog
        .images
        .iter()
        .find(|i| i.id == "chainguard-python")
        .unwrap();
    assert_eq!(chainguard.packages.measured_value(), Some(3));
    assert_eq!(
        chainguard.vulns.measured_value(),
        Some(VulnRange { min: 1, max: 1 })
    );
    let scan = chainguard.scan.as_ref().unwrap();
    assert_eq!(scan.scanner, "grype 0.87.0");
    assert_eq!(scan.database, knowledge::Date::parse("2026-11-27").unwrap());

    // Every other entry, and the header, are as they were.
    let written = std::fs::read_to_string(&catalog_path).unwrap();
    let header = |t: &str| t.split("\n[[image]]\n").next().unwrap().to_owned();
    assert_eq!(header(&written), header(&original));
    let (old, new) = (entries(&original), entries(&written));
    assert_eq!(old.len(), new.len());
    let mut changed = Vec::new();
    for ((id, a), (_, b)) in old.iter().zip(&new) {
        if a != b {
            changed.push(id.as_str());
        }
    }
    assert_eq!(changed, ids);
}
