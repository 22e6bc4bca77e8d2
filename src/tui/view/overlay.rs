//! Overlays drawn on top of a screen: help, the parameter form, the export prompt and confirmation.
//! The focused text field puts the terminal's own cursor where typing goes.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::chooser::{self, WIDTH};
use super::{Theme, centered, hints};
use crate::tui::app::{App, Overlay};
use crate::tui::field::TextField;
use crate::tui::keys::{self, Mode};
use crate::tui::overlays::and_list;

/// Width of a value in the parameter form.
const LABEL: u16 = 11;

pub fn render(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let Some(overlay) = &app.overlay else {
        return;
    };
    // `cursor`: (line, column) of the terminal cursor inside the overlay's text, when a field is focused.
    let (title, lines, width, scroll, cursor) = match overlay {
        Overlay::Help { scroll } => {
            let (lines, width) = help_lines(theme, area.height.saturating_sub(2), area.width);
            let max = u16::try_from(lines.len())
                .unwrap_or(u16::MAX)
                .saturating_sub(area.height.saturating_sub(2));
            ("Keys", lines, width, (*scroll).min(max), None)
        }
        Overlay::Params { fields, focus } => {
            let width: u16 = 72;
            let field_width = width.saturating_sub(2 + LABEL + 2);
            let mut lines = vec![
                Line::raw("Values go into the Dockerfile; each is checked as you type."),
                Line::raw(""),
            ];
            let mut cursor = None;
            for (i, f) in fields.iter().enumerate() {
                let focused = i == *focus;
                let marker = if focused { "▶ " } else { "  " };
                let (value, at) = field_text(&f.input, field_width, focused, theme);
                if focused {
                    cursor = Some((lines.len(), 2 + LABEL + at));
                }
                let mut spans = vec![
                    Span::raw(marker),
                    Span::styled(
                        format!("{:<w$}", f.key.as_str(), w = usize::from(LABEL)),
                        theme.key(),
                    ),
                ];
                spans.extend(value);
                lines.push(Line::from(spans));
                match &f.error {
                    Some(e) => {
                        lines.push(Line::from(Span::styled(format!("    {e}"), theme.error())));
                    }
                    None if focused => lines.push(Line::from(Span::styled(
                        format!("    {}", f.key.help()),
                        theme.dim(),
                    ))),
                    None => {}
                }
            }
            lines.push(Line::raw(""));
            lines.push(hints(keys::footer_hints(Mode::Form), theme));
            ("Dockerfile parameters", lines, width, 0, cursor)
        }
        Overlay::ExportPath { input, note } => {
            let width: u16 = 76;
            let (value, at) = field_text(input, width - 4, true, theme);
            let names = and_list(&app.panes.dockerfile.file_names());
            let mut lines = vec![
                Line::raw(format!("Write {names} into this directory")),
                Line::raw(
                    "(created if missing; existing files are never replaced without asking):",
                ),
                Line::raw(""),
                Line::from(value),
            ];
            let cursor = Some((3, at));
            if input.is_selected() {
                lines.push(Line::styled(
                    "Typing replaces the suggestion; ← or → keeps it.",
                    theme.dim(),
                ));
            }
            if let Some(note) = note {
                lines.push(Line::styled(note.clone(), theme.dim()));
            }
            lines.push(Line::raw(""));
            lines.push(hints(keys::footer_hints(Mode::Path), theme));
            ("Export", lines, width, 0, cursor)
        }
        Overlay::ConfirmOverwrite { dir, existing } => {
            let lines = vec![
                Line::from(Span::styled(
                    format!("{} already exists.", existing.display()),
                    theme.warn(),
                )),
                Line::raw(format!(
                    "Overwrite {} in {}?",
                    and_list(&app.panes.dockerfile.file_names()),
                    dir.display()
                )),
                Line::raw(""),
                hints(keys::footer_hints(Mode::Confirm), theme),
            ];
            ("Overwrite?", lines, 64, 0, None)
        }
        Overlay::Choose { chooser, cursor } => {
            let width = WIDTH.min(area.width);
            let (title, lines, at) = chooser::chooser(chooser, *cursor, width, theme);
            // A list taller than the screen scrolls so the highlighted entry stays in view.
            let rows = usize::from(area.height.saturating_sub(2)).max(1);
            let scroll = u16::try_from((at + 1).saturating_sub(rows)).unwrap_or(u16::MAX);
            (title, lines, width, scroll, None)
        }
        Overlay::Notice { title, lines } => {
            let width = WIDTH.min(area.width);
            (
                title.as_str(),
                chooser::notice(lines, width, theme),
                width,
                0,
                None,
            )
        }
    };
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let title = if scroll > 0 || height > area.height {
        format!(" {title} · ↑↓ scroll ")
    } else {
        format!(" {title} ")
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(Span::styled(title, theme.title())),
            ),
        rect,
    );
    if let Some((line, column)) = cursor {
        let y = rect.y + 1 + u16::try_from(line).unwrap_or(u16::MAX);
        let x = rect.x + 1 + column;
        if y < rect.bottom().saturating_sub(1) && x < rect.right().saturating_sub(1) {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

/// A field's text as it fits in `width` columns, scrolled so the cursor is in view, and the cursor's
/// column. A selected value is drawn in reverse video: typing replaces it.
fn field_text(
    field: &TextField,
    width: u16,
    focused: bool,
    theme: Theme,
) -> (Vec<Span<'static>>, u16) {
    let chars: Vec<char> = field.value().chars().collect();
    let room = usize::from(width.saturating_sub(1));
    // Start as far left as still shows the cursor: walk back from it until the width is used up.
    let mut skip = field.cursor();
    let mut at = 0;
    while skip > 0 {
        let w = unicode_width::UnicodeWidthChar::width(chars[skip - 1]).unwrap_or(0);
        if at + w > room {
            break;
        }
        at += w;
        skip -= 1;
    }
    let shown: String = chars[skip..].iter().take(usize::from(width)).collect();
    let shown = super::compare::truncate(&shown, width);
    let style = if field.is_selected() && focused {
        theme.selected()
    } else if focused {
        Style::new().underlined()
    } else {
        Style::new()
    };
    let pad = usize::from(width).saturating_sub(shown.width());
    let mut spans = vec![Span::styled(shown, style)];
    if focused && !field.is_selected() {
        spans.push(Span::styled(" ".repeat(pad), style));
    }
    (spans, u16::try_from(at).unwrap_or(u16::MAX))
}

/// Every key, grouped by where it applies, and the overlay's width. One column that scrolls; two side
/// by side where the screen is wide enough and one would not fit.
fn help_lines(
    theme: Theme,
    rows_available: u16,
    width_available: u16,
) -> (Vec<Line<'static>>, u16) {
    let mut items: Vec<(Option<&'static str>, String, &'static str)> = Vec::new();
    for (heading, modes) in [
        ("Questions and results", &[Mode::Question, Mode::Result][..]),
        (
            "Text fields (parameters, export)",
            &[Mode::Form, Mode::Path][..],
        ),
        ("Lists to choose from (app, program)", &[Mode::Choose][..]),
        (
            "Overwrite question, notices",
            &[Mode::Confirm, Mode::Notice][..],
        ),
    ] {
        items.push((Some(heading), String::new(), ""));
        for (key, hint) in keys::help_rows(modes) {
            if modes != [Mode::Question, Mode::Result] && key == "Ctrl-C" {
                continue; // Listed once, under the first heading.
            }
            items.push((None, format!("  {key:<12}"), hint));
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
                    vec![
                        Span::styled(key.clone(), theme.key()),
                        Span::raw(format!("{hint:<hint_width$}")),
                    ]
                }
            }
        };
    let column = items
        .iter()
        .map(|(_, key, hint)| key.width() + hint.width())
        .max()
        .unwrap_or(0)
        .max(36);
    let two = 2 * column + 2;
    if items.len() > usize::from(rows_available) && two + 2 <= usize::from(width_available) {
        let half = items.len().div_ceil(2);
        let lines = (0..half)
            .map(|r| {
                let mut spans = cell(&items[r], column);
                if let Some(right) = items.get(r + half) {
                    spans.push(Span::raw("  "));
                    spans.extend(cell(right, column));
                }
                Line::from(spans)
            })
            .collect();
        return (lines, u16::try_from(two + 2).unwrap_or(u16::MAX));
    }
    let lines = items.iter().map(|i| Line::from(cell(i, column))).collect();
    (lines, u16::try_from(column + 2).unwrap_or(u16::MAX))
}
