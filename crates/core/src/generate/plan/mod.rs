//! The planning step: everything a Dockerfile needs — images and versions for every stage, names,
//! package manager, start command, files to copy, port, digests — decided and validated in one place
//! from the advice, the project's detected facts and the user's `--set` values. The rule "an explicit
//! `--set` beats what detection found, which beats the default" lives here and nowhere else.
//! Rendering a plan cannot fail on a parameter.

use std::collections::BTreeMap;

use serde::Serialize;

use super::facts::ProjectFacts;
use super::stage::StagePlan;
use crate::advisor::{Outcome, TrailStep};
use crate::knowledge::{BytesError, Date, Knowledge, ParamError, ParamKey, Params, Shell};

mod app;
mod assets;
mod elsewhere;
mod entry;
mod requirement;
mod tools;
mod version;

pub use version::{offered_version, versioned};

/// Where a decided value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from", content = "evidence")]
pub enum Source {
    /// `--set` (or the TUI's parameter form).
    Set,
    /// Found in the project; the evidence names the file.
    Detected(String),
    /// The tree's or the catalog's default.
    Default,
}

/// One decision of the plan, for reports: what, which value, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub key: &'static str,
    pub value: String,
    #[serde(flatten)]
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeafPlan {
    pub id: String,
    pub title: String,
    pub runtime: String,
    pub why: String,
}

/// The application: what it is called, what the build produces and how it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppPlan {
    /// Image name for `docker build -t` (lowercase).
    pub name: String,
    /// The binary, assembly or jar the build produces, when known.
    pub artifact: Option<String>,
    /// What to build when it is not the project root (`./cmd/server`, `src/Api/Api.csproj`).
    pub target: Option<String>,
    pub port: u16,
    /// The start command, fitted to the runtime and the final image; `None` when nothing says how the
    /// application starts (the Dockerfile then says so).
    pub start: Option<Vec<String>>,
}

/// The runtime version the Dockerfile uses, and whether it is still supported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionPlan {
    pub value: String,
    /// End of support of this version line, when known (from the lifecycle table, else the catalog).
    pub ends: Option<Date>,
    /// The line to move to once this one has ended, when the lifecycle table names one.
    pub successor: Option<String>,
    /// True when `ends` is before today.
    pub ended: bool,
}

/// A front-end build: the command, where it writes, and the Node.js image its stage runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetsPlan {
    pub manager: String,
    pub command: Vec<String>,
    pub output: Option<String>,
    pub image: StagePlan,
}

/// Everything a template gets: the fields are the template's variables (see
/// `knowledge::templates::CONTEXT_VARIABLES`, kept in step by a test).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub leaf: LeafPlan,
    pub trail: Vec<TrailStep>,
    /// The trail as answer key → choice id, for templates that vary by an answer.
    pub answers: BTreeMap<String, String>,
    pub image: StagePlan,
    pub builder: Option<StagePlan>,
    pub app: AppPlan,
    /// Package manager or build tool (`pip`, `uv`, `poetry`, `npm`, `maven`, `cargo`, `dotnet`…).
    pub manager: String,
    /// Files present in the project (empty when no project was scanned).
    pub files: Vec<String>,
    pub version: Option<VersionPlan>,
    /// A pinned toolchain the build must honour (`rust-toolchain.toml`).
    pub toolchain: Option<String>,
    /// PHP extensions to build in.
    pub extensions: Vec<String>,
    /// A front-end build in a stage of its own, when the project has one.
    pub assets: Option<AssetsPlan>,
    /// Things the user must know, written into the Dockerfile's header and shown by CLI and TUI.
    pub notes: Vec<String>,
    /// Whether the plan is for a scanned project (rather than a leaf's defaults).
    pub project: bool,
    /// The parameters in their `--set` form, for templates written against them.
    pub params: BTreeMap<&'static str, String>,
    /// Each decision and its source.
    #[serde(skip)]
    pub decisions: Vec<Decision>,
}

/// Why no plan could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("the built-in data cannot be read back: {0}")]
    Data(#[from] BytesError),
    #[error("the project builds several {what}: {}; choose one with --set app_name=NAME", candidates.join(", "))]
    SeveralCandidates {
        what: &'static str,
        candidates: Vec<String>,
    },
    #[error(
        "{what} `{value}` ({evidence}) cannot be written into a Dockerfile safely; name it with --set app_name=NAME"
    )]
    UnsafeName {
        what: &'static str,
        value: String,
        evidence: String,
    },
}

/// What the plan is made from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a, 'k> {
    pub knowledge: &'k Knowledge,
    pub outcome: &'a Outcome<'k>,
    pub facts: Option<&'a ProjectFacts>,
    /// `--set KEY=VALUE` pairs, in order; a later value for the same key wins.
    pub overrides: &'a [(String, String)],
    /// The day support is judged on.
    pub today: Date,
}

/// The decisions and notes gathered while planning.
#[derive(Debug, Default)]
struct Record {
    decisions: Vec<Decision>,
    notes: Vec<String>,
}

