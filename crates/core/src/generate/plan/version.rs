//! Which runtime version the Dockerfile uses: `--set version`, which must be one the image offers,
//! else the project's own when offered, else the image's; and whether that version is still
//! supported on the day.

use super::{PlanError, Record, Source, VersionPlan, elsewhere, requirement};
use crate::advisor::Outcome;
use crate::generate::facts::Fact;
use crate::knowledge::version::is_within_line;
use crate::knowledge::{BytesError, Date, Image, Knowledge, ParamError, Support};

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
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    set: Option<&str>,
    detected: Option<&Fact<String>>,
    spec: Option<&str>,
    today: Date,
    record: &mut Record,
) -> Result<Option<VersionPlan>, PlanError> {
    let runtime_id = outcome.leaf.runtime.as_str();
    // Notes name the runtime as people do (".NET", "Node.js").
    let runtime = crate::knowledge::runtimes::get(runtime_id).map_or(runtime_id, |r| r.name);
    let Some(image) = versioned(outcome) else {
        let declared = detected.filter(|_| spec.is_none_or(|s| s.contains('<')));
        return rolling(knowledge, outcome, runtime, set, declared, record).map(|()| None);
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
            let own = image.runtime_version.as_deref().map(str::to_owned);
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
                let there = elsewhere::find(knowledge, outcome, |v| requirement::accepts(spec, v));
                record.note(format!(
                    "The project asks for {runtime} {spec} ({}), which no version {} offers takes ({}); this file uses {}.{}",
                    found.evidence,
                    image.name,
                    offered.join(", "),
                    own.as_deref().unwrap_or("its default"),
                    there.map(|e| format!(" {}", e.advice(runtime))).unwrap_or_default()
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
                let own = image.runtime_version.as_deref().map(str::to_owned);
                let there =
                    elsewhere::find(knowledge, outcome, |v| is_within_line(&found.value, v));
                record.note(format!(
                    "The project declares {runtime} {} ({}), which {} does not offer ({}); this file uses {}.{}",
                    found.value,
                    found.evidence,
                    image.name,
                    image.offered_versions().join(", "),
                    own.as_deref().unwrap_or("its default"),
                    there.map(|e| format!(" {}", e.advice(runtime))).unwrap_or_default()
                ));
                if runtime_id == "java" && java_release(&found.value).is_some_and(|r| r < 8) {
                    record.note(format!(
                        "The JDKs of these images cannot compile for Java {} (javac's oldest --release is 8): raise the release or target in the build file to 8 or later.",
                        found.value
                    ));
                }
                own
            }
        },
        (None, None) => image.runtime_version.as_deref().map(str::to_owned),
    };
    let Some(value) = value else {
        return Ok(None);
    };
    let (ends, successor) = support(knowledge, runtime_id, image, &value, today)?;
    let plan = VersionPlan {
        ended: ends.is_some_and(|e| e < today),
        value,
        ends,
        successor,
    };
    if let (true, Some(end)) = (plan.ended, plan.ends) {
        // Move to the successor the lifecycle table names when the images offer it, else the newest.
        let offered = image.offered_versions();
        let to = plan
            .successor
            .as_ref()
            .and_then(|s| {
                offered
                    .iter()
                    .rfind(|o| is_within_line(o, s) || is_within_line(s, o))
            })
            .or_else(|| offered.last())
            .cloned()
            .unwrap_or_default();
        record.note(format!(
            "{runtime} {} is out of support since {end}: move the project to {runtime} {to} and render this file again (--set version={to}).",
            plan.value
        ));
    }
    Ok(Some(plan))
}

/// Neither image names a runtime version: the final image follows the newest release (Chainguard's
/// `latest`). A version set for it is refused, and a version the project pins (or caps: a minimum
/// or a caret range the newest release meets is no conflict) is noted, with a leaf whose image
/// offers it when there is one, rather than dropped without a word.
fn rolling(
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    runtime: &str,
    set: Option<&str>,
    detected: Option<&Fact<String>>,
    record: &mut Record,
) -> Result<(), PlanError> {
    let wanted = set.or(detected.map(|f| f.value.as_str()));
    let Some(wanted) = wanted else {
        return Ok(());
    };
    let there = elsewhere::find(knowledge, outcome, |v| is_within_line(wanted, v))
        .map(|e| e.advice(runtime));
    let image = &outcome.image;
    if set.is_some() {
        return Err(ParamError::NoVersions {
            value: wanted.to_owned(),
            image: image.reference.to_string(),
            advice: there
                .unwrap_or_else(|| format!("no other leaf for {runtime} offers {wanted} either")),
        }
        .into());
    }
    if let Some(found) = detected {
        record.note(format!(
            "The project declares {runtime} {} ({}), but {} follows the newest {runtime} release and cannot be held to it: check that the app runs on the newest.{}",
            found.value,
            found.evidence,
            image.name,
            there.map(|t| format!(" {t}")).unwrap_or_default()
        ));
    }
    Ok(())
}

/// A Java release number, with the old `1.x` spelling read as `x`.
fn java_release(version: &str) -> Option<u64> {
    let v = version.strip_prefix("1.").unwrap_or(version);
    v.split('.').next()?.parse().ok()
}

/// When support of `version` ends (or ended) and what follows it: the lifecycle table's line for the
/// runtime when it has one, else the catalog's date for the image at exactly that version.
fn support(
    knowledge: &Knowledge,
    runtime: &str,
    image: &Image,
    version: &str,
    today: Date,
) -> Result<(Option<Date>, Option<String>), BytesError> {
    let product = match crate::knowledge::runtimes::get(runtime).and_then(|r| r.lifecycle) {
        Some(id) => knowledge.lifecycles.get()?.product(id),
        None => None,
    };
    if let Some(product) = product {
        match product.support(product.lookup(version, today), today) {
            Support::Unknown => {}
            Support::Ended {
                since, successor, ..
            } => return Ok((Some(since), successor)),
            other => return Ok((other.end(), None)),
        }
    }
    let catalog = (image.runtime_version.as_deref() == Some(version))
        .then_some(image.supported_until)
        .flatten();
    Ok((catalog, None))
}
