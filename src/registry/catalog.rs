//! Writing measured figures into a team's `images.toml` with `toml_edit`: only the touched image
//! changes, comments and layout everywhere else stay byte for byte.
//!
//! Figures are written as the catalog's own tables with their provenance (`[image.compressed]`,
//! `[image.packages]`, `[image.vulns]`), keys in the order `data/images.toml` uses; a flat key of an
//! older catalog (`size_mb`, `packages = N`, `vulns = {…}`) is replaced by the table.

use toml_edit::{Array, DocumentMut, Item, Table, value};

use super::resolve::Measurement;
use super::sbom::PackageFigures;
use super::scan::VulnFigures;
use crate::knowledge::Date;

/// An image of the catalog as `refresh` sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogImage {
    pub id: String,
    /// The reference as written.
    pub reference: String,
}

/// The images of a catalog document, in file order (entries without an id or reference are left out;
/// `check-data` reports them).
pub fn images(doc: &DocumentMut) -> Vec<CatalogImage> {
    doc.get("image")
        .and_then(Item::as_array_of_tables)
        .into_iter()
        .flat_map(|a| a.iter())
        .filter_map(|t| {
            Some(CatalogImage {
                id: t.get("id")?.as_str()?.to_owned(),
                reference: t.get("reference")?.as_str()?.to_owned(),
            })
        })
        .collect()
}

fn entry<'d>(doc: &'d mut DocumentMut, id: &str) -> Option<&'d mut Table> {
    doc.get_mut("image")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
}

fn day(d: Date) -> Item {
    d.to_string()
        .parse::<toml_edit::Datetime>()
        .map_or_else(|_| value(d.to_string()), value)
}

/// Puts a figure table in place of the image's key `key`, keeping an existing table's spot and
/// comments; a flat value or inline table under that key is replaced.
fn put_table(image: &mut Table, key: &str, mut fresh: Table) {
    if let Some(Item::Table(old)) = image.get(key) {
        *fresh.decor_mut() = old.decor().clone();
        if let Some(p) = old.position() {
            fresh.set_position(Some(p));
        }
    }
    image.remove(key);
    image.insert(key, Item::Table(fresh));
}

/// Writes the registry figures of one image: platforms and `[image.compressed]`. Returns whether the
/// image was found.
pub fn write_measurement(
    doc: &mut DocumentMut,
    image: &CatalogImage,
    m: &Measurement,
    today: Date,
) -> bool {
    let Some(table) = entry(doc, &image.id) else {
        return false;
    };
    let mut compressed = Table::new();
    compressed.insert("mb", value(m.compressed_mb()));
    compressed.insert("kind", value("measured"));
    compressed.insert("measured", day(today));
    compressed.insert("digest", value(m.amd64_digest.as_str()));
    if let Some(created) = m.created {
        compressed.insert("created", day(created));
    }
    compressed.insert(
        "source",
        value(format!(
            "registry manifest of {} (linux/amd64), read by basepick refresh",
            image.reference
        )),
    );
    table.remove("size_mb");
    put_table(table, "compressed", compressed);
    let platforms: Array = m.platforms.iter().map(String::as_str).collect();
    let new_key = !table.contains_key("platforms");
    table.insert("platforms", value(platforms));
    if new_key {
        // Where the catalog's own entries keep it: after `os`.
        let anchor = if table.contains_key("os") {
            "os"
        } else {
            "reference"
        };
        place_after(table, "platforms", anchor);
    }
    true
}

/// Writes `[image.packages]` from an SBOM.
pub fn write_packages(
    doc: &mut DocumentMut,
    id: &str,
    figures: &PackageFigures,
    file_name: &str,
    today: Date,
) -> bool {
    let Some(table) = entry(doc, id) else {
        return false;
    };
    let mut packages = Table::new();
    packages.insert(
        "count",
        value(i64::try_from(figures.count).unwrap_or(i64::MAX)),
    );
    packages.insert("kind", value("measured"));
    packages.insert("measured", day(today));
    let source = match &figures.tool {
        Some(tool) => format!("{} SBOM {file_name}, {tool}", figures.format),
        None => format!("{} SBOM {file_name}", figures.format),
    };
    packages.insert("source", value(source));
    put_table(table, "packages", packages);
    true
}

/// Writes `[image.vulns]` from a scanner report; `database` is the report's database day.
pub fn write_vulns(
    doc: &mut DocumentMut,
    id: &str,
    figures: &VulnFigures,
    database: Date,
    file_name: &str,
    today: Date,
) -> bool {
    let Some(table) = entry(doc, id) else {
        return false;
    };
    let count = i64::try_from(figures.count).unwrap_or(i64::MAX);
    let mut vulns = Table::new();
    vulns.insert("min", value(count));
    vulns.insert("max", value(count));
    vulns.insert("kind", value("measured"));
    vulns.insert("measured", day(today));
    vulns.insert("scanner", value(figures.scanner.as_str()));
    vulns.insert("database", day(database));
    vulns.insert("severity", value(figures.floor.as_str()));
    vulns.insert(
        "source",
        value(format!("{} JSON report {file_name}", figures.tool)),
    );
    put_table(table, "vulns", vulns);
    true
}

/// Moves `key` right after `after` among the table's values, leaving the others in their order.
fn place_after(table: &mut Table, key: &str, after: &str) {
    let order: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let Some(anchor) = order.iter().position(|k| k == after) else {
        return;
    };
    let rank = |k: &str| -> usize {
        if k == key {
            anchor * 2 + 1
        } else {
            order.iter().position(|o| o == k).unwrap_or(order.len()) * 2
        }
    };
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
}

#[cfg(test)]
mod tests;
