//! From a detection to the facts the planning step reads: the primary application's runtime,
//! version, package manager, files, names and start command, each with its evidence.

use super::{DetectedRuntime, Detection};
use crate::generate::{Fact, ProjectFacts};

/// The facts of the detection's primary runtime; `None` when nothing was detected.
pub fn project_facts(detection: &Detection) -> Option<ProjectFacts> {
    detection.primary().map(facts_of)
}

/// The facts one detected runtime gives.
pub fn facts_of(runtime: &DetectedRuntime) -> ProjectFacts {
    let fact = |e: &super::Evidenced<String>| Fact::new(e.value.clone(), e.evidence.to_string());
    let mut files: Vec<String> = runtime
        .evidence
        .iter()
        .map(|e| e.file.clone())
        .filter(|f| !f.contains('/'))
        .collect();
    if let Some(m) = &runtime.package_manager
        && !m.evidence.file.contains('/')
    {
        files.push(m.evidence.file.clone());
    }
    files.sort();
    files.dedup();
    ProjectFacts {
        runtime: Some(runtime.runtime.clone()),
        version: runtime.version.as_ref().map(fact),
        package_manager: runtime.package_manager.as_ref().map(fact),
        files,
        ..ProjectFacts::default()
    }
}
