//! Pinning a Dockerfile: every `FROM` image gets the digest its tag points at now, written after the
//! tag (`python:3.13-slim@sha256:…`) so readers still see the version. Images that come from a build
//! argument are pinned in the argument's default. Only those characters change.

use std::collections::HashMap;
use std::ops::Range;

use super::client::Client;
use super::dockerfile::{self, Sites};
use super::error::RegistryError;
use crate::audit::ParseError;
use crate::knowledge::ImageRef;

/// What pinning did to one `FROM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagePin {
    /// Line of the `FROM`.
    pub line: usize,
    /// The image after build-argument substitution, as pinned (or as found).
    pub image: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A digest was added.
    Pinned {
        digest: String,
    },
    /// `--update`: the tag moved, the digest was replaced.
    Updated {
        from: String,
        to: String,
    },
    /// `--update`: the digest written is still what the tag points at.
    Current {
        digest: String,
    },
    /// Already pinned; left alone without `--update`.
    AlreadyPinned {
        digest: String,
    },
    /// Nothing to pin: `scratch` or an earlier stage.
    Skipped(Skip),
    Failed(Failure),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    Scratch,
    Stage,
    /// Pinned by digest without a tag: there is no tag to follow.
    DigestOnly,
}

/// Why a `FROM` could not be pinned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error("build argument {} has no default value, so the image is known only at build time", .0.join(", "))]
    NoDefault(Vec<String>),
    #[error("the default of build argument {0} is built from other arguments; pin it by hand")]
    Nested(String),
    #[error("{0}")]
    Reference(String),
    #[error("the image word is split across lines; join it to pin it")]
    Unlocated,
}

/// The pinned text and what happened to each `FROM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinReport {
    pub text: String,
    pub stages: Vec<StagePin>,
}

impl PinReport {
    pub fn failures(&self) -> impl Iterator<Item = (&StagePin, &Failure)> {
        self.stages.iter().filter_map(|s| match &s.outcome {
            Outcome::Failed(f) => Some((s, f)),
            _ => None,
        })
    }
}

/// A `FROM` whose image now carries a literal digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    pub line: usize,
    pub image: String,
    pub digest: String,
}

/// Rendered text could not be pinned completely.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("the Dockerfile cannot be read: {0}")]
    Parse(#[from] ParseError),
    #[error("cannot pin every image:{}", list(.0))]
    Unpinned(Vec<(usize, String, Failure)>),
}

fn list(failures: &[(usize, String, Failure)]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (line, image, f) in failures {
        let _ = write!(out, "\n  line {line}: {image}: {f}");
    }
    out
}

/// Pins every stage of a Dockerfile text; fails unless every image ends up with a literal digest.
/// Used for freshly rendered Dockerfiles (`--pin`), where a partly pinned file is no use.
pub fn pin_text(text: &str, client: &Client) -> Result<(String, Vec<Pinned>), PinError> {
    let report = pin_dockerfile(text, client, false)?;
    let failures: Vec<(usize, String, Failure)> = report
        .failures()
        .map(|(s, f)| (s.line, s.image.clone(), f.clone()))
        .collect();
    if !failures.is_empty() {
        return Err(PinError::Unpinned(failures));
    }
    let pinned = report
        .stages
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Pinned { digest }
            | Outcome::AlreadyPinned { digest }
            | Outcome::Current { digest }
            | Outcome::Updated { to: digest, .. } => Some(Pinned {
                line: s.line,
                image: s.image.clone(),
                digest: digest.clone(),
            }),
            _ => None,
        })
        .collect();
    Ok((report.text, pinned))
}

/// Pins what can be pinned and reports every `FROM`; `update` replaces digests already written.
pub fn pin_dockerfile(text: &str, client: &Client, update: bool) -> Result<PinReport, ParseError> {
    let sites = dockerfile::sites(text)?;
    let mut digests: HashMap<ImageRef, Result<String, RegistryError>> = HashMap::new();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut stages = Vec::new();
    let mut earlier: Vec<String> = Vec::new();
    for from in &sites.froms {
        let plan = plan(from, &sites, &earlier);
        earlier.extend(from.stage.clone());
        let (image, outcome) = match plan {
            Err((image, outcome)) => (image, outcome),
            Ok(plan) => {
                let image = plan.resolved.to_string();
                let outcome = resolve(&plan, client, update, &mut digests, &mut edits);
                (image, outcome)
            }
        };
        stages.push(StagePin {
            line: from.line,
            image,
            outcome,
        });
    }
    Ok(PinReport {
        text: apply(text, edits),
        stages,
    })
}

