//! The text of the choosers (which app, which program) and of the notice after an export, for the
//! overlay frame in `overlay.rs`. One row per entry, cut to the overlay's width, so the list never
//! wraps and the highlighted row is always the one Enter takes.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::compare::truncate;
use super::wrap::wrap;
use super::{Theme, hints};
use crate::tui::choose::Chooser;
use crate::tui::keys::{self, Mode};

/// The widest a chooser or notice gets.
pub const WIDTH: u16 = 78;

/// Title and lines of a chooser `width` columns wide (border included), and the line the highlighted
/// entry is on (the overlay scrolls to keep it in view).
pub fn chooser(
    chooser: &Chooser,
    cursor: usize,
    width: u16,
    theme: Theme,
) -> (&'static str, Vec<Line<'static>>, usize) {
    let inner = width.saturating_sub(2);
    let (title, intro, rows, outro): (&str, String, Vec<(String, String)>, &str) = match chooser {
        Chooser::App(apps) => (
            "Which app?",
            format!(
                "This directory holds {} apps. Which one should basepick advise on?",
                apps.len()
            ),
            apps.iter()
                .map(|a| (a.dir.clone(), a.summary.clone()))
                .collect(),
            "Its answers and files are used as if basepick had been started in its directory. Esc: none, ask every question.",
        ),
        Chooser::Program(choice) => (
            "Which program?",
            format!(
                "The project builds several {}. Which one should the Dockerfile build?",
                choice.what
            ),
            choice
                .candidates
                .iter()
                .map(|c| (c.artifact.clone(), c.evidence.clone()))
                .collect(),
            "The choice becomes the app_name parameter (p shows it).",
        ),
    };
    let mut lines = wrap(&[Span::raw(intro)], inner, 0);
    lines.push(Line::raw(""));
    let name_width = rows.iter().map(|(n, _)| n.width()).max().unwrap_or(0);
    let number_width = rows.len().to_string().len();
    let at = lines.len() + cursor;
    for (i, (name, detail)) in rows.iter().enumerate() {
        let marker = if i == cursor { "▶" } else { " " };
        let number = format!("{}.", i + 1);
        let text = format!(
            "{marker} {number:<w$} {name:<name_width$}  {detail}",
            w = number_width + 1
        );
        let text = truncate(&text, inner);
        lines.push(if i == cursor {
            Line::from(Span::styled(text, theme.selected()))
        } else {
            Line::raw(text)
        });
    }
    lines.push(Line::raw(""));
    lines.extend(wrap(&[Span::styled(outro, theme.dim())], inner, 0));
    lines.push(Line::raw(""));
    lines.push(hints(keys::footer_hints(Mode::Choose), theme));
    (title, lines, at)
}

/// The notice's lines, wrapped to `width` columns (border included); list items keep a hanging
/// indent.
pub fn notice(text: &[String], width: u16, theme: Theme) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(2);
    let mut lines = Vec::new();
    for line in text {
        let indent = if line.starts_with("- ") { 2 } else { 0 };
        lines.extend(wrap(&[Span::raw(line.clone())], inner, indent));
    }
    lines.push(Line::raw(""));
    lines.push(hints(keys::footer_hints(Mode::Notice), theme));
    lines
}
