//! Rust: Cargo.toml, Cargo.lock and the toolchain files.

use super::Ecosystem;
use super::text::{line_containing, line_of_key};
use super::walk::FileRef;
use super::{Evidence, Rank, Scan, parse_toml, toml_str, toml_table};

const RT: &str = "rust";

const DEPENDENCY_SECTIONS: &[&str] = &["dependencies", "build-dependencies"];

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    match file.name.as_str() {
        "Cargo.toml" => cargo_toml(file, scan),
        "Cargo.lock" => cargo_lock(file, scan),
        "rust-toolchain.toml" | "rust-toolchain" => toolchain(file, scan),
        name if name.ends_with(".rs") => scan.source(RT, file),
        _ => return false,
    }
    true
}

fn cargo_toml(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manager(
        RT,
        file,
        0,
        "cargo",
        Evidence::new(&file.rel, "Cargo manifest"),
    );
    let Some(text) = scan.read(file) else {
        scan.marker(RT, file, Evidence::new(&file.rel, "Cargo manifest"));
        return;
    };
    let Some(doc) = parse_toml(scan, file, &text) else {
        scan.marker(RT, file, Evidence::new(&file.rel, "Cargo manifest"));
        return;
    };
    let marker = match (
        toml_str(&doc, &["package", "name"]),
        toml_table(&doc, &["workspace"]),
    ) {
        (Some(name), _) => Evidence::new(&file.rel, format!("Cargo package {name}"))
            .at(line_of_key(&text, "name"))
            .key("package.name"),
        (None, Some(_)) => Evidence::new(&file.rel, "Cargo workspace").key("workspace"),
        (None, None) => Evidence::new(&file.rel, "Cargo manifest"),
    };
    scan.marker(RT, file, marker);
    if let Some(version) = toml_str(&doc, &["package", "rust-version"]) {
        let evidence = Evidence::new(&file.rel, format!("rust-version = \"{version}\""))
            .at(line_of_key(&text, "rust-version"))
            .key("package.rust-version");
        scan.version(RT, file, 2, version.to_owned(), evidence);
    }
    if let Some(library) = toml_str(&doc, &["package", "links"]) {
        let evidence = Evidence::new(
            &file.rel,
            format!("the package links the native library {library}"),
        )
        .at(line_of_key(&text, "links"))
        .key("package.links");
        scan.native(RT, file, Rank::Manifest, false, evidence);
    }
    for section in DEPENDENCY_SECTIONS {
        let Some(deps) = toml_table(&doc, &[section]) else {
            continue;
        };
        for name in deps.keys() {
            if let Some(rule) = scan.rules.lookup(Ecosystem::Rust, name) {
                let rule = rule.clone();
                scan.native_rule(
                    RT,
                    file,
                    Rank::Manifest,
                    &rule,
                    name,
                    line_of_key(&text, name),
                );
            }
        }
    }
}

fn cargo_lock(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Cargo lockfile"));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_toml(scan, file, &text) else {
        return;
    };
    let packages = doc.get("package").and_then(toml::Value::as_array);
    for package in packages.into_iter().flatten() {
        let Some(name) = package.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        if let Some(rule) = scan.rules.lookup(Ecosystem::Rust, name) {
            let rule = rule.clone();
            let line = line_containing(&text, &format!("name = \"{name}\""));
            scan.native_rule(RT, file, Rank::Lockfile, &rule, name, line);
        }
    }
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
    let priority = u8::from(file.name != "rust-toolchain.toml");
    scan.version(RT, file, priority, channel, evidence);
}
