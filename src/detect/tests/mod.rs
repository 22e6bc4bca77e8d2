//! Scans of small projects built in temporary directories.

use std::fs;
use std::path::Path;

use super::*;
use crate::output::detect::render_text;

pub(super) use fixtures::fixture;

mod apps;
mod fixtures;
mod robust;
mod tree_fit;

pub(super) fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Each app's directory and main runtime, in the order detection lists them.
pub(super) fn app_runtimes(d: &Detection) -> Vec<(&str, &str)> {
    d.apps
        .iter()
        .map(|a| (a.dir.as_str(), a.runtime.runtime.as_str()))
        .collect()
}

pub(super) fn detect(dir: &Path) -> Detection {
    scan(
        dir,
        crate::knowledge::embedded().unwrap().native.get().unwrap(),
    )
    .unwrap()
}

#[test]
fn python_with_numpy_needs_c_extensions() {
    let dir = project(&[
        ("requirements.txt", "flask==3.0\nnumpy>=1.26\n"),
        (".python-version", "3.11.9\n"),
    ]);
    let d = detect(dir.path());
    let py = d.primary().unwrap();
    assert_eq!(py.runtime, "python");
    assert_eq!(py.version.as_ref().unwrap().value, "3.11.9");
    assert_eq!(py.package_manager.as_ref().unwrap().value, "pip");
    assert_eq!(py.native.len(), 1);
    assert_eq!(py.native[0].evidence.line, Some(2));
    assert_eq!(py.native[0].evidence.key.as_deref(), Some("numpy"));
    assert!(answers(py).contains(&("c_extensions".into(), "yes".into())));
}

#[test]
fn mixed_repository_orders_root_runtime_first() {
    let dir = project(&[
        (
            "pyproject.toml",
            "[project]\nname = \"api\"\nrequires-python = \">=3.12\"\ndependencies = [\"fastapi\"]\n",
        ),
        (
            "web/package.json",
            "{\"name\": \"web\", \"engines\": {\"node\": \">=20\"}}",
        ),
        (
            "web/package-lock.json",
            "{\"lockfileVersion\": 3, \"packages\": {}}",
        ),
        ("web/.nvmrc", "22\n"),
        ("web/public/index.html", "<html></html>"),
    ]);
    let d = detect(dir.path());
    let apps = app_runtimes(&d);
    assert_eq!(apps, [("", "python"), ("web", "node")]);
    assert_eq!(d.primary_app().unwrap().dir, "");
    assert!(!d.needs_choice());
    let ids: Vec<&str> = d.runtimes.iter().map(|r| r.runtime.as_str()).collect();
    assert_eq!(ids, ["python"]);
    let node = &d.apps[1].runtime;
    assert_eq!(node.version.as_ref().unwrap().value, "22");
    assert_eq!(node.package_manager.as_ref().unwrap().value, "npm");
    assert_eq!(
        d.runtime("python").unwrap().version.as_ref().unwrap().value,
        "3.12"
    );
}

#[test]
fn includes_are_followed_within_the_project() {
    let dir = project(&[
        ("requirements.txt", "-r deps/base.in\n-r ../../etc/passwd\n"),
        ("deps/base.in", "pillow\n"),
    ]);
    let d = detect(dir.path());
    let py = d.runtime("python").unwrap();
    assert_eq!(py.native[0].evidence.file, "deps/base.in");
    assert!(py.native[0].musl_builds, "pillow publishes musl wheels");
    assert!(
        d.notes.iter().any(|n| n.contains("../../etc/passwd")),
        "{:?}",
        d.notes
    );
}

