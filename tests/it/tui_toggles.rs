//! The Dockerfile pane's toggles: compose.yaml and k8s.yaml shown as files of their own and written by
//! the same all-or-nothing export as the Dockerfile; pinning by digest as an effect that runs on a
//! worker thread, so the screen keeps answering while registries are asked.

use basepick::export::Overwrite;
use basepick::tui::app::{App, Pane};
use basepick::tui::keys::{self, Action, Mode};
use basepick::tui::pinning::PinState;
use basepick::tui::{Effect, perform};
use unicode_width::UnicodeWidthStr;

use crate::common::{basepick, knowledge, today};
use crate::tui::{export_to, python_result, screen};

fn names(effect: &Effect) -> Vec<&'static str> {
    let Effect::Export { files, .. } = effect else {
        panic!("{effect:?}")
    };
    files.iter().map(|f| f.name).collect()
}

#[test]
fn run_files_are_toggled_shown_and_written_with_the_dockerfile() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.today = today();
    python_result(&mut app);
    assert_eq!(app.update(Action::ToggleCompose), None, "no I/O");
    assert_eq!(app.pane, Pane::Dockerfile, "the toggle shows its pane");
    let pane = &app.panes.dockerfile;
    let shown: Vec<&str> = pane.previews().iter().map(|(n, _)| *n).collect();
    assert_eq!(shown, ["Dockerfile", "compose.yaml"]);
    assert_eq!(pane.shown, 1, "the file just added is on show");
    insta::assert_snapshot!("dockerfile-compose-80x24", screen(&app, 80, 24));

    app.update(Action::ToggleKubernetes);
    assert_eq!(
        app.panes.dockerfile.file_names(),
        ["Dockerfile", ".dockerignore", "compose.yaml", "k8s.yaml"]
    );
    assert_eq!(app.panes.dockerfile.shown, 2);
    let k8s = app.panes.dockerfile.previews()[2].1.to_owned();
    assert!(k8s.contains("kind: Deployment"));
    assert!(screen(&app, 100, 30).contains(k8s.lines().next().unwrap()));
    // f cycles through the files, from the top of each.
    app.update(Action::PageDown);
    app.update(Action::NextFile);
    assert_eq!(app.panes.dockerfile.shown, 0);
    assert_eq!(app.panes.dockerfile.preview.scroll, 0);
    assert!(screen(&app, 100, 30).contains("# syntax=docker/dockerfile:1"));
    app.update(Action::NextFile);
    assert_eq!(app.panes.dockerfile.shown, 1);

    // The export prompt names every file, and the export writes them all.
    app.update(Action::Export);
    assert!(
        screen(&app, 100, 30)
            .contains("Write Dockerfile, .dockerignore, compose.yaml and k8s.yaml into this")
    );
    app.update(Action::Close);
    let dir = tempfile::tempdir().unwrap();
    let effect = export_to(&mut app, dir.path()).unwrap();
    assert_eq!(
        names(&effect),
        ["Dockerfile", ".dockerignore", "compose.yaml", "k8s.yaml"]
    );
    perform(&mut app, effect);
    // What to fill in is shown once they are written.
    assert_eq!(app.mode(), Mode::Notice);
    let notice = screen(&app, 100, 30);
    assert!(notice.contains("Before you run it:"), "{notice}");
    assert!(
        notice.contains("k8s.yaml: the image is a placeholder"),
        "{notice}"
    );
    assert!(
        notice.contains("compose.yaml and k8s.yaml: the CPU and memory"),
        "{notice}"
    );
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Result);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("k8s.yaml") && !s.error)
    );

    // The same files as the CLI writes for the same answers.
    let cli = tempfile::tempdir().unwrap();
    let out = basepick()
        .args(["--today", "2026-11-28"])
        .args(crate::common::PYTHON_RECOMMEND)
        .args([
            "-a",
            "security=standard",
            "--with",
            "compose",
            "--with",
            "k8s",
        ])
        .arg("--write")
        .arg(cli.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for name in ["Dockerfile", ".dockerignore", "compose.yaml", "k8s.yaml"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            std::fs::read_to_string(cli.path().join(name)).unwrap(),
            "{name}"
        );
    }

    // Turned off, a run file is no longer shown or written.
    app.update(Action::ToggleKubernetes);
    assert_eq!(
        app.panes.dockerfile.file_names(),
        ["Dockerfile", ".dockerignore", "compose.yaml"]
    );
    assert_eq!(app.panes.dockerfile.shown, 0);
    app.update(Action::ToggleCompose);
    assert_eq!(app.panes.dockerfile.previews().len(), 1);
    assert!(app.panes.dockerfile.fill_in().is_empty());
}