/// Where to write a digest and what the image is.
struct Plan {
    resolved: ImageRef,
    /// The characters to replace and the text they hold now.
    span: Range<usize>,
    current: String,
    /// The site holds only the digest (`image@${DIGEST}` with a default).
    digest_only: bool,
}

fn plan(
    from: &dockerfile::FromWord,
    sites: &Sites,
    earlier: &[String],
) -> Result<Plan, (String, Outcome)> {
    let word = from.word.as_str();
    let skip = |why| Err((word.to_owned(), Outcome::Skipped(why)));
    let fail = |f| Err((word.to_owned(), Outcome::Failed(f)));
    let is_stage =
        |w: &str| w.eq_ignore_ascii_case("scratch") || earlier.contains(&w.to_ascii_lowercase());
    if word.eq_ignore_ascii_case("scratch") {
        return skip(Skip::Scratch);
    }
    if earlier.contains(&word.to_ascii_lowercase()) {
        return skip(Skip::Stage);
    }
    let Some(word_span) = from.span.clone() else {
        return fail(Failure::Unlocated);
    };
    let (span, current, digest_only) = if let Some(name) = dockerfile::sole_variable(word) {
        let Some(arg) = sites.args.get(name) else {
            return fail(Failure::NoDefault(vec![name.to_owned()]));
        };
        if arg.value.contains('$') {
            return fail(Failure::Nested(name.to_owned()));
        }
        (arg.span.clone(), arg.value.clone(), false)
    } else {
        match word.rsplit_once('@') {
            Some((_, after)) if word.contains('$') => match dockerfile::sole_variable(after) {
                Some(name) => match sites.args.get(name) {
                    Some(arg) => (arg.span.clone(), arg.value.clone(), true),
                    None => return fail(Failure::NoDefault(vec![name.to_owned()])),
                },
                None => (word_span, word.to_owned(), false),
            },
            _ => (word_span, word.to_owned(), false),
        }
    };
    let (text, missing) = dockerfile::substitute(word, &sites.args);
    if !missing.is_empty() {
        return fail(Failure::NoDefault(missing));
    }
    if is_stage(&text) {
        return skip(if text.eq_ignore_ascii_case("scratch") {
            Skip::Scratch
        } else {
            Skip::Stage
        });
    }
    let resolved = ImageRef::parse(&text)
        .map_err(|m| (text.clone(), Outcome::Failed(Failure::Reference(m))))?;
    Ok(Plan {
        resolved,
        span,
        current,
        digest_only,
    })
}

fn resolve(
    plan: &Plan,
    client: &Client,
    update: bool,
    digests: &mut HashMap<ImageRef, Result<String, RegistryError>>,
    edits: &mut Vec<(Range<usize>, String)>,
) -> Outcome {
    let image = &plan.resolved;
    if let Some(existing) = &image.digest {
        if image.tag.is_none() {
            return Outcome::Skipped(Skip::DigestOnly);
        }
        if !update {
            return Outcome::AlreadyPinned {
                digest: existing.to_string(),
            };
        }
    }
    let key = ImageRef {
        tag: Some(image.tag_or_latest().into()),
        digest: None,
        ..image.clone()
    };
    let fresh = digests
        .entry(key)
        .or_insert_with(|| client.digest(image))
        .clone();
    let digest = match fresh {
        Ok(d) => d,
        Err(e) => return Outcome::Failed(Failure::Registry(e)),
    };
    if image.digest.as_deref() == Some(digest.as_str()) {
        return Outcome::Current { digest };
    }
    let replacement = if plan.digest_only {
        digest.clone()
    } else {
        let bare = plan
            .current
            .rsplit_once('@')
            .map_or(plan.current.as_str(), |(name, _)| name);
        format!("{bare}@{digest}")
    };
    if !edits.iter().any(|(r, _)| *r == plan.span) {
        edits.push((plan.span.clone(), replacement));
    }
    match &image.digest {
        Some(old) => Outcome::Updated {
            from: old.to_string(),
            to: digest,
        },
        None => Outcome::Pinned { digest },
    }
}

fn apply(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_owned();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    out
}
