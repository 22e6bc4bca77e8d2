//! The interactive advisor on ratatui's TestBackend: every action, every screen, every size.

use basepick::knowledge::Knowledge;
use basepick::tui::app::{App, Overlay, Pane};
use basepick::tui::keys::{Action, Mode, action_for};
use basepick::tui::{Effect, Theme, run, view};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

use crate::common::knowledge;

const PLAIN: Theme = Theme { color: false };
const COLOUR: Theme = Theme { color: true };

pub(crate) fn draw(app: &App<'_>, theme: Theme, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::render(app, theme, f)).unwrap();
    t
}

pub(crate) fn screen(app: &App<'_>, w: u16, h: u16) -> String {
    draw(app, PLAIN, w, h).backend().to_string()
}

/// Answers by choice id, as a user pressing the choice's number would.
pub(crate) fn answer(app: &mut App<'_>, choice: &str) {
    let basepick::advisor::Step::Question(q) = app.session.current() else {
        panic!("not at a question");
    };
    let n = q
        .choices
        .iter()
        .position(|c| c.id == choice)
        .unwrap_or_else(|| panic!("{choice}"))
        + 1;
    app.update(Action::Number(u8::try_from(n).unwrap()));
}

/// Python API with C extensions, no shell: the path of the example.
pub(crate) fn python_result(app: &mut App<'_>) {
    for c in ["python", "yes", "no"] {
        answer(app, c);
    }
    // security has a default, preselected: Enter takes it.
    app.update(Action::Select);
    assert_eq!(app.mode(), Mode::Result);
}

/// Presses `e`, replaces the default "." with `dir` and presses Enter.
pub(crate) fn export_to(app: &mut App<'_>, dir: &std::path::Path) -> Option<Effect> {
    app.update(Action::Export);
    app.update(Action::DeleteChar);
    for c in dir.to_str().unwrap().chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Select)
}

pub(crate) fn dockerfile(app: &App<'_>) -> String {
    app.artifacts().cloned().unwrap().unwrap().dockerfile
}

#[test]
fn moving_wraps_around_and_enter_chooses() {
    let k = knowledge();
    let mut app = App::new(&k);
    assert_eq!(app.cursor, 0);
    app.update(Action::Up);
    assert_eq!(app.cursor, 9, "up from the first choice wraps to the last");
    app.update(Action::Down);
    assert_eq!(app.cursor, 0);
    app.update(Action::Down);
    app.update(Action::Select);
    assert_eq!(app.session.trail()[0].answer, "rust");
}

#[test]
fn number_keys_choose_and_zero_is_ten() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.update(Action::Number(10));
    assert_eq!(app.session.trail()[0].answer, "static");
    let mut app = App::new(&k);
    app.update(Action::Number(11));
    assert!(
        app.session.trail().is_empty(),
        "out-of-range numbers do nothing"
    );
}

#[test]
fn defaults_are_preselected() {
    let k = knowledge();
    let mut app = App::new(&k);
    for c in ["python", "yes", "no"] {
        answer(&mut app, c);
    }
    let basepick::advisor::Step::Question(q) = app.session.current() else {
        panic!()
    };
    assert_eq!(q.key, "security");
    assert_eq!(q.choices[app.cursor].id, "standard");
}

#[test]
fn back_and_restart() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Question);
    let basepick::advisor::Step::Question(q) = app.session.current() else {
        panic!()
    };
    assert_eq!(
        q.choices[app.cursor].id, "standard",
        "back lands on the answer that was given"
    );
    app.update(Action::Restart);
    assert!(app.session.trail().is_empty());
    app.update(Action::Back);
    assert!(
        app.session.trail().is_empty(),
        "back at the start does nothing"
    );
}

