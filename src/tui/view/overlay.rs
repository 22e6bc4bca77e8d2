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
        Overlay::Help => ("Keys", help_lines(theme), 64),
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
                        lines.push(Line::from(Span::styled(format!("    {e}"), theme.error())))
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

fn help_lines(theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (heading, modes) in [
        ("Questions and results", &[Mode::Question, Mode::Result][..]),
        ("Forms", &[Mode::Form, Mode::Confirm][..]),
    ] {
        lines.push(Line::from(Span::styled(heading, theme.title())));
        for (key, hint) in keys::help_rows(modes) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<10}"), theme.key()),
                Span::raw(hint),
            ]));
        }
    }
    lines
}
