use super::*;
use crate::registry::scan::Severity;

const CATALOG: &str = r#"# Team catalog.
review_date = 2026-11-27

# --- Python -------------------------------------------------------------

[[image]]
id = "python-slim"
reference = "python:3.13-slim-trixie"
name = "Python 3.13 slim"
size_mb = 41.0    # compressed
packages = 90
vulns = { min = 10, max = 30 }
source = "chapter 6.2"

# --- Go -----------------------------------------------------------------

[[image]]
id = "static"
reference = "gcr.io/distroless/static-debian13:nonroot"
name = "Distroless static"
size_mb = 0.8
packages = 3
vulns = { min = 0, max = 2 }
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

#[test]
fn lists_images_in_file_order() {
    let doc: DocumentMut = CATALOG.parse().unwrap();
    let ids: Vec<String> = images(&doc).into_iter().map(|i| i.id).collect();
    assert_eq!(ids, ["python-slim", "static"]);
}

#[test]
fn writes_compressed_figures_in_place_of_size_mb_and_keeps_the_rest() {
    let mut doc: DocumentMut = CATALOG.parse().unwrap();
    let image = images(&doc).remove(0);
    assert!(write_measurement(&mut doc, &image, &measurement(), today()));
    let text = doc.to_string();
    let expected = r#"[[image]]
id = "python-slim"
reference = "python:3.13-slim-trixie"
platforms = ["linux/amd64", "linux/arm64/v8"]
name = "Python 3.13 slim"
packages = 90
vulns = { min = 10, max = 30 }
source = "chapter 6.2"

[image.compressed]
mb = 43.01
kind = "measured"
measured = 2026-11-28
digest = "sha256:amd64"
created = 2026-11-20
source = "registry manifest of python:3.13-slim-trixie (linux/amd64), read by basepick refresh"

# --- Go -----------------------------------------------------------------

[[image]]
id = "static""#;
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
fn imports_turn_flat_keys_into_tables() {
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
    let static_entry = text.split("id = \"static\"").nth(1).unwrap();
    assert!(!static_entry.contains("packages = 3"), "{text}");
    assert!(!static_entry.contains("vulns = {"), "{text}");
    assert!(static_entry.contains(
        "[image.packages]\ncount = 87\nkind = \"measured\"\nmeasured = 2026-11-28\nsource = \"SPDX SBOM static.spdx.json, syft 1.18.1\"\n"
    ), "{text}");
    assert!(static_entry.contains(
        "[image.vulns]\nmin = 12\nmax = 12\nkind = \"measured\"\nscanner = \"trivy 0.58.1\"\ndatabase = 2026-11-20\nseverity = \"medium\"\nmeasured = 2026-11-28\nsource = \"trivy JSON report static.trivy.json\"\n"
    ), "{text}");
    // The first image keeps its flat figures.
    assert!(text.contains("packages = 90\nvulns = { min = 10, max = 30 }"));
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
