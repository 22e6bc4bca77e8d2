//! The packages a Node lockfile installs for production (npm, yarn classic and berry, pnpm 5 to 9),
//! with what each says about its platform: `os`, `cpu` and `libc` fields, or yarn's `conditions`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// A package a lockfile installs for production.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Locked {
    pub name: String,
    pub line: Option<usize>,
    /// Text to look for when the line is needed and not known (found only for packages reported).
    pub needle: String,
    /// The operating systems and libcs the package is built for, when the lockfile says so.
    pub os: Vec<String>,
    pub libc: Vec<String>,
}

/// The production packages of a lockfile, for the native-code checks.
#[derive(Debug, Clone, Default)]
pub(crate) struct Graph {
    pub packages: Vec<Locked>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// npm's package-lock.json and npm-shrinkwrap.json, versions 1 to 3.
pub(crate) fn npm(doc: &Value) -> Graph {
    let mut out = Graph::default();
    if let Some(packages) = doc.get("packages").and_then(Value::as_object) {
        for (path, entry) in packages {
            let dev = |k: &str| entry.get(k).and_then(Value::as_bool) == Some(true);
            if dev("dev") || dev("devOptional") {
                continue;
            }
            let Some((_, name)) = path.rsplit_once("node_modules/") else {
                continue;
            };
            out.packages.push(Locked {
                name: name.to_owned(),
                line: None,
                needle: format!("\"{path}\""),
                os: strings(entry.get("os")),
                libc: strings(entry.get("libc")),
            });
        }
    } else if let Some(deps) = doc.get("dependencies").and_then(Value::as_object) {
        npm_v1(deps, &mut out, 0);
    }
    out
}

/// Lockfile version 1 nests dependencies; the nesting is bounded to stay clear of hostile files.
fn npm_v1(deps: &serde_json::Map<String, Value>, out: &mut Graph, level: usize) {
    if level > 16 {
        return;
    }
    for (name, entry) in deps {
        if entry.get("dev").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        out.packages.push(Locked {
            name: name.clone(),
            needle: format!("\"{name}\": {{"),
            ..Locked::default()
        });
        if let Some(nested) = entry.get("dependencies").and_then(Value::as_object) {
            npm_v1(nested, out, level + 1);
        }
    }
}

/// One entry of yarn.lock (classic or berry) or of a pnpm snapshot.
#[derive(Debug, Default)]
struct Entry {
    id: String,
    name: String,
    line: usize,
    deps: Vec<String>,
    os: Vec<String>,
    libc: Vec<String>,
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"').trim_matches('\'')
}

/// The package name of a descriptor (`@scope/name@^1`, `name@npm:1.0.0`).
fn descriptor_name(descriptor: &str) -> &str {
    let d = unquote(descriptor);
    match d[1.min(d.len())..].find('@') {
        Some(i) => &d[..=i],
        None => d,
    }
}

/// yarn.lock, classic (`name "range"`) or berry (`name: "npm:range"`, `conditions:`), walked from the
/// production dependencies of package.json.
pub(crate) fn yarn(text: &str, roots: &[(String, String)]) -> Graph {
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_descriptor: BTreeMap<String, usize> = BTreeMap::new();
    let mut block = "";
    for (i, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        let line = raw.trim();
        if indent == 0 {
            let Some(header) = line.strip_suffix(':') else {
                continue;
            };
            let descriptors: Vec<&str> = header.split(", ").map(unquote).collect();
            let Some(first) = descriptors.first() else {
                continue;
            };
            let index = entries.len();
            entries.push(Entry {
                name: descriptor_name(first).to_owned(),
                line: i + 1,
                ..Entry::default()
            });
            for d in descriptors {
                by_descriptor.insert(d.to_owned(), index);
            }
            block = "";
            continue;
        }
        let Some(entry) = entries.last_mut() else {
            continue;
        };
        if indent == 2 {
            block = "";
            if let Some(name) = line.strip_suffix(':') {
                block = if matches!(name, "dependencies" | "optionalDependencies") {
                    "deps"
                } else {
                    ""
                };
            } else if let Some(conditions) = line.strip_prefix("conditions:") {
                for part in conditions.split('&') {
                    match part.trim().split_once('=') {
                        Some(("os", v)) => entry.os.push(v.trim().to_owned()),
                        Some(("libc", v)) => entry.libc.push(v.trim().to_owned()),
                        _ => {}
                    }
                }
            }
        } else if block == "deps" {
            let (name, range) = match line.split_once(": ") {
                Some((n, r)) => (unquote(n), unquote(r)),
                None => match line.split_once(' ') {
                    Some((n, r)) => (unquote(n), unquote(r)),
                    None => continue,
                },
            };
            entry.deps.push(format!("{name}@{range}"));
        }
    }
    let lookup = |d: &str| -> Option<usize> {
        by_descriptor.get(d).copied().or_else(|| {
            let name = descriptor_name(d);
            let range = d.get(name.len() + 1..).unwrap_or("");
            by_descriptor.get(&format!("{name}@npm:{range}")).copied()
        })
    };
    let starts: Vec<String> = roots.iter().map(|(n, r)| format!("{n}@{r}")).collect();
    walk(&entries, starts, lookup)
}

fn walk(entries: &[Entry], starts: Vec<String>, lookup: impl Fn(&str) -> Option<usize>) -> Graph {
    let mut seen = BTreeSet::new();
    let mut stack = starts;
    let mut out = Graph::default();
    while let Some(descriptor) = stack.pop() {
        let Some(index) = lookup(&descriptor) else {
            continue;
        };
        if !seen.insert(index) {
            continue;
        }
        let entry = &entries[index];
        out.packages.push(Locked {
            name: entry.name.clone(),
            line: Some(entry.line),
            needle: String::new(),
            os: entry.os.clone(),
            libc: entry.libc.clone(),
        });
        stack.extend(entry.deps.iter().cloned());
    }
    out.packages.sort_by_key(|p| p.line);
    out
}

/// A line of pnpm's YAML: indentation, key and inline value.
fn yaml_line(raw: &str) -> Option<(usize, &str, &str)> {
    let indent = raw.len() - raw.trim_start().len();
    let line = raw.trim();
    if line.is_empty() || line.starts_with('#') || line.starts_with('-') {
        return None;
    }
    let (key, value) = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'')
    {
        let end = line[1..].find(quote)? + 1;
        (
            &line[1..end],
            line[end + 1..].trim_start().strip_prefix(':')?,
        )
    } else {
        let i = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(str::len))?;
        (&line[..i], line.get(i + 1..).unwrap_or(""))
    };
    Some((indent, key, value.trim()))
}

