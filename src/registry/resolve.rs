//! What the registry serves for an image now: the digest a tag points at (the multi-platform index
//! where there is one) and, for the catalog, the linux/amd64 image's compressed size and creation day.

use super::client::{CONFIG_LIMIT, Client, Fetched, Target};
use super::error::RegistryError;
use super::manifest::{self, Descriptor, ImageConfig, Manifest, Problem};
use super::wire::sha256_digest;
use crate::knowledge::{Date, ImageRef};

/// The registry and API repository of an image reference.
pub fn target(image: &ImageRef) -> Target {
    Target {
        host: image.registry_host().to_owned(),
        repository: image.api_repository(),
    }
}

/// What `refresh` reads about an image.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// What the tag points at: the index digest for multi-platform images.
    pub digest: String,
    /// Platforms offered, as `os/architecture[/variant]`, in the registry's order.
    pub platforms: Vec<String>,
    /// The linux/amd64 image manifest's digest.
    pub amd64_digest: String,
    /// Sum of the linux/amd64 image's layer sizes in bytes (what a pull downloads).
    pub compressed_bytes: u64,
    /// When the image was built, from its configuration (absent for reproducible builds).
    pub created: Option<Date>,
}

impl Measurement {
    /// Compressed size in MB (10^6 bytes), to two decimals.
    pub fn compressed_mb(&self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // image sizes are far below 2^52 bytes
        let mb = self.compressed_bytes as f64 / 1e6;
        (mb * 100.0).round() / 100.0
    }
}

impl Client {
    /// The digest the registry serves for the image's tag now (its index digest when the image is
    /// multi-platform), after checking that it is a manifest basepick understands.
    ///
    /// A HEAD request comes first: it carries the digest and does not count as a pull against Docker
    /// Hub's rate limit. Registries that leave the digest out, or answer HEAD oddly, get a GET whose
    /// content is hashed and checked.
    pub fn digest(&self, image: &ImageRef) -> Result<String, RegistryError> {
        let target = target(image);
        let name = describe(image);
        let reference = image.tag_or_latest();
        let what = format!("manifest of {name}");
        match self.head(
            &target,
            &format!("manifests/{reference}"),
            manifest::ACCEPT,
            &what,
        ) {
            Ok(head) => {
                let known = head
                    .content_type
                    .as_deref()
                    .is_some_and(manifest::is_manifest_type);
                if let Some(digest) = head.digest.filter(|d| known && is_sha256(d)) {
                    return Ok(digest);
                }
            }
            // Some registries refuse HEAD (405) or answer it oddly: GET decides.
            Err(RegistryError::Status { status, .. }) if status < 500 && status != 429 => {}
            Err(e) => return Err(e),
        }
        let (digest, _) = self.manifest(&target, reference, &name)?;
        Ok(digest)
    }

    /// Reads the image's linux/amd64 manifest and configuration: size, platforms and creation day.
    pub fn measure(&self, image: &ImageRef) -> Result<Measurement, RegistryError> {
        let target = target(image);
        let name = describe(image);
        let (digest, top) = self.manifest(&target, image.tag_or_latest(), &name)?;
        let (platforms, amd64_digest, config, layers) = match top {
            Manifest::Index { manifests } => {
                let platforms = index_platforms(&manifests);
                let Some(entry) = manifests.iter().find(|m| {
                    m.platform
                        .as_ref()
                        .is_some_and(manifest::Platform::is_linux_amd64)
                }) else {
                    return Err(RegistryError::NoPlatform {
                        registry: target.host.clone(),
                        image: name,
                        offered: offered(&platforms),
                    });
                };
                let what = format!("the linux/amd64 manifest of {name}");
                let (amd64, inner) = self.manifest(&target, &entry.digest, &what)?;
                if amd64 != entry.digest {
                    return Err(mismatch(&target, &what, &entry.digest, &amd64));
                }
                let Manifest::Image { config, layers } = inner else {
                    return Err(RegistryError::Malformed {
                        registry: target.host.clone(),
                        what,
                        detail: "an index inside an index".to_owned(),
                    });
                };
                (platforms, amd64, config, layers)
            }
            Manifest::Image { config, layers } => (Vec::new(), digest.clone(), config, layers),
        };
        let config_blob = self.config(&target, &config, &name)?;
        let platforms = if platforms.is_empty() {
            // A single-platform image says its platform in its configuration.
            let own = config_blob
                .platform()
                .unwrap_or_else(|| "unknown".to_owned());
            if own != "linux/amd64" {
                return Err(RegistryError::NoPlatform {
                    registry: target.host.clone(),
                    image: name,
                    offered: own,
                });
            }
            vec![own]
        } else {
            platforms
        };
        Ok(Measurement {
            digest,
            platforms,
            amd64_digest,
            compressed_bytes: layers.iter().map(|l| l.size).sum(),
            created: config_blob.created_day(),
        })
    }

