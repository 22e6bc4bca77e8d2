//! Which runtime version the Dockerfile uses: `--set version`, which must be one the image offers,
//! else the project's own when offered, else the image's; and whether that version is still
//! supported on the day.

use super::{PlanError, Record, Source, VersionPlan, requirement};
use crate::advisor::Outcome;
use crate::generate::facts::Fact;
use crate::knowledge::version::is_within_line;
use crate::knowledge::{Date, Image, ParamError};

/// The image whose runtime version the `version` parameter speaks of: the final image when it carries
/// the runtime, else the build stage (a Go binary on distroless static takes its version from golang).
pub fn versioned<'k>(outcome: &Outcome<'k>) -> Option<&'k Image> {
    if outcome.image.runtime_version.is_some() {
        Some(outcome.image)
    } else {
        outcome.builder.filter(|b| b.runtime_version.is_some())
    }
}

/// The runtime version the outcome's images offer for a version found in the project: `3.11.9` and
/// `3.11` both give `3.11` where the image family publishes 3.11.
pub fn offered_version(outcome: &Outcome<'_>, found: &str) -> Option<String> {
    versioned(outcome)?
        .offered_versions()
        .into_iter()
        .filter(|v| is_within_line(found, v))
        .max_by_key(String::len)
}

/// Decides the version; notes a project version the images do not offer and a version out of support.
pub(super) fn decide(
    outcome: &Outcome<'_>,
    set: Option<&str>,
    detected: Option<&Fact<String>>,
    spec: Option<&str>,
    today: Date,
    record: &mut Record,
) -> Result<Option<VersionPlan>, PlanError> {
    let runtime = outcome.leaf.runtime.as_str();
    let Some(image) = versioned(outcome) else {
        return Ok(None);
    };
    let value = match (set, detected) {
        (Some(v), _) => {
            if !image.offered_versions().iter().any(|o| o == v) {
                return Err(ParamError::UnsupportedVersion {
                    value: v.to_owned(),
                    image: image.reference.to_string(),
                    choices: image.offered_versions(),
                }
                .into());
            }
            record.decide("version", v, Source::Set);
            Some(v.to_owned())
        }
        (None, Some(found)) if spec.is_some() => {
            let spec = spec.unwrap_or_default();
            let offered = image.offered_versions();
            let own = image.runtime_version.clone();
            // The image's own version when the range takes it, else the newest the range takes.
            let pick = own
                .clone()
                .filter(|v| requirement::accepts(spec, v))
                .or_else(|| {
                    offered
                        .iter()
                        .rev()
                        .find(|v| requirement::accepts(spec, v))
                        .cloned()
                });
            if let Some(v) = &pick {
                record.decide("version", v, Source::Detected(found.evidence.clone()));
                pick
            } else {
                record.note(format!(
                    "The project asks for {runtime} {spec} ({}), which no version {} offers takes ({}); this file uses {}.",
                    found.evidence,
                    image.name,
                    offered.join(", "),
                    own.as_deref().unwrap_or("its default")
                ));
                own
            }
        }
        (None, Some(found)) => match offered_version(outcome, &found.value) {
            Some(v) => {
                record.decide("version", &v, Source::Detected(found.evidence.clone()));
                Some(v)
            }
            None => {
                let own = image.runtime_version.clone();
                record.note(format!(
                    "The project declares {runtime} {} ({}), which {} does not offer ({}); this file uses {}.",
                    found.value,
                    found.evidence,
                    image.name,
                    image.offered_versions().join(", "),
                    own.as_deref().unwrap_or("its default")
                ));
                if runtime == "java" && java_release(&found.value).is_some_and(|r| r < 8) {
                    record.note(format!(
                        "The JDKs of these images cannot compile for Java {} (javac's oldest --release is 8): raise the release or target in the build file to 8 or later.",
                        found.value
                    ));
                }
                own
            }
        },
        (None, None) => image.runtime_version.clone(),
    };
    let Some(value) = value else {
        return Ok(None);
    };
    let ends = Some(image)
        .filter(|i| i.runtime_version.as_deref() == Some(value.as_str()))
        .and_then(|i| i.supported_until);
    let plan = VersionPlan {
        ended: ends.is_some_and(|e| e < today),
        value,
        ends,
    };
    if let (true, Some(end)) = (plan.ended, plan.ends) {
        let newest = image.offered_versions().last().cloned().unwrap_or_default();
        record.note(format!(
            "{runtime} {} is out of support since {end}: move the project to {runtime} {newest} and render this file again (--set version={newest}).",
            plan.value
        ));
    }
    Ok(Some(plan))
}

/// A Java release number, with the old `1.x` spelling read as `x`.
fn java_release(version: &str) -> Option<u64> {
    let v = version.strip_prefix("1.").unwrap_or(version);
    v.split('.').next()?.parse().ok()
}
