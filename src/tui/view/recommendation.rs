//! The recommendation pane: image card, the trail of answers and why, the alternatives and their costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Wrap};

use super::Theme;
use crate::advisor::Outcome;
use crate::output::recommend::card;
use crate::tui::app::App;

pub fn render(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let alt_rows = u16::try_from(outcome.alternatives.len()).unwrap_or(0);
    let [top, bottom] = Layout::vertical([
        Constraint::Min(6),
        Constraint::Length(alt_rows.saturating_add(3)),
    ])
    .areas(area);
    let widest = outcome
        .alternatives
        .iter()
        .map(|a| a.image.reference().len())
        .chain([outcome.image.reference().len()])
        .max()
        .unwrap_or(0);
    let card_width = u16::try_from(widest + 20)
        .unwrap_or(u16::MAX)
        .clamp(40, (area.width / 2).max(40));
    let [left, right] =
        Layout::horizontal([Constraint::Length(card_width), Constraint::Min(20)]).areas(top);

    let mut lines: Vec<Line> = card(outcome.image)
        .into_iter()
        .map(|(label, value)| {
            Line::from(vec![
                Span::styled(format!("{label:<16}"), theme.dim()),
                Span::raw(value),
            ])
        })
        .collect();
    if let Some(b) = outcome.builder {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<16}", "Build stage"), theme.dim()),
            Span::raw(b.reference().to_owned()),
        ]));
    }
    let title = Span::styled(format!(" {} ", outcome.title), theme.accent());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        left,
    );

    let mut why = vec![Line::raw(outcome.why.to_owned()), Line::raw("")];
    for step in &outcome.trail {
        why.push(Line::from(vec![
            Span::styled(format!("{}: ", step.question), theme.key()),
            Span::raw(step.label.clone()),
        ]));
        if let Some(b) = &step.because {
            why.push(Line::from(Span::styled(format!("  {b}"), theme.dim())));
        }
    }
    let scroll = app.scroll[0];
    frame.render_widget(
        Paragraph::new(why)
            .wrap(Wrap { trim: true })
            .scroll((scroll, 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title("Why, and the answers that led here"),
            ),
        right,
    );

    let rows = outcome.alternatives.iter().map(|alt| {
        let style = if alt.deltas.unsupported {
            theme.warn()
        } else {
            ratatui::style::Style::new()
        };
        Row::new(vec![
            alt.image.reference().to_owned(),
            alt.summary.join(", "),
        ])
        .style(style)
    });
    let ref_width = u16::try_from(widest + 1)
        .unwrap_or(u16::MAX)
        .min(area.width / 2);
    let table = Table::new(rows, [Constraint::Length(ref_width), Constraint::Min(20)])
        .header(
            Row::new(vec!["Alternative", "Compared with the recommendation"]).style(theme.title()),
        )
        .block(Block::default().borders(Borders::ALL).title("Alternatives"));
    frame.render_widget(table, bottom);
}
