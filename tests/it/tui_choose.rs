//! The TUI's choosers: which app of a directory holding several (before the first question), and which
//! program the Dockerfile builds when the project has several (it becomes `app_name`).

use std::fmt::Write as _;

use basepick::advisor::Step;
use basepick::detect::Detection;
use basepick::knowledge::{DataSource, load_native};
use basepick::tui::app::{App, Overlay, Pane};
use basepick::tui::choose::Chooser;
use basepick::tui::keys::{Action, Mode};
use basepick::tui::{Effect, perform};

use crate::common::{fixture, knowledge};
use crate::tui::screen;

fn scan(project: &str) -> Detection {
    let rules = load_native(&DataSource::Embedded).unwrap();
    basepick::detect::scan(&fixture(&format!("projects/{project}")), &rules).unwrap()
}

/// Takes the highlighted (detected or default) answer of every question up to the result.
fn to_result(app: &mut App<'_>) {
    for _ in 0..10 {
        if app.mode() == Mode::Result {
            return;
        }
        assert_eq!(app.mode(), Mode::Question);
        app.update(Action::Select);
    }
    panic!("no result after 10 questions");
}

fn current_question(app: &App<'_>) -> String {
    match app.session.current() {
        Step::Question(q) => q.key.to_string(),
        Step::Leaf(_) => "leaf".to_owned(),
    }
}

#[test]
fn a_directory_of_several_apps_asks_which_one_before_the_first_question() {
    let k = knowledge();
    let detection = scan("monorepo");
    assert!(detection.needs_choice());
    let mut app = App::new(&k);
    app.start_with(Some(&detection));
    assert_eq!(app.mode(), Mode::Choose);
    let Some(Overlay::Choose {
        chooser: Chooser::App(apps),
        cursor: 0,
    }) = &app.overlay
    else {
        panic!("{:?}", app.overlay)
    };
    let dirs: Vec<&str> = apps.iter().map(|a| a.dir.as_str()).collect();
    assert_eq!(dirs, ["services/api", "services/billing", "services/web"]);
    let s = screen(&app, 80, 24);
    insta::assert_snapshot!("choose-app-80x24", s);
    assert!(s.contains("dotnet 8.0 with nuget builds Billing"), "{s}");
    assert_eq!(
        app.session.suggested(),
        None,
        "nothing is preset before a choice"
    );

    // Down, Enter: the billing service; its answers are preset as for a single app.
    app.update(Action::Down);
    assert!(screen(&app, 80, 24).contains("▶ 2. services/billing"));
    assert_eq!(app.update(Action::Select), None);
    assert_eq!(app.mode(), Mode::Question);
    assert_eq!(app.session.suggested(), Some("dotnet"));
    assert!(
        app.evidence
            .iter()
            .any(|(key, e)| key == "runtime" && e.contains("services/billing/Billing.csproj")),
        "{:?}",
        app.evidence
    );
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text == "Advising on services/billing.")
    );
    to_result(&mut app);
    app.update(Action::Number(3));
    let dockerfile = app.panes.dockerfile.dockerfile().unwrap().to_owned();
    assert!(dockerfile.contains("Billing.dll"), "{dockerfile}");
    assert!(
        dockerfile.contains("aspnet:8.0"),
        "the project's net8.0 is kept"
    );
}

#[test]
fn declining_the_app_chooser_asks_every_question() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.start_with(Some(&scan("monorepo")));
    // A number picks directly; Esc declines.
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Question);
    assert_eq!(app.session.suggested(), None);
    assert!(app.evidence.is_empty());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("No app chosen"))
    );
    let mut app = App::new(&k);
    app.start_with(Some(&scan("monorepo")));
    app.update(Action::Number(3));
    assert_eq!(app.session.suggested(), Some("node"));
    assert_eq!(current_question(&app), "runtime");
}

#[test]
fn one_app_presets_its_answers_without_asking() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.start_with(Some(&scan("go-cmd")));
    assert_eq!(app.mode(), Mode::Question, "{:?}", app.overlay);
    assert_eq!(app.session.suggested(), Some("go"));
}

#[test]
fn several_programs_are_offered_on_the_dockerfile_pane_and_the_choice_is_app_name() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.start_with(Some(&scan("go-cmd")));
    to_result(&mut app);
    assert!(app.panes.dockerfile.choice().is_some());
    assert_eq!(app.panes.dockerfile.dockerfile(), None);

    // Arriving at the pane asks.
    app.update(Action::Number(3));
    assert_eq!(Pane::ALL[2], Pane::Dockerfile);
    assert_eq!(app.pane, Pane::Dockerfile);
    let Some(Overlay::Choose {
        chooser: Chooser::Program(choice),
        ..
    }) = &app.overlay
    else {
        panic!("{:?}", app.overlay)
    };
    let names: Vec<&str> = choice
        .candidates
        .iter()
        .map(|c| c.artifact.as_str())
        .collect();
    assert_eq!(names, ["api", "worker"]);
    insta::assert_snapshot!("choose-program-80x24", screen(&app, 80, 24));

    // Esc: the pane says what is missing and how to choose.
    app.update(Action::Close);
    assert_eq!(app.mode(), Mode::Result);
    let s = screen(&app, 80, 24);
    assert!(
        s.contains("The project builds several programs: api, worker."),
        "{s}"
    );
    assert!(
        s.contains("Enter: choose the one the Dockerfile builds."),
        "{s}"
    );
    // Export asks too, rather than failing.
    app.update(Action::Export);
    assert_eq!(app.mode(), Mode::Choose);
    app.update(Action::Close);
    // Enter on the pane asks again; the second program is taken.
    app.update(Action::Select);
    assert_eq!(app.mode(), Mode::Choose);
    app.update(Action::Down);
    assert_eq!(app.update(Action::Select), None);
    assert_eq!(app.mode(), Mode::Result);
    assert_eq!(
        app.panes.dockerfile.overrides(),
        [("app_name".to_owned(), "worker".to_owned())]
    );
    let dockerfile = app.panes.dockerfile.dockerfile().unwrap();
    assert!(dockerfile.contains("./cmd/worker"), "{dockerfile}");
    assert!(!dockerfile.contains("./cmd/api"), "{dockerfile}");
    assert!(app.panes.dockerfile.choice().is_none());
    let s = screen(&app, 100, 30);
    assert!(s.contains("artifact worker (you set it)"), "{s}");
    // Export now goes ahead.
    app.update(Action::Export);
    assert_eq!(app.mode(), Mode::Path);
    app.update(Action::Close);

    // The parameter form shows the choice, and changing it there works too.
    app.update(Action::EditParams);
    let Some(Overlay::Params { fields, .. }) = &app.overlay else {
        panic!()
    };
    assert_eq!(fields[0].input.value(), "worker");
    app.update(Action::Close);
}

