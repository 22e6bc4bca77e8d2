//! `images.toml` as written, with the spans diagnostics point at.

use serde::Deserialize;
use toml::Spanned;

use crate::catalog::{Family, Libc, PackageManager, Pin, Shell, VulnRange};
use crate::date::Date;

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
    pub name: String,
    pub family: Family,
    #[serde(default)]
    pub runtimes: Vec<String>,
    #[serde(default)]
    pub runtime_version: Option<String>,
    pub os: String,
    pub size_mb: Spanned<f64>,
    pub packages: u32,
    pub vulns: VulnRange,
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
}
