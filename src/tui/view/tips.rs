//! The tips pane: how the recommended family fares on each aspect, and the known problems to expect.
//! Every item wraps under its own text (a hanging indent), so a second line never looks like a new item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::wrap::wrap;
use crate::advisor::Outcome;
use crate::tui::app::App;

pub fn render(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let width = area.width.saturating_sub(2);
    let families = &app.knowledge.families;
    let image = outcome.image;
    let mut lines = Vec::new();
    if let Some(profile) = families.profiles.iter().find(|p| p.family == image.family) {
        lines.extend(wrap(
            &[Span::styled(
                format!("{} images at a glance", profile.name),
                theme.title(),
            )],
            width,
            0,
        ));
        for (aspect, value) in profile.aspects() {
            lines.extend(wrap(
                &[
                    Span::styled(format!("  {aspect:<16}"), theme.dim()),
                    Span::raw(value),
                ],
                width,
                18,
            ));
        }
        lines.push(Line::raw(""));
    }
    let tips = families.tips_for(image.family, image.libc, &outcome.leaf.runtime);
    if tips.is_empty() {
        lines.push(Line::raw("No known problems are recorded for this family."));
    }
    for tip in tips {
        lines.extend(wrap(
            &[Span::styled(format!("• {}", tip.problem), theme.warn())],
            width,
            2,
        ));
        for (label, style, text) in [
            ("  Cause: ", theme.dim(), &tip.cause),
            ("  Fix:   ", theme.accent(), &tip.fix),
        ] {
            lines.extend(wrap(
                &[Span::styled(label, style), Span::raw(text.as_str())],
                width,
                9,
            ));
        }
    }
    let max = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_sub(1);
    let title = format!("Tips for {} ({}) · ↑↓ scroll", image.name, image.family);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((app.panes.tips.scroll.min(max), 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}
