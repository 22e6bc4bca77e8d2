//! An image as reports and scripts see it (the JSON contract): ids instead of indices, references as
//! written, and every figure with its kind and source so scripts can filter out estimates.

use serde::Serialize;

use crate::catalog::{Catalog, Family, Image, Libc, PackageManager, Pin, Shell};
use crate::date::Date;
use crate::figures::{Figure, FigureKind, ScanInfo, SupportRule};
use crate::text::Text;

#[derive(Debug, Clone, Serialize)]
pub struct ImageView<'a> {
    pub id: &'a str,
    pub reference: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub name: &'a str,
    pub family: Family,
    pub runtimes: &'a [Text],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_version: Option<&'a str>,
    pub os: &'a str,
    #[serde(skip_serializing_if = "<[Text]>::is_empty")]
    pub platforms: &'a [Text],
    pub compressed: SizeView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncompressed: Option<SizeView<'a>>,
    pub packages: CountView<'a>,
    pub vulns: VulnView<'a>,
    pub shell: Shell,
    pub package_manager: PackageManager,
    pub libc: Libc,
    pub user: &'a str,
    pub uid: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen_port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_until: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_rule: Option<&'a SupportRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<&'a str>,
    pub pin: Pin,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version_pattern: Option<&'a str>,
    #[serde(skip_serializing_if = "<[Text]>::is_empty")]
    pub versions: &'a [Text],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    pub source: &'a str,
}

/// A size in MB with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct SizeView<'a> {
    pub mb: f64,
    pub kind: FigureKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    pub source: &'a str,
}

/// A package count with its provenance.
#[derive(Debug, Clone, Serialize)]
pub struct CountView<'a> {
    pub count: u32,
    pub kind: FigureKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Date>,
    pub source: &'a str,
}

/// A vulnerability range with its provenance, and the scanner run when it was measured.
#[derive(Debug, Clone, Serialize)]
pub struct VulnView<'a> {
    pub min: u32,
    pub max: u32,
    pub kind: FigureKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<Date>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub scan: Option<&'a ScanInfo>,
    pub source: &'a str,
}

fn size<'a>(
    figure: &'a Figure<f64>,
    digest: Option<&'a str>,
    created: Option<Date>,
) -> SizeView<'a> {
    SizeView {
        mb: figure.value,
        kind: figure.kind,
        measured: figure.measured,
        digest,
        created,
        source: &figure.source,
    }
}

impl<'a> ImageView<'a> {
    pub fn new(image: &'a Image, catalog: &'a Catalog) -> Self {
        ImageView {
            id: &image.id,
            reference: image.reference.to_string(),
            aliases: image.aliases.iter().map(ToString::to_string).collect(),
            name: &image.name,
            family: image.family,
            runtimes: &image.runtimes,
            runtime_version: image.runtime_version.as_deref(),
            os: &image.os,
            platforms: &image.platforms,
            compressed: size(&image.compressed, image.digest.as_deref(), image.created),
            uncompressed: image.uncompressed.as_ref().map(|u| size(u, None, None)),
            packages: CountView {
                count: image.packages.value,
                kind: image.packages.kind,
                measured: image.packages.measured,
                source: &image.packages.source,
            },
            vulns: VulnView {
                min: image.vulns.value.min,
                max: image.vulns.value.max,
                kind: image.vulns.kind,
                measured: image.vulns.measured,
                scan: image.scan.as_ref(),
                source: &image.vulns.source,
            },
            shell: image.shell,
            package_manager: image.package_manager,
            libc: image.libc,
            user: &image.user,
            uid: image.uid,
            listen_port: image.listen_port,
            supported_until: image.supported_until,
            support_rule: image.support_rule.as_ref(),
            successor: catalog.successor(image).map(|s| s.id.as_str()),
            pin: image.pin,
            version_pattern: image.versions.as_ref().map(|v| v.pattern.as_str()),
            versions: image
                .versions
                .as_ref()
                .map_or(&[], |v| v.offered.as_slice()),
            note: image.note.as_deref(),
            source: &image.source,
        }
    }
}
