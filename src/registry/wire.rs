//! Small pieces of the wire protocol: which failures are worth another try, what a 404 says,
//! `Retry-After`, headers, and the sha256 digests content is addressed by.

use std::time::Duration;

use ureq::http::Response;

use super::client::Target;
use super::error::RegistryError;

/// Whether a transport error may go away when tried again (a dropped connection, not a refusal).
pub(crate) fn transient(e: &ureq::Error) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    match e {
        ureq::Error::Io(io) => matches!(
            io.kind(),
            ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
        ),
        ureq::Error::Protocol(_) => true,
        _ => false,
    }
}

/// What a 404's error body says is missing: the repository or the tag.
pub(crate) fn not_found_detail(mut response: Response<ureq::Body>) -> &'static str {
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_vec()
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    // MANIFEST_UNKNOWN comes for a missing tag and, from some registries, for a missing repository.
    if text.contains("NAME_UNKNOWN") {
        " (no such repository)"
    } else {
        ""
    }
}

pub(crate) fn status_error(
    target: &Target,
    status: u16,
    what: &str,
    retry: String,
) -> RegistryError {
    RegistryError::Status {
        registry: target.host.clone(),
        status,
        what: what.to_owned(),
        retry,
    }
}

pub(crate) fn header<B>(response: &Response<B>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `Retry-After`: a number of seconds or an HTTP date.
pub(crate) fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when =
        time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc2822).ok()?;
    let left = when - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(left).unwrap_or(Duration::ZERO))
}

/// `sha256:<hex>` of some bytes: the digest content-addressed registries name blobs and manifests by.
pub fn sha256_digest(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let hash = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in hash.as_ref() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn digests_are_sha256_hex() {
        assert_eq!(
            sha256_digest(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
