//! Which catalog images to list and in what order: the query behind `basepick images` and the TUI's
//! Compare pane.

use crate::knowledge::{Catalog, Date, Family, Image};

/// Sort orders for image listings (smallest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Size,
    Vulns,
    Packages,
    Name,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Size,
        SortKey::Vulns,
        SortKey::Packages,
        SortKey::Name,
    ];

    /// The word users type (`--sort size`) and see (table headers).
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Size => "size",
            SortKey::Vulns => "vulns",
            SortKey::Packages => "packages",
            SortKey::Name => "name",
        }
    }
}

impl std::str::FromStr for SortKey {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        SortKey::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| format!("`{text}` is not a sort key"))
    }
}

/// Which images to list and in what order.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub runtime: Option<&'a str>,
    pub family: Option<Family>,
    pub sort: Option<SortKey>,
    /// Include images past their end of support.
    pub all: bool,
}

/// A `--runtime` that no image of the catalog serves (a typo, or a runtime the catalog lacks).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no image in the catalog serves runtime `{runtime}`; its runtimes: {}", valid.join(", "))]
pub struct UnknownRuntime {
    pub runtime: String,
    /// The runtimes the catalog serves, in the runtime registry's order (the catalog's own last).
    pub valid: Vec<String>,
}

impl Filter<'_> {
    /// Refuses a runtime no image serves, so it never shows as an empty table.
    pub fn check(&self, catalog: &Catalog) -> Result<(), UnknownRuntime> {
        let mut valid = runtimes(catalog);
        match self.runtime {
            Some(r) if !valid.contains(&r) => Err(UnknownRuntime {
                runtime: r.to_owned(),
                valid: {
                    valid.sort_by_key(|v| crate::runtime::order(v));
                    valid.into_iter().map(str::to_owned).collect()
                },
            }),
            _ => Ok(()),
        }
    }
}

/// The images to list, filtered and sorted; support is judged on `day`.
pub fn select<'k>(catalog: &'k Catalog, filter: &Filter<'_>, day: Date) -> Vec<&'k Image> {
    let mut images: Vec<&Image> = catalog
        .images
        .iter()
        .filter(|i| filter.all || i.supported_on(day))
        .filter(|i| {
            filter
                .runtime
                .is_none_or(|r| i.runtimes.iter().any(|x| x == r))
        })
        .filter(|i| filter.family.is_none_or(|f| i.family == f))
        .collect();
    match filter.sort {
        None => {}
        Some(SortKey::Size) => images.sort_by(|a, b| a.size_mb().total_cmp(&b.size_mb())),
        Some(SortKey::Vulns) => images.sort_by(|a, b| a.vulns_mid().total_cmp(&b.vulns_mid())),
        Some(SortKey::Packages) => images.sort_by_key(|i| i.packages.value),
        Some(SortKey::Name) => {
            images.sort_by_cached_key(|i| i.reference.to_string());
        }
    }
    images
}

/// The runtimes the catalog serves, in catalog order (for "valid runtimes" messages).
pub fn runtimes(catalog: &Catalog) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for image in &catalog.images {
        for r in &image.runtimes {
            if !out.contains(&r.as_str()) {
                out.push(r);
            }
        }
    }
    out
}
