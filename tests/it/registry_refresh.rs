//! `basepick refresh` against a real registry on 127.0.0.1: figures read from the manifests skopeo
//! reads, written only after the diff is shown and confirmed, one failing image never stopping the
//! others, and scan reports and SBOMs imported.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Output;

use basepick::knowledge::{self, Catalog, DataSource, FigureKind};

use crate::common::{basepick, text};
use crate::fake_registry::{FakeRegistry, Reply};
use crate::local_registry::{self, CREATED};
use crate::terminal_e2e::Tmux;

const TODAY: &str = "2026-11-28";

/// The keys of a test entry between `reference` and its figures, as `data/images.toml` orders them.
const DESCRIPTION: &str = "family = \"slim\"\nos = \"debian13\"\n";
const ABOUT: &str = "shell = \"bash\"\npackage_manager = \"apt\"\nlibc = \"glibc\"\nuser = \"root\"\nuid = 0\nsource = \"by hand\"\n";
/// The estimated package count and illustrative vulnerability range of every test entry.
const COUNTS: &str = "\n[image.packages]\ncount = 100\nkind = \"estimate\"\nsource = \"by hand\"\n\n[image.vulns]\nmin = 5\nmax = 50\nkind = \"illustrative\"\nsource = \"by hand\"\n";
/// The estimated size every test entry starts with.
const ESTIMATED_SIZE: &str =
    "\n[image.compressed]\nmb = 99.0\nkind = \"estimate\"\nsource = \"by hand\"\n";

/// A team catalog with the given `[[image]]` entries (id, reference), written the way
/// `data/images.toml` writes its entries, in a temporary directory.
fn catalog(entries: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "# Our images.\nreview_date = 2026-11-27\n".to_owned();
    for (id, reference) in entries {
        let _ = write!(
            text,
            "\n# {id}\n[[image]]\nid = \"{id}\"\nreference = \"{reference}\"\nname = \"{id}\"  # shown in tables\n{DESCRIPTION}{ABOUT}{ESTIMATED_SIZE}{COUNTS}"
        );
    }
    std::fs::write(dir.path().join("images.toml"), &text).unwrap();
    (dir, text)
}

/// `refresh --data DIR` with no registry credentials, judged on the tests' day.
pub(crate) fn refresh(dir: &Path, args: &[&str]) -> Output {
    let empty = tempfile::tempdir().unwrap();
    basepick()
        .env("DOCKER_CONFIG", empty.path())
        .env("BASEPICK_TODAY", TODAY)
        .args(["refresh", "--data", dir.to_str().unwrap()])
        .args(args)
        .output()
        .unwrap()
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("images.toml")).unwrap()
}

/// The catalog as basepick loads it: what refresh wrote must be a valid catalog.
fn load(dir: &Path) -> Catalog {
    knowledge::load_catalog(&DataSource::Dir(dir.to_owned()))
        .unwrap_or_else(|e| panic!("{e}\n{}", read(dir)))
}

