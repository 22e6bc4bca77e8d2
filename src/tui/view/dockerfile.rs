//! The Dockerfile pane: a scrollable preview of the generated file.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use crate::tui::app::App;

pub fn render(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title("Dockerfile preview · p: parameters  e: export  ↑↓ PgUp PgDn: scroll");
    let lines: Vec<Line> = match app.artifacts() {
        Some(Ok(a)) => a.dockerfile.lines().map(|l| highlight(l, theme)).collect(),
        Some(Err(e)) => vec![Line::from(Span::styled(
            format!("Cannot render: {e}"),
            theme.error(),
        ))],
        None => Vec::new(),
    };
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((app.panes.dockerfile.preview.scroll.min(max), 0))
            .block(block),
        area,
    );
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
