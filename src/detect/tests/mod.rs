//! Scans of small projects built in temporary directories.

use std::fs;
use std::path::Path;

use super::*;
use crate::output::detect::render_text;

mod tree_fit;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

pub(super) fn detect(dir: &Path) -> Detection {
    scan(dir, &crate::knowledge::embedded().unwrap().native).unwrap()
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
    assert_eq!(py.native[0].line, Some(2));
    assert_eq!(py.native[0].key.as_deref(), Some("numpy"));
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
    let ids: Vec<&str> = d.runtimes.iter().map(|r| r.runtime.as_str()).collect();
    assert_eq!(ids, ["python", "node"]);
    let node = d.runtime("node").unwrap();
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
    assert_eq!(py.native[0].file, "deps/base.in");
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

pub(super) fn fixture(name: &str) -> Detection {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name);
    detect(&dir)
}

/// What each fixture project must show: runtime, version, package manager, native finding keys, and the
/// answers it implies.
#[test]
fn fixture_projects() {
    type Case<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        &'a [&'a str],
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        ("go", "go", Some("1.23"), None, &[], &["linking=static"]),
        (
            "go-cgo",
            "go",
            Some("1.22.5"),
            None,
            &["github.com/mattn/go-sqlite3", "import \"C\""],
            &["linking=libc"],
        ),
        (
            "rust",
            "rust",
            Some("1.82.0"),
            Some("cargo"),
            &[],
            &["linking=static"],
        ),
        ("cpp", "cpp", None, None, &[], &["linking=libc"]),
        (
            "python-numpy",
            "python",
            Some("3.11"),
            Some("pip"),
            &["numpy", "pandas"],
            &["c_extensions=yes"],
        ),
        (
            "python-pure",
            "python",
            Some("3.12"),
            Some("uv"),
            &[],
            &["c_extensions=no"],
        ),
        (
            "node",
            "node",
            Some("22.11.0"),
            Some("npm"),
            &[],
            &["package_manager=npm"],
        ),
        (
            "node-native",
            "node",
            None,
            Some("pnpm"),
            &["bcrypt"],
            &["package_manager=pnpm"],
        ),
        ("ruby", "ruby", Some("3.3.5"), Some("bundler"), &["pg"], &[]),
        (
            "java-maven",
            "java",
            Some("21"),
            Some("maven"),
            &[],
            &["build_tool=maven"],
        ),
        (
            "java-gradle",
            "java",
            Some("17"),
            Some("gradle"),
            &[],
            &["build_tool=gradle"],
        ),
        (
            "php",
            "php",
            Some("8.3"),
            Some("composer"),
            &["ext-intl"],
            &[],
        ),
        ("dotnet", "dotnet", Some("8.0"), None, &[], &[]),
        ("static-site", "static", None, None, &[], &[]),
    ];
    for (name, runtime, version, manager, native, implied) in cases {
        let d = fixture(name);
        let report = render_text(&d);
        assert_eq!(d.runtimes.len(), 1, "{name}:\n{report}");
        let rt = &d.runtimes[0];
        assert_eq!(rt.runtime, *runtime, "{name}:\n{report}");
        assert!(!rt.evidence.is_empty(), "{name}:\n{report}");
        assert_eq!(
            rt.version.as_ref().map(|v| v.value.as_str()),
            *version,
            "{name}:\n{report}"
        );
        assert_eq!(
            rt.package_manager.as_ref().map(|v| v.value.as_str()),
            *manager,
            "{name}:\n{report}"
        );
        let keys: Vec<&str> = rt.native.iter().filter_map(|e| e.key.as_deref()).collect();
        assert_eq!(keys, *native, "{name}:\n{report}");
        let got: Vec<String> = answers(rt)
            .into_iter()
            .skip(1)
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(got, *implied, "{name}:\n{report}");
        assert!(d.notes.is_empty(), "{name}:\n{report}");
    }
}

#[test]
fn fixture_mixed_reports_python_then_node() {
    let d = fixture("mixed");
    let ids: Vec<&str> = d.runtimes.iter().map(|r| r.runtime.as_str()).collect();
    assert_eq!(ids, ["python", "node"], "{}", render_text(&d));
    let py = &d.runtimes[0];
    assert_eq!(py.native[0].key.as_deref(), Some("psycopg2-binary"));
    assert_eq!(py.native[0].line, Some(7));
    assert_eq!(
        d.runtimes[1].package_manager.as_ref().unwrap().value,
        "yarn"
    );
    assert_eq!(d.runtimes[1].evidence[0].file, "frontend/package.json");
}

#[test]
fn fixture_broken_manifests_are_notes() {
    let d = fixture("broken");
    let ids: Vec<&str> = d.runtimes.iter().map(|r| r.runtime.as_str()).collect();
    assert_eq!(ids, ["python", "node"], "{}", render_text(&d));
    assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
    assert!(d.notes[0].starts_with("package.json:6:"), "{:?}", d.notes);
    assert!(d.notes[1].starts_with("pyproject.toml:"), "{:?}", d.notes);
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
}
