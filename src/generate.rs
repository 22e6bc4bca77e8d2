//! Renders a leaf's Dockerfile and `.dockerignore` from its template, the outcome and the parameters.

use serde::Serialize;

use crate::advisor::{Outcome, TrailStep};
use crate::export::Artifact;
use crate::knowledge::version::is_within_line;
use crate::knowledge::{
    Family, Image, ImageRef, Knowledge, PackageManager, ParamError, ParamKey, Params, Pin,
    Templates,
};

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error("template {name}: {detail}")]
    Template { name: String, detail: String },
}

impl From<minijinja::Error> for RenderError {
    fn from(e: minijinja::Error) -> Self {
        RenderError::Template {
            name: e.name().unwrap_or("?").to_owned(),
            detail: match e.line() {
                Some(line) => format!("line {line}: {e}"),
                None => e.to_string(),
            },
        }
    }
}

/// The files generated for a recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifacts {
    pub dockerfile: String,
    pub dockerignore: String,
}

impl Artifacts {
    pub fn files(&self) -> Vec<Artifact> {
        vec![
            Artifact {
                name: "Dockerfile",
                contents: self.dockerfile.clone(),
            },
            Artifact {
                name: ".dockerignore",
                contents: self.dockerignore.clone(),
            },
        ]
    }
}

/// An image as templates see it: the catalog facts they use plus the exact text to put after `FROM`.
#[derive(Debug, Serialize)]
struct ImageContext<'a> {
    id: &'a str,
    name: &'a str,
    reference: String,
    family: Family,
    os: &'a str,
    package_manager: PackageManager,
    uid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    listen_port: Option<u16>,
    /// What follows `FROM`: the tag (for the chosen version), with the digest when one is pinned.
    from: String,
    /// Name of the build argument that must carry the digest, for images pinned by digest only.
    digest_arg: Option<String>,
    has_shell: bool,
    /// Words to put before the command in ENTRYPOINT: tini where the template installs it.
    init: &'static [&'static str],
    /// The numeric UID the final stage runs as: the image's own non-root user, or 10001 created by
    /// the template on images that default to root.
    run_uid: u32,
}

/// UID templates create for images whose default user is root (as `docker init` does).
pub const CREATED_UID: u32 = 10001;

/// tini's path in the distribution's package, on images where the template installs it.
fn init_words(image: &Image) -> &'static [&'static str] {
    match image.package_manager {
        PackageManager::Apt => &["/usr/bin/tini", "--"],
        PackageManager::Apk => &["/sbin/tini", "--"],
        _ => &[],
    }
}

#[derive(Debug, Serialize)]
struct LeafContext<'a> {
    id: &'a str,
    title: &'a str,
    runtime: &'a str,
    why: &'a str,
}

#[derive(Debug, Serialize)]
struct Context<'a> {
    image: ImageContext<'a>,
    builder: Option<ImageContext<'a>>,
    leaf: LeafContext<'a>,
    trail: &'a [TrailStep],
    /// The trail as a map from answer key to choice id, for templates that vary by an answer.
    answers: std::collections::BTreeMap<&'a str, &'a str>,
    params: &'a Params,
}

/// Parameter values for an outcome: the runtime's defaults from the tree, then `overrides` (`key=value`).
pub fn params_for(
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    overrides: &[(String, String)],
) -> Result<Params, ParamError> {
    let defaults = knowledge.tree.param_defaults(&outcome.leaf.runtime);
    let mut params = Params::default();
    for (k, v) in &defaults {
        params.set(k.as_str(), v)?;
    }
    if let Some(version) = versioned(outcome).and_then(|i| i.runtime_version.as_deref()) {
        params.set(ParamKey::Version.as_str(), version)?;
    }
    params.set(ParamKey::Digest.as_str(), "")?;
    for (k, v) in overrides {
        params.set(k, v)?;
    }
    Ok(params)
}

/// The overrides in effect: the project's declared runtime version where the image family offers it,
/// then the user's own `--set` values, which win. The one place that rule lives.
pub fn with_detected(
    outcome: &Outcome<'_>,
    detected_version: Option<&str>,
    own: &[(String, String)],
) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = detected_version
        .and_then(|v| offered_version(outcome, v))
        .map(|v| (ParamKey::Version.as_str().to_owned(), v))
        .into_iter()
        .collect();
    all.extend(own.iter().cloned());
    all
}

/// The runtime version the outcome's image offers for a version found in the project: `3.11.9` and
/// `3.11` both give `3.11` where the image family publishes 3.11. `None` when it offers no match, so a
/// detected version never leads to a tag that does not exist.
pub fn offered_version(outcome: &Outcome<'_>, found: &str) -> Option<String> {
    let image = versioned(outcome)?;
    image
        .offered_versions()
        .into_iter()
        .filter(|v| is_within_line(found, v))
        .max_by_key(String::len)
}

