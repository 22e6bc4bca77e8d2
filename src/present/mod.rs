//! Wording shared by the CLI's text output and the TUI: how sizes, support, image cards and the
//! differences between images are put into words. One place, so both front ends say the same thing.

use crate::advisor::{Change, Deltas};
use crate::detect::DetectedApp;
use crate::knowledge::{Date, Family, Figure, FigureKind, Image, Libc, Shell};

mod decimal;
mod terminal;
#[cfg(test)]
mod tests;

pub use terminal::{Escaping, escape_lines};

/// The footnote every output that shows `≈` carries.
pub const ESTIMATE_NOTE: &str =
    "≈ marks an estimate: a figure, or one side of a comparison, that was not measured.";

/// The footnote for vulnerability ranges no scanner produced.
pub const ILLUSTRATIVE_NOTE: &str =
    "vulnerability ranges are illustrative (typical for such an image), not scanner counts";

/// Text from an input file made safe for a terminal: control characters (escape sequences, carriage
/// returns, bells, tabs) are shown as `\u{1b}` and the like instead of acting on the screen.
pub fn escape(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A size in MB the way people read it: `0`, `2.1`, `43`, `1.1 GB`.
pub fn format_size(mb: f64) -> String {
    let (number, unit) = if mb >= 1000.0 {
        (decimal::tenths(mb / 1000.0), " GB")
    } else if mb >= 10.0 || mb.fract() == 0.0 {
        (decimal::whole(mb), " MB")
    } else {
        (decimal::tenths(mb), " MB")
    };
    number + unit
}

/// A size figure: `43 MB` when measured, `≈22 MB` when estimated.
pub fn size(figure: &Figure<f64>) -> String {
    approx(figure.kind, format_size(figure.value))
}

/// A count figure: `37` when measured, `≈106` when estimated.
pub fn count(figure: &Figure<u32>) -> String {
    approx(figure.kind, figure.value.to_string())
}

/// A vulnerability figure: a scanner's count with its floor, or a typical range.
pub fn vulns(image: &Image) -> String {
    match (&image.scan, image.vulns.kind) {
        (Some(scan), FigureKind::Measured) => format!(
            "{} at {} or above ({}, database {})",
            image.vulns.value, scan.severity, scan.scanner, scan.database
        ),
        (_, FigureKind::Estimate) => format!("≈{} (estimate)", image.vulns.value),
        _ => format!("{} typical", image.vulns.value),
    }
}

/// A vulnerability figure for a table cell: the range, `*` when illustrative.
pub fn vulns_cell(image: &Image) -> String {
    match image.vulns.kind {
        FigureKind::Measured => image.vulns.value.to_string(),
        FigureKind::Estimate => format!("≈{}", image.vulns.value),
        FigureKind::Illustrative => format!("{}*", image.vulns.value),
    }
}

fn approx(kind: FigureKind, text: String) -> String {
    if kind == FigureKind::Measured {
        text
    } else {
        format!("≈{text}")
    }
}

/// When support ends, for cards: the date, the rule that will set it, or that none is published.
pub fn support_end(image: &Image) -> String {
    match (image.supported_until, &image.support_rule) {
        (Some(end), None) => end.to_string(),
        (Some(end), Some(rule)) => format!("{end} at the latest ({rule})"),
        (None, Some(rule)) => format!("{rule} (date not set yet)"),
        (None, None) => "not published".to_owned(),
    }
}

/// The status column of listings: when support ends, or that it has ended and what replaces the image.
pub fn status(image: &Image, successor: Option<&Image>, day: Date) -> String {
    match (image.supported_until, image.supported_on(day)) {
        (None, _) if image.support_rule.is_some() => "by rule, no date yet".to_owned(),
        (None, _) => "—".to_owned(),
        (Some(end), true) => format!("until {end}"),
        (Some(end), false) => match successor {
            Some(s) => format!("UNSUPPORTED since {end} → {}", s.id),
            None => format!("UNSUPPORTED since {end}"),
        },
    }
}

/// How much a card says about where its figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// `43 MB (measured 2026-08-05)`: for text reports.
    Full,
    /// `43 MB`, `≈22 MB`: for narrow panes, with `≈` alone marking estimates.
    Compact,
}

/// The figures of an image as label/value pairs, in the order cards show them.
pub fn card(image: &Image, detail: Detail) -> Vec<(&'static str, String)> {
    let shown = |text: String, kind, measured| match detail {
        Detail::Full => provenance(&text, kind, measured),
        Detail::Compact => text,
    };
    let mut rows = vec![
        ("Image", image.reference.to_string()),
        (
            "Size",
            shown(
                size(&image.compressed),
                image.compressed.kind,
                image.compressed.measured,
            ),
        ),
    ];
    if let Some(disk) = &image.uncompressed {
        rows.push(("On disk", shown(size(disk), disk.kind, disk.measured)));
    }
    rows.extend([
        (
            "Packages",
            shown(
                count(&image.packages),
                image.packages.kind,
                image.packages.measured,
            ),
        ),
        ("Vulnerabilities", vulns(image)),
        ("Shell", image.shell.to_string()),
        ("libc", image.libc.to_string()),
        ("Package manager", image.package_manager.to_string()),
        (
            "Default user",
            format!("{} (uid {})", image.user, image.uid),
        ),
        ("Support ends", support_end(image)),
    ]);
    rows
}