fn flow_list(value: &str) -> Vec<String> {
    value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|s| unquote(s).to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// pnpm-lock.yaml: with `dev:` flags (versions 5 and 6) those decide; else (version 9) the snapshots
/// are walked from the importers' production dependencies.
pub(crate) fn pnpm(text: &str) -> Graph {
    let mut section = "";
    let mut entries: Vec<Entry> = Vec::new();
    let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut info: BTreeMap<String, (Vec<String>, Vec<String>, bool, usize)> = BTreeMap::new();
    let mut roots: Vec<String> = Vec::new();
    let mut block = "";
    let mut root_name = String::new();
    let mut current = String::new();
    for (i, raw) in text.lines().enumerate() {
        let Some((indent, key, value)) = yaml_line(raw) else {
            continue;
        };
        if indent == 0 {
            section = match key {
                "packages" | "snapshots" | "importers" => key,
                "dependencies" | "optionalDependencies" => "top",
                _ => "",
            };
            continue;
        }
        match section {
            "importers" | "top" => {
                let base = if section == "top" { 2 } else { 6 };
                if section == "importers" && indent == 4 {
                    block = if matches!(key, "dependencies" | "optionalDependencies") {
                        "deps"
                    } else {
                        ""
                    };
                } else if block == "deps" || section == "top" {
                    if indent == base {
                        key.clone_into(&mut root_name);
                        if !value.is_empty() {
                            roots.push(format!("{key}@{}", unquote(value)));
                        }
                    } else if indent == base + 2 && key == "version" {
                        roots.push(format!("{root_name}@{}", unquote(value)));
                    }
                }
            }
            "packages" | "snapshots" => {
                if indent == 2 {
                    key.trim_start_matches('/').clone_into(&mut current);
                    let index = entries.len();
                    entries.push(Entry {
                        id: current.clone(),
                        name: pnpm_name(&current).to_owned(),
                        line: i + 1,
                        ..Entry::default()
                    });
                    if section == "snapshots" || !by_id.contains_key(&current) {
                        by_id.insert(current.clone(), index);
                    }
                    let base = current.split('(').next().unwrap_or(&current).to_owned();
                    info.entry(base)
                        .or_insert((Vec::new(), Vec::new(), true, i + 1));
                    block = "";
                } else if indent == 4 {
                    let base = current.split('(').next().unwrap_or(&current).to_owned();
                    let slot = info
                        .entry(base)
                        .or_insert((Vec::new(), Vec::new(), true, i + 1));
                    block = "";
                    match key {
                        "os" => slot.0 = flow_list(value),
                        "libc" => slot.1 = flow_list(value),
                        "dev" => slot.2 = value != "false",
                        "dependencies" | "optionalDependencies" => block = "deps",
                        _ => {}
                    }
                } else if indent == 6
                    && block == "deps"
                    && let Some(entry) = entries.last_mut()
                {
                    entry.deps.push(format!("{}@{}", key, unquote(value)));
                }
            }
            _ => {}
        }
    }
    let flagged = info.values().any(|(_, _, dev, _)| !*dev);
    let mut out = Graph::default();
    if flagged {
        for (id, (os, libc, dev, line)) in &info {
            if !dev {
                out.packages.push(Locked {
                    name: pnpm_name(id).to_owned(),
                    line: Some(*line),
                    needle: String::new(),
                    os: os.clone(),
                    libc: libc.clone(),
                });
            }
        }
        return out;
    }
    for entry in &mut entries {
        let base = entry.id.split('(').next().unwrap_or(&entry.id);
        if let Some((os, libc, _, _)) = info.get(base) {
            entry.os.clone_from(os);
            entry.libc.clone_from(libc);
        }
    }
    walk(&entries, roots, |d| {
        by_id
            .get(d)
            .copied()
            .or_else(|| by_id.get(d.split('(').next().unwrap_or(d)).copied())
    })
}

/// The name in a pnpm package id: `@scope/name@1.0.0(peer)`, `name@1.0.0`, or `name/1.0.0` (version 5).
fn pnpm_name(id: &str) -> &str {
    let id = id.split('(').next().unwrap_or(id);
    if let Some(i) = id[1.min(id.len())..].find('@') {
        return &id[..=i];
    }
    id.rsplit_once('/').map_or(id, |(name, _)| name)
}
