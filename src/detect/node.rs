//! Node: package.json, its lockfiles, version files and native addons.

use serde_json::Value;

use super::Ecosystem;
use super::text::{first_version, line_containing, line_of_key, line_of_key_after, version_floor};
use super::walk::FileRef;
use super::{Evidence, Rank, Scan, parse_json};

const RT: &str = "node";

/// Dependency sections that end up in the production install.
const RUNTIME_SECTIONS: &[&str] = &["dependencies", "optionalDependencies", "peerDependencies"];

/// Lifecycle scripts whose use of these tools means the package builds a native addon on install.
const INSTALL_SCRIPTS: &[&str] = &["preinstall", "install", "postinstall"];
const ADDON_TOOLS: &[&str] = &["node-gyp", "prebuild-install", "node-pre-gyp", "cmake-js"];

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    match file.name.as_str() {
        "package.json" => package_json(file, scan),
        "package-lock.json" | "npm-shrinkwrap.json" => package_lock(file, scan),
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
            scan.native(RT, file, Rank::Manifest, false, evidence);
        }
        _ => return false,
    }
    true
}

fn package_json(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Node package manifest"));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_json(scan, file, &text) else {
        return;
    };
    let node_engine = doc.pointer("/engines/node").and_then(Value::as_str);
    if let Some(spec) = node_engine {
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
        let Some(deps) = doc.get(*section).and_then(Value::as_object) else {
            continue;
        };
        for name in deps.keys() {
            if let Some(rule) = scan.rules.lookup(Ecosystem::Node, name) {
                let rule = rule.clone();
                let line = line_of_key_after(&text, section, name);
                scan.native_rule(RT, file, Rank::Manifest, &rule, name, line);
            }
        }
    }
    if doc.get("gypfile").and_then(Value::as_bool) == Some(true) {
        let evidence = Evidence::new(&file.rel, "gypfile: the package builds a native addon")
            .at(line_of_key(&text, "gypfile"))
            .key("gypfile");
        scan.native(RT, file, Rank::Manifest, false, evidence);
    }
    for script in INSTALL_SCRIPTS {
        let Some(command) = doc
            .pointer(&format!("/scripts/{script}"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        if let Some(tool) = ADDON_TOOLS.iter().find(|t| command.contains(**t)) {
            let evidence = Evidence::new(&file.rel, format!("the {script} script runs {tool}"))
                .at(line_of_key_after(&text, "scripts", script))
                .key(format!("scripts.{script}"));
            scan.native(RT, file, Rank::Manifest, false, evidence);
        }
    }
}

fn package_lock(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "npm lockfile"));
    scan.manager(RT, file, 0, "npm", Evidence::new(&file.rel, "npm lockfile"));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_json(scan, file, &text) else {
        return;
    };
    let mut names: Vec<(String, String)> = Vec::new();
    if let Some(packages) = doc.get("packages").and_then(Value::as_object) {
        for (path, entry) in packages {
            if is_dev(entry) {
                continue;
            }
            if let Some((_, name)) = path.rsplit_once("node_modules/") {
                names.push((name.to_owned(), format!("\"{path}\"")));
            }
        }
    } else if let Some(deps) = doc.get("dependencies").and_then(Value::as_object) {
        lockfile_v1(deps, &mut names, 0);
    }
    for (name, needle) in names {
        if let Some(rule) = scan.rules.lookup(Ecosystem::Node, &name) {
            let rule = rule.clone();
            let line = line_containing(&text, &needle);
            scan.native_rule(RT, file, Rank::Lockfile, &rule, &name, line);
        }
    }
}

fn is_dev(entry: &Value) -> bool {
    entry.get("dev").and_then(Value::as_bool) == Some(true)
}

/// Lockfile version 1 nests dependencies; the nesting is bounded to stay clear of hostile files.
fn lockfile_v1(
    deps: &serde_json::Map<String, Value>,
    names: &mut Vec<(String, String)>,
    level: usize,
) {
    if level > 16 {
        return;
    }
    for (name, entry) in deps {
        if is_dev(entry) {
            continue;
        }
        names.push((name.clone(), format!("\"{name}\": {{")));
        if let Some(nested) = entry.get("dependencies").and_then(Value::as_object) {
            lockfile_v1(nested, names, level + 1);
        }
    }
}

fn lockfile(file: &FileRef, scan: &mut Scan<'_>, tool: &str) {
    let what = format!("{tool} lockfile");
    scan.marker(RT, file, Evidence::new(&file.rel, &what));
    scan.manager(RT, file, 0, tool, Evidence::new(&file.rel, what));
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
