//! `images.toml` as written, with the spans diagnostics point at.

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{Family, Libc, PackageManager, Pin, Shell};
use crate::date::Date;
use crate::figures::FigureKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub review_date: Date,
    #[serde(rename = "image", default)]
    pub images: Vec<ImageEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    pub id: Spanned<String>,
    pub reference: Spanned<String>,
    /// Other references that name the same image (`python:3.13-slim` for `python:3.13-slim-trixie`).
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub name: String,
    pub family: Family,
    #[serde(default)]
    pub runtimes: Vec<String>,
    #[serde(default)]
    pub runtime_version: Option<String>,
    pub os: String,
    /// Platforms the reference is published for (`linux/amd64`, …), when known.
    #[serde(default)]
    pub platforms: Vec<String>,
    pub shell: Shell,
    pub package_manager: PackageManager,
    pub libc: Libc,
    pub user: String,
    pub uid: u32,
    #[serde(default)]
    pub listen_port: Option<u16>,
    #[serde(default)]
    pub supported_until: Option<Date>,
    #[serde(default)]
    pub support_rule: Option<SupportRuleEntry>,
    #[serde(default)]
    pub successor: Option<Spanned<String>>,
    #[serde(default)]
    pub pin: Pin,
    #[serde(default)]
    pub version_pattern: Option<String>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub source: String,
    /// Compressed size of the linux/amd64 image: what a pull transfers.
    pub compressed: Spanned<SizeEntry>,
    /// Size on disk once unpacked.
    #[serde(default)]
    pub uncompressed: Option<Spanned<SizeEntry>>,
    pub packages: Spanned<CountEntry>,
    pub vulns: Spanned<VulnEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeEntry {
    pub mb: f64,
    pub kind: FigureKind,
    #[serde(default)]
    pub measured: Option<Date>,
    /// The manifest that was measured.
    #[serde(default)]
    pub digest: Option<String>,
    /// When the measured image was built (its config's creation date).
    #[serde(default)]
    pub created: Option<Date>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountEntry {
    pub count: u32,
    pub kind: FigureKind,
    #[serde(default)]
    pub measured: Option<Date>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VulnEntry {
    pub min: u32,
    pub max: u32,
    pub kind: FigureKind,
    #[serde(default)]
    pub measured: Option<Date>,
    #[serde(default)]
    pub scanner: Option<String>,
    #[serde(default)]
    pub database: Option<Date>,
    #[serde(default)]
    pub severity: Option<String>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportRuleEntry {
    pub after: String,
    pub months: u32,
    pub basis: String,
}
