//! What the planning step knows about the user's project: the facts detection found, each with the
//! evidence it rests on. Detection produces them; the plan only reads them.

use serde::Serialize;

/// A value and where it was found (`Cargo.toml [package] name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact<T> {
    pub value: T,
    pub evidence: String,
}

impl<T> Fact<T> {
    pub fn new(value: T, evidence: impl Into<String>) -> Self {
        Fact {
            value,
            evidence: evidence.into(),
        }
    }
}

/// One thing the project could build: its artifact's name and what to build for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// Binary, assembly or jar name.
    pub artifact: String,
    /// What to build: a Go package path, a .NET project file, a Cargo package, a CMake target.
    pub target: Option<String>,
    pub evidence: String,
}

/// A front-end build next to the backend: run in its own stage, its output copied into the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetBuild {
    /// `npm`, `yarn`, `pnpm` or `bun`.
    pub manager: String,
    /// The build command as exec-form words (`npm run build`).
    pub command: Vec<String>,
    /// The directory the build writes, relative to the app's directory (`public/build`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// Everything detection found about the application a Dockerfile is written for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProjectFacts {
    /// The runtime detected (`python`, `go`…).
    pub runtime: Option<String>,
    /// The runtime version the project declares (`3.12`, `net8.0` → `8.0`).
    pub version: Option<Fact<String>>,
    /// The requirement the version comes from when it is a range (`>=3.11`, `^3.9`, a go directive's
    /// `>=1.25`): then any offered version it accepts will do, not only the one it names.
    pub version_spec: Option<String>,
    /// Package manager or build tool (`uv`, `poetry`, `pnpm`, `maven`, `cargo`…).
    pub package_manager: Option<Fact<String>>,
    /// Manifests, lockfiles, wrappers and toolchain files present, relative to the project.
    pub files: Vec<String>,
    /// What the build produces, when there is one obvious answer.
    pub artifact: Option<Candidate>,
    /// Every candidate when there are several (a Go module with two `cmd/*`, two .NET apps).
    pub candidates: Vec<Candidate>,
    /// The start command as exec-form words; `{port}` stands for the port.
    pub start: Option<Fact<Vec<String>>>,
    /// Why no start command was taken (a dev server in `scripts.start`, say).
    pub start_note: Option<String>,
    /// A pinned toolchain (`rust-toolchain.toml` channel).
    pub toolchain: Option<Fact<String>>,
    /// PHP extensions the project requires (`ext-intl` → `intl`).
    pub extensions: Vec<String>,
    pub assets: Option<Fact<AssetBuild>>,
}

impl ProjectFacts {
    pub fn has_file(&self, name: &str) -> bool {
        self.files.iter().any(|f| f == name)
    }
}