/// A figure followed by how it was obtained: `43 MB (measured 2026-08-05)`, `≈22 MB (estimate)`.
fn provenance(text: &str, kind: FigureKind, measured: Option<Date>) -> String {
    match (kind, measured) {
        (FigureKind::Measured, Some(day)) => format!("{text} (measured {day})"),
        (kind, _) => format!("{text} ({})", kind.as_str()),
    }
}

/// What the catalog measured for a family, in two phrases: the compressed sizes and the package counts
/// of its supported images (`1–58 MB measured, 9 estimated`), so family profiles never state figures
/// by hand.
pub fn family_figures(images: &[&Image], family: Family, day: Date) -> (String, String) {
    let members: Vec<&&Image> = images
        .iter()
        .filter(|i| i.family == family && i.supported_on(day))
        .collect();
    let sizes: Vec<f64> = members
        .iter()
        .filter_map(|i| i.compressed.measured_value())
        .collect();
    let counts: Vec<f64> = members
        .iter()
        .filter_map(|i| i.packages.measured_value().map(f64::from))
        .collect();
    let range = |values: &[f64], unit: &dyn Fn(f64) -> String| -> String {
        let estimated = members.len() - values.len();
        let rest = if estimated == 0 {
            String::new()
        } else {
            format!(", {estimated} estimated")
        };
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        match values.len() {
            0 => format!("not measured ({} estimated)", members.len()),
            1 => format!("{} (1 measured{rest})", unit(lo)),
            n => format!("{}–{} ({n} measured{rest})", unit(lo), unit(hi)),
        }
    };
    (
        range(&sizes, &format_size),
        range(&counts, &|n| format!("{n:.0}")),
    )
}

/// Short phrases such as "−21 MB", "≈ +20 MB", "37 fewer packages", "adds a shell", "musl libc".
/// Approximate differences carry `≈`; vulnerability differences appear only between scanner counts.
pub fn describe(deltas: &Deltas) -> Vec<String> {
    if deltas.same_image {
        return vec!["the same image under another tag".to_owned()];
    }
    let mut out = Vec::new();
    let size = deltas.size_mb;
    let mark = if size.exact { "" } else { "≈ " };
    if size.value.abs() >= 0.5 {
        let value = if size.exact {
            size.value
        } else {
            size.value.round()
        };
        out.push(format!("{mark}{} MB", signed(value)));
    } else {
        out.push(format!("{mark}same size"));
    }
    let packages = deltas.packages;
    if packages.value.abs() >= 0.5 {
        let mark = if packages.exact { "" } else { "≈ " };
        let n = packages.value.abs().round();
        out.push(format!(
            "{mark}{n} {} package{}",
            if packages.value > 0.0 {
                "more"
            } else {
                "fewer"
            },
            if (n - 1.0).abs() < 0.5 { "" } else { "s" }
        ));
    }
    if let Some(vulns) = deltas.vulns.map(f64::round)
        && vulns != 0.0
    {
        out.push(format!(
            "{} {} known vulnerabilit{}",
            vulns.abs(),
            if vulns > 0.0 { "more" } else { "fewer" },
            if (vulns.abs() - 1.0).abs() < 0.5 {
                "y"
            } else {
                "ies"
            }
        ));
    }
    if let Some(Change { from, to }) = deltas.shell {
        out.push(match (from, to) {
            (Shell::None, to) => format!("adds a shell ({to})"),
            (_, Shell::None) => "no shell".to_owned(),
            (_, to) => format!("{to} instead of {from}"),
        });
    }
    if let Some(Change { to, .. }) = deltas.libc {
        out.push(match to {
            Libc::None => "no libc".to_owned(),
            other => format!("{other} libc"),
        });
    }
    if deltas.unsupported {
        out.push("out of support".to_owned());
    }
    out
}

/// Whether any phrase of `describe` is approximate, so the output needs [`ESTIMATE_NOTE`].
pub fn has_estimate(deltas: &Deltas) -> bool {
    !deltas.same_image && (!deltas.size_mb.exact || !deltas.packages.exact)
}

/// `+80`, `−80` (a real minus sign reads better in a table), `+0.5`.
pub fn signed(x: f64) -> String {
    let magnitude = if x.fract().abs() < 0.05 {
        format!("{:.0}", x.abs())
    } else {
        format!("{:.1}", x.abs())
    };
    format!("{}{magnitude}", if x < 0.0 { "−" } else { "+" })
}

/// One line about an app: its runtime and what is known about it (`detect` and the TUI's app chooser).
pub fn app_summary(app: &DetectedApp) -> String {
    let rt = &app.runtime;
    let mut parts = vec![rt.runtime.clone()];
    if let Some(v) = &rt.version {
        parts.push(v.value.clone());
    }
    if let Some(pm) = &rt.package_manager {
        parts.push(format!("with {}", pm.value));
    }
    if let Some(a) = &rt.artifact {
        parts.push(format!("builds {}", a.value));
    }
    if let Some(s) = &rt.start {
        parts.push(format!("starts `{}`", s.value.join(" ")));
    }
    if !app.others.is_empty() {
        parts.push(format!("(also {})", app.others.join(", ")));
    }
    parts.join(" ")
}
