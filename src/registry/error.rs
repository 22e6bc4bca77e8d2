//! What can go wrong when asking a registry about one image. Every message names the registry, so a
//! run over many images says which one failed and why.

/// Why an image could not be read from its registry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    #[error("cannot reach the registry {registry}: {detail}")]
    Unreachable { registry: String, detail: String },
    #[error("the registry {registry} did not answer within {seconds} s")]
    Timeout { registry: String, seconds: u64 },
    #[error("the registry {registry} refused access to {repository}{hint}")]
    Unauthorised {
        registry: String,
        repository: String,
        /// What the user can do about it, starting with "; " (or empty).
        hint: String,
    },
    #[error("the registry {registry} has no {what}")]
    NotFound { registry: String, what: String },
    #[error("the registry {registry} answered HTTP {status} for {what}{retry}")]
    Status {
        registry: String,
        status: u16,
        what: String,
        /// Why the request was not tried again, starting with "; " (or empty).
        retry: String,
    },
    #[error(
        "the registry {registry} answered {what} with `{content_type}`, which is not a manifest (is this a registry?)"
    )]
    NotAManifest {
        registry: String,
        what: String,
        content_type: String,
    },
    #[error(
        "the registry {registry} served {what} as `{media_type}`, a media type basepick cannot read"
    )]
    UnknownMediaType {
        registry: String,
        what: String,
        media_type: String,
    },
    #[error("the registry {registry} sent more than {limit} bytes for {what}; refusing it")]
    TooLarge {
        registry: String,
        what: String,
        limit: u64,
    },
    #[error(
        "the registry {registry} sent {what} that does not match its digest {expected} (got {actual})"
    )]
    DigestMismatch {
        registry: String,
        what: String,
        expected: String,
        actual: String,
    },
    #[error("the registry {registry} sent a malformed {what}: {detail}")]
    Malformed {
        registry: String,
        what: String,
        detail: String,
    },
    #[error("{image} on {registry} has no linux/amd64 image (it offers {offered})")]
    NoPlatform {
        registry: String,
        image: String,
        offered: String,
    },
}

impl RegistryError {
    /// The registry the error is about.
    pub fn registry(&self) -> &str {
        match self {
            RegistryError::Unreachable { registry, .. }
            | RegistryError::Timeout { registry, .. }
            | RegistryError::Unauthorised { registry, .. }
            | RegistryError::NotFound { registry, .. }
            | RegistryError::Status { registry, .. }
            | RegistryError::NotAManifest { registry, .. }
            | RegistryError::UnknownMediaType { registry, .. }
            | RegistryError::TooLarge { registry, .. }
            | RegistryError::DigestMismatch { registry, .. }
            | RegistryError::Malformed { registry, .. }
            | RegistryError::NoPlatform { registry, .. } => registry,
        }
    }
}
