//! The package manager or build tool, and the image the build stage runs on.

use std::collections::BTreeMap;

use super::{Record, Source};
use crate::advisor::Outcome;
use crate::generate::facts::ProjectFacts;
use crate::knowledge::{Image, Knowledge};

/// Default package manager or build tool of a runtime when the project does not say.
fn default_manager(runtime: &str, answers: &BTreeMap<String, String>) -> &'static str {
    let answer = |key: &str| answers.get(key).map(String::as_str);
    match runtime {
        "python" => "pip",
        "node" => match answer("package_manager") {
            Some("yarn") => "yarn",
            Some("pnpm") => "pnpm",
            _ => "npm",
        },
        "java" => match answer("build_tool") {
            Some("gradle") => "gradle",
            _ => "maven",
        },
        "ruby" => "bundler",
        "php" => "composer",
        "go" => "go",
        "rust" => "cargo",
        "cpp" => "cmake",
        "dotnet" => "dotnet",
        _ => "none",
    }
}

/// Package managers a runtime's templates know.
fn known_managers(runtime: &str) -> &'static [&'static str] {
    match runtime {
        "python" => &["pip", "uv", "poetry", "pipenv", "pdm"],
        "node" => &["npm", "yarn", "pnpm"],
        "java" => &["maven", "gradle"],
        "cpp" => &["cmake", "make"],
        _ => &[],
    }
}

/// The project's package manager when the templates know it, else the runtime's default. For
/// Node.js and Java the tree asks, and the answer wins (detection feeds that answer already).
pub(super) fn manager(
    runtime: &str,
    answers: &BTreeMap<String, String>,
    facts: Option<&ProjectFacts>,
    record: &mut Record,
) -> String {
    let default = default_manager(runtime, answers);
    match facts.and_then(|f| f.package_manager.as_ref()) {
        Some(found)
            if known_managers(runtime).contains(&found.value.as_str())
                && (runtime != "node" && runtime != "java" || found.value == default) =>
        {
            record.decide(
                "manager",
                &found.value,
                Source::Detected(found.evidence.clone()),
            );
            found.value.clone()
        }
        _ => {
            record.decide("manager", default, Source::Default);
            default.to_owned()
        }
    }
}

/// The build stage's image: a build tool without its wrapper script in the project gets the tool's
/// own image (Maven, Gradle), else the leaf's builder.
pub(super) fn builder<'k>(
    knowledge: &'k Knowledge,
    outcome: &Outcome<'k>,
    manager: &str,
    facts: Option<&ProjectFacts>,
) -> Option<&'k Image> {
    let wrapper = match manager {
        "maven" => "mvnw",
        "gradle" => "gradlew",
        _ => return outcome.builder,
    };
    match (facts, outcome.leaf.tool_builders.get(manager)) {
        (Some(f), Some(&tool)) if !f.has_file(wrapper) => Some(knowledge.image(tool)),
        _ => outcome.builder,
    }
}
