//! The table of native dependencies (`data/native_deps.toml`): which packages mean C extensions, cgo,
//! native addons or a C library, which of them need glibc, build from source or ship musl builds;
//! which packages bring native ones with them; and the name patterns of prebuilt Node binaries.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostics::{Problem, Problems, Rule};

/// File name of the table inside a data directory.
pub const NATIVE_DEPS_FILE: &str = "native_deps.toml";

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulesFile {
    #[serde(default)]
    go_source_markers: Vec<String>,
    #[serde(default)]
    python: Vec<NativeRule>,
    #[serde(default)]
    node: Vec<NativeRule>,
    #[serde(default)]
    go: Vec<NativeRule>,
    #[serde(default)]
    rust: Vec<NativeRule>,
    #[serde(default)]
    ruby: Vec<NativeRule>,
    #[serde(default)]
    transitive: Vec<RawTransitive>,
    #[serde(default)]
    node_prebuilt: Vec<RawPattern>,
}

/// One package (or Go module) that ties a project to native code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NativeRule {
    pub name: String,
    /// Why the package is native, in one line.
    pub reason: String,
    /// Whether the package is known to be hard to use on musl (Alpine) images.
    #[serde(default)]
    pub glibc: bool,
    /// Whether installing it usually compiles code (a compiler and headers in the build stage).
    #[serde(default)]
    pub source: bool,
    /// Whether builds for musl are published too.
    #[serde(default)]
    pub musl: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransitive {
    ecosystem: Ecosystem,
    name: Spanned<String>,
    brings: Vec<Spanned<String>>,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPattern {
    pattern: Spanned<String>,
    reason: String,
    #[serde(default)]
    libc: Option<PatternLibc>,
}

/// A package that is not native itself but depends on native packages of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transitive {
    pub name: String,
    /// Names of native packages of the same ecosystem, each in the table.
    pub brings: Vec<String>,
    pub reason: String,
}

/// Which libc a prebuilt binary package is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PatternLibc {
    Glibc,
    Musl,
}

/// A name pattern of Node packages that ship prebuilt native binaries: `@scope/*` or `*-suffix`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrebuiltPattern {
    pub pattern: String,
    pub reason: String,
    /// The libc the matched packages are built for, when the name says so.
    pub libc: Option<PatternLibc>,
}

impl PrebuiltPattern {
    /// Whether a package name matches the pattern.
    pub fn matches(&self, name: &str) -> bool {
        let name = name.trim().to_ascii_lowercase();
        if let Some(prefix) = self.pattern.strip_suffix('*') {
            name.len() > prefix.len() && name.starts_with(prefix)
        } else if let Some(suffix) = self.pattern.strip_prefix('*') {
            name.len() > suffix.len() && name.ends_with(suffix)
        } else {
            name == self.pattern
        }
    }
}

/// The ecosystems the table covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Python,
    Node,
    Go,
    Rust,
    Ruby,
}

/// The loaded table, indexed by normalised package name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NativeRules {
    go_source_markers: Vec<String>,
    #[serde(with = "sorted_pairs")]
    by_name: HashMap<(Ecosystem, String), NativeRule>,
    #[serde(with = "sorted_pairs")]
    transitive: HashMap<(Ecosystem, String), Transitive>,
    prebuilt: Vec<PrebuiltPattern>,
}

/// A map written as a list of pairs in key order, so the same table always serialises to the same
/// bytes (and formats whose map keys must be strings can hold it).
mod sorted_pairs {
    use std::collections::HashMap;
    use std::hash::Hash;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<K: Serialize + Ord, V: Serialize, S: Serializer>(
        map: &HashMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut pairs: Vec<(&K, &V)> = map.iter().collect();
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        serializer.collect_seq(pairs)
    }

    pub fn deserialize<'de, K, V, D>(deserializer: D) -> Result<HashMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Eq + Hash,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

impl NativeRules {
    /// Parses and checks the table; every problem is recorded with its location.
    pub fn parse(text: &str, problems: &mut Problems) -> Option<Self> {
        let raw: RulesFile = crate::raw::parse(NATIVE_DEPS_FILE, Some(text), true, problems)?;
        let before = problems.errors().count();
        let rules = Self::from_file(raw, text, problems);
        (problems.errors().count() == before).then_some(rules)
    }

