//! Rust: Cargo.toml (packages, binaries, workspaces), Cargo.lock and the toolchain files. Native crates
//! count only when the default build compiles them: optional crates whose feature is off and crates for
//! other platforms stay out, even though Cargo.lock lists them.

use std::collections::{BTreeMap, BTreeSet};

use super::scan::Fact;
use super::text::{line_containing, line_of_key, line_of_key_after};
use super::walk::FileRef;
use super::{Evidence, Evidenced, Scan, parse_toml, toml_str, toml_table};

pub(crate) const RT: &str = "rust";

/// What one Cargo.toml says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Crate {
    pub manifest: String,
    pub dir: String,
    pub package: Option<(String, Option<usize>)>,
    /// `[[bin]]` names with their lines, and whether one of them is built from `src/main.rs`.
    pub bins: Vec<(String, Option<usize>)>,
    pub main_claimed: bool,
    pub autobins: bool,
    pub default_run: Option<String>,
    /// `[workspace]` members and default members, as written.
    pub members: Option<(Vec<String>, Vec<String>)>,
    /// Crates the default build compiles directly, with the line that names each.
    pub deps: Vec<(String, Option<usize>)>,
}

/// Cargo.lock: every package with the names of its dependencies.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lock {
    pub rel: String,
    pub packages: BTreeMap<String, (Option<usize>, Vec<String>)>,
}

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    match file.name.as_str() {
        "Cargo.toml" => cargo_toml(file, scan),
        "Cargo.lock" => super::rust_build::cargo_lock(file, scan),
        "rust-toolchain.toml" | "rust-toolchain" => toolchain(file, scan),
        name if name.ends_with(".rs") => scan.source(RT, file),
        _ => return false,
    }
    true
}

fn cargo_toml(file: &FileRef, scan: &mut Scan<'_>) {
    let evidence = Evidence::new(&file.rel, "Cargo manifest");
    scan.manager(RT, file, 0, "cargo", evidence.clone());
    let Some(text) = scan.read(file) else {
        scan.manifest(RT, file, evidence);
        return;
    };
    let Some(doc) = parse_toml(scan, file, &text) else {
        scan.manifest(RT, file, evidence);
        return;
    };
    let package = toml_str(&doc, &["package", "name"]);
    let workspace = toml_table(&doc, &["workspace"]);
    let marker = match (package, workspace) {
        (Some(name), _) => Evidence::new(&file.rel, format!("Cargo package {name}"))
            .at(line_of_key(&text, "name"))
            .key("package.name"),
        (None, Some(_)) => Evidence::new(&file.rel, "Cargo workspace").key("workspace"),
        (None, None) => evidence,
    };
    scan.manifest(RT, file, marker);
    for (path, key) in [
        (&["package", "rust-version"][..], "package.rust-version"),
        (
            &["workspace", "package", "rust-version"][..],
            "workspace.package.rust-version",
        ),
    ] {
        if let Some(version) = toml_str(&doc, path) {
            let evidence = Evidence::new(&file.rel, format!("rust-version = \"{version}\""))
                .at(line_of_key(&text, "rust-version"))
                .key(key);
            scan.version(RT, file, 0, version.to_owned(), evidence);
        }
    }
    if let Some(library) = toml_str(&doc, &["package", "links"]) {
        let evidence = Evidence::new(
            &file.rel,
            format!("the package links the native library {library}"),
        )
        .at(line_of_key(&text, "links"))
        .key("package.links");
        scan.native_plain(RT, file, super::Rank::Manifest, evidence);
    }
    let krate = read_crate(file, &doc, &text);
    scan.fact(RT, file, Fact::Rust(krate));
}

pub(crate) fn strings(value: Option<&toml::Value>) -> Vec<String> {
    value
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn read_crate(file: &FileRef, doc: &toml::Table, text: &str) -> Crate {
    let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let mut krate = Crate {
        manifest: file.rel.clone(),
        dir,
        package: toml_str(doc, &["package", "name"])
            .map(|n| (n.to_owned(), line_of_key(text, "name"))),
        autobins: toml_table(doc, &["package"])
            .and_then(|p| p.get("autobins"))
            .and_then(toml::Value::as_bool)
            != Some(false),
        default_run: toml_str(doc, &["package", "default-run"]).map(str::to_owned),
        ..Crate::default()
    };
    for bin in doc
        .get("bin")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = bin.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        let line =
            line_containing(text, &format!("\"{name}\"")).or_else(|| line_of_key(text, "name"));
        krate.bins.push((name.to_owned(), line));
        krate.main_claimed |= bin.get("path").and_then(toml::Value::as_str) == Some("src/main.rs");
    }
    if let Some(ws) = toml_table(doc, &["workspace"]) {
        krate.members = Some((
            strings(ws.get("members")),
            strings(ws.get("default-members")),
        ));
    }
    krate.deps = built_deps(doc, text);
    krate
}

