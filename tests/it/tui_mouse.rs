//! The mouse: clicks on tabs, choices and rows, and the wheel, hit-tested against what is drawn.

use basepick::tui::app::{App, Overlay};
use basepick::tui::handle;
use basepick::tui::keys::Action;
use basepick::tui::panes::Pane;
use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::common::knowledge;
use crate::tui::{python_result, screen};
use crate::tui_input::prompt;

const SCREEN: Rect = Rect::new(0, 0, 80, 24);

fn click(app: &mut App<'_>, column: u16, row: u16) {
    let event = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    handle(app, &Event::Mouse(event), SCREEN);
}

fn wheel(app: &mut App<'_>, kind: MouseEventKind) {
    let event = MouseEvent {
        kind,
        column: 40,
        row: 10,
        modifiers: KeyModifiers::NONE,
    };
    handle(app, &Event::Mouse(event), SCREEN);
}

/// Where `text` is drawn on an 80×24 screen.
fn find(app: &App<'_>, text: &str) -> (u16, u16) {
    let shown = screen(app, 80, 24);
    for (y, line) in shown.lines().enumerate() {
        let line = line.trim_matches('"');
        if let Some(i) = line.find(text) {
            let x = line[..i].chars().count();
            return (u16::try_from(x).unwrap(), u16::try_from(y).unwrap());
        }
    }
    panic!("{text:?} is not on screen:\n{shown}");
}

#[test]
fn clicks_answer_switch_panes_and_select_rows() {
    let k = knowledge();
    let mut app = App::new(&k);
    let (x, y) = find(&app, "4. Python");
    click(&mut app, x + 3, y);
    assert_eq!(
        app.session.trail()[0].answer,
        "python",
        "a click on a choice answers"
    );
    click(&mut app, 0, 0);
    assert_eq!(
        app.session.trail().len(),
        1,
        "a click on the breadcrumb does nothing"
    );
    app.update(Action::Back);
    python_result(&mut app);
    let (x, y) = find(&app, "2 Compare");
    click(&mut app, x + 2, y);
    assert_eq!(app.pane, Pane::Compare);
    let (x, y) = find(&app, "python:3.11-alpine");
    click(&mut app, x, y);
    let rows = app.compare_rows();
    assert_eq!(
        rows[app.panes.compare.selected].reference.to_string(),
        "python:3.11-alpine"
    );
    let (x, y) = find(&app, "5 Tree");
    click(&mut app, x, y);
    assert_eq!(app.pane, Pane::Tree);
    let (x, y) = find(&app, "Rust → ");
    click(&mut app, x, y);
    assert_eq!(app.panes.tree.selected, ["runtime", "rust"]);
    assert!(!screen(&app, 80, 24).contains("Fully static"));
    click(&mut app, x, y);
    assert!(
        screen(&app, 80, 24).contains("Fully static"),
        "a second click opens the branch"
    );
}

#[test]
fn clicks_land_on_the_rows_drawn_after_scrolling() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Number(2));
    app.update(Action::ToggleAll);
    for _ in 0..40 {
        app.update(Action::Down);
    }
    let rows = app.compare_rows();
    let target = rows[app.panes.compare.selected - 2].reference.to_string();
    let short = target.rsplit('/').next().unwrap().to_owned();
    let (x, y) = find(&app, &short);
    click(&mut app, x, y);
    let rows = app.compare_rows();
    assert_eq!(
        rows[app.panes.compare.selected].reference.to_string(),
        target
    );
}

#[test]
fn the_wheel_scrolls_what_is_shown() {
    let k = knowledge();
    let mut app = App::new(&k);
    wheel(&mut app, MouseEventKind::ScrollDown);
    assert_eq!(app.cursor, 1, "on a question it moves the highlight");
    wheel(&mut app, MouseEventKind::ScrollUp);
    assert_eq!(app.cursor, 0);
    python_result(&mut app);
    app.update(Action::Number(4));
    wheel(&mut app, MouseEventKind::ScrollDown);
    wheel(&mut app, MouseEventKind::ScrollDown);
    assert_eq!(app.panes.tips.scroll, 2);
    app.update(Action::Help);
    wheel(&mut app, MouseEventKind::ScrollDown);
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 1 }));
    app.update(Action::Close);
    app.update(Action::Export);
    wheel(&mut app, MouseEventKind::ScrollDown);
    click(&mut app, 5, 5);
    assert_eq!(prompt(&app).0, ".", "the mouse leaves a text field alone");
}
