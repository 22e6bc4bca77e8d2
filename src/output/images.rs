//! The catalog listing (`basepick images`) and the family comparison (`--families`).

use std::io::{self, Write};

use crate::knowledge::{Catalog, Date, Families, Image, ImageView};
use crate::present::{format_size, status};

use super::{Table, TableFormat, write_json};

pub fn table(images: &[&Image], catalog: &Catalog, day: Date) -> Table {
    let mut t = Table::new(&[
        "Image", "Family", "Size", "Packages", "Vulns*", "Shell", "libc", "Pkg mgr", "User",
        "Support",
    ]);
    for i in images {
        t.push(vec![
            i.reference.to_string(),
            i.family.to_string(),
            format_size(i.size_mb),
            i.packages.to_string(),
            i.vulns.to_string(),
            i.shell.to_string(),
            i.libc.to_string(),
            i.package_manager.to_string(),
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
                "\n* typical range of known vulnerabilities; {} images, support judged on {day}",
                images.len()
            )
        }
        TableFormat::Markdown => {
            table(images, catalog, day).write_markdown(out)?;
            writeln!(
                out,
                "\n\\* typical range of known vulnerabilities; support judged on {day}."
            )
        }
        TableFormat::Csv => table(images, catalog, day).write_csv(out),
    }
}

/// The family comparison and the troubleshooting tips.
pub fn write_families(
    out: &mut impl Write,
    families: &Families,
    format: TableFormat,
) -> io::Result<()> {
    if format == TableFormat::Json {
        return write_json(out, families);
    }
    let mut headers = vec!["Aspect"];
    headers.extend(families.profiles.iter().map(|p| p.name.as_str()));
    let mut aspects = Table::new(&headers);
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
