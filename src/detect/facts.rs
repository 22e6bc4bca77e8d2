//! From a detection to the facts the planning step reads: the primary app's runtime, version,
//! package manager, files, names, start command and front-end build, each with its evidence.

use super::{DetectedRuntime, Detection, Evidence, Evidenced};
use crate::generate::{Candidate, Fact, ProjectFacts};

/// The facts of the detection's primary app; `None` when nothing was detected.
pub fn project_facts(detection: &Detection) -> Option<ProjectFacts> {
    detection.primary().map(|runtime| {
        let mut facts = facts_of(runtime);
        // Why no start command was taken (a dev server in scripts.start, say), when detection says.
        if facts.start.is_none() {
            facts.start_note = detection
                .notes
                .iter()
                .filter(|n| concerns_primary(detection, n))
                .find_map(|n| {
                    n.split_once("; pass --set start=")
                        .map(|(why, _)| why.to_owned())
                });
        }
        facts
    })
}

/// Whether a note, which starts with the path it is about, concerns the primary app: the path lies in
/// its directory and not in another app's below it (a front end's start script says nothing about
/// the API at the top level).
fn concerns_primary(detection: &Detection, note: &str) -> bool {
    let Some(primary) = detection.primary_app() else {
        return true;
    };
    let path = note.split(':').next().unwrap_or_default();
    let within = |dir: &str| dir.is_empty() || path.starts_with(&format!("{dir}/"));
    within(&primary.dir)
        && !detection
            .apps
            .iter()
            .any(|app| app.dir.len() > primary.dir.len() && within(&app.dir))
}

fn fact<T: Clone>(found: &Evidenced<T>) -> Fact<T> {
    Fact::new(found.value.clone(), found.evidence.to_string())
}

/// A candidate artifact with what to build for it.
fn candidate(runtime: &DetectedRuntime, found: &Evidenced<String>) -> Candidate {
    Candidate {
        artifact: found.value.clone(),
        target: runtime
            .target_of(&found.value)
            .or_else(|| runtime.build_target.as_ref().map(|t| t.value.as_str()))
            .map(str::to_owned),
        evidence: found.evidence.to_string(),
    }
}

/// The facts one detected runtime gives.
pub fn facts_of(runtime: &DetectedRuntime) -> ProjectFacts {
    ProjectFacts {
        runtime: Some(runtime.runtime.clone()),
        version: runtime.version.as_ref().map(fact),
        version_spec: runtime
            .version
            .as_ref()
            .and_then(|v| version_spec(&v.evidence, &v.value)),
        package_manager: runtime.package_manager.as_ref().map(fact),
        files: runtime.files.clone(),
        artifact: runtime.artifact.as_ref().map(|a| candidate(runtime, a)),
        candidates: runtime
            .artifact_candidates
            .iter()
            .map(|a| candidate(runtime, a))
            .collect(),
        start: runtime.start.as_ref().map(fact),
        start_note: None,
        toolchain: runtime.toolchain.as_ref().map(fact),
        extensions: runtime.extensions.clone(),
        assets: runtime.assets.as_ref().map(fact),
    }
}

/// The range a version was read from, when it is one: a go directive and a Rust `rust-version` are
/// minimums; a quoted constraint with an operator (`requires-python = ">=3.11"`, `engines.node =
/// "^18"`) is taken as written. A pinned version (`.python-version`, `.nvmrc`) is no range.
fn version_spec(evidence: &Evidence, value: &str) -> Option<String> {
    if matches!(
        evidence.key.as_deref(),
        Some("go" | "package.rust-version" | "workspace.package.rust-version")
    ) {
        return Some(format!(">={value}"));
    }
    let (_, rest) = evidence.detail.split_once('"')?;
    let (spec, _) = rest.split_once('"')?;
    spec.contains(['>', '<', '^', '~', '*', '|', ','])
        .then(|| spec.trim().to_owned())
}
