//! The result panes' own keys: the tree opens and closes, the compare table scrolls its columns and
//! draws its bars, and the help overlay lists every key of the table.

use basepick::tui::app::App;
use basepick::tui::keys::{self, Action, Mode};
use basepick::tui::panes::Pane;

use crate::common::knowledge;
use crate::tui::{draw, python_result, screen};

#[test]
fn the_tree_opens_on_the_way_taken_and_branches_open_and_close() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Number(5));
    assert_eq!(app.pane, Pane::Tree);
    let path = ["runtime", "python", "yes", "no", "standard"];
    assert_eq!(
        app.panes.tree.selected, path,
        "the leaf reached is selected"
    );
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("● Python"), "answers are marked:\n{shown}");
    assert!(shown.contains("▸ Go"), "other branches are closed");
    assert!(shown.contains("★ Python on distroless"), "{shown}");
    assert!(
        shown.contains("Standard: well-known minimal images: Google"),
        "the details say why:\n{shown}"
    );
    // Up to "Python", close it: its children disappear; open it again.
    for _ in 0..3 {
        app.update(Action::Up);
    }
    assert_eq!(app.panes.tree.selected, ["runtime", "python"]);
    app.update(Action::Select);
    assert!(!screen(&app, 80, 24).contains("No: debug from outside"));
    app.update(Action::Select);
    assert!(screen(&app, 80, 24).contains("No: debug from outside"));
    // Open Go: its choices show.
    for _ in 0..3 {
        app.update(Action::Up);
    }
    assert_eq!(app.panes.tree.selected, ["runtime", "go"]);
    app.update(Action::Select);
    assert!(
        screen(&app, 80, 24).contains("Fully static"),
        "Go's choices"
    );
    app.update(Action::PageUp);
    assert_eq!(
        app.panes.tree.selected,
        ["runtime"],
        "the top stops the selection"
    );
    // A new answer follows the new path.
    app.update(Action::Back);
    app.update(Action::Number(2));
    assert_eq!(
        app.panes.tree.selected,
        ["runtime", "python", "yes", "no", "maximum"]
    );
}

#[test]
fn the_question_screen_shows_where_the_answers_lead() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.update(Action::Number(4));
    app.update(Action::ToggleTree);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Decision tree"), "{shown}");
    assert!(shown.contains("● Python"), "{shown}");
    app.update(Action::Down);
    assert!(
        screen(&app, 80, 24).contains("● No, pure Python only"),
        "the highlighted choice is marked as the next step"
    );
    app.update(Action::ToggleTree);
    assert!(screen(&app, 80, 24).contains("Why this matters"));
}

#[test]
fn compare_columns_scroll_and_the_sort_column_is_marked() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Number(2));
    let header = |app: &App<'_>| {
        screen(app, 80, 24)
            .lines()
            .find(|l| l.contains("Image"))
            .unwrap()
            .to_owned()
    };
    let first = header(&app);
    for column in ["Size", "Pkgs", "Vulns", "Shell", "libc"] {
        assert!(
            first.contains(column),
            "{column} fits at 80 columns: {first}"
        );
    }
    assert!(screen(&app, 80, 24).contains("> 4 more"));
    app.update(Action::ColumnsRight);
    let scrolled = header(&app);
    assert!(
        !scrolled.contains("Size") && scrolled.contains("Family"),
        "{scrolled}"
    );
    assert!(screen(&app, 80, 24).contains("< 1 back"));
    for _ in 0..20 {
        app.update(Action::ColumnsRight);
    }
    assert!(header(&app).contains("Support"), "{}", header(&app));
    for _ in 0..20 {
        app.update(Action::ColumnsLeft);
    }
    assert_eq!(header(&app), first);
    app.update(Action::CycleSort);
    assert!(header(&app).contains("Size▲"), "{}", header(&app));
    let title = screen(&app, 80, 24);
    assert!(
        title.contains("sorted by size") && !title.contains("Size)"),
        "no Debug text"
    );
    app.update(Action::CycleSort);
    assert!(header(&app).contains("Vulns▲"));
}

#[test]
fn bars_draw_estimates_apart_from_measured_figures() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Number(2));
    let shown = screen(&app, 100, 30);
    let row = |name: &str| {
        shown
            .lines()
            .find(|l| l.contains(name) && l.contains('│') && l.contains(" MB │"))
            .unwrap_or_else(|| panic!("{name}:\n{shown}"))
            .to_owned()
    };
    // The recommendation's size is an estimate; alpine's is measured.
    assert!(row("★ gd/python3-debian13:nonroot").contains('▒'));
    assert!(!row("★ gd/python3-debian13:nonroot").contains('█'));
    assert!(row("python:3.13-alpine3.24").contains('█'));
    // Vulnerability ranges are illustrative everywhere today, and say so.
    assert!(
        row("python:3.13-slim-trixie").contains("░")
            && row("python:3.13-slim-trixie").contains("10-30*")
    );
    assert!(shown.contains("░ illustrative range (*), not a scanner count"));
    // The slim image's range starts a third of the way along (10 of 30).
    let slim = row("python:3.13-slim-trixie");
    let bar = slim.rsplit(" │ ").next().unwrap();
    assert!(bar.starts_with("      "), "{bar}");
    // Colour tells the kinds apart too.
    let t = draw(&app, basepick::tui::Theme { color: true }, 100, 30);
    let buf = t.backend().buffer();
    let cells: Vec<_> = buf.content().iter().filter(|c| c.symbol() == "▒").collect();
    let solid: Vec<_> = buf.content().iter().filter(|c| c.symbol() == "█").collect();
    assert!(!cells.is_empty() && !solid.is_empty());
    assert!(cells.iter().all(|c| c.fg != solid[0].fg));
}

#[test]
fn help_lists_every_key_of_the_table() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.update(Action::Help);
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen(&app, 120, 40));
        app.update(Action::Down);
    }
    for modes in [
        &[Mode::Question, Mode::Result][..],
        &[Mode::Form, Mode::Path],
        &[Mode::Choose],
        &[Mode::Confirm, Mode::Notice],
    ] {
        for (label, hint) in keys::help_rows(modes) {
            assert!(seen.contains(label), "help lists {label}");
            assert!(seen.contains(hint), "help says {hint}");
        }
    }
    for new in [
        "Ctrl-U",
        "Ctrl-W",
        "Ctrl-K",
        "Home/C-a",
        "complete directory",
        "mouse",
        "<",
        ">",
        "pin images by digest",
        "also write k8s.yaml",
    ] {
        assert!(seen.contains(new), "{new}");
    }
    // At 80×24 the list is longer than the screen: it scrolls.
    let mut app = App::new(&k);
    app.update(Action::Help);
    let top = screen(&app, 80, 24);
    assert!(top.contains("↑↓ scroll"), "{top}");
    for _ in 0..60 {
        app.update(Action::Down);
    }
    let bottom = screen(&app, 80, 24);
    assert_ne!(top, bottom);
    assert!(bottom.contains("no, keep the files"), "{bottom}");
}
