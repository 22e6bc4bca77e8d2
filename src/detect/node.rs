//! Node: package.json, its lockfiles, version files and native addons — from the table, from napi-rs and
//! other prebuilt-binary packages, and from packages built for one platform (`os`/`libc` fields).

use std::collections::BTreeMap;

use serde_json::Value;

use super::node_lock::{self, Graph};
use super::scan::Fact;
use super::text::{first_version, line_containing, line_of_key, line_of_key_after, version_floor};
use super::walk::FileRef;
use super::{Ecosystem, Evidence, NativeFinding, Rank, Scan, parse_json};
use crate::knowledge::native::PatternLibc;

const RT: &str = "node";

/// Dependency sections that end up in the production install.
const RUNTIME_SECTIONS: &[&str] = &["dependencies", "optionalDependencies", "peerDependencies"];

/// Lifecycle scripts whose use of these tools means the package builds a native addon on install.
const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall"];
const ADDON_TOOLS: &[&str] = &["node-gyp", "prebuild-install", "node-pre-gyp", "cmake-js"];

/// What package.json says, for the app's last step (start command, role, asset build).
#[derive(Debug, Clone, Default)]
pub(crate) struct Manifest {
    pub rel: String,
    pub scripts: BTreeMap<String, (String, Option<usize>)>,
    pub main: Option<(String, Option<usize>)>,
    pub deps: Vec<String>,
    pub dev_deps: Vec<String>,
}

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    match file.name.as_str() {
        "package.json" => package_json(file, scan),
        "package-lock.json" | "npm-shrinkwrap.json" => lockfile(file, scan, "npm"),
        "yarn.lock" => lockfile(file, scan, "yarn"),
        "pnpm-lock.yaml" => lockfile(file, scan, "pnpm"),
        "bun.lock" | "bun.lockb" => lockfile(file, scan, "bun"),
        ".nvmrc" => version_file(file, scan, 0),
        ".node-version" => version_file(file, scan, 1),
        "binding.gyp" => {
            let evidence = Evidence::new(
                &file.rel,
                "binding.gyp: the package builds its own native addon",
            );
            let mut finding = NativeFinding::plain(evidence);
            finding.builds_from_source = true;
            scan.native(RT, file, Rank::Manifest, finding);
        }
        _ => return false,
    }
    true
}

fn names_of(doc: &Value, section: &str) -> Vec<String> {
    doc.get(section)
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn package_json(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manifest(RT, file, Evidence::new(&file.rel, "Node package manifest"));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_json(scan, file, &text) else {
        return;
    };
    if let Some(spec) = doc.pointer("/engines/node").and_then(Value::as_str) {
        let value = version_floor(spec).unwrap_or_else(|| spec.to_owned());
        let evidence = Evidence::new(&file.rel, format!("engines.node = \"{spec}\""))
            .at(line_of_key_after(&text, "engines", "node"))
            .key("engines.node");
        scan.version(RT, file, 2, value, evidence);
    }
    if let Some(pinned) = doc.pointer("/volta/node").and_then(Value::as_str) {
        let evidence = Evidence::new(&file.rel, format!("volta pins Node {pinned}"))
            .at(line_containing(&text, "\"volta\""))
            .key("volta.node");
        scan.version(RT, file, 3, pinned.to_owned(), evidence);
    }
    if let Some(spec) = doc.get("packageManager").and_then(Value::as_str) {
        let tool = spec.split('@').next().unwrap_or(spec);
        let evidence = Evidence::new(&file.rel, format!("packageManager = \"{spec}\""))
            .at(line_of_key(&text, "packageManager"))
            .key("packageManager");
        scan.manager(RT, file, 1, tool, evidence);
    }
    for section in RUNTIME_SECTIONS {
        for name in names_of(&doc, section) {
            let line = line_of_key_after(&text, section, &name);
            declared(scan, file, Rank::Manifest, &name, line);
        }
    }
    if doc.get("gypfile").and_then(Value::as_bool) == Some(true) {
        let evidence = Evidence::new(&file.rel, "gypfile: the package builds a native addon")
            .at(line_of_key(&text, "gypfile"))
            .key("gypfile");
        scan.native_plain(RT, file, Rank::Manifest, evidence);
    }
    let scripts: BTreeMap<String, (String, Option<usize>)> = doc
        .get("scripts")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| {
                    let line = line_of_key_after(&text, "scripts", k);
                    v.as_str().map(|c| (k.clone(), (c.to_owned(), line)))
                })
                .collect()
        })
        .unwrap_or_default();
    for script in INSTALL_SCRIPTS {
        let Some((command, line)) = scripts.get(*script) else {
            continue;
        };
        if let Some(tool) = ADDON_TOOLS.iter().find(|t| command.contains(**t)) {
            let evidence = Evidence::new(&file.rel, format!("the {script} script runs {tool}"))
                .at(*line)
                .key(format!("scripts.{script}"));
            let mut finding = NativeFinding::plain(evidence);
            finding.builds_from_source = true;
            scan.native(RT, file, Rank::Manifest, finding);
        }
    }
    let mut deps = names_of(&doc, "dependencies");
    deps.extend(names_of(&doc, "optionalDependencies"));
    let manifest = Manifest {
        rel: file.rel.clone(),
        scripts,
        main: doc
            .get("main")
            .and_then(Value::as_str)
            .map(|m| (m.to_owned(), line_of_key(&text, "main"))),
        deps,
        dev_deps: names_of(&doc, "devDependencies"),
    };
    scan.fact(RT, file, Fact::Node(Box::new(manifest)));
}