/// The image whose runtime version the `version` parameter speaks of: the final image when it carries
/// the runtime, else the builder (a Go binary on distroless static takes its version from golang).
fn versioned<'k>(outcome: &Outcome<'k>) -> Option<&'k Image> {
    if outcome.image.runtime_version.is_some() {
        Some(outcome.image)
    } else {
        outcome.builder.filter(|b| b.runtime_version.is_some())
    }
}

/// The reference of an image for a requested runtime version.
fn from_reference(image: &Image, version: Option<&str>) -> Result<ImageRef, ParamError> {
    match (version, &image.runtime_version) {
        (Some(v), Some(_)) => {
            image
                .reference_for_version(v)
                .ok_or_else(|| ParamError::UnsupportedVersion {
                    value: v.to_owned(),
                    image: image.reference.to_string(),
                    choices: image.offered_versions(),
                })
        }
        _ => Ok(image.reference.clone()),
    }
}

fn image_context<'a>(
    image: &'a Image,
    version: Option<&str>,
    digest: Option<&str>,
    arg_name: &str,
) -> Result<ImageContext<'a>, ParamError> {
    let tagged = from_reference(image, version)?;
    let repository = || tagged.without_tag().to_string();
    let (from, digest_arg) = match (image.pin, digest) {
        (Pin::Digest, Some(d)) => (format!("{}@{d}", repository()), None),
        (Pin::Digest, None) => (
            format!("{}@${{{arg_name}}}", repository()),
            Some(arg_name.to_owned()),
        ),
        (Pin::Tag, Some(d)) => (tagged.with_digest(d).to_string(), None),
        (Pin::Tag, None) => (tagged.to_string(), None),
    };
    Ok(ImageContext {
        id: &image.id,
        name: &image.name,
        reference: image.reference.to_string(),
        family: image.family,
        os: &image.os,
        package_manager: image.package_manager,
        uid: image.uid,
        listen_port: image.listen_port,
        from,
        digest_arg,
        has_shell: image.has_shell(),
        init: init_words(image),
        run_uid: if image.uid == 0 {
            CREATED_UID
        } else {
            image.uid
        },
    })
}

/// Renders the Dockerfile and `.dockerignore` for an outcome with validated parameters.
pub fn render(
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    params: &Params,
) -> Result<Artifacts, RenderError> {
    let version = params.get(ParamKey::Version);
    let digest = params.get(ParamKey::Digest).filter(|d| !d.is_empty());
    let builder_version = |b: &Image| {
        let shares = b.runtimes.contains(&outcome.leaf.runtime);
        version.filter(|_| shares && b.runtime_version.is_some())
    };
    let image_version = version.filter(|_| outcome.image.runtime_version.is_some());
    let context = Context {
        image: image_context(outcome.image, image_version, digest, "BASE_DIGEST")?,
        builder: outcome
            .builder
            .map(|b| image_context(b, builder_version(b), None, "BUILDER_DIGEST"))
            .transpose()?,
        leaf: LeafContext {
            id: &outcome.leaf.id,
            title: &outcome.leaf.title,
            runtime: &outcome.leaf.runtime,
            why: &outcome.leaf.why,
        },
        trail: &outcome.trail,
        answers: outcome
            .trail
            .iter()
            .map(|s| (s.question.as_str(), s.answer.as_str()))
            .collect(),
        params,
    };
    let env = crate::knowledge::templates::environment(&knowledge.templates)?;
    let dockerfile = env
        .get_template(&Templates::dockerfile_name(&outcome.leaf.template))?
        .render(minijinja::value::Serde(&context))?;
    let dockerignore = env
        .get_template(&knowledge.templates.dockerignore_name(&outcome.leaf.runtime))?
        .render(minijinja::value::Serde(&context))?;
    Ok(Artifacts {
        dockerfile,
        dockerignore,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisor::leaf_outcome;

    #[test]
    fn offered_versions_match_at_a_dot_boundary() {
        let k = crate::knowledge::embedded().unwrap();
        let slim = leaf_outcome(&k, "python-slim").unwrap();
        assert_eq!(offered_version(&slim, "3.12").as_deref(), Some("3.12"));
        assert_eq!(offered_version(&slim, "3.12.4").as_deref(), Some("3.12"));
        assert_eq!(offered_version(&slim, "3.1"), None);
        assert_eq!(offered_version(&slim, "3.131"), None);
        assert_eq!(offered_version(&slim, "2.7"), None);
        let distroless = leaf_outcome(&k, "python-distroless").unwrap();
        assert_eq!(
            offered_version(&distroless, "3.13.1").as_deref(),
            Some("3.13")
        );
        assert_eq!(offered_version(&distroless, "3.12"), None);
    }
}