#[test]
fn changing_an_answer_updates_recommendation_table_and_preview() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    assert!(dockerfile(&app).contains("FROM gcr.io/distroless/python3-debian13:nonroot"));
    let before = screen(&app, 120, 40);
    assert!(before.contains("Python on distroless"));
    // Back to debug_shell and say yes, then "scripts": Debian slim.
    app.update(Action::Back);
    app.update(Action::Back);
    answer(&mut app, "yes");
    answer(&mut app, "scripts");
    assert_eq!(app.outcome().unwrap().leaf.id, "python-slim");
    assert!(dockerfile(&app).contains("FROM python:3.13-slim-trixie\n"));
    assert!(screen(&app, 120, 40).contains("Python on Debian slim"));
    app.update(Action::Number(2));
    let table = screen(&app, 120, 40);
    let starred = table
        .lines()
        .find(|l| l.contains("★ ") && l.contains(':') && !l.contains("recommended"))
        .expect("recommended row");
    assert!(starred.contains("python:3.13-slim-trixie"), "{starred}");
}

#[test]
fn panes_switch_with_tab_shift_tab_and_numbers() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    assert_eq!(app.pane, Pane::Recommendation);
    app.update(Action::NextPane);
    assert_eq!(app.pane, Pane::Compare);
    app.update(Action::PrevPane);
    app.update(Action::PrevPane);
    assert_eq!(
        app.pane,
        Pane::Tree,
        "Shift-Tab wraps around to the last pane"
    );
    app.update(Action::PrevPane);
    assert_eq!(app.pane, Pane::Tips);
    app.update(Action::Number(3));
    assert_eq!(app.pane, Pane::Dockerfile);
    app.update(Action::Down);
    app.update(Action::PageDown);
    assert_eq!(app.panes.dockerfile.preview.scroll, 11);
    app.update(Action::PageUp);
    app.update(Action::Up);
    assert_eq!(app.panes.dockerfile.preview.scroll, 0);
}

#[test]
fn compare_filters_to_the_runtime_and_sorts() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Number(2));
    let runtime_only = screen(&app, 120, 40);
    let selected = runtime_only
        .lines()
        .find(|l| l.contains('▶'))
        .expect("a selected row");
    assert!(
        selected.contains("★ gd/python3-debian13:nonroot"),
        "the recommended row starts selected: {selected}"
    );
    assert!(
        runtime_only.contains("gd/\u{a0}=\u{a0}gcr.io/distroless/"),
        "shortened registry prefixes are explained"
    );
    assert!(!runtime_only.contains("golang"), "filtered to python");
    assert!(
        !runtime_only.contains("python3-debian12"),
        "no unsupported rows by default…"
    );
    app.update(Action::ToggleAll);
    assert!(app.panes.compare.all);
    let all = screen(&app, 120, 40);
    assert!(all.contains("86 images, unsupported too"));
    assert!(all.contains('⚠'), "unsupported images are marked");
    let stale = all
        .lines()
        .find(|l| l.contains("node:20-slim"))
        .expect("…but with `a` they are listed");
    assert!(
        stale.contains('⚠') && stale.contains("unsupported"),
        "{stale}"
    );
    app.update(Action::CycleSort);
    let sorted = screen(&app, 120, 40);
    assert!(sorted.contains("sorted by size"));
    let selected = sorted
        .lines()
        .find(|l| l.contains('▶'))
        .expect("a selected row");
    assert!(
        selected.contains('★'),
        "re-sorting keeps the recommendation selected: {selected}"
    );
}

#[test]
fn the_footer_shows_the_hints_of_the_key_table() {
    let k = knowledge();
    let mut app = App::new(&k);
    let q = screen(&app, 120, 40);
    for (label, hint) in basepick::tui::keys::footer_hints(Mode::Question) {
        assert!(q.contains(&format!("{label} {hint}")), "{label} {hint}");
    }
    python_result(&mut app);
    let r = screen(&app, 120, 40);
    assert!(r.contains("Tab next pane") && r.contains("e export"));
}

#[test]
fn the_event_loop_only_counts_presses_and_redraws_on_resize() {
    let k = knowledge();
    let mut app = App::new(&k);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let press = |c| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut release = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    let mut events = vec![
        press(KeyCode::Char('4')),
        Event::Key(release),
        Event::Resize(100, 30),
        press(KeyCode::Char('j')),
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    ]
    .into_iter();
    run(&mut t, &mut app, PLAIN, &mut || {
        Ok(Some(events.next().expect("the loop stops at Ctrl-C")))
    })
    .unwrap();
    assert!(app.quit);
    assert_eq!(
        app.session.trail().len(),
        1,
        "the release did not answer a second question"
    );
    assert_eq!(app.cursor, 1);
}

