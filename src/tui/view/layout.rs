//! Where things are on screen. The view draws into these areas and the mouse is hit-tested against
//! them, so a click always lands on what is drawn under it.

use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

use crate::tui::panes::Pane;

/// Below this size the screen shows a notice instead of the advisor.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The screen's rows: breadcrumb, body, key hints, status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    pub body: Rect,
    pub footer: Rect,
    pub status: Rect,
}

/// The screen's areas, or `None` when the terminal is too small for the advisor.
pub fn screen(area: Rect, has_status: bool) -> Option<Screen> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let [header, body, footer, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(has_status)),
    ])
    .areas(area);
    Some(Screen {
        header,
        body,
        footer,
        status,
    })
}

/// The result screen's tab bar and pane.
pub fn result(body: Rect) -> [Rect; 2] {
    Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body)
}

/// A pane's tab title: its number key and name.
pub fn tab_title(index: usize, pane: Pane) -> String {
    format!("{} {}", index + 1, pane.title())
}

/// The pane whose tab is at column `x` of the tab bar. Tabs are drawn as ratatui's `Tabs` draws them:
/// one space either side of each title and a one-column divider between them.
pub fn tab_at(tabs: Rect, x: u16) -> Option<Pane> {
    let mut start = tabs.x;
    for (i, pane) in Pane::ALL.iter().enumerate() {
        let width = u16::try_from(tab_title(i, *pane).width()).unwrap_or(u16::MAX) + 2;
        if (start..start.saturating_add(width)).contains(&x) {
            return Some(*pane);
        }
        start = start.saturating_add(width + 1);
    }
    None
}

/// The first row shown of a list of `len` rows in `height` rows, so that `selected` is in view: the
/// list scrolls only once the selection would leave the bottom (as ratatui's table and tree do from a
/// fresh state).
pub fn list_offset(selected: usize, height: u16) -> usize {
    (selected + 1).saturating_sub(usize::from(height.max(1)))
}
