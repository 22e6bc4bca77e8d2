use super::*;
use crate::registry::scan::Severity;

/// Two entries written the way `data/images.toml` writes them.
const CATALOG: &str = r#"# Team catalog.
review_date = 2026-11-27

# --- Python -------------------------------------------------------------

[[image]]
id = "python-slim"
reference = "python:3.13-slim-trixie"
aliases = ["python:3.13-slim"]
name = "Python 3.13 slim"
family = "slim"
runtimes = ["python"]
os = "debian13"
shell = "bash"
package_manager = "apt"
libc = "glibc"
user = "root"
uid = 0
source = "chapter 6.2"

[image.compressed]
mb = 41.0
kind = "estimate"
source = "layers of python:3.13 minus the build tools"

[image.uncompressed]
mb = 121.5
kind = "measured"
measured = 2026-08-05
source = "repo-info local/python/3.13-slim-trixie.md (Virtual Size)"

[image.packages]
count = 90
kind = "estimate"
source = "length of the repo-info package list"

[image.vulns]
min = 10
max = 30
kind = "illustrative"
source = "typical range for a slim Debian image"

# --- Go -----------------------------------------------------------------

[[image]]
id = "static"
reference = "gcr.io/distroless/static-debian13:nonroot"
name = "Distroless static"
family = "distroless"
os = "debian13"
shell = "none"
package_manager = "none"
libc = "none"
user = "nonroot"
uid = 65532
source = "estimate"

[image.compressed]
mb = 0.8
kind = "estimate"
source = "estimate"

[image.packages]
count = 3
kind = "estimate"
source = "estimate"

[image.vulns]
min = 0
max = 2
kind = "illustrative"
source = "estimate"
"#;

fn measurement() -> Measurement {
    Measurement {
        digest: "sha256:index".to_owned(),
        platforms: vec!["linux/amd64".to_owned(), "linux/arm64/v8".to_owned()],
        amd64_digest: "sha256:amd64".to_owned(),
        compressed_bytes: 43_012_345,
        created: Date::parse("2026-11-20"),
    }
}

fn today() -> Date {
    Date::parse("2026-11-28").unwrap()
}

/// The text of the entry that starts with `id = "{id}"`, up to the next entry.
fn entry_text<'t>(text: &'t str, id: &str) -> &'t str {
    let start = text.find(&format!("id = \"{id}\"")).unwrap();
    let rest = &text[start..];
    rest.find("[[image]]").map_or(rest, |end| &rest[..end])
}

#[test]
fn lists_images_in_file_order() {
    let doc: DocumentMut = CATALOG.parse().unwrap();
    let ids: Vec<String> = images(&doc).into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["python-slim", "static"]);
}

#[test]
fn writes_compressed_figures_where_the_estimate_was_and_keeps_the_rest() {
    let mut doc: DocumentMut = CATALOG.parse().unwrap();
    let image = images(&doc).remove(0);
    assert!(write_measurement(&mut doc, &image, &measurement(), today()));
    let text = doc.to_string();
    let expected = r#"[[image]]
id = "python-slim"
reference = "python:3.13-slim-trixie"
aliases = ["python:3.13-slim"]
name = "Python 3.13 slim"
family = "slim"
runtimes = ["python"]
os = "debian13"
platforms = ["linux/amd64", "linux/arm64/v8"]
shell = "bash"
package_manager = "apt"
libc = "glibc"
user = "root"
uid = 0
source = "chapter 6.2"

[image.compressed]
mb = 43.01
kind = "measured"
measured = 2026-11-28
digest = "sha256:amd64"
created = 2026-11-20
source = "registry manifest of python:3.13-slim-trixie (linux/amd64), read by basepick refresh"

[image.uncompressed]
mb = 121.5
kind = "measured"
measured = 2026-08-05
source = "repo-info local/python/3.13-slim-trixie.md (Virtual Size)"

[image.packages]
count = 90
"#;
    assert!(text.contains(expected), "{text}");
    // The other image and the header are untouched.
    let tail = CATALOG.split("# --- Go").nth(1).unwrap();
    assert!(text.ends_with(tail), "{text}");
    assert!(text.starts_with("# Team catalog.\nreview_date = 2026-11-27\n\n# --- Python"));
    // Refreshing again replaces the table where it is, without duplicating it.
    let again = write_measurement(&mut doc, &image, &measurement(), today());
    assert!(again);
    assert_eq!(doc.to_string(), text);
}

#[test]
fn imports_replace_the_package_and_vulnerability_tables() {
    let mut doc: DocumentMut = CATALOG.parse().unwrap();
    let packages = PackageFigures {
        count: 87,
        format: "SPDX",
        tool: Some("syft 1.18.1".to_owned()),
    };
    assert!(write_packages(
        &mut doc,
        "static",
        &packages,
        "static.spdx.json",
        today()
    ));
    let vulns = VulnFigures {
        count: 12,
        floor: Severity::Medium,
        scanner: "trivy 0.58.1".to_owned(),
        tool: "trivy",
        database: None,
    };
    let db = Date::parse("2026-11-20").unwrap();
    assert!(write_vulns(
        &mut doc,
        "static",
        &vulns,
        db,
        "static.trivy.json",
        today()
    ));
    assert!(!write_vulns(&mut doc, "nope", &vulns, db, "x", today()));
    let text = doc.to_string();
    let expected = r#"[image.compressed]
mb = 0.8
kind = "estimate"
source = "estimate"

[image.packages]
count = 87
kind = "measured"
measured = 2026-11-28
source = "SPDX SBOM static.spdx.json, syft 1.18.1"

[image.vulns]
min = 12
max = 12
kind = "measured"
measured = 2026-11-28
scanner = "trivy 0.58.1"
database = 2026-11-20
severity = "medium"
source = "trivy JSON report static.trivy.json"
"#;
    assert!(entry_text(&text, "static").ends_with(expected), "{text}");
    // The first image keeps its figures.
    assert_eq!(
        entry_text(&text, "python-slim"),
        entry_text(CATALOG, "python-slim")
    );
}