#[test]
fn the_chosen_program_is_what_the_export_writes() {
    let k = knowledge();
    let mut app = App::new(&k);
    app.start_with(Some(&scan("go-cmd")));
    to_result(&mut app);
    app.update(Action::Export);
    app.update(Action::Number(1));
    app.update(Action::Export);
    let dir = tempfile::tempdir().unwrap();
    app.update(Action::DeleteChar);
    for c in dir.path().to_str().unwrap().chars() {
        app.update(Action::Input(c));
    }
    let effect = app.update(Action::Select).unwrap();
    assert!(matches!(effect, Effect::Export { .. }));
    perform(&mut app, effect);
    let written = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert!(written.contains("./cmd/api"), "{written}");
    assert_eq!(written, app.panes.dockerfile.dockerfile().unwrap());
}

/// A .NET solution with two web projects in `src/`, written for the test.
fn two_app_solution(root: &std::path::Path) {
    let mut sln = String::from("Microsoft Visual Studio Solution File, Format Version 12.00\n");
    for (i, name) in ["Shop.Api", "Shop.Worker"].iter().enumerate() {
        let dir = root.join("src").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(format!("{name}.csproj")),
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("Program.cs"),
            "var app = WebApplication.Create(args);\napp.Run();\n",
        )
        .unwrap();
        let _ = write!(
            sln,
            "Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{name}\", \"src\\{name}\\{name}.csproj\", \"{{0000000{i}-0000-0000-0000-000000000000}}\"\nEndProject\n"
        );
    }
    std::fs::write(root.join("Shop.sln"), sln).unwrap();
}

#[test]
fn a_solution_with_two_applications_asks_which_one_to_publish() {
    let project = tempfile::tempdir().unwrap();
    two_app_solution(project.path());
    let rules = load_native(&DataSource::Embedded).unwrap();
    let detection = basepick::detect::scan(project.path(), &rules).unwrap();
    let k = knowledge();
    let mut app = App::new(&k);
    app.start_with(Some(&detection));
    to_result(&mut app);
    app.update(Action::NextPane);
    app.update(Action::NextPane);
    assert_eq!(app.pane, Pane::Dockerfile);
    let s = screen(&app, 100, 30);
    assert!(s.contains("several applications"), "{s}");
    assert!(s.contains("src/Shop.Worker/Shop.Worker.csproj"), "{s}");
    app.update(Action::Number(2));
    let dockerfile = app.panes.dockerfile.dockerfile().unwrap();
    assert!(
        dockerfile.contains("src/Shop.Worker/Shop.Worker.csproj"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("Shop.Worker.dll"), "{dockerfile}");
}

#[test]
fn choosers_survive_every_small_size() {
    let k = knowledge();
    let mut apps = App::new(&k);
    apps.start_with(Some(&scan("monorepo")));
    let mut programs = App::new(&k);
    programs.start_with(Some(&scan("go-cmd")));
    to_result(&mut programs);
    programs.update(Action::Number(3));
    for app in [&apps, &programs] {
        assert_eq!(app.mode(), Mode::Choose);
        for w in 1..=80 {
            for h in 1..=24 {
                let _ = crate::tui::draw(app, basepick::tui::Theme { color: true }, w, h);
            }
        }
    }
}

#[test]
fn a_long_list_scrolls_to_keep_the_highlighted_entry_in_view() {
    let k = knowledge();
    let mut app = App::new(&k);
    let apps = (1..=30)
        .map(|i| basepick::tui::choose::AppChoice {
            dir: format!("services/s{i:02}"),
            summary: "go 1.25 with go".to_owned(),
            answers: basepick::detect::ProjectAnswers::default(),
        })
        .collect();
    app.overlay = Some(Overlay::Choose {
        chooser: Chooser::App(apps),
        cursor: 0,
    });
    let top = screen(&app, 80, 24);
    assert!(top.contains("▶ 1.  services/s01"), "{top}");
    assert!(top.contains("↑↓ scroll"), "{top}");
    for _ in 0..25 {
        app.update(Action::Down);
    }
    let s = screen(&app, 80, 24);
    assert!(s.contains("▶ 26. services/s26"), "{s}");
    assert!(!s.contains("services/s01"), "{s}");
    // Up from the first entry wraps to the last, which is shown too.
    let mut app2 = App::new(&k);
    app2.overlay = app.overlay.clone();
    for _ in 0..26 {
        app2.update(Action::Up);
    }
    assert!(screen(&app2, 80, 24).contains("▶ 30. services/s30"));
}