/// A production dependency: a native finding when the table, a transitive entry or a prebuilt
/// pattern knows it.
fn declared(scan: &mut Scan<'_>, file: &FileRef, rank: Rank, name: &str, line: Option<usize>) {
    if let Some(rule) = scan.rules.lookup(Ecosystem::Node, name) {
        let rule = rule.clone();
        scan.native_rule(RT, file, rank, &rule, name, line);
    } else if let Some(entry) = scan.rules.transitive(Ecosystem::Node, name) {
        let brought: Vec<_> = entry
            .brings
            .iter()
            .filter_map(|b| scan.rules.lookup(Ecosystem::Node, b))
            .collect();
        let evidence = Evidence::new(&file.rel, format!("{name}: {}", entry.reason))
            .at(line)
            .key(name);
        let finding = NativeFinding::brought(evidence, &brought);
        scan.native(RT, file, rank, finding);
    } else if let Some(pattern) = scan.rules.prebuilt(name)
        && pattern.libc.is_none()
        && !name.contains("wasm")
        && platform_family(name).is_none()
    {
        let evidence = Evidence::new(&file.rel, format!("{name}: {}", pattern.reason))
            .at(line)
            .key(name);
        scan.native(RT, file, rank, NativeFinding::plain(evidence));
    }
}

fn lockfile(file: &FileRef, scan: &mut Scan<'_>, tool: &str) {
    let what = format!("{tool} lockfile");
    scan.marker(RT, file, Evidence::new(&file.rel, &what));
    scan.manager(RT, file, 0, tool, Evidence::new(&file.rel, what));
    if file.name == "bun.lockb" {
        return;
    }
    let Some(text) = scan.read(file) else { return };
    let graph = match tool {
        "npm" => match parse_json(scan, file, &text) {
            Some(doc) => node_lock::npm(&doc),
            None => return,
        },
        "yarn" => node_lock::yarn(&text, &sibling_roots(file, scan)),
        "pnpm" => node_lock::pnpm(&text),
        _ => return,
    };
    locked(file, scan, &graph, &text);
}

/// The production dependencies of the package.json next to a lockfile, with their ranges.
fn sibling_roots(file: &FileRef, scan: &mut Scan<'_>) -> Vec<(String, String)> {
    let path = file.path.with_file_name("package.json");
    let Ok(text) = crate::knowledge::files::read_text(&path, scan.limits.max_file_bytes) else {
        return Vec::new();
    };
    let Ok(doc) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    ["dependencies", "optionalDependencies"]
        .iter()
        .filter_map(|s| doc.get(*s).and_then(Value::as_object))
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("*").to_owned()))
        .collect()
}

/// Platforms in package names (`-linux-x64-gnu`, `@esbuild/linux-x64`).
const PLATFORMS: &[&str] = &[
    "linux",
    "linuxmusl",
    "darwin",
    "win32",
    "windows",
    "freebsd",
    "android",
    "sunos",
    "openbsd",
    "aix",
    "wasm32",
    "netbsd",
];