impl Record {
    fn decide(&mut self, key: &'static str, value: &str, source: Source) {
        self.decisions.push(Decision {
            key,
            value: value.to_owned(),
            source,
        });
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }
}

/// Makes the plan.
pub fn plan(input: PlanInput<'_, '_>) -> Result<Plan, PlanError> {
    let PlanInput {
        knowledge,
        outcome,
        facts,
        overrides,
        today,
    } = input;
    let leaf = outcome.leaf;
    let runtime = leaf.runtime.as_str();
    let answers: BTreeMap<String, String> = outcome
        .trail
        .iter()
        .map(|s| (s.question.clone(), s.answer.clone()))
        .collect();
    let mut set = Params::default();
    for (k, v) in overrides {
        set.set(k, v)?;
    }
    let defaults = knowledge.tree.param_defaults(runtime);
    let mut record = Record::default();

    let port = port(&set, defaults.get(&ParamKey::Port), &mut record)?;
    let version = version::decide(
        knowledge,
        outcome,
        set.get(ParamKey::Version),
        facts.and_then(|f| f.version.as_ref()),
        facts.and_then(|f| f.version_spec.as_deref()),
        today,
        &mut record,
    )?;
    let version_value = version.as_ref().map(|v| v.value.as_str());
    let manager = tools::manager(runtime, &answers, facts, &mut record);
    let builder_image = tools::builder(knowledge, outcome, &manager, facts);
    let chosen = app::artifact(runtime, &set, facts, &mut record)?;
    let name = chosen
        .as_ref()
        .map(|c| app::image_name(&c.artifact))
        .or_else(|| defaults.get(&ParamKey::AppName).cloned())
        .unwrap_or_else(|| "app".to_owned());

    let digest = set.get(ParamKey::Digest).filter(|d| !d.is_empty());
    let builder_digest = set.get(ParamKey::BuilderDigest).filter(|d| !d.is_empty());
    let image = StagePlan::new(
        outcome.image,
        version_value.filter(|_| outcome.image.runtime_version.is_some()),
        digest,
    )?;
    let builder = builder_image
        .map(|b| {
            // The build stage follows the version only when it is an image of the same runtime.
            let shares = b.runtimes.iter().any(|r| r == runtime) && b.runtime_version.is_some();
            StagePlan::new(b, version_value.filter(|_| shares), builder_digest)
        })
        .transpose()?;

    let start = app::start(
        runtime,
        &set,
        defaults.get(&ParamKey::Start),
        facts,
        port,
        outcome.image.shell == Shell::None,
        &mut record,
    );
    let extensions: Vec<String> = match set.get(ParamKey::PhpExtensions) {
        Some(list) => list
            .split(',')
            .filter(|e| !e.is_empty())
            .map(str::to_owned)
            .collect(),
        None => facts.map(|f| f.extensions.clone()).unwrap_or_default(),
    };

    let mut params: BTreeMap<&'static str, String> = BTreeMap::new();
    params.insert(ParamKey::AppName.as_str(), name.clone());
    params.insert(ParamKey::Port.as_str(), port.to_string());
    params.insert(
        ParamKey::Start.as_str(),
        start.as_ref().map(|s| s.join(" ")).unwrap_or_default(),
    );
    params.insert(
        ParamKey::Version.as_str(),
        version_value.unwrap_or_default().to_owned(),
    );
    params.insert(
        ParamKey::Digest.as_str(),
        digest.unwrap_or_default().to_owned(),
    );
    params.insert(
        ParamKey::BuilderDigest.as_str(),
        builder_digest.unwrap_or_default().to_owned(),
    );
    params.insert(ParamKey::PhpExtensions.as_str(), extensions.join(","));

    Ok(Plan {
        leaf: LeafPlan {
            id: leaf.id.to_string(),
            title: leaf.title.to_string(),
            runtime: runtime.to_owned(),
            why: leaf.why.to_string(),
        },
        trail: outcome.trail.clone(),
        answers,
        image,
        builder,
        app: AppPlan {
            name,
            artifact: chosen.as_ref().map(|c| c.artifact.clone()),
            target: chosen.and_then(|c| c.target),
            port,
            start,
        },
        manager,
        files: facts.map(|f| f.files.clone()).unwrap_or_default(),
        version,
        toolchain: facts
            .and_then(|f| f.toolchain.as_ref())
            .map(|t| t.value.clone()),
        extensions,
        assets: assets::plan(knowledge, outcome, facts, today)?,
        notes: record.notes,
        project: facts.is_some(),
        params,
        decisions: record.decisions,
    })
}

/// `--set port`, else the runtime's default.
fn port(set: &Params, default: Option<&String>, record: &mut Record) -> Result<u16, PlanError> {
    let (text, source) = match set.get(ParamKey::Port) {
        Some(p) => (p.to_owned(), Source::Set),
        None => (
            default.cloned().unwrap_or_else(|| "8080".to_owned()),
            Source::Default,
        ),
    };
    let port: u16 = text.parse().map_err(|_| ParamError::Invalid {
        key: ParamKey::Port,
        value: text.clone(),
        rule: ParamKey::Port.rule(),
    })?;
    record.decide("port", &port.to_string(), source);
    Ok(port)
}
