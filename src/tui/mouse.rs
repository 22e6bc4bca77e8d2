//! The mouse, turned into the same `Action`s as keys by hit-testing against the screen's layout (the
//! functions the view draws with): a click on a tab goes to that pane, on a choice answers with it, on
//! a row of the compare table or the tree selects it; the wheel scrolls what is under the pointer.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Margin, Position, Rect};

use super::app::App;
use super::keys::{Action, Mode};
use super::panes::Pane;
use super::view::{Theme, compare, layout, question, tree};
use crate::advisor::Step;

/// The action for a mouse event on a screen of `area`; `None` for events that do nothing.
pub fn action_for(app: &App<'_>, event: &MouseEvent, area: Rect) -> Option<Action> {
    let mode = app.mode();
    match event.kind {
        MouseEventKind::ScrollUp if matches!(mode, Mode::Question | Mode::Result | Mode::Help) => {
            Some(Action::Up)
        }
        MouseEventKind::ScrollDown
            if matches!(mode, Mode::Question | Mode::Result | Mode::Help) =>
        {
            Some(Action::Down)
        }
        MouseEventKind::Down(MouseButton::Left) => {
            click(app, Position::new(event.column, event.row), area)
        }
        _ => None,
    }
}

fn click(app: &App<'_>, at: Position, area: Rect) -> Option<Action> {
    let screen = layout::screen(area, app.status.is_some())?;
    match (app.mode(), app.session.current()) {
        (Mode::Question, Step::Question(q)) => {
            let l = question::layout(app, q, screen.body, Theme { color: false });
            let choice = l.choice_at(at.y).filter(|_| l.ask.contains(at))?;
            u8::try_from(choice + 1).ok().map(Action::Number)
        }
        (Mode::Result, Step::Leaf(_)) => {
            let [tabs, pane] = layout::result(screen.body);
            if tabs.contains(at) {
                let target = layout::tab_at(tabs, at.x)?;
                return u8::try_from(target.index() + 1).ok().map(Action::Number);
            }
            match app.pane {
                Pane::Compare => compare_row(app, pane, at),
                Pane::Tree => tree_row(app, pane, at),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The compare table's row under the pointer.
fn compare_row(app: &App<'_>, pane: Rect, at: Position) -> Option<Action> {
    let outcome = app.outcome()?;
    let prepared = compare::prepare(app, outcome, pane, Theme { color: false });
    let legend_rows = u16::try_from(prepared.legend.len()).ok()?;
    let (first, rows, offset) =
        compare::rows_area(prepared.table, legend_rows, app.panes.compare.selected);
    let inside = prepared.table.inner(Margin::new(1, 0)).contains(at);
    if !inside || at.y < first || at.y >= first + rows {
        return None;
    }
    let row = offset + usize::from(at.y - first);
    (row < prepared.images.len())
        .then(|| u16::try_from(row).ok().map(Action::Row))
        .flatten()
}

/// The tree's row under the pointer.
fn tree_row(app: &App<'_>, pane: Rect, at: Position) -> Option<Action> {
    let [tree_area, _] = tree::layout(pane);
    let inner = tree_area.inner(Margin::new(1, 1));
    if !inner.contains(at) {
        return None;
    }
    let visible = app.panes.tree.visible(app.knowledge);
    let selected = visible
        .iter()
        .position(|id| *id == app.panes.tree.selected)
        .unwrap_or(0);
    // The widget scrolls as little as keeps the selection in view, as the table does.
    let row = layout::list_offset(selected, inner.height) + usize::from(at.y - inner.y);
    (row < visible.len())
        .then(|| u16::try_from(row).ok().map(Action::Row))
        .flatten()
}
