//! Text fields that edit like a shell prompt, directory completion and pastes, each driven through
//! the same event dispatch the terminal uses.

use std::path::Path;

use basepick::tui::app::{App, Overlay};
use basepick::tui::keys::{Action, Mode};
use basepick::tui::{Effect, handle, perform};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use crate::common::knowledge;
use crate::tui::{python_result, screen};

const SCREEN: Rect = Rect::new(0, 0, 80, 24);

fn key(app: &mut App<'_>, code: KeyCode) {
    handle(
        app,
        &Event::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        SCREEN,
    );
}

fn ctrl(app: &mut App<'_>, c: char) {
    let event = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    handle(app, &Event::Key(event), SCREEN);
}

fn typed(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The export prompt's text and cursor.
pub(crate) fn prompt(app: &App<'_>) -> (String, usize) {
    match &app.overlay {
        Some(Overlay::ExportPath { input, .. }) => (input.value().to_owned(), input.cursor()),
        other => panic!("no export prompt: {other:?}"),
    }
}

fn export_prompt(app: &mut App<'_>) {
    python_result(app);
    key(app, KeyCode::Char('e'));
    assert_eq!(app.mode(), Mode::Path);
}

#[test]
fn typing_replaces_the_suggested_directory() {
    let k = knowledge();
    let mut app = App::new(&k);
    export_prompt(&mut app);
    typed(&mut app, "/srv/out");
    assert_eq!(prompt(&app), ("/srv/out".to_owned(), 8), "not ./srv/out");
    let mut app = App::new(&k);
    export_prompt(&mut app);
    ctrl(&mut app, 'u');
    assert_eq!(prompt(&app).0, "", "Ctrl-U clears the selected suggestion");
    let mut app = App::new(&k);
    export_prompt(&mut app);
    key(&mut app, KeyCode::End);
    typed(&mut app, "/out");
    assert_eq!(prompt(&app).0, "./out", "moving first keeps the suggestion");
}

#[test]
fn every_editing_key_acts_like_a_shell_prompt() {
    let k = knowledge();
    let mut app = App::new(&k);
    export_prompt(&mut app);
    typed(&mut app, "/srv/out/web");
    key(&mut app, KeyCode::Home);
    assert_eq!(prompt(&app).1, 0, "Home");
    key(&mut app, KeyCode::End);
    assert_eq!(prompt(&app).1, 12, "End");
    ctrl(&mut app, 'a');
    assert_eq!(prompt(&app).1, 0, "Ctrl-A");
    ctrl(&mut app, 'e');
    assert_eq!(prompt(&app).1, 12, "Ctrl-E");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    assert_eq!(prompt(&app).1, 9, "←");
    key(&mut app, KeyCode::Right);
    assert_eq!(prompt(&app).1, 10, "→");
    typed(&mut app, "X");
    assert_eq!(
        prompt(&app),
        ("/srv/out/wXeb".to_owned(), 11),
        "typing inserts at the cursor"
    );
    key(&mut app, KeyCode::Backspace);
    assert_eq!(prompt(&app), ("/srv/out/web".to_owned(), 10), "⌫");
    key(&mut app, KeyCode::Delete);
    assert_eq!(prompt(&app), ("/srv/out/wb".to_owned(), 10), "Del");
    ctrl(&mut app, 'k');
    assert_eq!(prompt(&app), ("/srv/out/w".to_owned(), 10), "Ctrl-K");
    ctrl(&mut app, 'w');
    assert_eq!(
        prompt(&app),
        ("/srv/out/".to_owned(), 9),
        "Ctrl-W cuts a path part"
    );
    ctrl(&mut app, 'w');
    assert_eq!(
        prompt(&app),
        ("/srv/".to_owned(), 5),
        "… and the one before"
    );
    key(&mut app, KeyCode::Left);
    ctrl(&mut app, 'u');
    assert_eq!(
        prompt(&app),
        ("/".to_owned(), 0),
        "Ctrl-U cuts to the start"
    );
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Backspace);
    assert_eq!(
        prompt(&app),
        ("/".to_owned(), 0),
        "nothing to delete at the start"
    );
    // Letters that are keys elsewhere are text here.
    typed(&mut app, "qe?");
    assert_eq!(prompt(&app).0, "qe?/");
    assert!(!app.quit);
}

