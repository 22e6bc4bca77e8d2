//! What detection reports: apps, the runtimes in each, and the evidence behind every fact.

use serde::Serialize;

/// Where a detected fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Path relative to the scanned directory, with `/` separators.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The key, package or directive the fact was read from. For an artifact candidate, what to build
    /// to get it (see [`DetectedRuntime::target_of`]).
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

impl<T> Evidenced<T> {
    pub fn new(value: T, evidence: Evidence) -> Self {
        Evidenced { value, evidence }
    }
}

/// A dependency or piece of code that brings native code into the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NativeFinding {
    pub evidence: Evidence,
    /// Known to be hard to use on musl (Alpine): no musl builds, or it loads glibc-built libraries.
    pub needs_glibc: bool,
    /// Compiled while the image is built (a compiler and headers are needed in the build stage).
    pub builds_from_source: bool,
    /// Published as a musl build too, so an Alpine image can use it without compiling.
    pub musl_builds: bool,
}

impl NativeFinding {
    /// A finding with nothing known beyond the evidence.
    pub fn plain(evidence: Evidence) -> Self {
        NativeFinding {
            evidence,
            needs_glibc: false,
            builds_from_source: false,
            musl_builds: false,
        }
    }

    /// A finding for a package that brings the native packages `brought` with it: it needs glibc or
    /// builds from source when any of them does, and has musl builds only when all of them have.
    pub fn brought(evidence: Evidence, brought: &[&crate::knowledge::NativeRule]) -> Self {
        NativeFinding {
            evidence,
            needs_glibc: brought.iter().any(|r| r.glibc),
            builds_from_source: brought.iter().any(|r| r.source),
            musl_builds: !brought.is_empty() && brought.iter().all(|r| r.musl),
        }
    }
}

pub use crate::generate::AssetBuild;

/// One runtime found in an app.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DetectedRuntime {
    /// A runtime id of [`crate::runtime::RUNTIMES`].
    pub runtime: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Evidenced<String>>,
    /// pip, uv, poetry, pipenv, pdm, npm, yarn, pnpm, bun, bundler, composer, maven, gradle, cargo,
    /// go, nuget, cmake, make (or conan, vcpkg).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package_manager: Option<Evidenced<String>>,
    /// Manifests, lockfiles, wrappers and toolchain files present in the app's directory, relative to it.
    pub files: Vec<String>,
    /// The name of what the build produces (binary, assembly, jar base name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artifact: Option<Evidenced<String>>,
    /// Every candidate when there are several (then `artifact` is `None`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub artifact_candidates: Vec<Evidenced<String>>,
    /// What to build when it is not the app's directory itself: a Go package path, a .NET project file,
    /// a Cargo package of a workspace, a CMake target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_target: Option<Evidenced<String>>,
    /// The start command as exec-form words; `{port}` stands for the port the app listens on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Evidenced<Vec<String>>>,
    /// A front-end build that belongs to this app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<Evidenced<AssetBuild>>,
    /// The toolchain a toolchain file pins (`rust-toolchain.toml` channel).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toolchain: Option<Evidenced<String>>,
    /// Extensions the app requires from its runtime (PHP `ext-*`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extensions: Vec<String>,
    /// Dependencies or code that need native code: C extensions, cgo, native addons, C libraries.
    pub native: Vec<NativeFinding>,
    /// Whether a native finding is known to be hard to use on musl (Alpine) images.
    pub needs_glibc: bool,
    /// The files that show the runtime is used, closest to the app's directory first.
    pub evidence: Vec<Evidence>,
}

impl DetectedRuntime {
    /// What to build to get an artifact candidate (a Go package path, a .NET project, a Cargo
    /// package), when it is not the app's directory.
    pub fn target_of(&self, candidate: &str) -> Option<&str> {
        self.artifact_candidates
            .iter()
            .chain(self.artifact.iter())
            .find(|c| c.value == candidate)
            .and_then(|c| c.evidence.key.as_deref())
    }
}

/// An app: a directory with its main runtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectedApp {
    /// Directory relative to the scanned root, with `/` separators; `""` for the root itself.
    pub dir: String,
    pub runtime: DetectedRuntime,
    /// Other runtimes seen in the same directory (front-end tooling, helper scripts).
    pub others: Vec<String>,
}

impl DetectedApp {
    /// The directory as shown to people: `.` for the root.
    pub fn shown_dir(&self) -> &str {
        if self.dir.is_empty() { "." } else { &self.dir }
    }
}

/// Everything a scan found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// The apps found: the one in the scanned directory first, then the others by directory.
    pub apps: Vec<DetectedApp>,
    /// The primary app's runtimes, main one first (kept for compatibility).
    pub runtimes: Vec<DetectedRuntime>,
    /// Files and directories skipped or only partly read, and other things worth knowing.
    pub notes: Vec<String>,
}

impl Detection {
    /// The app a recommendation is for: the one in the scanned directory, else the only one. `None`
    /// when nothing was found or when several apps sit in subdirectories.
    pub fn primary_app(&self) -> Option<&DetectedApp> {
        match self.apps.as_slice() {
            [only] => Some(only),
            [first, ..] if first.dir.is_empty() => Some(first),
            _ => None,
        }
    }

    /// Whether the directory holds several apps and none at its own level, so one must be chosen.
    pub fn needs_choice(&self) -> bool {
        self.apps.len() > 1 && self.primary_app().is_none()
    }

    /// The primary app's main runtime.
    pub fn primary(&self) -> Option<&DetectedRuntime> {
        self.runtimes.first()
    }

    /// A runtime of the primary app.
    pub fn runtime(&self, id: &str) -> Option<&DetectedRuntime> {
        self.runtimes.iter().find(|r| r.runtime == id)
    }
}