    fn from_file(raw: RulesFile, text: &str, problems: &mut Problems) -> Self {
        let mut by_name = HashMap::new();
        let groups = [
            (Ecosystem::Python, raw.python),
            (Ecosystem::Node, raw.node),
            (Ecosystem::Go, raw.go),
            (Ecosystem::Rust, raw.rust),
            (Ecosystem::Ruby, raw.ruby),
        ];
        for (ecosystem, rules) in groups {
            for rule in rules {
                by_name.insert((ecosystem, normalise(ecosystem, &rule.name)), rule);
            }
        }
        let mut transitive = HashMap::new();
        for entry in raw.transitive {
            let key = (
                entry.ecosystem,
                normalise(entry.ecosystem, entry.name.get_ref()),
            );
            if transitive.contains_key(&key) {
                problems.push(
                    Problem::error(
                        Rule::DuplicateId,
                        NATIVE_DEPS_FILE,
                        format!(
                            "transitive entry `{}` is listed twice",
                            entry.name.get_ref()
                        ),
                    )
                    .at(text, entry.name.span()),
                );
            }
            if by_name.contains_key(&key) {
                problems.push(
                    Problem::error(
                        Rule::DuplicateId,
                        NATIVE_DEPS_FILE,
                        format!(
                            "`{}` is native itself; list it in its ecosystem's table only",
                            entry.name.get_ref()
                        ),
                    )
                    .at(text, entry.name.span()),
                );
            }
            for brought in &entry.brings {
                if !by_name.contains_key(&(
                    entry.ecosystem,
                    normalise(entry.ecosystem, brought.get_ref()),
                )) {
                    problems.push(
                        Problem::error(
                            Rule::UnknownReference,
                            NATIVE_DEPS_FILE,
                            format!(
                                "`{}` brings `{}`, which is not in the {:?} table",
                                entry.name.get_ref(),
                                brought.get_ref(),
                                entry.ecosystem
                            ),
                        )
                        .at(text, brought.span()),
                    );
                }
            }
            if entry.brings.is_empty() {
                problems.push(
                    Problem::error(
                        Rule::UnknownReference,
                        NATIVE_DEPS_FILE,
                        format!("transitive entry `{}` brings nothing", entry.name.get_ref()),
                    )
                    .at(text, entry.name.span()),
                );
            }
            let value = Transitive {
                name: entry.name.get_ref().clone(),
                brings: entry.brings.iter().map(|b| b.get_ref().clone()).collect(),
                reason: entry.reason,
            };
            transitive.insert(key, value);
        }
        let mut prebuilt = Vec::new();
        for entry in raw.node_prebuilt {
            let pattern = entry.pattern.get_ref().trim().to_ascii_lowercase();
            if let Some(why) = pattern_problem(&pattern) {
                problems.push(
                    Problem::error(
                        Rule::BadPattern,
                        NATIVE_DEPS_FILE,
                        format!("pattern `{}` {why}", entry.pattern.get_ref()),
                    )
                    .at(text, entry.pattern.span()),
                );
            }
            prebuilt.push(PrebuiltPattern {
                pattern,
                reason: entry.reason,
                libc: entry.libc,
            });
        }
        NativeRules {
            go_source_markers: raw.go_source_markers,
            by_name,
            transitive,
            prebuilt,
        }
    }

    /// The rule for a package name as written in a manifest, if the package is native.
    pub fn lookup(&self, ecosystem: Ecosystem, name: &str) -> Option<&NativeRule> {
        self.by_name.get(&(ecosystem, normalise(ecosystem, name)))
    }

    /// The native packages a package brings with it, if the table knows of any.
    pub fn transitive(&self, ecosystem: Ecosystem, name: &str) -> Option<&Transitive> {
        self.transitive
            .get(&(ecosystem, normalise(ecosystem, name)))
    }

    /// The prebuilt-binary pattern a Node package name matches, if any.
    pub fn prebuilt(&self, name: &str) -> Option<&PrebuiltPattern> {
        self.prebuilt.iter().find(|p| p.matches(name))
    }

    /// The rule for a Go module path, also matching its subpackages and major-version suffixes.
    pub fn lookup_go_module(&self, path: &str) -> Option<&NativeRule> {
        let mut candidate = path;
        loop {
            if let Some(rule) = self.lookup(Ecosystem::Go, candidate) {
                return Some(rule);
            }
            candidate = candidate.rsplit_once('/')?.0;
        }
    }

    /// Whether a trimmed line of Go source marks cgo.
    pub fn is_go_source_marker(&self, line: &str) -> bool {
        self.go_source_markers.iter().any(|m| m == line)
    }

    /// Number of entries for an ecosystem.
    pub fn count(&self, ecosystem: Ecosystem) -> usize {
        self.by_name.keys().filter(|(e, _)| *e == ecosystem).count()
    }
}

/// Why a prebuilt pattern is unusable: it needs one `*`, at its start or its end, and a fixed part.
fn pattern_problem(pattern: &str) -> Option<&'static str> {
    let stars = pattern.matches('*').count();
    if stars != 1 {
        return Some("needs exactly one `*`, at its start or its end");
    }
    let fixed = pattern.trim_matches('*');
    if !(pattern.starts_with('*') || pattern.ends_with('*')) {
        return Some("has its `*` in the middle; only `prefix*` and `*suffix` are supported");
    }
    if fixed.len() < 2 {
        return Some("matches almost every package");
    }
    None
}

/// Normalises a package name for comparison: PEP 503 for Python, lowercase for the others.
pub fn normalise(ecosystem: Ecosystem, name: &str) -> String {
    match ecosystem {
        Ecosystem::Python => pep503(name),
        _ => name.trim().to_ascii_lowercase(),
    }
}

/// PEP 503 normal form: lowercase, with every run of `-`, `_` and `.` replaced by one `-`.
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_run = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.push(c.to_ascii_lowercase());
            in_run = false;
        }
    }
    out
}

#[cfg(test)]
mod tests;
