//! Family profiles and troubleshooting tips (`families.toml`): the teaching material behind the table.

use serde::{Deserialize, Serialize};

use crate::catalog::{Family, Libc};

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Families {
    #[serde(rename = "family", default)]
    pub profiles: Vec<FamilyProfile>,
    #[serde(rename = "tip", default)]
    pub tips: Vec<Tip>,
}

/// How one family of images fares on each aspect that matters when choosing.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyProfile {
    pub family: Family,
    pub name: String,
    pub shell: String,
    pub package_manager: String,
    pub debugging: String,
    pub c_extensions: String,
    pub libc: String,
    pub security: String,
    pub best_for: String,
}

impl FamilyProfile {
    /// Aspect names and values, in the order tables show them. Sizes and package counts are not
    /// written by hand: they come from the catalog's figures.
    pub fn aspects(&self) -> [(&'static str, &str); 7] {
        [
            ("Shell", &self.shell),
            ("Package manager", &self.package_manager),
            ("Debugging", &self.debugging),
            ("C extensions", &self.c_extensions),
            ("libc", &self.libc),
            ("Security", &self.security),
            ("Best for", &self.best_for),
        ]
    }
}

/// A known problem, its cause and its fix, for the families (and optionally runtimes or libc) it concerns.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tip {
    pub id: String,
    pub problem: String,
    pub cause: String,
    pub fix: String,
    /// Families the tip applies to; empty means every family.
    #[serde(default)]
    pub families: Vec<Family>,
    /// Runtimes the tip applies to; empty means every runtime.
    #[serde(default)]
    pub runtimes: Vec<String>,
    /// libc the tip applies to; empty means any.
    #[serde(default)]
    pub libc: Vec<Libc>,
}

impl Tip {
    /// Whether the tip concerns an image of this family and libc serving this runtime.
    pub fn applies_to(&self, family: Family, libc: Libc, runtime: &str) -> bool {
        (self.families.is_empty() || self.families.contains(&family))
            && (self.libc.is_empty() || self.libc.contains(&libc))
            && (self.runtimes.is_empty() || self.runtimes.iter().any(|r| r == runtime))
    }
}

impl Families {
    pub fn tips_for(&self, family: Family, libc: Libc, runtime: &str) -> Vec<&Tip> {
        self.tips
            .iter()
            .filter(|t| t.applies_to(family, libc, runtime))
            .collect()
    }
}
