//! Talking to container registries: pin a Dockerfile's images by digest, and measure catalog images
//! (compressed size, platforms, creation day) straight from their manifests.
//!
//! The OCI distribution API over a blocking HTTP client: manifests and indexes in their OCI and
//! Docker forms, anonymous bearer tokens (Docker Hub, ghcr.io, quay.io, gcr.io, cgr.dev,
//! mcr.microsoft.com, registry.access.redhat.com …) or the user's Docker credentials, bounded
//! bodies, timeouts, retries on 429 and 5xx. Plain HTTP only for registries on this machine.
//!
//! Reports from scanners (Trivy, Grype) and SBOMs (SPDX, CycloneDX) are read here too, because
//! `refresh` writes their figures into the catalog next to the registry's.

mod auth;
pub mod catalog;
mod client;
mod dockerfile;
mod error;
pub mod manifest;
mod pin;
pub mod refresh;
mod resolve;
pub mod sbom;
pub mod scan;
mod wire;

pub use catalog::CatalogImage;
pub use client::{Client, ClientConfig, MANIFEST_LIMIT, Target, is_loopback};
pub use error::RegistryError;
pub use pin::{
    Failure, Outcome, PinError, PinReport, Pinned, Skip, StagePin, pin_dockerfile, pin_text,
};
pub use resolve::{Measurement, target};
pub use wire::sha256_digest;

/// A unified diff of two versions of a file (empty when they are equal).
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

#[cfg(test)]
mod tests;