#[test]
fn the_overwrite_question_covers_every_file_and_refusing_writes_none() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::ToggleCompose);
    let dir = tempfile::tempdir().unwrap();
    // Only the compose file is there already: nothing may be written, the Dockerfile included.
    std::fs::write(dir.path().join("compose.yaml"), "mine\n").unwrap();
    let effect = export_to(&mut app, dir.path()).unwrap();
    perform(&mut app, effect);
    assert_eq!(app.mode(), Mode::Confirm);
    let s = screen(&app, 100, 30);
    assert!(s.contains("compose.yaml already exists."), "{s}");
    assert!(
        s.contains("Overwrite Dockerfile, .dockerignore and compose.yaml in"),
        "{s}"
    );
    app.update(Action::Deny);
    assert!(!dir.path().join("Dockerfile").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        "mine\n"
    );
    // Yes replaces them all.
    let effect = export_to(&mut app, dir.path()).unwrap();
    perform(&mut app, effect);
    let effect = app.update(Action::Confirm).unwrap();
    assert!(matches!(
        effect,
        Effect::Export {
            overwrite: Overwrite::Replace,
            ..
        }
    ));
    perform(&mut app, effect);
    let compose = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap();
    assert!(compose.contains("services:"), "{compose}");
    assert!(dir.path().join("Dockerfile").exists());
}

/// The Dockerfile with a made-up digest after every image of a `FROM` that is not a stage.
fn pinned_by_hand(dockerfile: &str) -> String {
    let digest = format!("sha256:{}", "e".repeat(64));
    dockerfile
        .lines()
        .map(|l| match l.strip_prefix("FROM ") {
            Some(rest) if !rest.starts_with("--") => {
                let (image, stage) = rest.split_once(' ').unwrap_or((rest, ""));
                let stage = if stage.is_empty() {
                    String::new()
                } else {
                    format!(" {stage}")
                };
                format!("FROM {image}@{digest}{stage}\n")
            }
            _ => format!("{l}\n"),
        })
        .collect()
}

#[test]
fn pinning_is_an_effect_whose_result_comes_back_to_the_pane() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Number(1));
    let source = app.panes.dockerfile.dockerfile().unwrap().to_owned();
    let Some(Effect::Pin { dockerfile }) = app.update(Action::TogglePin) else {
        panic!("pinning asks the event loop")
    };
    assert_eq!(dockerfile, source);
    assert_eq!(app.pane, Pane::Dockerfile);
    assert!(matches!(
        app.panes.dockerfile.pin_state(),
        PinState::Running { .. }
    ));
    insta::assert_snapshot!("dockerfile-pinning-80x24", screen(&app, 80, 24));
    // Export waits for the pin.
    app.update(Action::Export);
    assert_eq!(app.mode(), Mode::Result);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("Still pinning"))
    );
    // Another key does not ask again for the same file.
    assert_eq!(app.update(Action::Down), None);
    assert_eq!(app.update(Action::Up), None);

    let pinned = pinned_by_hand(&source);
    assert_ne!(pinned, source);
    app.pin_done(&source, Ok((pinned.clone(), 2)));
    assert_eq!(app.panes.dockerfile.dockerfile(), Some(pinned.as_str()));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text == "Pinned 2 images by digest.")
    );
    insta::assert_snapshot!("dockerfile-pinned-80x24", screen(&app, 80, 24));
    // The run files follow: their base is pinned, and they no longer ask the user to pin it.
    app.update(Action::ToggleCompose);
    let compose = app.panes.dockerfile.previews()[1].1.to_owned();
    assert!(
        compose.contains("its base image is pinned by digest"),
        "{compose}"
    );
    assert!(!compose.contains("a tag that moves"), "{compose}");
    // The export writes the pinned file.
    let dir = tempfile::tempdir().unwrap();
    let effect = export_to(&mut app, dir.path()).unwrap();
    perform(&mut app, effect);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        pinned
    );
    // Off again: the tags are back.
    assert_eq!(app.update(Action::Close), None);
    assert_eq!(app.update(Action::TogglePin), None);
    assert_eq!(app.panes.dockerfile.dockerfile(), Some(source.as_str()));
}

