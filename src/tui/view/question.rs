//! The question screen: prompt, numbered choices, "why this matters", progress.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::knowledge::Question;
use crate::tui::app::App;

pub fn render(app: &App<'_>, q: &Question, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let wide = area.width >= 100;
    let [ask, why] = if wide {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area)
    } else {
        let choices = u16::try_from(q.choices.len()).unwrap_or(u16::MAX);
        Layout::vertical([
            Constraint::Length(choices.saturating_add(5)),
            Constraint::Min(3),
        ])
        .areas(area)
    };

    let number = app.session.depth() + 1;
    let more = app.session.remaining().saturating_sub(1);
    let progress = match more {
        0 => format!("Question {number} · last one on this path"),
        1 => format!("Question {number} · at most 1 more"),
        n => format!("Question {number} · at most {n} more"),
    };
    let suggested = app.session.suggested();
    let mut lines = vec![
        Line::from(Span::styled(q.prompt.as_str(), theme.title())),
        Line::raw(""),
    ];
    for (i, c) in q.choices.iter().enumerate() {
        let selected = i == app.cursor;
        let marker = if selected { "▶ " } else { "  " };
        let mut note = String::new();
        if suggested == Some(c.id.as_str()) {
            note.push_str("  (detected)");
        } else if q.default_choice().is_some_and(|d| d.id == c.id) {
            note.push_str("  (default)");
        }
        let text = format!("{marker}{}. {}{note}", i + 1, c.label);
        lines.push(if selected {
            Line::from(Span::styled(text, theme.selected()))
        } else {
            Line::raw(text)
        });
    }
    let ask_block = Block::default().borders(Borders::ALL).title(progress);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(ask_block),
        ask,
    );

    let mut help = paragraphs(&q.help);
    if let Some(choice) = q.choices.get(app.cursor).and_then(|c| c.because.as_deref()) {
        help.push(Line::raw(""));
        help.push(Line::from(vec![
            Span::styled("This choice: ", theme.accent()),
            Span::raw(choice.to_owned()),
        ]));
    }
    if let Some((_, evidence)) = app.evidence.iter().find(|(k, _)| *k == q.key) {
        help.push(Line::raw(""));
        help.push(Line::from(vec![
            Span::styled("Detected: ", theme.warn()),
            Span::raw(evidence.clone()),
        ]));
    }
    let why_block = Block::default()
        .borders(Borders::ALL)
        .title("Why this matters");
    frame.render_widget(
        Paragraph::new(help)
            .wrap(Wrap { trim: true })
            .block(why_block),
        why,
    );
}

/// Joins the data's hard line breaks into paragraphs so the text reflows at any width.
pub fn paragraphs(text: &str) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, para) in text.trim().split("\n\n").enumerate() {
        if i > 0 {
            lines.push(Line::raw(""));
        }
        lines.push(Line::raw(
            para.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    lines
}
