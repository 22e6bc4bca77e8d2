//! The recommendation pane: image card, the trail of answers and why, the alternatives and their costs.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::wrap::wrap;
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
    let alternatives = alternative_lines(outcome, area.width.saturating_sub(2), theme);
    let alt_rows = u16::try_from(alternatives.len()).unwrap_or(u16::MAX);
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
    // Values wrap under themselves, not under their labels.
    let width = left.width.saturating_sub(2);
    let mut lines = wrap(
        &[Span::styled(
            outcome.image.reference.to_string(),
            theme.accent(),
        )],
        width,
        0,
    );
    let mut rows = card(outcome.image, Detail::Compact);
    rows.remove(0);
    if let Some(b) = outcome.builder {
        rows.push(("Build stage", b.reference.to_string()));
    }
    for (label, value) in rows {
        lines.extend(wrap(
            &[
                Span::styled(format!("{label:<16}"), theme.dim()),
                Span::raw(value),
            ],
            width,
            16,
        ));
    }
    let title = Span::styled(format!(" {} ", outcome.leaf.title), theme.accent());
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        left,
    );

    let width = right.width.saturating_sub(2);
    let mut why = wrap(&[Span::raw(outcome.leaf.why.as_str())], width, 0);
    why.push(Line::raw(""));
    for step in &outcome.trail {
        why.extend(wrap(
            &[
                Span::styled(format!("{}: ", step.question), theme.key()),
                Span::raw(step.label.as_str()),
            ],
            width,
            2,
        ));
        if let Some(b) = &step.because {
            why.extend(wrap(
                &[Span::raw("  "), Span::styled(b.as_str(), theme.dim())],
                width,
                2,
            ));
        }
    }
    let max = u16::try_from(why.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(1);
    frame.render_widget(
        Paragraph::new(why)
            .scroll((app.panes.recommendation.scroll.min(max), 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title("Why, and the answers that led here · ↑↓ scroll"),
            ),
        right,
    );

    frame.render_widget(
        Paragraph::new(alternatives).block(
            Block::default()
                .borders(Borders::ALL)
                .title("Alternatives, compared with the recommendation · bars: 2 Compare"),
        ),
        bottom,
    );
}

/// One item per alternative, its costs wrapped under its name.
fn alternative_lines(outcome: &Outcome<'_>, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for alt in &outcome.alternatives {
        let style = if alt.deltas.unsupported {
            theme.warn()
        } else {
            theme.key()
        };
        let reference = alt.image.reference.to_string();
        let costs = describe(&alt.deltas).join(", ");
        lines.extend(wrap(
            &[
                Span::raw("• "),
                Span::styled(reference, style),
                Span::raw("  "),
                Span::raw(costs),
            ],
            width,
            2,
        ));
    }
    if outcome.alternatives.iter().any(|a| has_estimate(&a.deltas)) {
        lines.extend(wrap(&[Span::styled(ESTIMATE_NOTE, theme.dim())], width, 0));
    }
    lines
}
