//! The recommendation pane: image card, the trail of answers and why, the alternatives and their costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::advisor::Outcome;
use crate::present::{Detail, ESTIMATE_NOTE, card, describe, has_estimate};
use crate::tui::app::App;

pub fn render(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    // Narrow screens give each alternative two lines, so its costs can wrap under its name.
    let per_alt = if area.width >= 110 { 1 } else { 2 };
    let estimated = outcome.alternatives.iter().any(|a| has_estimate(&a.deltas));
    let alt_rows = u16::try_from(outcome.alternatives.len() * per_alt + usize::from(estimated))
        .unwrap_or(u16::MAX);
    let [top, bottom] = Layout::vertical([
        Constraint::Min(6),
        Constraint::Length(alt_rows.saturating_add(2)),
    ])
    .areas(area);
    let card_width = u16::try_from(outcome.image.reference.to_string().len() + 4)
        .unwrap_or(u16::MAX)
        .clamp(38, (area.width / 2).max(38));
    let [left, right] =
        Layout::horizontal([Constraint::Length(card_width), Constraint::Min(20)]).areas(top);

    // The block title names the leaf; the reference leads the card on its own line, where it can wrap.
    let mut lines = vec![Line::from(Span::styled(
        outcome.image.reference.to_string(),
        theme.accent(),
    ))];
    lines.extend(
        card(outcome.image, Detail::Compact)
            .into_iter()
            .skip(1)
            .map(|(label, value)| {
                Line::from(vec![
                    Span::styled(format!("{label:<16}"), theme.dim()),
                    Span::raw(value),
                ])
            }),
    );
    if let Some(b) = outcome.builder {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<16}", "Build stage"), theme.dim()),
            Span::raw(b.reference.to_string()),
        ]));
    }
    let title = Span::styled(format!(" {} ", outcome.leaf.title), theme.accent());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        left,
    );

    let mut why = vec![Line::raw(outcome.leaf.why.clone()), Line::raw("")];
    for step in &outcome.trail {
        why.push(Line::from(vec![
            Span::styled(format!("{}: ", step.question), theme.key()),
            Span::raw(step.label.clone()),
        ]));
        if let Some(b) = &step.because {
            why.push(Line::from(Span::styled(format!("  {b}"), theme.dim())));
        }
    }
    frame.render_widget(
        Paragraph::new(why)
            .wrap(Wrap { trim: true })
            .scroll((app.scroll[0], 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title("Why, and the answers that led here · ↑↓ scroll"),
            ),
        right,
    );

    let mut alternatives: Vec<Line> = outcome
        .alternatives
        .iter()
        .map(|alt| {
            let style = if alt.deltas.unsupported {
                theme.warn()
            } else {
                theme.key()
            };
            Line::from(vec![
                Span::styled(alt.image.reference.to_string(), style),
                Span::raw("  "),
                Span::raw(describe(&alt.deltas).join(", ")),
            ])
        })
        .collect();
    if estimated {
        alternatives.push(Line::styled(ESTIMATE_NOTE, theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(alternatives)
            .wrap(Wrap { trim: false })
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title("Alternatives, compared with the recommendation"),
            ),
        bottom,
    );
}
