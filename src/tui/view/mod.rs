//! Rendering: a read-only function of `App`. One file per screen, pane or overlay.

mod bars;
mod chooser;
pub mod compare;
mod dockerfile;
pub mod layout;
pub mod names;
mod overlay;
pub mod question;
mod recommendation;
mod tips;
pub mod tree;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs, Wrap};

use super::app::App;
use super::keys;
use super::panes::Pane;
use crate::advisor::Step;

pub use layout::{MIN_HEIGHT, MIN_WIDTH};

/// Colours, or none at all when `NO_COLOR` is set: then emphasis uses bold and reverse video only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Honours the `NO_COLOR` convention (any non-empty value disables colour).
    pub fn from_env() -> Self {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The highlighted row: reverse video works with or without colour.
    pub fn selected(self) -> Style {
        let s = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
        if self.color { s.fg(Color::Cyan) } else { s }
    }
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn accent(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// Bars of measured figures.
    pub fn measured(self) -> Style {
        self.fg(Color::Cyan)
    }
    /// Bars of estimated or illustrative figures.
    pub fn estimated(self) -> Style {
        self.fg(Color::Yellow)
    }
}

/// Draws the whole screen for the current state.
pub fn render(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>) {
    let area = frame.area();
    let Some(screen) = layout::screen(area, app.status.is_some()) else {
        let text = format!(
            "Terminal too small: basepick needs {MIN_WIDTH}×{MIN_HEIGHT}, this is {}×{}. Enlarge it, or press q to quit.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    };
    frame.render_widget(Paragraph::new(breadcrumb(app, theme)), screen.header);
    match app.session.current() {
        Step::Question(q) => question::render(app, q, theme, frame, screen.body),
        Step::Leaf(_) => render_result(app, theme, frame, screen.body),
    }
    frame.render_widget(
        Paragraph::new(hints(keys::footer_hints(app.mode()), theme)),
        screen.footer,
    );
    if let Some(s) = &app.status {
        let style = if s.error {
            theme.error()
        } else {
            theme.accent()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(s.text.as_str(), style)),
            screen.status,
        );
    }
    overlay::render(app, theme, frame, screen.body);
}

/// "basepick › runtime=python › debug_shell=no" — the answers so far, as a script would give them.
fn breadcrumb(app: &App<'_>, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("basepick", theme.title())];
    for step in app.session.trail() {
        spans.push(Span::styled(" › ", theme.dim()));
        spans.push(Span::raw(format!("{}={}", step.question, step.answer)));
    }
    Line::from(spans)
}

/// Footer hints: "Enter choose  ←/⌫ back one question …".
pub fn hints(pairs: Vec<(&'static str, &'static str)>, theme: Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, hint)) in pairs.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {hint}")));
    }
    Line::from(spans)
}

fn render_result(app: &App<'_>, theme: Theme, frame: &mut Frame<'_>, area: Rect) {
    let Some(outcome) = app.outcome() else {
        return;
    };
    let [tabs, pane] = layout::result(area);
    let titles: Vec<String> = Pane::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| layout::tab_title(i, *p))
        .collect();
    frame.render_widget(
        Tabs::new(titles)
            .select(app.pane.index())
            .highlight_style(theme.selected())
            .divider("│"),
        tabs,
    );
    match app.pane {
        Pane::Recommendation => recommendation::render(app, outcome, theme, frame, pane),
        Pane::Compare => compare::render(app, outcome, theme, frame, pane),
        Pane::Dockerfile => dockerfile::render(app, theme, frame, pane),
        Pane::Tips => tips::render(app, outcome, theme, frame, pane),
        Pane::Tree => tree::render_pane(app, theme, frame, pane),
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
