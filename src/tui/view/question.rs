//! The question screen: prompt, numbered choices (wrapped under their labels), and beside them either
//! "why this matters" or the decision tree with the way taken so far (`t` switches).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::layout::list_offset;
use super::wrap::wrap;
use crate::knowledge::Question;
use crate::tui::app::App;
use crate::tui::tree::{TreePane, taken};

/// Where the question screen puts things, and its text as drawn.
#[derive(Debug)]
pub struct QuestionLayout {
    /// The block with the prompt and the choices.
    pub ask: Rect,
    /// The side panel: why this matters, or the tree.
    pub side: Rect,
    /// The lines inside `ask`, each with the choice it belongs to.
    pub lines: Vec<(Option<usize>, Line<'static>)>,
    /// Lines scrolled off the top so the highlighted choice is in view.
    pub offset: usize,
}

impl QuestionLayout {
    /// The choice drawn at screen row `y`, if any.
    pub fn choice_at(&self, y: u16) -> Option<usize> {
        let inner = self.ask.inner(ratatui::layout::Margin::new(1, 1));
        if !(inner.y..inner.bottom()).contains(&y) {
            return None;
        }
        let line = self.offset + usize::from(y - inner.y);
        self.lines.get(line).and_then(|(choice, _)| *choice)
    }
}

pub fn layout(app: &App<'_>, q: &Question, area: Rect, theme: Theme) -> QuestionLayout {
    let wide = area.width >= 100;
    // The tree needs more room than the text it replaces.
    let share: u16 = if app.show_tree { 40 } else { 55 };
    let ask_width = if wide {
        area.width * share / 100
    } else {
        area.width
    };
    let lines = ask_lines(app, q, ask_width.saturating_sub(2), theme);
    let [ask, side] = if wide {
        Layout::horizontal([Constraint::Length(ask_width), Constraint::Min(1)]).areas(area)
    } else {
        let wanted = u16::try_from(lines.len() + 3).unwrap_or(u16::MAX);
        let most = area.height.saturating_sub(5).max(3);
        Layout::vertical([Constraint::Length(wanted.min(most)), Constraint::Min(3)]).areas(area)
    };
    let height = ask.height.saturating_sub(2);
    let last = lines
        .iter()
        .rposition(|(c, _)| *c == Some(app.cursor))
        .unwrap_or(0);
    let first = lines
        .iter()
        .position(|(c, _)| *c == Some(app.cursor))
        .unwrap_or(0);
    let offset = list_offset(last, height).min(first);
    QuestionLayout {
        ask,
        side,
        lines,
        offset,
    }
}

/// The prompt, a blank line and the choices, wrapped to `width`.
fn ask_lines(
    app: &App<'_>,
    q: &Question,
    width: u16,
    theme: Theme,
) -> Vec<(Option<usize>, Line<'static>)> {
    let mut lines: Vec<(Option<usize>, Line<'static>)> =
        wrap(&[Span::styled(q.prompt.as_str(), theme.title())], width, 0)
            .into_iter()
            .map(|l| (None, l))
            .collect();
    lines.push((None, Line::raw("")));
    let suggested = app.session.suggested();
    for (i, c) in q.choices.iter().enumerate() {
        let selected = i == app.cursor;
        let marker = format!("{}{}. ", if selected { "▶ " } else { "  " }, i + 1);
        let note = if suggested == Some(c.id.as_str()) {
            "  (detected)"
        } else if q.default_choice().is_some_and(|d| d.id == c.id) {
            "  (default)"
        } else {
            ""
        };
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        let indent = u16::try_from(marker.width()).unwrap_or(0);
        let spans = [
            Span::styled(marker, style),
            Span::styled(c.label.as_str(), style),
            Span::styled(note, style),
        ];
        for line in wrap(&spans, width, indent) {
            let line = if selected { line.style(style) } else { line };
            lines.push((Some(i), line));
        }
    }
    lines
}

pub fn render(app: &App<'_>, q: &Question, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let layout = layout(app, q, area, theme);
    let number = app.session.depth() + 1;
    let more = app.session.remaining().saturating_sub(1);
    let progress = match more {
        0 => format!("Question {number} · last one on this path"),
        1 => format!("Question {number} · at most 1 more"),
        n => format!("Question {number} · at most {n} more"),
    };
    let lines: Vec<Line> = layout
        .lines
        .iter()
        .skip(layout.offset)
        .map(|(_, l)| l.clone())
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(progress)),
        layout.ask,
    );
    if app.show_tree {
        let next = q.choices.get(app.cursor).map(|c| c.id.as_str());
        let pane = TreePane::along(app.knowledge, app.session.trail(), next);
        let mut path = taken(app.knowledge, app.session.trail());
        path.extend(next.map(str::to_owned));
        let title = "Decision tree · ● your answers · t: why this matters";
        super::tree::render_tree(
            app.knowledge,
            &pane,
            &path,
            title,
            theme,
            frame,
            layout.side,
        );
    } else {
        render_why(app, q, theme, frame, layout.side);
    }
}

fn render_why(app: &App<'_>, q: &Question, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
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
    let block = Block::default()
        .borders(Borders::ALL)
        .title("Why this matters · t: decision tree");
    frame.render_widget(
        Paragraph::new(help).wrap(Wrap { trim: true }).block(block),
        area,
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