/// The package a platform-specific build belongs to: `@next/swc-linux-x64-gnu` → `@next/swc`,
/// `@esbuild/linux-x64` → `@esbuild`; `None` for a name without a platform.
pub(crate) fn platform_family(name: &str) -> Option<&str> {
    let start = name.rfind('/').map_or(0, |i| i + 1);
    let base = &name[start..];
    let mut offset = start;
    for (i, part) in base.split('-').enumerate() {
        if PLATFORMS.contains(&part) {
            let cut = if i == 0 {
                start.saturating_sub(1)
            } else {
                offset - 1
            };
            return (cut > 0).then(|| &name[..cut]);
        }
        offset += part.len() + 1;
    }
    None
}

/// Native findings among a lockfile's production packages: the table's packages, and families of
/// prebuilt binaries with the libcs they are published for.
fn locked(file: &FileRef, scan: &mut Scan<'_>, graph: &Graph, text: &str) {
    // family → (first line, has a glibc build, has a musl build, reason)
    let mut families: BTreeMap<String, (Option<usize>, bool, bool, String)> = BTreeMap::new();
    for package in &graph.packages {
        let name = package.name.as_str();
        let line = || {
            package
                .line
                .or_else(|| line_containing(text, &package.needle))
        };
        if let Some(rule) = scan.rules.lookup(Ecosystem::Node, name) {
            let rule = rule.clone();
            scan.native_rule(RT, file, Rank::Lockfile, &rule, name, line());
            continue;
        }
        if name.contains("wasm") {
            // WebAssembly fallbacks of native packages run anywhere.
            continue;
        }
        let pattern = scan.rules.prebuilt(name).cloned();
        let platform =
            !package.os.is_empty() || !package.libc.is_empty() || platform_family(name).is_some();
        if pattern.is_none() && !platform {
            continue;
        }
        let linux = package.os.iter().any(|o| o == "linux") || name.contains("linux");
        let family = platform_family(name).unwrap_or(name).to_owned();
        let musl = package.libc.iter().any(|l| l == "musl")
            || name.contains("musl")
            || pattern
                .as_ref()
                .is_some_and(|p| p.libc == Some(PatternLibc::Musl));
        let glibc = package.libc.iter().any(|l| l == "glibc")
            || name.ends_with("-gnu")
            || name.contains("-gnu-")
            || pattern
                .as_ref()
                .is_some_and(|p| p.libc == Some(PatternLibc::Glibc));
        if !linux && pattern.is_none() {
            continue;
        }
        let reason = pattern.map_or_else(
            || "prebuilt native binary for one platform".to_owned(),
            |p| p.reason,
        );
        let slot = families
            .entry(family)
            .or_insert_with(|| (line(), false, false, reason));
        slot.1 |= linux && glibc;
        slot.2 |= linux && musl;
    }
    for (family, (line, glibc, musl, _)) in families {
        let detail = match (glibc, musl) {
            (_, true) => "prebuilt native binaries per platform, musl builds included",
            (true, false) => "prebuilt native binaries per platform, for glibc only",
            (false, false) => "prebuilt native binaries per platform",
        };
        let evidence = Evidence::new(&file.rel, format!("{family}: {detail}"))
            .at(line)
            .key(family.clone());
        let finding = NativeFinding {
            evidence,
            needs_glibc: glibc && !musl,
            builds_from_source: false,
            musl_builds: musl,
        };
        scan.native(RT, file, Rank::Lockfile, finding);
    }
}

fn version_file(file: &FileRef, scan: &mut Scan<'_>, priority: u8) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Node version file"));
    let Some(text) = scan.read(file) else { return };
    let Some(first) = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return;
    };
    let value = first_version(first).unwrap_or_else(|| first.to_owned());
    let evidence =
        Evidence::new(&file.rel, format!("pins Node {first}")).at(line_containing(&text, first));
    scan.version(RT, file, priority, value, evidence);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_families() {
        assert_eq!(
            platform_family("@next/swc-linux-x64-gnu"),
            Some("@next/swc")
        );
        assert_eq!(platform_family("@esbuild/linux-x64"), Some("@esbuild"));
        assert_eq!(
            platform_family("@img/sharp-libvips-linuxmusl-x64"),
            Some("@img/sharp-libvips")
        );
        assert_eq!(
            platform_family("lightningcss-darwin-arm64"),
            Some("lightningcss")
        );
        assert_eq!(platform_family("@node-rs/argon2"), None);
        assert_eq!(platform_family("express"), None);
        assert_eq!(platform_family("linux-x64"), None);
    }
}