#[test]
fn keys_map_to_actions_per_mode() {
    let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
    assert_eq!(
        action_for(&key(KeyCode::Char('j')), Mode::Question),
        Some(Action::Down)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('j')), Mode::Form),
        Some(Action::Input('j'))
    );
    assert_eq!(
        action_for(&key(KeyCode::Tab), Mode::Result),
        Some(Action::NextPane)
    );
    assert_eq!(
        action_for(&key(KeyCode::Char('y')), Mode::Confirm),
        Some(Action::Confirm)
    );
    assert_eq!(action_for(&key(KeyCode::Char('x')), Mode::Question), None);
}

#[test]
fn selection_is_visible_with_and_without_colour() {
    let k = knowledge();
    let app = App::new(&k);
    for (theme, fg) in [(COLOUR, Color::Cyan), (PLAIN, Color::Reset)] {
        let t = draw(&app, theme, 100, 30);
        let buf = t.backend().buffer();
        let (x, y) = (0..buf.area.height)
            .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == "▶")
            .expect("a selection marker");
        let cell = &buf[(x, y)];
        assert!(cell.modifier.contains(Modifier::REVERSED), "{theme:?}");
        assert_eq!(cell.fg, fg, "{theme:?}");
        assert!(
            buf[(x + 3, y)].modifier.contains(Modifier::REVERSED),
            "the whole choice is highlighted"
        );
    }
    // Without colour nothing is coloured at all.
    let t = draw(&app, PLAIN, 100, 30);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
}

/// Every state worth a snapshot, reached by actions.
fn states(k: &Knowledge) -> Vec<(&'static str, App<'_>)> {
    let mut out = Vec::new();
    out.push(("question-start", App::new(k)));
    let mut q = App::new(k);
    answer(&mut q, "python");
    answer(&mut q, "yes");
    out.push(("question-debug-shell", q));
    let mut tree = App::new(k);
    answer(&mut tree, "python");
    answer(&mut tree, "yes");
    tree.update(Action::ToggleTree);
    out.push(("question-tree", tree));
    for (name, n) in [
        ("result-recommendation", 1),
        ("result-compare", 2),
        ("result-dockerfile", 3),
        ("result-tips", 4),
        ("result-tree", 5),
    ] {
        let mut app = App::new(k);
        python_result(&mut app);
        app.update(Action::Number(n));
        out.push((name, app));
    }
    let mut help = App::new(k);
    help.update(Action::Help);
    out.push(("help", help));
    let mut params = App::new(k);
    python_result(&mut params);
    params.update(Action::EditParams);
    out.push(("params-form", params));
    let mut export = App::new(k);
    python_result(&mut export);
    export.update(Action::Export);
    out.push(("export-prompt", export));
    let mut confirm = App::new(k);
    python_result(&mut confirm);
    confirm.overlay = Some(Overlay::ConfirmOverwrite {
        dir: "out".into(),
        existing: "out/Dockerfile".into(),
    });
    out.push(("confirm-overwrite", confirm));
    out
}

#[test]
fn screens_match_their_snapshots() {
    let k = knowledge();
    for (name, app) in states(&k) {
        for (w, h) in [(80, 24), (100, 30), (120, 40)] {
            insta::assert_snapshot!(format!("{name}-{w}x{h}"), screen(&app, w, h));
        }
    }
}

#[test]
fn no_size_panics_and_small_terminals_say_so() {
    let k = knowledge();
    for (name, app) in states(&k) {
        for w in 1..=30 {
            for h in 1..=10 {
                let _ = draw(&app, COLOUR, w, h); // must not panic
            }
        }
        let tiny = screen(&app, 30, 10);
        assert!(tiny.contains("Terminal too small"), "{name}");
        for (w, h) in [(60, 16), (61, 17), (79, 23), (200, 60)] {
            let _ = draw(&app, COLOUR, w, h);
        }
    }
}
