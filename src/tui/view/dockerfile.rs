//! The Dockerfile pane: what the plan took from the project or the form and the notes the user must
//! act on, above a scrollable preview of the generated file.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::wrap::wrap;
use crate::generate::{Plan, Source};
use crate::tui::app::App;

/// The plan's part never takes more than this share of the pane, so the preview stays usable.
const PLAN_SHARE: u16 = 2;

pub fn render(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title("Dockerfile preview · p: parameters  e: export  ↑↓ PgUp PgDn: scroll");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = match app.artifacts() {
        Some(Ok(a)) => a.dockerfile.lines().map(|l| highlight(l, theme)).collect(),
        Some(Err(e)) => vec![Line::from(Span::styled(
            format!("Cannot render: {e}"),
            theme.error(),
        ))],
        None => Vec::new(),
    };
    let summary = app
        .plan()
        .map(|p| summary(p, inner.width, inner.height / PLAN_SHARE, theme))
        .unwrap_or_default();
    let preview = if summary.is_empty() {
        inner
    } else {
        let height = u16::try_from(summary.len()).unwrap_or(u16::MAX);
        let [top, rule, rest] = Layout::vertical([
            Constraint::Length(height),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(summary), top);
        frame.render_widget(
            Paragraph::new(Span::styled(
                "─".repeat(usize::from(rule.width)),
                theme.dim(),
            )),
            rule,
        );
        rest
    };
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines).scroll((app.panes.dockerfile.preview.scroll.min(max), 0)),
        preview,
    );
}

/// The values taken from the project or the form, with their sources, then the plan's notes; wrapped
/// to `width` and cut to `room` lines (the notes are in the file's header too).
fn summary(plan: &Plan, width: u16, room: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut spans = vec![Span::styled("Values ", theme.key())];
    for d in plan
        .decisions
        .iter()
        .filter(|d| d.source != Source::Default)
    {
        if spans.len() > 1 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let from = match &d.source {
            Source::Set => "you set it",
            Source::Detected(evidence) => evidence.as_str(),
            Source::Default => "default",
        };
        spans.push(Span::raw(format!("{} {} ", d.key, d.value)));
        spans.push(Span::styled(format!("({from})"), theme.dim()));
    }
    if spans.len() > 1 {
        lines.extend(wrap(&spans, width, 7));
    }
    for note in &plan.notes {
        let spans = [
            Span::styled("Note   ", theme.warn()),
            Span::raw(note.clone()),
        ];
        lines.extend(wrap(&spans, width, 7));
    }
    // One line is kept for the rule under the summary.
    let room = usize::from(room.saturating_sub(1));
    if lines.len() > room {
        lines.truncate(room.saturating_sub(1));
        if room > 0 {
            lines.push(Line::from(Span::styled(
                "… the rest is in the file's header below",
                theme.dim(),
            )));
        }
    }
    lines
}

/// Comments dimmed, instruction keywords emphasised.
fn highlight(line: &str, theme: Theme) -> Line<'static> {
    if line.trim_start().starts_with('#') {
        return Line::from(Span::styled(line.to_owned(), theme.dim()));
    }
    match line.split_once(' ') {
        Some((kw, rest)) if kw.chars().all(|c| c.is_ascii_uppercase()) && !kw.is_empty() => {
            Line::from(vec![
                Span::styled(kw.to_owned(), theme.key()),
                Span::raw(format!(" {rest}")),
            ])
        }
        _ => Line::raw(line.to_owned()),
    }
}
