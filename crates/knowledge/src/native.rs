//! The table of native dependencies (`data/native_deps.toml`): which packages mean C extensions, cgo,
//! native addons or a C library, and which of them need glibc.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Problems;

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
}

/// The ecosystems the table covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Ecosystem {
    Python,
    Node,
    Go,
    Rust,
    Ruby,
}

/// The loaded table, indexed by normalised package name.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct NativeRules {
    go_source_markers: Vec<String>,
    by_name: HashMap<(Ecosystem, String), NativeRule>,
}

impl NativeRules {
    /// Parses the table; a syntax error becomes a located problem.
    pub fn parse(text: &str, problems: &mut Problems) -> Option<Self> {
        let raw: RulesFile = crate::raw::parse(NATIVE_DEPS_FILE, Some(text), true, problems)?;
        Some(Self::from_file(raw))
    }

    pub(crate) fn from_file(raw: RulesFile) -> Self {
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
        NativeRules {
            go_source_markers: raw.go_source_markers,
            by_name,
        }
    }

    /// The rule for a package name as written in a manifest, if the package is native.
    pub fn lookup(&self, ecosystem: Ecosystem, name: &str) -> Option<&NativeRule> {
        self.by_name.get(&(ecosystem, normalise(ecosystem, name)))
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
mod tests {
    use super::*;

    const EMBEDDED: &str = include_str!("../../../data/native_deps.toml");

    fn embedded() -> NativeRules {
        NativeRules::parse(EMBEDDED, &mut Problems::default()).unwrap()
    }

    #[test]
    fn embedded_table_parses_and_is_complete() {
        let rules = embedded();
        assert!(rules.count(Ecosystem::Python) >= 25);
        for name in [
            "numpy",
            "pandas",
            "scipy",
            "cryptography",
            "psycopg2",
            "lxml",
            "pillow",
            "grpcio",
            "orjson",
        ] {
            assert!(rules.lookup(Ecosystem::Python, name).is_some(), "{name}");
        }
        for name in [
            "node-gyp",
            "bindings",
            "prebuild",
            "prebuild-install",
            "node-addon-api",
            "nan",
            "bcrypt",
            "sharp",
            "better-sqlite3",
            "canvas",
        ] {
            assert!(rules.lookup(Ecosystem::Node, name).is_some(), "{name}");
        }
        assert!(rules.is_go_source_marker("import \"C\""));
        assert!(
            rules
                .lookup_go_module("github.com/mattn/go-sqlite3")
                .is_some()
        );
    }

    #[test]
    fn embedded_table_has_no_duplicates_or_empty_reasons() {
        let raw: RulesFile = toml::from_str(EMBEDDED).unwrap();
        for (ecosystem, rules) in [
            (Ecosystem::Python, &raw.python),
            (Ecosystem::Node, &raw.node),
            (Ecosystem::Go, &raw.go),
            (Ecosystem::Rust, &raw.rust),
            (Ecosystem::Ruby, &raw.ruby),
        ] {
            let mut seen = std::collections::HashSet::new();
            for rule in rules {
                assert!(
                    seen.insert(normalise(ecosystem, &rule.name)),
                    "{} twice",
                    rule.name
                );
                assert!(
                    !rule.reason.trim().is_empty(),
                    "{} has no reason",
                    rule.name
                );
            }
        }
    }

    #[test]
    fn python_names_compare_in_pep503_form() {
        let rules = embedded();
        for name in [
            "NumPy",
            "psycopg2_binary",
            "Psycopg2.Binary",
            "scikit_learn",
        ] {
            assert!(rules.lookup(Ecosystem::Python, name).is_some(), "{name}");
        }
        assert_eq!(pep503("Foo__Bar.-baz"), "foo-bar-baz");
    }

    #[test]
    fn go_modules_match_subpackages() {
        let rules = embedded();
        assert!(
            rules
                .lookup_go_module("github.com/confluentinc/confluent-kafka-go/v2/kafka")
                .is_some()
        );
        assert!(rules.lookup_go_module("github.com/spf13/cobra").is_none());
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_location() {
        let mut problems = Problems::default();
        let parsed = NativeRules::parse(
            "[[python]]\nname = \"x\"\nreason = \"y\"\nwhy = \"z\"\n",
            &mut problems,
        );
        assert!(parsed.is_none());
        let text = problems.to_string();
        assert!(text.starts_with("error: native_deps.toml:4:"), "{text}");
        assert!(text.contains("unknown field"), "{text}");
    }
}
