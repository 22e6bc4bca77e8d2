//! `lifecycles.toml` as written, with the spans diagnostics point at.

use serde::Deserialize;
use toml::Spanned;

use crate::date::Date;
use crate::lifecycle::ProductKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleFile {
    #[serde(rename = "product", default)]
    pub products: Vec<ProductEntry>,
    #[serde(default)]
    pub distroless: Option<DistrolessEntry>,
    #[serde(default)]
    pub retired: Vec<RetiredEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetiredEntry {
    pub repository: Spanned<String>,
    pub updates_until: Date,
    #[serde(default)]
    pub except: Vec<String>,
    pub replacement: String,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductEntry {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: ProductKind,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub extended: Option<String>,
    #[serde(default)]
    pub extended_free: bool,
    #[serde(rename = "line", default)]
    pub lines: Vec<LineEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineEntry {
    pub version: Spanned<String>,
    #[serde(default)]
    pub codename: Option<Spanned<String>>,
    #[serde(default)]
    pub released: Option<Date>,
    #[serde(default)]
    pub active_until: Option<Date>,
    #[serde(default)]
    pub security_until: Option<Date>,
    #[serde(default)]
    pub extended_until: Option<Date>,
    #[serde(default)]
    pub lts: Option<bool>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub estimate: bool,
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrolessEntry {
    pub tracks: Spanned<String>,
    pub source: String,
    #[serde(rename = "rule", default)]
    pub rules: Vec<RuleEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    pub images: Spanned<Vec<String>>,
    pub debian: Spanned<String>,
    #[serde(default)]
    pub after_next_debian_months: Option<u32>,
    #[serde(default)]
    pub end_month: Option<Spanned<String>>,
    pub policy: String,
}