    /// GETs a manifest by tag or digest; returns its digest (checked against what the registry says
    /// and, for a digest reference, against the one asked for) and its parsed form.
    fn manifest(
        &self,
        target: &Target,
        reference: &str,
        what: &str,
    ) -> Result<(String, Manifest), RegistryError> {
        let fetched = self.get(
            target,
            &format!("manifests/{reference}"),
            manifest::ACCEPT,
            self.config.manifest_limit,
            &format!("manifest of {what}"),
        )?;
        let digest = verified(target, &fetched, reference, what)?;
        let parsed = manifest::parse(&fetched.bytes, fetched.content_type.as_deref())
            .map_err(|p| problem(target, what, p))?;
        Ok((digest, parsed))
    }

    fn config(
        &self,
        target: &Target,
        config: &Descriptor,
        name: &str,
    ) -> Result<ImageConfig, RegistryError> {
        let what = format!("the configuration of {name}");
        let fetched = self.get(
            target,
            &format!("blobs/{}", config.digest),
            "application/vnd.oci.image.config.v1+json, application/vnd.docker.container.image.v1+json, application/json",
            CONFIG_LIMIT,
            &what,
        )?;
        let actual = sha256_digest(&fetched.bytes);
        if config.digest.starts_with("sha256:") && actual != config.digest {
            return Err(mismatch(target, &what, &config.digest, &actual));
        }
        serde_json::from_slice(&fetched.bytes).map_err(|e| RegistryError::Malformed {
            registry: target.host.clone(),
            what,
            detail: e.to_string(),
        })
    }
}

fn is_sha256(digest: &str) -> bool {
    digest
        .strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The digest of a fetched manifest, after checking it against the registry's header and the
/// digest asked for.
fn verified(
    target: &Target,
    fetched: &Fetched,
    reference: &str,
    what: &str,
) -> Result<String, RegistryError> {
    let computed = sha256_digest(&fetched.bytes);
    let what = format!("the manifest of {what}");
    if let Some(header) = fetched
        .digest
        .as_deref()
        .filter(|h| h.starts_with("sha256:"))
        && header != computed
    {
        return Err(mismatch(target, &what, header, &computed));
    }
    if reference.starts_with("sha256:") && reference != computed {
        return Err(mismatch(target, &what, reference, &computed));
    }
    Ok(computed)
}

fn mismatch(target: &Target, what: &str, expected: &str, actual: &str) -> RegistryError {
    RegistryError::DigestMismatch {
        registry: target.host.clone(),
        what: what.to_owned(),
        expected: expected.to_owned(),
        actual: actual.to_owned(),
    }
}

fn problem(target: &Target, what: &str, p: Problem) -> RegistryError {
    let registry = target.host.clone();
    let what = format!("the manifest of {what}");
    match p {
        Problem::NotAManifest(content_type) => RegistryError::NotAManifest {
            registry,
            what,
            content_type,
        },
        Problem::UnknownMediaType(media_type) => RegistryError::UnknownMediaType {
            registry,
            what,
            media_type,
        },
        Problem::Malformed(detail) => RegistryError::Malformed {
            registry,
            what,
            detail,
        },
    }
}

/// Platforms of an index, without attestation entries (`unknown/unknown`), each once.
fn index_platforms(manifests: &[Descriptor]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in manifests.iter().filter_map(|m| m.platform.as_ref()) {
        let label = p.label();
        if p.os != "unknown" && !out.contains(&label) {
            out.push(label);
        }
    }
    out
}

fn offered(platforms: &[String]) -> String {
    if platforms.is_empty() {
        "no platform".to_owned()
    } else {
        platforms.join(", ")
    }
}

/// The image as errors name it: `python:3.13-slim`.
fn describe(image: &ImageRef) -> String {
    format!("{}:{}", image.short_repository(), image.tag_or_latest())
}
