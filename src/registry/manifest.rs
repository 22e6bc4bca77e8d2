//! The few fields of OCI and Docker manifests, indexes and image configurations basepick reads.
//!
//! Serde structs of our own rather than a full OCI model: four media types, a dozen fields, lenient
//! about everything else (Docker schema 2 and OCI differ only in names), strict about what matters.

use serde::Deserialize;

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// The `Accept` header for manifests: every type basepick reads, indexes first.
pub const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

/// A content descriptor: what a manifest points at.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Descriptor {
    #[serde(rename = "mediaType", default)]
    pub media_type: Option<String>,
    pub digest: String,
    pub size: u64,
    #[serde(default)]
    pub platform: Option<Platform>,
}

/// The platform of an index entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Platform {
    pub os: String,
    pub architecture: String,
    #[serde(default)]
    pub variant: Option<String>,
}

impl Platform {
    /// `os/architecture[/variant]`, as `docker --platform` writes it.
    pub fn label(&self) -> String {
        platform_label(&self.os, &self.architecture, self.variant.as_deref())
    }

    pub fn is_linux_amd64(&self) -> bool {
        self.os == "linux" && self.architecture == "amd64"
    }
}

pub fn platform_label(os: &str, architecture: &str, variant: Option<&str>) -> String {
    match variant.filter(|v| !v.is_empty()) {
        Some(v) => format!("{os}/{architecture}/{v}"),
        None => format!("{os}/{architecture}"),
    }
}

/// A manifest or an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    /// A multi-platform index (OCI image index or Docker manifest list).
    Index { manifests: Vec<Descriptor> },
    /// One image: its configuration blob and layers.
    Image {
        config: Descriptor,
        layers: Vec<Descriptor>,
    },
}

#[derive(Debug, Deserialize)]
struct Raw {
    #[serde(rename = "schemaVersion", default)]
    schema_version: Option<u32>,
    #[serde(rename = "mediaType", default)]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
    #[serde(default)]
    config: Option<Descriptor>,
    #[serde(default)]
    layers: Option<Vec<Descriptor>>,
}

/// Why a body is not a manifest basepick can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON at all, or served as HTML or text: not a registry answer.
    NotAManifest(String),
    /// A media type basepick does not read (Docker schema 1, an artifact…).
    UnknownMediaType(String),
    /// The right type, but fields are missing or wrong.
    Malformed(String),
}

/// Reads a manifest; `content_type` is the response's media type without parameters.
pub fn parse(bytes: &[u8], content_type: Option<&str>) -> Result<Manifest, Problem> {
    let declared = content_type.filter(|c| !c.is_empty());
    if let Some(ct) = declared
        && !known(ct)
        && ct != "application/json"
    {
        // A vendor type is some other kind of manifest; HTML or text is not a registry's answer.
        return Err(if ct.starts_with("application/vnd.") {
            Problem::UnknownMediaType(ct.to_owned())
        } else {
            Problem::NotAManifest(ct.to_owned())
        });
    }
    let raw: Raw = serde_json::from_slice(bytes).map_err(|e| {
        if declared.is_some_and(known) {
            Problem::Malformed(e.to_string())
        } else {
            Problem::NotAManifest(declared.unwrap_or("no content type").to_owned())
        }
    })?;
    let media_type = match (declared.filter(|c| known(c)), raw.media_type.as_deref()) {
        (Some(ct), _) => ct.to_owned(),
        (None, Some(mt)) if known(mt) => mt.to_owned(),
        (None, Some(mt)) => return Err(Problem::UnknownMediaType(mt.to_owned())),
        // OCI allows leaving mediaType out; the shape tells.
        (None, None) if raw.manifests.is_some() => OCI_INDEX.to_owned(),
        (None, None) if raw.config.is_some() => OCI_MANIFEST.to_owned(),
        (None, None) => {
            return Err(Problem::NotAManifest(
                declared.unwrap_or("no content type").to_owned(),
            ));
        }
    };
    if raw.schema_version.is_some_and(|v| v != 2) {
        return Err(Problem::UnknownMediaType(format!(
            "{media_type} with schemaVersion {}",
            raw.schema_version.unwrap_or_default()
        )));
    }
    match media_type.as_str() {
        OCI_INDEX | DOCKER_LIST => Ok(Manifest::Index {
            manifests: raw
                .manifests
                .ok_or_else(|| Problem::Malformed("an index without `manifests`".to_owned()))?,
        }),
        _ => Ok(Manifest::Image {
            config: raw
                .config
                .ok_or_else(|| Problem::Malformed("a manifest without `config`".to_owned()))?,
            layers: raw.layers.unwrap_or_default(),
        }),
    }
}