#[test]
fn malformed_manifests_become_notes() {
    let dir = project(&[
        ("package.json", "{\"name\": \"x\",\n  \"dependencies\": {\n"),
        ("pyproject.toml", "[project\nname = 1\n"),
    ]);
    let d = detect(dir.path());
    assert!(d.runtime("node").is_some());
    assert!(d.runtime("python").is_some());
    assert_eq!(d.apps.len(), 1, "one directory, one app");
    assert_eq!(d.apps[0].others.len(), 1);
    assert!(
        d.notes
            .iter()
            .any(|n| n.starts_with("package.json:") && n.contains("JSON")),
        "{:?}",
        d.notes
    );
    assert!(
        d.notes
            .iter()
            .any(|n| n.starts_with("pyproject.toml:1:") && n.contains("TOML")),
        "{:?}",
        d.notes
    );
}

#[test]
fn static_site_only_without_other_runtimes() {
    let dir = project(&[
        ("index.html", "<h1>hi</h1>"),
        ("css/site.css", ""),
        ("js/app.js", ""),
    ]);
    let d = detect(dir.path());
    assert_eq!(d.primary().unwrap().runtime, "static");
    assert_eq!(d.primary().unwrap().evidence[0].file, "index.html");
}

#[test]
fn sources_without_manifest_are_weak_evidence() {
    let dir = project(&[("app.py", "print(1)"), ("index.html", "")]);
    let d = detect(dir.path());
    let ids: Vec<&str> = d.runtimes.iter().map(|r| r.runtime.as_str()).collect();
    assert_eq!(ids, ["python"]);
    assert!(d.runtimes[0].evidence[0].detail.contains("no manifest"));
}

#[test]
fn empty_directory_detects_nothing() {
    let dir = project(&[]);
    let d = detect(dir.path());
    assert!(d.runtimes.is_empty());
    assert!(render_text(&d).contains("No runtime detected"));
}

#[test]
fn huge_and_binary_manifests_are_skipped_with_notes() {
    let dir = project(&[("go.mod", "module x\n")]);
    fs::write(dir.path().join("package.json"), vec![b' '; 2 * 1024 * 1024]).unwrap();
    fs::write(dir.path().join("Gemfile"), b"gem \"pg\"\0\0").unwrap();
    let d = detect(dir.path());
    let notes = d.notes.join("\n");
    assert!(
        notes.contains("package.json: larger than the 1024 KiB limit"),
        "{notes}"
    );
    assert!(notes.contains("Gemfile: binary content"), "{notes}");
    assert!(d.runtime("ruby").unwrap().native.is_empty());
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_a_project_is_a_note() {
    let dir = project(&[("svc/requirements.txt", "lxml\n")]);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("svc/again")).unwrap();
    let d = detect(dir.path());
    assert_eq!(d.primary().unwrap().native.len(), 1);
    assert!(
        d.notes.iter().any(|n| n.contains("svc/again")),
        "{:?}",
        d.notes
    );
}

#[test]
fn manifests_of_unexpected_shapes_are_tolerated() {
    let dir = project(&[
        ("package.json", "[1, 2]"),
        ("pyproject.toml", "project = 1\ntool = \"x\"\n"),
        (
            "Pipfile",
            "packages = [1]\n[requires]\npython_version = 3\n",
        ),
        ("composer.json", "{\"require\": [\"php\"]}"),
        ("Cargo.toml", "package = \"x\"\ndependencies = 3\n"),
        ("go.mod", "module\ngo\nrequire (\n"),
        ("requirements.txt", "-r\n\\\n--hash\n[extras]\n@ url\n"),
        ("uv.lock", "package = 1\n"),
        (
            "package-lock.json",
            "{\"packages\": {\"node_modules/\": 1}, \"dependencies\": 2}",
        ),
        (".nvmrc", "\n\n"),
        ("global.json", "{\"sdk\": {\"version\": 8}}"),
        ("x.csproj", "<TargetFramework></TargetFramework>"),
        ("Gemfile", "gem\nruby '\n"),
        ("Gemfile.lock", "RUBY VERSION\n"),
        ("pom.xml", "<java.version>"),
        ("build.gradle", "sourceCompatibility"),
        ("rust-toolchain", ""),
    ]);
    let d = detect(dir.path());
    assert!(d.runtimes.len() >= 8, "{}", render_text(&d));
    assert_eq!(d.apps.len(), 1);
}
