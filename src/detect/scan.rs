//! The state of a scan shared by the ecosystem readers: what was found, per directory and runtime.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::walk::{self, FileRef, Limits};
use super::{Evidence, Evidenced, NativeFinding, NativeRule, NativeRules};

/// How trustworthy a native-dependency sighting is, best first: declared by the project, found in a
/// lockfile, or seen in source code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Rank {
    Manifest,
    Lockfile,
    Source,
}

/// Facts an ecosystem reader keeps for its own step at the end of the scan, when the app's files are
/// all known (names of binaries, projects, entry points).
#[derive(Debug, Clone)]
pub(crate) enum Fact {
    Rust(super::rust::Crate),
    RustLock(super::rust::Lock),
    GoModule(String, Evidence),
    GoMain(String, Evidence),
    Dotnet(super::dotnet::Project),
    DotnetProps(Evidenced<String>),
    Maven(super::java::Pom),
    Gradle(super::java::Gradle),
    Cpp(super::cpp::Target),
    Node(Box<super::node::Manifest>),
    PythonDeps(Vec<String>),
}

/// What has been found for one runtime in one directory.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Depth below the root and evidence of each file that shows the runtime is used.
    pub markers: Vec<(usize, Evidence)>,
    /// Whether the directory holds a manifest of the runtime, so an app may start here.
    pub root: bool,
    pub versions: Vec<((usize, u8), Evidenced<String>)>,
    pub managers: Vec<((usize, u8), Evidenced<String>)>,
    pub native: Vec<((Rank, usize), NativeFinding)>,
    pub toolchain: Option<Evidenced<String>>,
    pub extensions: Vec<String>,
    pub facts: Vec<Fact>,
}

/// The state of a scan, shared by the ecosystem readers.
pub(crate) struct Scan<'a> {
    pub rules: &'a NativeRules,
    pub limits: Limits,
    pub root: &'a Path,
    pub notes: Vec<String>,
    pub found: BTreeMap<(String, &'static str), Found>,
    pub html: Vec<Evidence>,
    pub sources: BTreeMap<&'static str, (usize, String)>,
    /// Relative paths of requirement files already read (they may include each other).
    pub parsed: HashSet<String>,
    /// Every file the walk found, relative to the root.
    pub files: Vec<String>,
}

/// The directory a file speaks for: its own, except for requirement files gathered in a
/// `requirements/` directory, which speak for the directory above.
pub(crate) fn owner_dir(file: &FileRef) -> String {
    let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d);
    match dir.rsplit_once('/') {
        Some((parent, "requirements")) => parent.to_owned(),
        None if dir == "requirements" => String::new(),
        _ => dir.to_owned(),
    }
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
            files: Vec::new(),
        }
    }

    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Reads a file within the limits, noting why when it cannot.
    pub fn read(&mut self, file: &FileRef) -> Option<String> {
        walk::read_text(file, &self.limits, &mut self.notes)
    }

    /// What was found so far for a runtime in the directory a file speaks for.
    pub fn at(&mut self, runtime: &'static str, file: &FileRef) -> &mut Found {
        self.found.entry((owner_dir(file), runtime)).or_default()
    }

    /// Records a manifest: the runtime is used, and an app of it may start in this directory.
    pub fn manifest(&mut self, runtime: &'static str, file: &FileRef, evidence: Evidence) {
        let found = self.at(runtime, file);
        found.root = true;
        found.markers.push((file.depth, evidence));
    }

    /// Records a file that shows the runtime is used but does not make an app on its own (a version
    /// file, a lockfile).
    pub fn marker(&mut self, runtime: &'static str, file: &FileRef, evidence: Evidence) {
        let depth = file.depth;
        self.at(runtime, file).markers.push((depth, evidence));
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
        let depth = file.depth;
        self.at(runtime, file)
            .versions
            .push(((depth, priority), Evidenced { value, evidence }));
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
        let depth = file.depth;
        self.at(runtime, file).managers.push((
            (depth, priority),
            Evidenced {
                value: value.to_owned(),
                evidence,
            },
        ));
    }

    /// Records a native finding.
    pub fn native(
        &mut self,
        runtime: &'static str,
        file: &FileRef,
        rank: Rank,
        finding: NativeFinding,
    ) {
        let depth = file.depth;
        self.at(runtime, file).native.push(((rank, depth), finding));
    }

    /// Records native code that is not in the table (cgo, a package's own addon, `links`).
    pub fn native_plain(
        &mut self,
        runtime: &'static str,
        file: &FileRef,
        rank: Rank,
        evidence: Evidence,
    ) {
        self.native(runtime, file, rank, NativeFinding::plain(evidence));
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
        self.native(runtime, file, rank, finding_of(rule, evidence));
    }

    /// Records a fact for the ecosystem's final step.
    pub fn fact(&mut self, runtime: &'static str, file: &FileRef, fact: Fact) {
        self.at(runtime, file).facts.push(fact);
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
}

/// A finding for a package of the table.
pub(crate) fn finding_of(rule: &NativeRule, evidence: Evidence) -> NativeFinding {
    NativeFinding {
        evidence,
        needs_glibc: rule.glibc,
        builds_from_source: rule.source,
        musl_builds: rule.musl,
    }
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