/// Whether a media type is one of the manifest and index types basepick reads.
pub fn is_manifest_type(media_type: &str) -> bool {
    known(media_type)
}

fn known(media_type: &str) -> bool {
    matches!(
        media_type,
        OCI_INDEX | OCI_MANIFEST | DOCKER_LIST | DOCKER_MANIFEST
    )
}

/// The fields of an image configuration blob basepick reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ImageConfig {
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub os: Option<String>,
    #[serde(default)]
    pub architecture: Option<String>,
    #[serde(default)]
    pub variant: Option<String>,
}

impl ImageConfig {
    /// The platform the configuration declares, when it declares one.
    pub fn platform(&self) -> Option<String> {
        Some(platform_label(
            self.os.as_deref()?,
            self.architecture.as_deref()?,
            self.variant.as_deref(),
        ))
    }

    /// The creation day, unless absent or the Unix epoch (reproducible builds write 1970-01-01,
    /// which says nothing about when the image was built).
    pub fn created_day(&self) -> Option<crate::knowledge::Date> {
        let created = self.created.as_deref()?;
        let when =
            time::OffsetDateTime::parse(created, &time::format_description::well_known::Rfc3339)
                .ok()?;
        let day = when.to_offset(time::UtcOffset::UTC).date();
        if day.year() <= 1970 {
            return None;
        }
        crate::knowledge::Date::new(day.year(), u8::from(day.month()), day.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:aa","size":10,"platform":{"os":"linux","architecture":"amd64"}},
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:bb","size":10,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}"#;
    const IMAGE: &str = r#"{"schemaVersion":2,"config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:cc","size":5},
        "layers":[{"mediaType":"x","digest":"sha256:dd","size":100},{"mediaType":"x","digest":"sha256:ee","size":23}]}"#;

    #[test]
    fn reads_indexes_and_images() {
        let Manifest::Index { manifests } = parse(INDEX.as_bytes(), Some(OCI_INDEX)).unwrap()
        else {
            panic!("an index");
        };
        let labels: Vec<String> = manifests
            .iter()
            .filter_map(|m| m.platform.as_ref().map(Platform::label))
            .collect();
        assert_eq!(labels, ["linux/amd64", "linux/arm64/v8"]);
        let Manifest::Image { layers, config } =
            parse(IMAGE.as_bytes(), Some(DOCKER_MANIFEST)).unwrap()
        else {
            panic!("an image");
        };
        assert_eq!(
            (config.size, layers.iter().map(|l| l.size).sum::<u64>()),
            (5, 123)
        );
        // Served as plain JSON without mediaType: the shape decides.
        assert!(matches!(
            parse(IMAGE.as_bytes(), Some("application/json")),
            Ok(Manifest::Image { .. })
        ));
        assert!(matches!(
            parse(INDEX.as_bytes(), None),
            Ok(Manifest::Index { .. })
        ));
    }

    #[test]
    fn refuses_html_unknown_types_and_broken_json() {
        assert_eq!(
            parse(b"<html>login</html>", Some("text/html")),
            Err(Problem::NotAManifest("text/html".to_owned()))
        );
        assert_eq!(
            parse(b"<html></html>", None),
            Err(Problem::NotAManifest("no content type".to_owned()))
        );
        let schema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
        assert_eq!(
            parse(b"{}", Some(schema1)),
            Err(Problem::UnknownMediaType(schema1.to_owned()))
        );
        let artifact = r#"{"schemaVersion":2,"mediaType":"application/vnd.example.thing+json"}"#;
        assert!(matches!(
            parse(artifact.as_bytes(), Some("application/json")),
            Err(Problem::UnknownMediaType(_))
        ));
        assert!(matches!(
            parse(b"{\"schemaVersion\":2}", Some(OCI_MANIFEST)),
            Err(Problem::Malformed(_))
        ));
        assert!(matches!(
            parse(b"not json", Some(OCI_MANIFEST)),
            Err(Problem::Malformed(_))
        ));
    }

    #[test]
    fn creation_day_ignores_the_epoch() {
        let at = |c: &str| ImageConfig {
            created: Some(c.to_owned()),
            ..ImageConfig::default()
        };
        assert_eq!(
            at("2026-11-20T08:15:00.123456789Z")
                .created_day()
                .map(|d| d.to_string()),
            Some("2026-11-20".to_owned())
        );
        assert_eq!(at("1970-01-01T00:00:00Z").created_day(), None);
        assert_eq!(at("yesterday").created_day(), None);
    }
}
