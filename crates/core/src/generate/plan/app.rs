//! The application: which artifact the build produces (and what to build for it), its image name,
//! and how it starts; with the checks that keep names from the project safe inside a Dockerfile.

use super::{PlanError, Record, Source};
use crate::generate::facts::{Candidate, ProjectFacts};
use crate::generate::start;
use crate::knowledge::{ParamKey, Params};

/// Runtimes whose image runs a program the build names.
fn builds_artifact(runtime: &str) -> bool {
    matches!(runtime, "go" | "rust" | "cpp" | "dotnet")
}

fn artifact_kind(runtime: &str) -> &'static str {
    match runtime {
        "dotnet" => "applications",
        _ => "programs",
    }
}

/// Runtimes where only the project can say how the application starts.
fn needs_start(runtime: &str) -> bool {
    matches!(runtime, "python" | "node" | "ruby")
}

/// `--set app_name` (matched against detection's candidates), else detection's one answer; several
/// candidates and no choice is an error that lists them.
pub(super) fn artifact(
    runtime: &str,
    set: &Params,
    facts: Option<&ProjectFacts>,
    record: &mut Record,
) -> Result<Option<Candidate>, PlanError> {
    let candidates: &[Candidate] = facts.map_or(&[], |f| f.candidates.as_slice());
    let chosen = match (
        set.get(ParamKey::AppName),
        facts.and_then(|f| f.artifact.clone()),
    ) {
        (Some(name), _) => {
            let picked = candidates
                .iter()
                .find(|c| c.artifact.eq_ignore_ascii_case(name))
                .cloned()
                .unwrap_or(Candidate {
                    artifact: name.to_owned(),
                    target: None,
                    evidence: String::new(),
                });
            record.decide("artifact", &picked.artifact, Source::Set);
            Some(picked)
        }
        (None, Some(found)) => {
            record.decide(
                "artifact",
                &found.artifact,
                Source::Detected(found.evidence.clone()),
            );
            Some(found)
        }
        (None, None) if candidates.len() > 1 && builds_artifact(runtime) => {
            return Err(PlanError::SeveralCandidates {
                what: artifact_kind(runtime),
                candidates: candidates.iter().map(|c| c.artifact.clone()).collect(),
            });
        }
        (None, None) => None,
    };
    if let Some(c) = &chosen {
        check_safe("artifact", &c.artifact, &c.evidence, false)?;
        if let Some(target) = &c.target {
            check_safe("build target", target, &c.evidence, true)?;
        }
    }
    Ok(chosen)
}

/// `--set start`, else the project's, else the tree's default; fitted to the final image.
pub(super) fn start(
    runtime: &str,
    set: &Params,
    default: Option<&String>,
    facts: Option<&ProjectFacts>,
    port: u16,
    shell_less: bool,
    record: &mut Record,
) -> Option<Vec<String>> {
    let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
    let found = match set.get(ParamKey::Start) {
        Some(s) => Some((words(s), Source::Set)),
        None => match facts.and_then(|f| f.start.as_ref()) {
            Some(found) => Some((
                found.value.clone(),
                Source::Detected(found.evidence.clone()),
            )),
            None => default.map(|s| (words(s), Source::Default)),
        },
    };
    let start = found.map(|(words, source)| {
        let (words, note) = start::normalise(runtime, &words, port, shell_less);
        if let Some(note) = note {
            record.note(note);
        }
        record.decide("start", &words.join(" "), source);
        words
    });
    if start.is_none() && needs_start(runtime) {
        let why = facts
            .and_then(|f| f.start_note.clone())
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        record.note(format!(
            "No start command was found{why}: render this file again with --set start=\"COMMAND ARGS\"."
        ));
    }
    start
}

/// Refuses names that could break out of a Dockerfile instruction: only letters, digits and `._+-`
/// (and `/` in paths, without `..`).
pub(super) fn check_safe(
    what: &'static str,
    value: &str,
    evidence: &str,
    path: bool,
) -> Result<(), PlanError> {
    let ok = !value.is_empty()
        && value.len() <= 200
        && !value.split('/').any(|part| part == "..")
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c) || (path && c == '/'));
    if ok {
        Ok(())
    } else {
        Err(PlanError::UnsafeName {
            what,
            value: value.to_owned(),
            evidence: evidence.to_owned(),
        })
    }
}

/// Refuses a script word that a shell would read as more than a word (script names such as
/// `build:prod` or `@scope/pkg` are fine).
pub(super) fn check_script_word(word: &str, evidence: &str) -> Result<(), PlanError> {
    let ok = !word.is_empty()
        && word.len() <= 200
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._+-:/@=".contains(c));
    if ok {
        Ok(())
    } else {
        Err(PlanError::UnsafeName {
            what: "build script",
            value: word.to_owned(),
            evidence: evidence.to_owned(),
        })
    }
}

/// An image name from an artifact name: lowercase, with anything Docker refuses replaced.
pub(super) fn image_name(artifact: &str) -> String {
    let name: String = artifact
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_owned();
    if name.is_empty() {
        "app".to_owned()
    } else {
        name
    }
}