/// The linux/amd64 layer sum skopeo reads, in MB to two decimals.
fn skopeo_mb(r: &local_registry::LocalRegistry, reference: &str) -> (String, f64) {
    let manifest = r.skopeo_raw(reference);
    let (digest, manifest) = match manifest["manifests"].as_array() {
        Some(list) => {
            let amd64 = list
                .iter()
                .find(|m| m["platform"]["architecture"] == "amd64")
                .unwrap();
            let digest = amd64["digest"].as_str().unwrap().to_owned();
            let repo = reference.split(':').next().unwrap();
            (digest.clone(), r.skopeo_raw(&format!("{repo}@{digest}")))
        }
        None => (r.skopeo_digest(reference), manifest),
    };
    let bytes: u64 = manifest["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["size"].as_u64().unwrap())
        .sum();
    #[allow(clippy::cast_precision_loss)]
    let mb = (bytes as f64 / 1e6 * 100.0).round() / 100.0;
    (digest, mb)
}

#[test]
fn shows_the_diff_and_writes_nothing_without_yes() {
    let r = local_registry::open();
    let (dir, original) = catalog(&[("app", &r.image("team/app:1"))]);
    let out = refresh(dir.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "not written: stdin is no terminal"
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("-mb = 99.0\n-kind = \"estimate\"\n"),
        "{stdout}"
    );
    assert!(stdout.contains("+kind = \"measured\"\n"), "{stdout}");
    assert!(
        stdout.contains("+platforms = [\"linux/amd64\"]\n"),
        "{stdout}"
    );
    assert!(text(&out.stderr).contains("pass --yes to write without asking"));
    assert_eq!(read(dir.path()), original, "nothing written");
}

#[test]
fn measures_single_and_multi_platform_images_as_skopeo_reads_them() {
    let r = local_registry::open();
    let (dir, original) = catalog(&[
        ("app", &r.image("team/app:1")),
        ("multi", &r.image("team/multi:1")),
        ("docker", &r.image("team/docker:1")),
        ("empty", "scratch"),
    ]);
    let out = refresh(dir.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("measured 3 of 3 images"));
    let written = read(dir.path());
    assert!(written.starts_with("# Our images.\nreview_date = 2026-11-27\n\n# app\n[[image]]\n"));
    for (id, repo, platforms) in [
        ("app", "team/app:1", "[\"linux/amd64\"]"),
        (
            "multi",
            "team/multi:1",
            "[\"linux/amd64\", \"linux/arm64/v8\"]",
        ),
        ("docker", "team/docker:1", "[\"linux/amd64\"]"),
    ] {
        let (digest, mb) = skopeo_mb(r, repo);
        assert!(mb > 0.29 && mb < 0.32, "{id}: 300 kB of noise, {mb} MB");
        let image = r.image(repo);
        let expected = format!(
            "[[image]]\nid = \"{id}\"\nreference = \"{image}\"\nname = \"{id}\"  # shown in tables\n{DESCRIPTION}platforms = {platforms}\n{ABOUT}\n[image.compressed]\nmb = {mb}\nkind = \"measured\"\nmeasured = {TODAY}\ndigest = \"{digest}\"\ncreated = {}\nsource = \"registry manifest of {image} (linux/amd64), read by basepick refresh\"\n{COUNTS}",
            &CREATED[..10]
        );
        assert!(written.contains(&expected), "{expected}\nnot in\n{written}");
        // basepick reads back what refresh wrote.
        let catalog = load(dir.path());
        let loaded = catalog.images.iter().find(|i| i.id == id).unwrap();
        assert_eq!(loaded.compressed.measured_value(), Some(mb), "{id}");
        assert_eq!(loaded.digest.as_deref(), Some(digest.as_str()), "{id}");
        assert_eq!(loaded.platforms.len(), platforms.matches(',').count() + 1);
        assert_eq!(loaded.packages.kind, FigureKind::Estimate);
    }
    // scratch has nothing to measure and keeps its entry as it was.
    let scratch = written.split("# empty\n").nth(1).unwrap();
    assert!(scratch.contains(ESTIMATED_SIZE) && !scratch.contains("measured"));
    // The multi-platform entry records the amd64 manifest, not the index.
    assert_ne!(
        skopeo_mb(r, "team/multi:1").0,
        r.skopeo_digest("team/multi:1")
    );
    assert_ne!(written, original);
    // A second run finds nothing to change.
    let again = refresh(dir.path(), &["--yes"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stdout), "");
    assert!(text(&again.stderr).contains("nothing to change"));
}

#[test]
fn a_failing_image_is_reported_and_the_others_are_written() {
    let r = local_registry::open();
    let offline = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port(); // nothing listens there once the listener is dropped
    let html = FakeRegistry::start(|_| Reply::new(200, "text/html", "<html>portal</html>"));
    let html_image = format!("{}/team/app:1", html.host);
    let (dir, _) = catalog(&[
        ("html", &html_image),
        ("missing", &r.image("team/app:404")),
        ("armonly", &r.image("team/armonly:1")),
        ("offline", &format!("127.0.0.1:{offline}/team/app:1")),
        ("bad", "Not A Reference"),
        ("app", &r.image("team/app:1")),
    ]);
    let out = refresh(dir.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for expected in [
        format!("basepick: missing ({}): the registry {} has no manifest", r.image("team/app:404"), r.host),
        format!("basepick: armonly ({}): {}/team/armonly:1 on {} has no linux/amd64 image (it offers linux/arm64)", r.image("team/armonly:1"), r.host, r.host),
        format!("basepick: offline (127.0.0.1:{offline}/team/app:1): cannot reach the registry 127.0.0.1:{offline}: connection refused"),
        "basepick: bad (Not A Reference): `Not A Reference` is not an image reference (it contains a space)".to_owned(),
        format!("basepick: html ({html_image}): the registry {} answered the manifest of {html_image} with `text/html`, which is not a manifest", html.host),
        "measured 1 of 6 images".to_owned(),
    ] {
        assert!(stderr.contains(&expected), "{expected}\nnot in\n{stderr}");
    }
    let written = read(dir.path());
    let app = written.split("# app\n").nth(1).unwrap();
    assert!(app.contains("kind = \"measured\""), "{written}");
    let failed = written.split("# app\n").next().unwrap();
    assert!(!failed.contains("measured"), "{written}");
    assert_eq!(failed.matches(ESTIMATED_SIZE).count(), 5);
}

#[test]
fn only_the_images_named_are_measured_and_unknown_ids_are_refused() {
    let r = local_registry::open();
    let (dir, _) = catalog(&[
        ("app", &r.image("team/app:1")),
        ("other", "example.invalid/x:1"),
    ]);
    let out = refresh(dir.path(), &["app", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(read(dir.path()).contains("platforms = [\"linux/amd64\"]"));
    let unknown = refresh(dir.path(), &["nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("has no image `nope`; its images: app, other"));
    let (none, _) = catalog(&[]);
    let no_data = basepick()
        .env_remove("BASEPICK_DATA")
        .arg("refresh")
        .output()
        .unwrap();
    assert_eq!(no_data.status.code(), Some(2));
    assert!(text(&no_data.stderr).contains("pass --data DIR"));
    let empty = refresh(none.path(), &["--yes"]);
    assert_eq!(empty.status.code(), Some(0));
}

#[test]
fn imports_a_scan_report_and_an_sbom_without_reading_registries() {
    let (dir, _) = catalog(&[
        ("app", "example.invalid/app:1"),
        ("other", "example.invalid/b:1"),
    ]);
    let reports = tempfile::tempdir().unwrap();
    let trivy = reports.path().join("app.trivy.json");
    std::fs::write(
        &trivy,
        r#"{"SchemaVersion":2,"Trivy":{"Version":"0.58.1"},"Results":[{"Target":"app","Vulnerabilities":[
            {"VulnerabilityID":"CVE-1","Severity":"HIGH"},{"VulnerabilityID":"CVE-2","Severity":"LOW"},
            {"VulnerabilityID":"CVE-3","Severity":"MEDIUM"},{"VulnerabilityID":"CVE-3","Severity":"MEDIUM"}]}]}"#,
    )
    .unwrap();
    let sbom = reports.path().join("app.cdx.json");
    std::fs::write(
        &sbom,
        r#"{"bomFormat":"CycloneDX","metadata":{"tools":{"components":[{"name":"syft","version":"1.18.1"}]}},
            "components":[{"type":"library","name":"a"},{"type":"library","name":"b"},{"type":"operating-system","name":"debian"}]}"#,
    )
    .unwrap();
    let args = [
        "--image",
        "app",
        "--scan-report",
        trivy.to_str().unwrap(),
        "--sbom",
        sbom.to_str().unwrap(),
    ];
    let missing_date = refresh(dir.path(), &args);
    assert_eq!(missing_date.status.code(), Some(1));
    assert!(text(&missing_date.stderr).contains("pass --db-date"));
    let mut with_date = args.to_vec();
    with_date.extend(["--db-date", "2026-11-20", "--yes"]);
    let out = refresh(dir.path(), &with_date);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("measured"),
        "no registry was read"
    );
    let written = read(dir.path());
    let app = written.split("# other").next().unwrap();
    assert!(app.ends_with(&format!("name = \"app\"  # shown in tables\n{DESCRIPTION}{ABOUT}{ESTIMATED_SIZE}\n[image.packages]\ncount = 2\nkind = \"measured\"\nmeasured = 2026-11-28\nsource = \"CycloneDX SBOM app.cdx.json, syft 1.18.1\"\n\n[image.vulns]\nmin = 2\nmax = 2\nkind = \"measured\"\nmeasured = 2026-11-28\nscanner = \"trivy 0.58.1\"\ndatabase = 2026-11-20\nseverity = \"medium\"\nsource = \"trivy JSON report app.trivy.json\"\n\n")), "{written}");
    assert!(written.split("# other").nth(1).unwrap().ends_with(COUNTS));
    let catalog = load(dir.path());
    let loaded = &catalog.images[0];
    assert_eq!(loaded.packages.measured_value(), Some(2));
    let scan = loaded.scan.as_ref().unwrap();
    assert_eq!(
        (scan.scanner.as_str(), scan.severity.as_str()),
        ("trivy 0.58.1", "medium")
    );
    assert_eq!(catalog.images[1].packages.kind, FigureKind::Estimate);
    // A report that is neither format is refused before anything is written.
    let before = read(dir.path());
    let out = refresh(
        dir.path(),
        &["--image", "app", "--sbom", trivy.to_str().unwrap(), "--yes"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("neither an SPDX nor a CycloneDX JSON SBOM"));
    assert_eq!(read(dir.path()), before);
    let unknown = refresh(
        dir.path(),
        &["--image", "nope", "--sbom", sbom.to_str().unwrap()],
    );
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn a_catalog_that_is_not_toml_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("images.toml"), "[[image]\nid = ").unwrap();
    let out = refresh(dir.path(), &["--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("images.toml"),
        "{}",
        text(&out.stderr)
    );
}

/// In a terminal: a progress bar while measuring (drawn while stderr is held by the command), then the
/// question; `y` writes, anything else leaves the file as it was.
#[test]
fn in_a_terminal_it_asks_before_writing() {
    let r = local_registry::open();
    for (answer, code, written) in [("n", 1, false), ("y", 0, true)] {
        let (dir, original) = catalog(&[
            ("app", &r.image("team/app:1")),
            ("multi", &r.image("team/multi:1")),
        ]);
        let empty = tempfile::tempdir().unwrap();
        let command = format!(
            "sh -c 'DOCKER_CONFIG={} BASEPICK_TODAY={TODAY} {} refresh --data {}; echo EXIT=$?; sleep 60'",
            empty.path().display(),
            env!("CARGO_BIN_EXE_basepick"),
            dir.path().display()
        );
        let tmux = Tmux::start(&format!("refresh-{answer}"), 120, 50, dir.path(), &command);
        tmux.wait_for("[y/N]");
        tmux.keys(&[answer, "Enter"]);
        tmux.wait_for(&format!("EXIT={code}"));
        assert_eq!(read(dir.path()) != original, written, "answer {answer}");
    }
}
