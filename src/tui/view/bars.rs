//! Bars comparing the recommendation with its alternatives: compressed size, and the range of known
//! vulnerabilities. How a figure was obtained shows in how it is drawn: measured figures are solid
//! (`█`), estimates hatched (`▒`), illustrative ranges light (`░`), and a legend says so.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::compare::truncate;
use super::names::Names;
use crate::advisor::Outcome;
use crate::knowledge::{FigureKind, Image};
use crate::present::{size, vulns_cell};

/// Rows the chart needs for `images` images: one each, the legend and the border.
pub fn height(images: usize) -> u16 {
    u16::try_from(images + 3).unwrap_or(u16::MAX)
}

/// The glyph a figure of this kind is drawn with.
pub fn glyph(kind: FigureKind) -> char {
    match kind {
        FigureKind::Measured => '█',
        FigureKind::Estimate => '▒',
        FigureKind::Illustrative => '░',
    }
}

/// The recommendation, its alternatives, and the image selected in the table when it is neither.
pub fn images<'a>(
    outcome: &Outcome<'a>,
    selected: Option<&'a Image>,
) -> Vec<(&'static str, &'a Image)> {
    let mut rows = vec![("★ ", outcome.image)];
    rows.extend(outcome.alternatives.iter().map(|a| ("  ", a.image)));
    if let Some(s) = selected
        && !rows.iter().any(|(_, i)| i.id == s.id)
    {
        rows.push(("▶ ", s));
    }
    rows
}

/// The width of the name column in a chart `width` columns wide (border included).
fn name_column(longest: usize, width: u16) -> u16 {
    u16::try_from(longest)
        .unwrap_or(u16::MAX)
        .min(width.saturating_sub(2) / 3)
}

/// Whether the full names of `rows` would be cut in a chart `width` columns wide.
pub fn needs_codes(rows: &[(&str, &Image)], width: u16) -> bool {
    let longest = rows
        .iter()
        .map(|(_, i)| i.reference.to_string().width() + 2)
        .max()
        .unwrap_or(0);
    usize::from(name_column(longest, width)) < longest
}

pub fn render(
    outcome: &Outcome<'_>,
    selected: Option<&Image>,
    names: &Names,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let rows = images(outcome, selected);
    let width = area.width.saturating_sub(2);
    let longest = rows
        .iter()
        .map(|(_, i)| names.short(&i.reference).width() + 2)
        .max()
        .unwrap_or(0);
    let name_width = name_column(longest, area.width);
    // Two groups of bar and value, separated by " │ ".
    let group = width.saturating_sub(name_width + 4) / 2;
    let size_bar = group.saturating_sub(8);
    let vuln_bar = group.saturating_sub(9);
    let max_size = rows.iter().map(|(_, i)| i.size_mb()).fold(0.0, f64::max);
    let max_vulns = rows
        .iter()
        .map(|(_, i)| i.vulns.value.max)
        .max()
        .unwrap_or(0)
        .max(1);
    let mut lines: Vec<Line> = rows
        .iter()
        .map(|(mark, image)| {
            let name = truncate(&names.short(&image.reference), name_width.saturating_sub(2));
            let style = if *mark == "★ " {
                theme.accent()
            } else {
                Style::new()
            };
            let kind_style = |kind| {
                if kind == FigureKind::Measured {
                    theme.measured()
                } else {
                    theme.estimated()
                }
            };
            let fraction = if max_size > 0.0 {
                image.size_mb() / max_size
            } else {
                0.0
            };
            let size_text = size_bar_text(fraction, size_bar, image.compressed.kind);
            let range = image.vulns.value;
            let vuln_text = range_text(
                f64::from(range.min) / f64::from(max_vulns),
                f64::from(range.max) / f64::from(max_vulns),
                vuln_bar,
                image.vulns.kind,
            );
            Line::from(vec![
                Span::styled(
                    format!(
                        "{mark}{name:<w$}",
                        w = usize::from(name_width.saturating_sub(2))
                    ),
                    style,
                ),
                Span::raw(" "),
                Span::styled(size_text, kind_style(image.compressed.kind)),
                Span::raw(format!(" {:>7}", size(&image.compressed))),
                Span::styled(" │ ", theme.dim()),
                Span::styled(vuln_text, kind_style(image.vulns.kind)),
                Span::raw(format!(" {:>8}", vulns_cell(image))),
            ])
        })
        .collect();
    lines.push(Line::styled(
        "█ measured  ▒ estimate (≈)  ░ illustrative range (*), not a scanner count",
        theme.dim(),
    ));
    let title = " Size │ vulnerabilities · ★ the recommendation and its alternatives ";
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

/// A bar `fraction` of `width` long. Measured sizes use eighth blocks for precision; other kinds whole
/// cells of their glyph. Anything above zero shows at least a sliver.
pub fn size_bar_text(fraction: f64, width: u16, kind: FigureKind) -> String {
    let eighths = scale(fraction, u32::from(width) * 8, f64::round);
    let width = usize::from(width);
    let eighths = if fraction > 0.0 { eighths.max(1) } else { 0 };
    let mut bar = String::new();
    if kind == FigureKind::Measured {
        bar.push_str(&"█".repeat(eighths / 8));
        if eighths % 8 > 0 {
            bar.push(['▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8 - 1]);
        }
    } else {
        bar.extend(std::iter::repeat_n(glyph(kind), eighths.div_ceil(8)));
    }
    format!("{bar:<width$}")
}

/// A range from `from` to `to` (fractions of `width`), at least one cell wide.
pub fn range_text(from: f64, to: f64, width: u16, kind: FigureKind) -> String {
    if width == 0 {
        return String::new();
    }
    let cells = u32::from(width);
    let width = usize::from(width);
    let start = scale(from, cells, f64::floor).min(width - 1);
    let end = scale(to, cells, f64::ceil).clamp(start + 1, width);
    let mut text = " ".repeat(start);
    text.extend(std::iter::repeat_n(glyph(kind), end - start));
    format!("{text:<width$}")
}

/// `fraction` (clamped to 0..=1) of `units`, rounded with `round`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // Within 0..=units, so it fits.
fn scale(fraction: f64, units: u32, round: fn(f64) -> f64) -> usize {
    round(fraction.clamp(0.0, 1.0) * f64::from(units)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measured_bars_are_solid_and_estimates_hatched() {
        assert_eq!(size_bar_text(0.5, 4, FigureKind::Measured), "██  ");
        assert_eq!(size_bar_text(0.5, 4, FigureKind::Estimate), "▒▒  ");
        assert_eq!(size_bar_text(0.3, 4, FigureKind::Measured), "█▎  ");
        assert_eq!(
            size_bar_text(0.001, 4, FigureKind::Measured),
            "▏   ",
            "a sliver, not nothing"
        );
        assert_eq!(size_bar_text(0.0, 3, FigureKind::Measured), "   ");
    }

    #[test]
    fn ranges_start_where_they_start_and_are_never_empty() {
        assert_eq!(range_text(0.5, 1.0, 4, FigureKind::Illustrative), "  ░░");
        assert_eq!(range_text(0.0, 0.0, 4, FigureKind::Illustrative), "░   ");
        assert_eq!(range_text(0.1, 0.2, 10, FigureKind::Measured), " █        ");
    }
}
