//! Project detection: read a project directory and infer the answers it implies (runtime, version,
//! package manager, native dependencies), each with the evidence it rests on.
//!
//! [`scan`] walks the directory within [`Limits`], hands every file it recognises to the reader for its
//! ecosystem, and gathers what they find per runtime. Problems with single files (unreadable, too big,
//! binary, malformed) become notes; only an unusable root directory is an error.

mod answers;
mod facts;
mod go;
mod jvm_dotnet;
mod node;
mod others;
mod python;
mod requirements;
mod rust;
mod scan;
mod text;
mod walk;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::knowledge::native::{Ecosystem, NativeRule, NativeRules, normalise, pep503};
pub use answers::{ProjectAnswers, answers, evidence_for};
pub use facts::{facts_of, project_facts};
pub use requirements::{Requirement, Requirements, parse_requirements, requirement_name};
pub use walk::Limits;

use scan::Scan;
pub(crate) use scan::{Rank, parse_json, parse_toml, toml_str, toml_table};

/// Where a detected fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Path relative to the scanned directory, with `/` separators.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The key, package or directive the fact was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// What was found, in words.
    pub detail: String,
}

impl Evidence {
    pub fn new(file: impl Into<String>, detail: impl Into<String>) -> Self {
        Evidence {
            file: file.into(),
            line: None,
            key: None,
            detail: detail.into(),
        }
    }

    #[must_use]
    pub fn at(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, " [{key}]")?;
        }
        write!(f, ": {}", self.detail)
    }
}

/// A value together with the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidenced<T> {
    pub value: T,
    pub evidence: Evidence,
}

/// One runtime found in the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectedRuntime {
    /// A runtime id of [`crate::runtime::RUNTIMES`].
    pub runtime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Evidenced<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_manager: Option<Evidenced<String>>,
    /// Dependencies or code that need native code: C extensions, cgo, native addons, C libraries.
    pub native: Vec<Evidence>,
    /// Whether a native dependency is known to be hard to use on musl (Alpine) images.
    pub needs_glibc: bool,
    /// The files that show the runtime is used, closest to the root first.
    pub evidence: Vec<Evidence>,
}

/// Everything a scan found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// Runtimes, best evidenced first: the one whose manifest sits closest to the root leads, then the
    /// one with more evidence.
    pub runtimes: Vec<DetectedRuntime>,
    /// Files and directories skipped or only partly read, and why.
    pub notes: Vec<String>,
}

impl Detection {
    /// The runtime with the strongest evidence.
    pub fn primary(&self) -> Option<&DetectedRuntime> {
        self.runtimes.first()
    }

    pub fn runtime(&self, id: &str) -> Option<&DetectedRuntime> {
        self.runtimes.iter().find(|r| r.runtime == id)
    }
}

/// Why a directory could not be scanned at all.
#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{} does not exist", path.display())]
    NotFound { path: PathBuf },
    #[error("{} is not a directory; detect scans a project directory", path.display())]
    NotADir { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Scans a project directory within the default [`Limits`].
pub fn scan(dir: &Path, rules: &NativeRules) -> Result<Detection, DetectError> {
    scan_with(dir, rules, &Limits::default())
}

/// Scans a project directory within the given limits.
pub fn scan_with(
    dir: &Path,
    rules: &NativeRules,
    limits: &Limits,
) -> Result<Detection, DetectError> {
    let mut notes = Vec::new();
    let files = walk::walk(dir, limits, &mut notes)?;
    let mut scan = Scan::new(rules, *limits, dir, notes);
    for file in &files {
        let handled = python::visit(file, &mut scan)
            || node::visit(file, &mut scan)
            || go::visit(file, &mut scan)
            || rust::visit(file, &mut scan)
            || jvm_dotnet::visit(file, &mut scan)
            || others::visit(file, &mut scan);
        if !handled {
            others::count_source(file, &mut scan);
        }
    }
    Ok(scan.finish())
}

#[cfg(test)]
mod tests;
