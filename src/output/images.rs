//! The catalog listing (`basepick images`) and the family comparison (`--families`).

use std::io::{self, Write};

use crate::knowledge::{Catalog, Date, Image, ImageView, Knowledge};
use crate::present::{
    ESTIMATE_NOTE, ILLUSTRATIVE_NOTE, count, family_figures, size, status, vulns_cell,
};

use super::{Table, TableFormat, write_json};

pub fn table(images: &[&Image], catalog: &Catalog, day: Date) -> Table {
    let mut t = Table::new(&[
        "Image", "Family", "Size", "Packages", "Vulns*", "Shell", "libc", "Pkg mgr", "User",
        "Support",
    ]);
    for i in images {
        t.push(vec![
            i.reference.to_string(),
            i.family.as_str().to_owned(),
            size(&i.compressed),
            count(&i.packages),
            vulns_cell(i),
            i.shell.as_str().to_owned(),
            i.libc.as_str().to_owned(),
            i.package_manager.as_str().to_owned(),
            format!("{} ({})", i.user, i.uid),
            status(i, catalog.successor(i), day),
        ]);
    }
    t
}

pub fn write(
    out: &mut impl Write,
    images: &[&Image],
    catalog: &Catalog,
    format: TableFormat,
    day: Date,
) -> io::Result<()> {
    match format {
        TableFormat::Json => {
            let views: Vec<ImageView<'_>> =
                images.iter().map(|i| ImageView::new(i, catalog)).collect();
            write_json(out, &views)
        }
        TableFormat::Table => {
            table(images, catalog, day).write_text(out)?;
            writeln!(
                out,
                "\n{} images, sizes compressed (linux/amd64), support judged on {day}.\n{ESTIMATE_NOTE}\n* {ILLUSTRATIVE_NOTE}.",
                images.len()
            )
        }
        TableFormat::Markdown => {
            table(images, catalog, day).write_markdown(out)?;
            writeln!(
                out,
                "\nSizes compressed (linux/amd64), support judged on {day}. {ESTIMATE_NOTE}\n\n\\* {ILLUSTRATIVE_NOTE}."
            )
        }
        TableFormat::Csv => table(images, catalog, day).write_csv(out),
    }
}

/// The family comparison and the troubleshooting tips.
pub fn write_families(
    out: &mut impl Write,
    knowledge: &Knowledge,
    format: TableFormat,
    day: Date,
) -> io::Result<()> {
    let families = &knowledge.families;
    let images: Vec<&Image> = knowledge.catalog.images.iter().collect();
    let figures: Vec<(String, String)> = families
        .profiles
        .iter()
        .map(|p| family_figures(&images, p.family, day))
        .collect();
    if format == TableFormat::Json {
        let rows: Vec<serde_json::Value> = families
            .profiles
            .iter()
            .zip(&figures)
            .map(|(p, (size, packages))| {
                let mut row = serde_json::to_value(p).unwrap_or_default();
                row["size"] = size.clone().into();
                row["packages"] = packages.clone().into();
                row
            })
            .collect();
        return write_json(
            out,
            &serde_json::json!({"family": rows, "tip": families.tips}),
        );
    }
    let mut headers = vec!["Aspect"];
    headers.extend(families.profiles.iter().map(|p| p.name.as_str()));
    let mut aspects = Table::new(&headers);
    let mut size_row = vec!["Size (compressed)".to_owned()];
    size_row.extend(figures.iter().map(|(s, _)| s.clone()));
    aspects.push(size_row);
    let mut package_row = vec!["Packages".to_owned()];
    package_row.extend(figures.iter().map(|(_, p)| p.clone()));
    aspects.push(package_row);
    if let Some(first) = families.profiles.first() {
        for (row, (aspect, _)) in first.aspects().iter().enumerate() {
            let mut cells = vec![(*aspect).to_owned()];
            cells.extend(
                families
                    .profiles
                    .iter()
                    .map(|p| p.aspects()[row].1.to_owned()),
            );
            aspects.push(cells);
        }
    }
    let mut tips = Table::new(&["Problem", "Cause", "Fix", "Applies to"]);
    for t in &families.tips {
        let scope: Vec<String> = t
            .families
            .iter()
            .map(ToString::to_string)
            .chain(t.runtimes.iter().cloned())
            .chain(t.libc.iter().map(|l| format!("{l} libc")))
            .collect();
        tips.push(vec![
            t.problem.clone(),
            t.cause.clone(),
            t.fix.clone(),
            if scope.is_empty() {
                "all".to_owned()
            } else {
                scope.join(", ")
            },
        ]);
    }
    match format {
        TableFormat::Markdown => {
            writeln!(out, "## Families compared\n")?;
            aspects.write_markdown(out)?;
            writeln!(out, "\n## Troubleshooting\n")?;
            tips.write_markdown(out)
        }
        TableFormat::Csv => aspects.write_csv(out),
        _ => {
            aspects.write_text(out)?;
            writeln!(out)?;
            for t in &families.tips {
                writeln!(
                    out,
                    "• {}\n  cause: {}\n  fix:   {}",
                    t.problem, t.cause, t.fix
                )?;
            }
            Ok(())
        }
    }
}
