//! The state of a scan shared by the ecosystem readers, and how it becomes a [`Detection`].

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::walk::{self, FileRef, Limits};
use super::{DetectedRuntime, Detection, Evidence, Evidenced, NativeRule, NativeRules};

/// How trustworthy a native-dependency sighting is, best first: declared by the project, found in a
/// lockfile, or seen in source code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    Manifest,
    Lockfile,
    Source,
}

/// What has been found for one runtime so far.
#[derive(Debug, Default)]
struct Found {
    markers: Vec<(usize, Evidence)>,
    versions: Vec<((usize, u8), Evidenced<String>)>,
    managers: Vec<((usize, u8), Evidenced<String>)>,
    native: Vec<((Rank, usize), Evidence)>,
    needs_glibc: bool,
}

/// The state of a scan, shared by the ecosystem readers.
pub(crate) struct Scan<'a> {
    pub rules: &'a NativeRules,
    pub limits: Limits,
    pub root: &'a Path,
    notes: Vec<String>,
    found: BTreeMap<&'static str, Found>,
    html: Vec<Evidence>,
    sources: BTreeMap<&'static str, (usize, String)>,
    /// Relative paths of requirement files already read (they may include each other).
    pub parsed: HashSet<String>,
}

impl<'a> Scan<'a> {
    pub fn new(rules: &'a NativeRules, limits: Limits, root: &'a Path, notes: Vec<String>) -> Self {
        Scan {
            rules,
            limits,
            root,
            notes,
            found: BTreeMap::new(),
            html: Vec::new(),
            sources: BTreeMap::new(),
            parsed: HashSet::new(),
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Reads a file within the limits, noting why when it cannot.
    pub fn read(&mut self, file: &FileRef) -> Option<String> {
        walk::read_text(file, &self.limits, &mut self.notes)
    }

    /// Records a file that shows the runtime is used.
    pub fn marker(&mut self, runtime: &'static str, file: &FileRef, evidence: Evidence) {
        self.entry(runtime).markers.push((file.depth, evidence));
    }

    /// Records a declared runtime version; the shallowest file wins, then the lowest `priority`.
    pub fn version(
        &mut self,
        runtime: &'static str,
        file: &FileRef,
        priority: u8,
        value: String,
        evidence: Evidence,
    ) {
        self.entry(runtime)
            .versions
            .push(((file.depth, priority), Evidenced { value, evidence }));
    }

    /// Records the package manager a file implies; the shallowest file wins, then the lowest `priority`.
    pub fn manager(
        &mut self,
        runtime: &'static str,
        file: &FileRef,
        priority: u8,
        value: &str,
        evidence: Evidence,
    ) {
        self.entry(runtime).managers.push((
            (file.depth, priority),
            Evidenced {
                value: value.to_owned(),
                evidence,
            },
        ));
    }

    /// Records a native dependency.
    pub fn native(
        &mut self,
        runtime: &'static str,
        file: &FileRef,
        rank: Rank,
        glibc: bool,
        evidence: Evidence,
    ) {
        let found = self.entry(runtime);
        found.native.push(((rank, file.depth), evidence));
        found.needs_glibc |= glibc;
    }

    /// Records a native dependency found through the table.
    pub fn native_rule(
        &mut self,
        runtime: &'static str,
        file: &FileRef,
        rank: Rank,
        rule: &NativeRule,
        name: &str,
        line: Option<usize>,
    ) {
        let evidence = Evidence::new(&file.rel, format!("{name}: {}", rule.reason))
            .at(line)
            .key(name);
        self.native(runtime, file, rank, rule.glibc, evidence);
    }

    /// Records an HTML page, evidence of a static site when nothing else is found.
    pub fn html(&mut self, file: &FileRef) {
        self.html.push(Evidence::new(&file.rel, "HTML page"));
    }

    /// Counts a source file of a runtime, used only when no manifest names any runtime.
    pub fn source(&mut self, runtime: &'static str, file: &FileRef) {
        self.sources
            .entry(runtime)
            .or_insert_with(|| (0, file.rel.clone()))
            .0 += 1;
    }

    fn entry(&mut self, runtime: &'static str) -> &mut Found {
        self.found.entry(runtime).or_default()
    }

    pub fn finish(mut self) -> Detection {
        if !self.found.values().any(|f| !f.markers.is_empty()) {
            for (runtime, (count, first)) in std::mem::take(&mut self.sources) {
                let detail = format!(
                    "{count} source file{} and no manifest",
                    if count == 1 { "" } else { "s" }
                );
                self.entry(runtime)
                    .markers
                    .push((0, Evidence::new(first, detail)));
            }
        }
        if !self.found.values().any(|f| !f.markers.is_empty()) && !self.html.is_empty() {
            let mut pages = std::mem::take(&mut self.html);
            pages.sort_by_key(|e| (!e.file.ends_with("index.html"), e.file.matches('/').count()));
            pages.truncate(5);
            self.entry("static")
                .markers
                .extend(pages.into_iter().map(|e| (0, e)));
        }
        let mut runtimes: Vec<(usize, usize, DetectedRuntime)> = Vec::new();
        for (runtime, found) in self.found {
            if found.markers.is_empty() {
                continue;
            }
            runtimes.push(build(runtime, found));
        }
        runtimes.sort_by_key(|(depth, count, r)| {
            (
                *depth,
                std::cmp::Reverse(*count),
                crate::runtime::order(&r.runtime),
            )
        });
        Detection {
            runtimes: runtimes.into_iter().map(|(_, _, r)| r).collect(),
            notes: self.notes,
        }
    }
}

/// Turns what was found for one runtime into its report, with its sort keys (shallowest marker, amount
/// of evidence).
fn build(runtime: &str, mut found: Found) -> (usize, usize, DetectedRuntime) {
    // Closest to the root first; at one level, manifests before dotfiles such as `.nvmrc`.
    found.markers.sort_by_key(|(depth, e)| {
        (
            *depth,
            e.file
                .rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with('.')),
        )
    });
    let depth = found.markers.first().map_or(usize::MAX, |(d, _)| *d);
    let pick = |mut list: Vec<((usize, u8), Evidenced<String>)>| {
        list.sort_by_key(|(key, _)| *key);
        list.into_iter().next().map(|(_, v)| v)
    };
    found.native.sort_by_key(|(key, _)| *key);
    let mut seen = HashSet::new();
    let native: Vec<Evidence> = found
        .native
        .into_iter()
        .map(|(_, e)| e)
        .filter(|e| seen.insert(e.key.clone().unwrap_or_else(|| e.detail.clone())))
        .collect();
    let evidence: Vec<Evidence> = found.markers.into_iter().map(|(_, e)| e).collect();
    let count = evidence.len() + native.len();
    (
        depth,
        count,
        DetectedRuntime {
            runtime: runtime.to_owned(),
            version: pick(found.versions),
            package_manager: pick(found.managers),
            native,
            needs_glibc: found.needs_glibc,
            evidence,
        },
    )
}

/// Parses JSON, turning a syntax error into a note.
pub(crate) fn parse_json(
    scan: &mut Scan<'_>,
    file: &FileRef,
    text: &str,
) -> Option<serde_json::Value> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            scan.note(format!(
                "{}:{}:{}: not valid JSON ({}); only its name was used",
                file.rel,
                e.line(),
                e.column(),
                json_message(&e)
            ));
            None
        }
    }
}

fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Parses TOML, turning a syntax error into a note.
pub(crate) fn parse_toml(scan: &mut Scan<'_>, file: &FileRef, text: &str) -> Option<toml::Table> {
    match text.parse::<toml::Table>() {
        Ok(v) => Some(v),
        Err(e) => {
            let at = e
                .span()
                .map(|s| crate::knowledge::Location::of_span(text, s))
                .map_or_else(String::new, |l| format!(":{}:{}", l.line, l.column));
            scan.note(format!(
                "{}{at}: not valid TOML ({}); only its name was used",
                file.rel,
                e.message().trim()
            ));
            None
        }
    }
}

/// The string at a dotted path of a TOML table.
pub(crate) fn toml_str<'t>(table: &'t toml::Table, path: &[&str]) -> Option<&'t str> {
    let (last, parents) = path.split_last()?;
    let mut current = table;
    for key in parents {
        current = current.get(*key)?.as_table()?;
    }
    current.get(*last)?.as_str()
}

/// The table at a dotted path of a TOML table.
pub(crate) fn toml_table<'t>(table: &'t toml::Table, path: &[&str]) -> Option<&'t toml::Table> {
    let mut current = table;
    for key in path {
        current = current.get(*key)?.as_table()?;
    }
    Some(current)
}
