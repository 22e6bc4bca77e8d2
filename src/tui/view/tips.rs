//! The tips pane: how the recommended family fares on each aspect, and the known problems to expect.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::advisor::Outcome;
use crate::tui::app::App;

pub fn render(
    app: &App<'_>,
    outcome: &Outcome<'_>,
    theme: Theme,
    frame: &mut Frame<'_>,
    area: Rect,
) {
    let families = &app.knowledge.families;
    let image = outcome.image;
    let mut lines = Vec::new();
    if let Some(profile) = families.profiles.iter().find(|p| p.family == image.family) {
        lines.push(Line::from(Span::styled(
            format!("{} images at a glance", profile.name),
            theme.title(),
        )));
        for (aspect, value) in profile.aspects() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {aspect:<16}"), theme.dim()),
                Span::raw(value.to_owned()),
            ]));
        }
        lines.push(Line::raw(""));
    }
    let tips = families.tips_for(image.family, image.libc, &outcome.leaf.runtime);
    if tips.is_empty() {
        lines.push(Line::raw("No known problems are recorded for this family."));
    }
    for tip in tips {
        lines.push(Line::from(Span::styled(
            format!("• {}", tip.problem),
            theme.warn(),
        )));
        lines.push(Line::from(vec![
            Span::styled("  Cause: ", theme.dim()),
            Span::raw(tip.cause.clone()),
        ]));
        lines.push(Line::from(vec![
            Span::styled("  Fix:   ", theme.accent()),
            Span::raw(tip.fix.clone()),
        ]));
    }
    let title = format!("Tips for {} ({})", image.name, image.family);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.scroll[3], 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}
