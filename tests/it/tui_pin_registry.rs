//! Pinning from the TUI against a registry on 127.0.0.1 (the tests' own small server): the event loop
//! goes on while the registry has not answered, and takes the digests once it has; a registry that
//! does not know the images leaves the file unpinned with the reason on screen.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use basepick::knowledge::{self, DataSource, Knowledge};
use basepick::registry::{ClientConfig, sha256_digest};
use basepick::tui::app::App;
use basepick::tui::pinning::PinState;
use basepick::tui::{Effect, Theme, Worker, perform_with, run_with};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::fake_registry::{FakeRegistry, OCI_MANIFEST, Reply, manifest_body};
use crate::registry_export::data_on;
use crate::tui::{python_result, screen};

/// A manifest of its own for each request path: hex digits from the path's bytes.
fn seed(target: &str) -> String {
    let sum = target.bytes().fold(0u64, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u64::from(b))
    });
    format!("{sum:x}")
}

fn manifest_reply(target: &str) -> Reply {
    let body = manifest_body(&seed(target));
    Reply::new(200, OCI_MANIFEST, body.clone())
        .header("Docker-Content-Digest", &sha256_digest(body.as_bytes()))
}

/// What the server serves for `image` (`HOST/repo:tag`).
fn served_digest(host: &str, image: &str) -> String {
    let (repo, tag) = image
        .strip_prefix(&format!("{host}/"))
        .and_then(|rest| rest.rsplit_once(':'))
        .unwrap();
    let body = manifest_body(&seed(&format!("/v2/{repo}/manifests/{tag}")));
    sha256_digest(body.as_bytes())
}

/// The image of each `FROM` that names one (not `scratch`, not a stage), as written.
fn from_images(dockerfile: &str) -> Vec<String> {
    dockerfile
        .lines()
        .filter_map(|l| l.strip_prefix("FROM "))
        .filter_map(|rest| rest.split_whitespace().find(|w| !w.starts_with("--")))
        .filter(|image| image.contains('/'))
        .map(str::to_owned)
        .collect()
}

fn worker() -> Worker {
    Worker::new(ClientConfig {
        timeout: Duration::from_secs(10),
        docker_config: None,
        ..ClientConfig::default()
    })
}

fn moved_knowledge(host: &str, space: &str) -> (tempfile::TempDir, Knowledge) {
    let data = data_on(host, space);
    let k = knowledge::load(&DataSource::Dir(data.path().to_owned())).unwrap();
    (data, k)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

#[test]
fn the_loop_goes_on_while_the_registry_is_silent_and_takes_the_digests_when_they_come() {
    // The registry answers only once the test opens the gate (or after 20 s, so nothing hangs).
    let gate = Arc::new((Mutex::new(false), Condvar::new()));
    let held = Arc::clone(&gate);
    let server = FakeRegistry::start(move |request| {
        let (lock, opened) = &*held;
        let _open = opened
            .wait_timeout_while(lock.lock().unwrap(), Duration::from_secs(20), |open| !*open)
            .unwrap();
        manifest_reply(&request.target)
    });
    let (_data, k) = moved_knowledge(&server.host, "tui");
    let mut app = App::new(&k);
    python_result(&mut app);
    let unpinned = app.panes.dockerfile.dockerfile().unwrap().to_owned();
    let images = from_images(&unpinned);
    assert_eq!(images.len(), 2, "{unpinned}");

    // d, then Ctrl-C: the loop must reach the Ctrl-C while the registry is still silent.
    let mut script = vec![
        key(KeyCode::Char('d'), KeyModifiers::NONE),
        key(KeyCode::Char('c'), KeyModifiers::CONTROL),
    ]
    .into_iter();
    let mut events = || -> std::io::Result<Option<Event>> { Ok(script.next()) };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut worker = worker();
    run_with(
        &mut terminal,
        &mut app,
        Theme { color: false },
        &mut events,
        &mut worker,
    )
    .unwrap();
    assert!(app.quit, "the loop took the next key while pinning");
    assert!(worker.busy(), "the registry has not answered yet");
    let drawn = terminal.backend().to_string();
    assert!(
        drawn.contains("d […] pinning: asking the registries"),
        "{drawn}"
    );

    {
        let (lock, opened) = &*gate;
        *lock.lock().unwrap() = true;
        opened.notify_all();
    }
    worker.wait(&mut app);
    assert!(!worker.busy());
    assert!(matches!(
        app.panes.dockerfile.pin_state(),
        PinState::Pinned { images: 2, .. }
    ));
    let pinned = app.panes.dockerfile.dockerfile().unwrap();
    let expected: Vec<String> = images
        .iter()
        .map(|i| format!("{i}@{}", served_digest(&server.host, i)))
        .collect();
    assert_eq!(from_images(pinned), expected, "{pinned}");
    // Only the images changed.
    assert_eq!(pinned.lines().count(), unpinned.lines().count(), "{pinned}");
    assert!(screen(&app, 80, 24).contains("d [x] pinned by digest"));
    let asked: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
    assert!(asked.iter().all(|t| t.starts_with("/v2/tui/")), "{asked:?}");
}

#[test]
fn a_registry_that_does_not_know_the_images_leaves_the_file_unpinned_and_says_so() {
    let server = FakeRegistry::start(|_| {
        Reply::new(
            404,
            "application/json",
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}"#,
        )
    });
    let (_data, k) = moved_knowledge(&server.host, "gone");
    let mut app = App::new(&k);
    python_result(&mut app);
    let unpinned = app.panes.dockerfile.dockerfile().unwrap().to_owned();
    let effect = app.update(basepick::tui::keys::Action::TogglePin).unwrap();
    assert!(matches!(effect, Effect::Pin { .. }));
    let mut worker = worker();
    perform_with(&mut app, effect, &mut worker);
    worker.wait(&mut app);
    let PinState::Failed { reason } = app.panes.dockerfile.pin_state() else {
        panic!("{:?}", app.panes.dockerfile.pin_state())
    };
    assert!(reason.contains("2 images could not be pinned"), "{reason}");
    assert!(
        reason.contains(&server.host),
        "the registry is named: {reason}"
    );
    assert_eq!(app.panes.dockerfile.dockerfile(), Some(unpinned.as_str()));
    assert!(!app.panes.dockerfile.is_pin_wanted());
    let s = screen(&app, 100, 30);
    assert!(s.contains("Not pinned (d tries again)."), "{s}");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|st| st.error && st.text.starts_with("Cannot pin:"))
    );
}
