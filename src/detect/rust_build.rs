//! Rust, the app's side: which binary the build produces (and the workspace member that builds it), and
//! which native crates the default build really compiles, following Cargo.lock from the crates built.

use std::collections::BTreeSet;

use super::apps::{AppCtx, Draft};
use super::rust::{Crate, Lock, RT};
use super::scan::{Fact, finding_of};
use super::text::line_containing;
use super::walk::FileRef;
use super::{Ecosystem, Evidence, Evidenced, Scan, parse_toml};

pub(crate) fn cargo_lock(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Cargo lockfile"));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_toml(scan, file, &text) else {
        return;
    };
    let mut lock = Lock {
        rel: file.rel.clone(),
        ..Lock::default()
    };
    for package in doc
        .get("package")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = package.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        let deps: Vec<String> = super::rust::strings(package.get("dependencies"))
            .iter()
            .filter_map(|d| d.split_whitespace().next().map(str::to_owned))
            .collect();
        let entry = lock.packages.entry(name.to_owned()).or_insert_with(|| {
            (
                line_containing(&text, &format!("name = \"{name}\"")),
                Vec::new(),
            )
        });
        entry.1.extend(deps);
    }
    scan.fact(RT, file, Fact::RustLock(lock));
}

fn matches_member(pattern: &str, dir: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some(prefix) => dir
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(|r| !r.contains('/')),
        None => pattern.trim_end_matches('/') == dir,
    }
}

/// Names the binary (and the workspace member that builds it) and keeps the native crates the default
/// build compiles.
pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let mut crates: Vec<Crate> = Vec::new();
    let mut lock: Option<Lock> = None;
    for (_, fact) in draft.facts() {
        match fact {
            Fact::Rust(c) => crates.push(c.clone()),
            Fact::RustLock(l) if lock.is_none() => lock = Some(l.clone()),
            _ => {}
        }
    }
    let root = crates.iter().find(|c| c.dir == ctx.dir).cloned();
    let considered: Vec<&Crate> = match root.as_ref().and_then(|r| r.members.clone()) {
        Some((members, defaults)) => {
            let patterns = if defaults.is_empty() {
                members
            } else {
                defaults
            };
            crates
                .iter()
                .filter(|c| {
                    let inside = ctx.inside(&c.dir);
                    (c.dir == ctx.dir && c.package.is_some())
                        || patterns.iter().any(|p| matches_member(p, inside))
                })
                .collect()
        }
        None => root
            .iter()
            .chain(crates.iter().filter(|_| root.is_none()))
            .collect(),
    };
    let mut candidates = Vec::new();
    for krate in &considered {
        candidates.extend(binaries(krate, ctx));
    }
    match candidates.len() {
        1 => {
            let only = candidates.remove(0);
            if let Some(target) = only.evidence.key.clone() {
                draft.out.build_target = Some(Evidenced::new(
                    target.clone(),
                    Evidence::new(
                        &only.evidence.file,
                        format!("workspace member {target} builds it"),
                    )
                    .key("package.name"),
                ));
            }
            draft.out.artifact = Some(only);
        }
        _ => draft.out.artifact_candidates = candidates,
    }
    let direct: Vec<(&Crate, &(String, Option<usize>))> = considered
        .iter()
        .flat_map(|c| c.deps.iter().map(move |d| (*c, d)))
        .collect();
    let mut built: BTreeSet<String> = direct.iter().map(|(_, (n, _))| n.clone()).collect();
    for (krate, (name, line)) in &direct {
        if let Some(rule) = ctx.rules.lookup(Ecosystem::Rust, name) {
            let evidence = Evidence::new(&krate.manifest, format!("{name}: {}", rule.reason))
                .at(*line)
                .key(name.clone());
            draft.out.native.push(finding_of(rule, evidence));
        }
    }
    if let Some(lock) = &lock {
        let mut stack: Vec<String> = built.iter().cloned().collect();
        while let Some(name) = stack.pop() {
            for dep in lock
                .packages
                .get(&name)
                .map(|(_, d)| d.as_slice())
                .unwrap_or_default()
            {
                if built.insert(dep.clone()) {
                    stack.push(dep.clone());
                }
            }
        }
        let mut unbuilt = Vec::new();
        for (name, (line, _)) in &lock.packages {
            let Some(rule) = ctx.rules.lookup(Ecosystem::Rust, name) else {
                continue;
            };
            if !built.contains(name) {
                unbuilt.push(name.as_str());
                continue;
            }
            if draft
                .out
                .native
                .iter()
                .any(|n| n.evidence.key.as_deref() == Some(name))
            {
                continue;
            }
            let evidence = Evidence::new(&lock.rel, format!("{name}: {}", rule.reason))
                .at(*line)
                .key(name.clone());
            draft.out.native.push(finding_of(rule, evidence));
        }
        if !unbuilt.is_empty() {
            ctx.notes.push(format!(
                "{}: {} listed but not compiled by the default build (optional or for another platform); not counted as native code",
                lock.rel,
                unbuilt.join(", ")
            ));
        }
    }
}

/// The binaries a crate builds, each with the member to build when it is not the app's directory.
fn binaries(krate: &Crate, ctx: &AppCtx<'_>) -> Vec<Evidenced<String>> {
    let Some((package, package_line)) = &krate.package else {
        return Vec::new();
    };
    let inside = ctx.inside(&krate.dir);
    let under = |p: &str| {
        if inside.is_empty() {
            p.to_owned()
        } else {
            format!("{inside}/{p}")
        }
    };
    let target = (krate.dir != ctx.dir).then(|| package.clone());
    let mut names: Vec<(String, Evidence)> = krate
        .bins
        .iter()
        .map(|(name, line)| {
            (
                name.clone(),
                Evidence::new(&krate.manifest, format!("[[bin]] name = \"{name}\"")).at(*line),
            )
        })
        .collect();
    let main = under("src/main.rs");
    if krate.autobins
        && !krate.main_claimed
        && ctx.has(&main)
        && !names.iter().any(|(n, _)| n == package)
    {
        names.push((
            package.clone(),
            Evidence::new(
                &krate.manifest,
                format!("package {package} with src/main.rs"),
            )
            .at(*package_line),
        ));
    }
    let bin_dir = under("src/bin/");
    if krate.autobins {
        for file in &ctx.files {
            let Some(rest) = file.strip_prefix(bin_dir.as_str()) else {
                continue;
            };
            let name = match rest.split_once('/') {
                None => rest.strip_suffix(".rs"),
                Some((dir, "main.rs")) => Some(dir),
                Some(_) => None,
            };
            if let Some(name) = name.filter(|n| !names.iter().any(|(m, _)| m == n)) {
                names.push((
                    name.to_owned(),
                    Evidence::new(ctx.rel(file), "binary in src/bin"),
                ));
            }
        }
    }
    if let Some(run) = &krate.default_run
        && names.iter().any(|(n, _)| n == run)
    {
        names.retain(|(n, _)| n == run);
    }
    names
        .into_iter()
        .map(|(name, mut evidence)| {
            evidence.key.clone_from(&target);
            Evidenced::new(name, evidence)
        })
        .collect()
}
