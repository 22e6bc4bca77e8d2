//! The TUI's parameter form, export prompt, overwrite confirmation and help overlay, and answers
//! pre-selected from project detection.

use basepick::export::Overwrite;
use basepick::tui::app::{App, Overlay};
use basepick::tui::keys::{Action, Mode};
use basepick::tui::{Effect, perform};

use crate::common::knowledge;
use crate::tui::{answer, dockerfile, export_to, python_result, screen};

#[test]
fn parameters_are_validated_inline_and_applied() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::EditParams);
    assert_eq!(app.mode(), Mode::Form);
    // Focus the port field and type an injection attempt.
    app.update(Action::Down);
    for _ in 0..4 {
        app.update(Action::DeleteChar);
    }
    for c in "80;rm".chars() {
        app.update(Action::Input(c));
    }
    let Some(Overlay::Params { fields, .. }) = &app.overlay else {
        panic!()
    };
    assert!(
        fields[1]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("`port`"))
    );
    assert!(
        screen(&app, 100, 30).contains("1 to 65535"),
        "the rule is shown inline"
    );
    app.update(Action::Select);
    assert!(app.overlay.is_some(), "an invalid form is not applied");
    for _ in 0..5 {
        app.update(Action::DeleteChar);
    }
    for c in "9000".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Select);
    assert!(app.overlay.is_none());
    assert!(dockerfile(&app).contains("EXPOSE 9000"));
    // Esc cancels without applying.
    app.update(Action::EditParams);
    app.update(Action::Input('1'));
    app.update(Action::Close);
    assert!(app.overlay.is_none());
    assert!(dockerfile(&app).contains("EXPOSE 9000"));
}

#[test]
fn a_version_the_image_does_not_offer_is_refused_in_the_form() {
    let k = knowledge();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::EditParams);
    for _ in 0..3 {
        app.update(Action::Down);
    }
    for _ in 0..4 {
        app.update(Action::DeleteChar);
    }
    for c in "3.12".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::Select);
    let Some(Overlay::Params { fields, .. }) = &app.overlay else {
        panic!("form stays open")
    };
    assert!(
        fields[3]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("3.13")),
        "{:?}",
        fields[3].error
    );
}

#[test]
fn export_writes_asks_before_overwriting_and_can_keep_the_files() {
    let k = knowledge();
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(&k);
    python_result(&mut app);
    app.update(Action::Export);
    assert!(matches!(app.overlay, Some(Overlay::ExportPath { ref input }) if input == "."));
    app.update(Action::DeleteChar);
    for c in dir.path().to_str().unwrap().chars() {
        app.update(Action::Input(c));
    }
    let effect = app.update(Action::Select).expect("an export effect");
    assert!(matches!(
        effect,
        Effect::Export {
            overwrite: Overwrite::Refuse,
            ..
        }
    ));
    perform(&mut app, effect);
    let written = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert_eq!(written, dockerfile(&app));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| !s.error && s.text.contains("Wrote"))
    );

    // Second export: asks; "n" keeps the file.
    std::fs::write(dir.path().join("Dockerfile"), "mine\n").unwrap();
    let effect = export_to(&mut app, dir.path()).unwrap();
    perform(&mut app, effect);
    assert_eq!(app.mode(), Mode::Confirm);
    assert!(screen(&app, 100, 30).contains("already exists"));
    assert_eq!(app.update(Action::Deny), None);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "mine\n"
    );

    // Third: "y" overwrites.
    let effect = export_to(&mut app, dir.path()).unwrap();
    perform(&mut app, effect);
    let effect = app.update(Action::Confirm).expect("overwrite effect");
    assert!(matches!(
        effect,
        Effect::Export {
            overwrite: Overwrite::Replace,
            ..
        }
    ));
    perform(&mut app, effect);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        dockerfile(&app)
    );
}

#[test]
fn export_errors_are_shown() {
    let k = knowledge();
    let file = tempfile::NamedTempFile::new().unwrap();
    let mut app = App::new(&k);
    python_result(&mut app);
    let effect = export_to(&mut app, file.path()).unwrap();
    perform(&mut app, effect);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.error && s.text.contains("not a directory"))
    );
}

#[test]
fn help_opens_and_closes_and_esc_quits_only_without_an_overlay() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.update(Action::Help);
    assert_eq!(app.mode(), Mode::Help);
    let help = screen(&app, 100, 30);
    for label in ["↑/k", "Enter", "Tab", "Ctrl-C", "parameters", "export"] {
        assert!(help.contains(label), "help lists {label}");
    }
    app.update(Action::Down);
    assert_eq!(app.mode(), Mode::Help, "other keys keep help open");
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Question);
    assert!(!app.quit);
    app.update(Action::Close);
    assert!(app.quit, "Esc with nothing open quits");
    let mut app = App::new(&k);
    app.update(Action::Quit);
    assert!(app.quit);
}

#[test]
fn detected_answers_are_preselected_with_their_evidence() {
    let k = knowledge();
    let detected = vec![
        ("runtime".to_owned(), "node".to_owned()),
        ("package_manager".to_owned(), "pnpm".to_owned()),
    ];
    let session = basepick::advisor::Session::new(&k.tree).with_detected(&detected);
    let mut app = App::with_session(&k, session);
    app.evidence = vec![(
        "runtime".to_owned(),
        "package.json: Node.js manifest".to_owned(),
    )];
    let basepick::advisor::Step::Question(q) = app.session.current() else {
        panic!()
    };
    assert_eq!(q.choices[app.cursor].id, "node");
    let s = screen(&app, 120, 40);
    assert!(s.contains("5. Node.js  (detected)"), "{s}");
    assert!(s.contains("Detected: package.json: Node.js manifest"));
    app.update(Action::Select);
    let basepick::advisor::Step::Question(q) = app.session.current() else {
        panic!()
    };
    assert_eq!(q.choices[app.cursor].id, "pnpm");
    // The user can still change a detected answer.
    app.update(Action::Up);
    app.update(Action::Select);
    assert_eq!(app.session.trail()[1].answer, "yarn");
}

#[test]
fn a_detected_version_reaches_the_preview_where_the_image_offers_it() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.set_project(Some(basepick::generate::ProjectFacts {
        runtime: Some("python".to_owned()),
        version: Some(basepick::generate::Fact::new(
            "3.12.4".to_owned(),
            ".python-version:1",
        )),
        ..Default::default()
    }));
    for c in ["python", "no", "yes", "scripts"] {
        answer(&mut app, c);
    }
    assert!(
        dockerfile(&app).contains("\nFROM python:3.12-alpine3.24\n"),
        "{}",
        dockerfile(&app)
    );
    app.update(Action::Back);
    answer(&mut app, "debugging");
    assert!(dockerfile(&app).contains("FROM gcr.io/distroless/python3-debian13:debug-nonroot"));
    assert!(
        dockerfile(&app).contains("FROM python:3.13-slim-trixie AS build"),
        "distroless keeps its own version"
    );
}
