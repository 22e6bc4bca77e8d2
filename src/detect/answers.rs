//! From a detected runtime to the decision tree's answers (`--answer KEY=CHOICE`).

use super::{DetectedApp, DetectedRuntime, Detection};

/// What project detection contributes to a recommendation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectAnswers {
    /// `(key, choice)` answers implied by the main runtime.
    pub answers: Vec<(String, String)>,
    /// `(key, evidence)`: the file and line behind each answer.
    pub evidence: Vec<(String, String)>,
    /// Everything the Dockerfile's plan can use: version, package manager, files, names, start.
    pub facts: Option<crate::generate::ProjectFacts>,
}

impl ProjectAnswers {
    /// The answers, evidence and version of a detection's main runtime.
    pub fn of(detection: &Detection) -> Self {
        let Some(primary) = detection.primary() else {
            return ProjectAnswers::default();
        };
        Self::of_runtime(primary, super::project_facts(detection))
    }

    /// The answers, evidence and facts of one app of a directory holding several, as if that app's
    /// directory had been scanned (evidence keeps its path from the scanned root).
    pub fn of_app(app: &DetectedApp) -> Self {
        Self::of_runtime(&app.runtime, Some(super::facts_of(&app.runtime)))
    }

    fn of_runtime(runtime: &DetectedRuntime, facts: Option<crate::generate::ProjectFacts>) -> Self {
        let answers = answers(runtime);
        let evidence = answers
            .iter()
            .filter_map(|(key, _)| evidence_for(runtime, key).map(|e| (key.clone(), e)))
            .collect();
        ProjectAnswers {
            answers,
            evidence,
            facts,
        }
    }
}

/// The answers a detected runtime implies, as `(key, choice)` pairs in the tree's vocabulary:
///
/// - `runtime`: always;
/// - `linking` (go, rust, cpp): `libc` when cgo or a C library is used (always for C and C++), else
///   `static`;
/// - `c_extensions` (python): `yes` when any dependency is in the native table, else `no`;
/// - `package_manager` (node): `npm`, `yarn` or `pnpm`, when a lockfile or `packageManager` says so;
/// - `build_tool` (java): `maven` or `gradle`.
///
/// Questions that are a matter of taste (`debug_shell`, `shell_use`, `security`) get no answer.
pub fn answers(runtime: &DetectedRuntime) -> Vec<(String, String)> {
    let mut out = vec![("runtime".to_owned(), runtime.runtime.clone())];
    let mut add = |key: &str, value: &str| out.push((key.to_owned(), value.to_owned()));
    let manager = runtime.package_manager.as_ref().map(|m| m.value.as_str());
    match runtime.runtime.as_str() {
        "go" | "rust" => add(
            "linking",
            if runtime.native.is_empty() {
                "static"
            } else {
                "libc"
            },
        ),
        "cpp" => add("linking", "libc"),
        "python" => add(
            "c_extensions",
            if runtime.native.is_empty() {
                "no"
            } else {
                "yes"
            },
        ),
        "node" => {
            if let Some(pm @ ("npm" | "yarn" | "pnpm")) = manager {
                add("package_manager", pm);
            }
        }
        "java" => {
            if let Some(tool @ ("maven" | "gradle")) = manager {
                add("build_tool", tool);
            }
        }
        _ => {}
    }
    out
}

/// Why each detected answer was given: the evidence to show beside it, by answer key.
pub fn evidence_for(runtime: &DetectedRuntime, key: &str) -> Option<String> {
    match key {
        "runtime" => runtime.evidence.first().map(ToString::to_string),
        "package_manager" | "build_tool" => runtime
            .package_manager
            .as_ref()
            .map(|m| m.evidence.to_string()),
        "c_extensions" | "linking" if runtime.native.is_empty() => {
            Some("no native dependencies found in the manifests".to_owned())
        }
        "c_extensions" | "linking" => {
            let more = runtime.native.len() - 1;
            runtime
                .native
                .first()
                .map(|n| n.evidence.to_string())
                .map(|e| match more {
                    0 => e,
                    n => format!("{e} (and {n} more)"),
                })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Evidence, Evidenced};

    fn runtime(id: &str, manager: Option<&str>, native: bool) -> DetectedRuntime {
        DetectedRuntime {
            runtime: id.to_owned(),
            version: None,
            package_manager: manager.map(|m| Evidenced {
                value: m.to_owned(),
                evidence: Evidence::new("f", "d"),
            }),
            native: if native {
                vec![crate::detect::NativeFinding::plain(Evidence::new(
                    "f", "native",
                ))]
            } else {
                Vec::new()
            },
            evidence: vec![Evidence::new("f", "marker")],
            ..DetectedRuntime::default()
        }
    }

    fn pairs(r: &DetectedRuntime) -> Vec<String> {
        answers(r)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    #[test]
    fn maps_each_runtime_to_tree_answers() {
        assert_eq!(
            pairs(&runtime("go", None, false)),
            ["runtime=go", "linking=static"]
        );
        assert_eq!(
            pairs(&runtime("go", None, true)),
            ["runtime=go", "linking=libc"]
        );
        assert_eq!(
            pairs(&runtime("rust", Some("cargo"), true)),
            ["runtime=rust", "linking=libc"]
        );
        assert_eq!(
            pairs(&runtime("cpp", None, false)),
            ["runtime=cpp", "linking=libc"]
        );
        assert_eq!(
            pairs(&runtime("python", Some("pip"), true)),
            ["runtime=python", "c_extensions=yes"]
        );
        assert_eq!(
            pairs(&runtime("python", None, false)),
            ["runtime=python", "c_extensions=no"]
        );
        assert_eq!(
            pairs(&runtime("node", Some("pnpm"), false)),
            ["runtime=node", "package_manager=pnpm"]
        );
        assert_eq!(
            pairs(&runtime("node", Some("bun"), false)),
            ["runtime=node"]
        );
        assert_eq!(
            pairs(&runtime("java", Some("gradle"), false)),
            ["runtime=java", "build_tool=gradle"]
        );
        assert_eq!(pairs(&runtime("static", None, false)), ["runtime=static"]);
    }
}