#[test]
fn a_changed_dockerfile_is_pinned_again_and_a_late_result_is_dropped() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    let Some(Effect::Pin { dockerfile: first }) = app.update(Action::TogglePin) else {
        panic!()
    };
    app.pin_done(&first, Ok((pinned_by_hand(&first), 2)));
    // Leaving the result and coming back to it keeps the pin.
    assert_eq!(app.update(Action::Back), None, "no file at a question");
    assert_eq!(
        app.update(Action::Select),
        None,
        "the same answers give the same file, pinned already"
    );
    assert_eq!(
        app.panes.dockerfile.dockerfile(),
        Some(pinned_by_hand(&first).as_str())
    );
    // A different answer gives a different file.
    app.update(Action::Back);
    app.update(Action::Up);
    let Some(Effect::Pin { dockerfile: third }) = app.update(Action::Select) else {
        panic!()
    };
    assert_ne!(third, first);
    // The first file's pin arriving now is dropped; the new one's is taken.
    app.pin_done(&first, Ok((pinned_by_hand(&first), 2)));
    assert!(matches!(
        app.panes.dockerfile.pin_state(),
        PinState::Running { source } if *source == third
    ));
    app.pin_done(&third, Ok((pinned_by_hand(&third), 2)));
    assert_eq!(
        app.panes.dockerfile.dockerfile(),
        Some(pinned_by_hand(&third).as_str())
    );
}

#[test]
fn a_failed_pin_keeps_the_unpinned_file_and_says_why() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    let Some(Effect::Pin { dockerfile }) = app.update(Action::TogglePin) else {
        panic!()
    };
    app.pin_done(
        &dockerfile,
        Err("2 images could not be pinned: cannot reach the registry gcr.io: its name does not resolve (are you offline?)".to_owned()),
    );
    assert_eq!(app.panes.dockerfile.dockerfile(), Some(dockerfile.as_str()));
    assert!(!app.panes.dockerfile.is_pin_wanted(), "the toggle is off");
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("dockerfile-pin-failed-80x24", s);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.starts_with("Cannot pin: 2 images"))
    );
    // Export writes the file on show, unpinned.
    let dir = tempfile::tempdir().unwrap();
    let effect = export_to(&mut app, dir.path()).unwrap();
    perform(&mut app, effect);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        dockerfile
    );
    // d tries again.
    assert!(matches!(
        app.update(Action::TogglePin),
        Some(Effect::Pin { .. })
    ));
}

#[test]
fn the_footer_still_fits_80_columns_and_the_toggles_are_in_the_key_table() {
    for mode in [
        Mode::Question,
        Mode::Result,
        Mode::Form,
        Mode::Path,
        Mode::Confirm,
        Mode::Choose,
        Mode::Notice,
        Mode::Help,
    ] {
        let width: usize = keys::footer_hints(mode)
            .iter()
            .map(|(k, h)| k.width() + 1 + h.width() + 2)
            .sum();
        assert!(width <= 80 + 2, "{mode:?}: {width}");
    }
    for (action, key) in [
        (Action::TogglePin, 'd'),
        (Action::ToggleCompose, 'c'),
        (Action::ToggleKubernetes, 'm'),
        (Action::NextFile, 'f'),
    ] {
        let event = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(key),
            crossterm::event::KeyModifiers::NONE,
        );
        assert_eq!(keys::action_for(&event, Mode::Result), Some(action));
        assert_eq!(keys::label(action, Mode::Result), key.to_string());
        assert!(
            keys::help_rows(&[Mode::Result])
                .iter()
                .any(|(l, _)| *l == key.to_string()),
            "{key} is in the help"
        );
    }
}