#[test]
fn an_existing_figure_table_is_refreshed_where_it_stands() {
    let catalog = r#"[[image]]
id = "a"
reference = "alpine:3.22"
platforms = ["linux/amd64"]

# Measured by hand last year.
[image.compressed]
mb = 3.5
kind = "estimate"
method = "copied"

[image.vulns]
min = 0
max = 1
kind = "estimate"
"#;
    let mut doc: DocumentMut = catalog.parse().unwrap();
    let image = images(&doc).remove(0);
    write_measurement(&mut doc, &image, &measurement(), today());
    let text = doc.to_string();
    assert!(
        text.contains("platforms = [\"linux/amd64\", \"linux/arm64/v8\"]\n\n# Measured by hand last year.\n[image.compressed]\nmb = 43.01\nkind = \"measured\""),
        "{text}"
    );
    assert!(!text.contains("method"), "{text}");
    assert!(
        text.ends_with("[image.vulns]\nmin = 0\nmax = 1\nkind = \"estimate\"\n"),
        "{text}"
    );
}

#[test]
fn flat_figures_of_an_older_catalog_become_tables() {
    let catalog = r#"[[image]]
id = "old"
reference = "alpine:3.22"
size_mb = 3.5    # compressed
packages = 15
vulns = { min = 0, max = 2 }
source = "by hand"
"#;
    let mut doc: DocumentMut = catalog.parse().unwrap();
    let image = images(&doc).remove(0);
    assert!(write_measurement(&mut doc, &image, &measurement(), today()));
    let packages = PackageFigures {
        count: 16,
        format: "CycloneDX",
        tool: None,
    };
    assert!(write_packages(
        &mut doc,
        "old",
        &packages,
        "a.cdx.json",
        today()
    ));
    let text = doc.to_string();
    assert!(!text.contains("size_mb"), "{text}");
    assert!(!text.contains("packages = 15"), "{text}");
    assert!(
        text.starts_with("[[image]]\nid = \"old\"\nreference = \"alpine:3.22\"\nplatforms = [\"linux/amd64\", \"linux/arm64/v8\"]\nvulns = { min = 0, max = 2 }\nsource = \"by hand\"\n"),
        "{text}"
    );
    assert!(text.contains("[image.compressed]\nmb = 43.01\n"), "{text}");
    assert!(
        text.ends_with("[image.packages]\ncount = 16\nkind = \"measured\"\nmeasured = 2026-11-28\nsource = \"CycloneDX SBOM a.cdx.json\"\n"),
        "{text}"
    );
}

#[test]
fn what_refresh_writes_loads_as_measured_figures() {
    use crate::knowledge::{DataFiles, FigureKind, IMAGES_FILE, ScanInfo, VulnRange};
    let mut doc: DocumentMut = CATALOG.parse().unwrap();
    let image = images(&doc).remove(0);
    write_measurement(&mut doc, &image, &measurement(), today());
    let packages = PackageFigures {
        count: 87,
        format: "SPDX",
        tool: None,
    };
    write_packages(&mut doc, &image.id, &packages, "p.spdx.json", today());
    let vulns = VulnFigures {
        count: 12,
        floor: Severity::High,
        scanner: "grype 0.86.1".to_owned(),
        tool: "grype",
        database: None,
    };
    let db = Date::parse("2026-11-27").unwrap();
    write_vulns(&mut doc, &image.id, &vulns, db, "p.grype.json", today());
    let files = DataFiles::from([(IMAGES_FILE.to_owned(), doc.to_string())]);
    let catalog = crate::knowledge::catalog_only(&files).unwrap_or_else(|p| panic!("{p:?}"));
    let loaded = &catalog.images[0];
    assert_eq!(loaded.id, "python-slim");
    assert!((loaded.compressed.value - 43.01).abs() < 1e-9);
    assert_eq!(loaded.compressed.kind, FigureKind::Measured);
    assert_eq!(loaded.compressed.measured, Some(today()));
    assert_eq!(loaded.digest.as_deref(), Some("sha256:amd64"));
    assert_eq!(loaded.created, Date::parse("2026-11-20"));
    assert_eq!(loaded.platforms, ["linux/amd64", "linux/arm64/v8"]);
    assert_eq!(loaded.packages.value, 87);
    assert_eq!(loaded.packages.measured_value(), Some(87));
    assert_eq!(
        loaded.vulns.measured_value(),
        Some(VulnRange { min: 12, max: 12 })
    );
    assert_eq!(
        loaded.scan,
        Some(ScanInfo {
            scanner: "grype 0.86.1".into(),
            database: db,
            severity: "high".into(),
        })
    );
    // The entry refresh did not touch keeps its estimates.
    assert_eq!(catalog.images[1].compressed.kind, FigureKind::Estimate);
}