#[test]
fn the_terminal_cursor_sits_where_typing_goes() {
    let k = knowledge();
    let mut app = App::new(&k);
    export_prompt(&mut app);
    typed(&mut app, "abc");
    key(&mut app, KeyCode::Left);
    let mut t = crate::tui::draw(&app, basepick::tui::Theme { color: false }, 80, 24);
    let at = t.get_cursor_position().unwrap();
    let text = t.backend().to_string();
    let row: &str = text.lines().nth(usize::from(at.y)).unwrap();
    let before: String = row
        .trim_matches('"')
        .chars()
        .take(usize::from(at.x))
        .collect();
    assert!(before.ends_with("│ab"), "{row:?} at {at:?}");
}

#[test]
fn parameter_fields_edit_the_same_way() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(app.mode(), Mode::Form);
    key(&mut app, KeyCode::Down); // port, pre-filled and selected
    typed(&mut app, "9000");
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Delete);
    let Some(Overlay::Params { fields, .. }) = &app.overlay else {
        panic!()
    };
    assert_eq!(fields[1].input.value(), "900");
    assert!(fields[1].error.is_none());
}

#[test]
fn tilde_means_the_home_directory() {
    let k = knowledge();
    let home = tempfile::tempdir().unwrap();
    let mut app = App::new(&k);
    app.home = Some(home.path().to_owned());
    export_prompt(&mut app);
    typed(&mut app, "~/out");
    let effect = app.update(Action::Select).expect("an export");
    let Effect::Export { dir, .. } = effect else {
        panic!()
    };
    assert_eq!(dir, home.path().join("out"));
}

fn tree(root: &Path) {
    for d in ["alpha", "alpine", "beta", ".hidden"] {
        std::fs::create_dir(root.join(d)).unwrap();
    }
    std::fs::write(root.join("alfile"), "").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.join("beta"), root.join("betalink")).unwrap();
}

/// Presses Tab and carries out the completion as the event loop would.
fn tab(app: &mut App<'_>) {
    let effect = app.update(Action::Complete).expect("a completion effect");
    assert!(matches!(effect, Effect::Complete { .. }));
    perform(app, effect);
}

#[test]
fn tab_completes_directory_names() {
    let k = knowledge();
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let base = dir.path().to_str().unwrap();
    let mut app = App::new(&k);
    export_prompt(&mut app);
    typed(&mut app, &format!("{base}/al"));
    tab(&mut app);
    assert_eq!(
        prompt(&app).0,
        format!("{base}/alp"),
        "as far as it is unambiguous"
    );
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("2 directories: alpha/  alpine/"), "{shown}");
    typed(&mut app, "h");
    tab(&mut app);
    assert_eq!(
        prompt(&app).0,
        format!("{base}/alpha/"),
        "one match: completed, with /"
    );
    // Files are not offered; hidden directories only when a dot is typed; links to directories are.
    ctrl(&mut app, 'u');
    typed(&mut app, &format!("{base}/b"));
    tab(&mut app);
    assert_eq!(prompt(&app).0, format!("{base}/beta"));
    ctrl(&mut app, 'u');
    typed(&mut app, &format!("{base}/."));
    tab(&mut app);
    assert_eq!(prompt(&app).0, format!("{base}/.hidden/"));
    ctrl(&mut app, 'u');
    typed(&mut app, &format!("{base}/alf"));
    tab(&mut app);
    assert_eq!(
        prompt(&app).0,
        format!("{base}/alf"),
        "a file does not complete"
    );
    assert!(screen(&app, 80, 24).contains("No directory name continues this path."));
    // A completion that comes back after the text changed is dropped.
    let effect = app.update(Action::Complete).unwrap();
    typed(&mut app, "x");
    perform(&mut app, effect);
    assert_eq!(prompt(&app).0, format!("{base}/alfx"));
}

#[test]
fn tab_completes_under_home() {
    let k = knowledge();
    let home = tempfile::tempdir().unwrap();
    tree(home.path());
    let mut app = App::new(&k);
    app.home = Some(home.path().to_owned());
    export_prompt(&mut app);
    typed(&mut app, "~");
    tab(&mut app);
    assert_eq!(prompt(&app).0, "~/", "~ alone becomes the home directory");
    typed(&mut app, "be");
    tab(&mut app);
    assert_eq!(prompt(&app).0, "~/beta", "beta/ and betalink/ share `beta`");
}

#[test]
fn a_paste_goes_into_the_field_as_one_line() {
    let k = knowledge();
    let mut app = App::new(&k);
    handle(&mut app, &Event::Paste("python".to_owned()), SCREEN);
    assert!(
        app.session.trail().is_empty(),
        "pastes do not answer questions"
    );
    export_prompt(&mut app);
    handle(
        &mut app,
        &Event::Paste("/srv/a\tb\nrm -rf /\n".to_owned()),
        SCREEN,
    );
    assert_eq!(
        prompt(&app).0,
        "/srv/ab",
        "first line, without control characters"
    );
}
