//! Overlays drawn on top of a screen: help, the parameter form, the export prompt and confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{Theme, centered, hints};
use crate::tui::app::{App, Overlay};
use crate::tui::keys::{self, Mode};

pub fn render(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let Some(overlay) = &app.overlay else {
        return;
    };
    let (title, lines, width) = match overlay {
        Overlay::Help => {
            let lines = help_lines(theme, area.height);
            let width = if lines.iter().any(|l| l.width() > 62) {
                80
            } else {
                64
            };
            ("Keys", lines, width)
        }
        Overlay::Params { fields, focus } => {
            let mut lines = vec![
                Line::raw("Values go into the Dockerfile; each is checked as you type."),
                Line::raw(""),
            ];
            for (i, f) in fields.iter().enumerate() {
                let marker = if i == *focus { "▶ " } else { "  " };
                let value = if i == *focus {
                    format!("{}▏", f.value)
                } else {
                    f.value.clone()
                };
                let style = if i == *focus {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(vec![
                    Span::raw(marker),
                    Span::styled(format!("{:<9}", f.key.as_str()), theme.key()),
                    Span::styled(value, style),
                ]));
                match &f.error {
                    Some(e) => {
                        lines.push(Line::from(Span::styled(format!("    {e}"), theme.error())));
                    }
                    None if i == *focus => lines.push(Line::from(Span::styled(
                        format!("    {}", f.key.help()),
                        theme.dim(),
                    ))),
                    None => {}
                }
            }
            lines.push(Line::raw(""));
            lines.push(hints(keys::footer_hints(Mode::Form), theme));
            ("Dockerfile parameters", lines, 72)
        }
        Overlay::ExportPath { input } => {
            let lines = vec![
                Line::raw("Write Dockerfile and .dockerignore into this directory"),
                Line::raw(
                    "(created if missing; existing files are never replaced without asking):",
                ),
                Line::raw(""),
                Line::from(Span::styled(format!("{input}▏"), theme.selected())),
                Line::raw(""),
                hints(keys::footer_hints(Mode::Form), theme),
            ];
            ("Export", lines, 72)
        }
        Overlay::ConfirmOverwrite { dir, existing } => {
            let lines = vec![
                Line::from(Span::styled(
                    format!("{} already exists.", existing.display()),
                    theme.warn(),
                )),
                Line::raw(format!(
                    "Overwrite Dockerfile and .dockerignore in {}?",
                    dir.display()
                )),
                Line::raw(""),
                hints(keys::footer_hints(Mode::Confirm), theme),
            ];
            ("Overwrite?", lines, 64)
        }
    };
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        rect,
    );
}

/// Every key, grouped by where it applies. Tall terminals get one column; short ones two, side by side.
fn help_lines(theme: Theme, rows_available: u16) -> Vec<Line<'static>> {
    let mut items: Vec<(Option<&'static str>, String, &'static str)> = Vec::new();
    for (heading, modes) in [
        ("Questions and results", &[Mode::Question, Mode::Result][..]),
        ("Forms and dialogs", &[Mode::Form, Mode::Confirm][..]),
    ] {
        items.push((Some(heading), String::new(), ""));
        for (key, hint) in keys::help_rows(modes) {
            items.push((None, format!("  {key:<8}"), hint));
        }
    }
    let cell =
        |item: &(Option<&'static str>, String, &'static str), width: usize| -> Vec<Span<'static>> {
            match item {
                (Some(heading), _, _) => {
                    vec![Span::styled(format!("{heading:<width$}"), theme.title())]
                }
                (None, key, hint) => {
                    let hint_width = width.saturating_sub(key.chars().count());
                    let hint: String = hint.chars().take(hint_width).collect();
                    vec![
                        Span::styled(key.clone(), theme.key()),
                        Span::raw(format!("{hint:<hint_width$}")),
                    ]
                }
            }
        };
    if items.len() + 2 <= usize::from(rows_available) {
        return items.iter().map(|i| Line::from(cell(i, 60))).collect();
    }
    let half = items.len().div_ceil(2);
    (0..half)
        .map(|r| {
            let mut spans = cell(&items[r], 38);
            if let Some(right) = items.get(r + half) {
                spans.push(Span::raw("  "));
                spans.extend(cell(right, 36));
            }
            Line::from(spans)
        })
        .collect()
}