/// The crates a default build compiles directly: normal and build dependencies for Linux targets, with
/// optional ones only when a default feature turns them on.
fn built_deps(doc: &toml::Table, text: &str) -> Vec<(String, Option<usize>)> {
    let mut tables: Vec<(&toml::Table, &str)> = Vec::new();
    for section in ["dependencies", "build-dependencies"] {
        if let Some(t) = toml_table(doc, &[section]) {
            tables.push((t, section));
        }
    }
    if let Some(targets) = toml_table(doc, &["target"]) {
        for (cfg, target) in targets {
            if other_platform(cfg) {
                continue;
            }
            for section in ["dependencies", "build-dependencies"] {
                if let Some(t) = target.get(section).and_then(toml::Value::as_table) {
                    tables.push((t, section));
                }
            }
        }
    }
    let features = toml_table(doc, &["features"]);
    let enabled = default_features(features);
    let mut out = Vec::new();
    for (table, section) in tables {
        for (key, spec) in table {
            let optional = spec.get("optional").and_then(toml::Value::as_bool) == Some(true);
            if optional && !enabled.contains(key.as_str()) {
                continue;
            }
            let name = spec
                .get("package")
                .and_then(toml::Value::as_str)
                .unwrap_or(key);
            out.push((name.to_owned(), line_of_key_after(text, section, key)));
        }
    }
    out
}

/// Whether a `[target.'cfg(…)']` table is for a platform other than Linux.
fn other_platform(cfg: &str) -> bool {
    let cfg = cfg.replace(' ', "");
    [
        "windows",
        "target_os=\"macos\"",
        "target_os=\"ios\"",
        "target_arch=\"wasm32\"",
    ]
    .iter()
    .any(|p| cfg.contains(p) && !cfg.contains("not("))
}

/// The optional dependencies the `default` feature turns on, following feature references.
fn default_features(features: Option<&toml::Table>) -> BTreeSet<String> {
    let mut enabled = BTreeSet::new();
    let Some(features) = features else {
        return enabled;
    };
    let mut stack = vec!["default".to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(feature) = stack.pop() {
        if !seen.insert(feature.clone()) {
            continue;
        }
        for entry in strings(features.get(&feature)) {
            if let Some(dep) = entry.strip_prefix("dep:") {
                enabled.insert(dep.to_owned());
            } else if let Some((dep, _)) = entry.split_once('/') {
                if !dep.ends_with('?') {
                    enabled.insert(dep.to_owned());
                }
            } else if features.contains_key(&entry) {
                stack.push(entry.clone());
                enabled.insert(entry);
            } else {
                enabled.insert(entry);
            }
        }
    }
    enabled
}

fn toolchain(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Rust toolchain file"));
    let Some(text) = scan.read(file) else { return };
    let channel = if text.trim_start().starts_with('[') {
        let Some(doc) = parse_toml(scan, file, &text) else {
            return;
        };
        let Some(channel) = toml_str(&doc, &["toolchain", "channel"]) else {
            return;
        };
        channel.to_owned()
    } else {
        let Some(first) = text.lines().map(str::trim).find(|l| !l.is_empty()) else {
            return;
        };
        first.to_owned()
    };
    let evidence = Evidence::new(&file.rel, format!("toolchain channel {channel}"))
        .at(line_containing(&text, &channel))
        .key("toolchain.channel");
    if channel.starts_with(|c: char| c.is_ascii_digit()) {
        scan.version(RT, file, 1, channel.clone(), evidence.clone());
    }
    let found = scan.at(RT, file);
    if found.toolchain.is_none() || file.name == "rust-toolchain.toml" {
        found.toolchain = Some(Evidenced::new(channel, evidence));
    }
}
