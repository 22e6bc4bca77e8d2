//! The catalog listing (`basepick images`) and the family comparison (`--families`).

use std::io::{self, Write};

use crate::cli::{SortKey, TableFormat};
use crate::knowledge::{Date, Families, Family, Image, Knowledge};

use super::{Table, format_size, write_json};

/// Which images to list and in what order.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    pub runtime: Option<&'a str>,
    pub family: Option<Family>,
    pub sort: Option<SortKey>,
    /// Include images past their end of support.
    pub all: bool,
}

/// The images to list, filtered and sorted; support is judged on `day`.
pub fn select<'k>(knowledge: &'k Knowledge, filter: &Filter<'_>, day: Date) -> Vec<&'k Image> {
    let mut images: Vec<&Image> = knowledge
        .catalog
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
        Some(SortKey::Size) => images.sort_by(|a, b| a.size_mb.total_cmp(&b.size_mb)),
        Some(SortKey::Vulns) => images.sort_by(|a, b| a.vulns.mid().total_cmp(&b.vulns.mid())),
        Some(SortKey::Packages) => images.sort_by_key(|i| i.packages),
        Some(SortKey::Name) => images.sort_by(|a, b| a.reference().cmp(b.reference())),
    }
    images
}

/// The status column: when support ends, or that it has ended and what replaces the image.
pub fn status(image: &Image, day: Date) -> String {
    match (image.supported_until, image.supported_on(day)) {
        (None, _) => "—".to_owned(),
        (Some(end), true) => format!("until {end}"),
        (Some(end), false) => match &image.successor {
            Some(s) => format!("UNSUPPORTED since {end} → {s}"),
            None => format!("UNSUPPORTED since {end}"),
        },
    }
}

pub fn table(images: &[&Image], day: Date) -> Table {
    let mut t = Table::new(&[
        "Image", "Family", "Size", "Packages", "Vulns*", "Shell", "libc", "Pkg mgr", "User",
        "Support",
    ]);
    for i in images {
        t.push(vec![
            i.reference().to_owned(),
            i.family.to_string(),
            format_size(i.size_mb),
            i.packages.to_string(),
            i.vulns.to_string(),
            i.shell.to_string(),
            i.libc.to_string(),
            i.package_manager.to_string(),
            format!("{} ({})", i.user, i.uid),
            status(i, day),
        ]);
    }
    t
}

pub fn write(
    out: &mut impl Write,
    images: &[&Image],
    format: TableFormat,
    day: Date,
) -> io::Result<()> {
    match format {
        TableFormat::Json => write_json(out, &images),
        TableFormat::Table => {
            table(images, day).write_text(out)?;
            writeln!(
                out,
                "\n* typical range of known vulnerabilities; {} images, support judged on {day}",
                images.len()
            )
        }
        TableFormat::Markdown => {
            table(images, day).write_markdown(out)?;
            writeln!(
                out,
                "\n\\* typical range of known vulnerabilities; support judged on {day}."
            )
        }
        TableFormat::Csv => table(images, day).write_csv(out),
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
