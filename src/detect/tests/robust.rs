//! Detection never blocks and never loses the root: named pipes, devices and sockets are skipped with a
//! note (also behind symbolic links), and root manifests are read before the walk's budget is spent.

use std::fs;
use std::sync::mpsc;
use std::time::Duration;

use super::{detect, project};
use crate::detect::{Limits, scan_with};

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo failed");
}

/// A FIFO behind `package.json` (a symbolic link) and one named `requirements.txt`: the scan returns,
/// says why each was skipped, and still reads the rest. Opening a FIFO would block until a writer
/// appears, so the scan runs on a thread and the test waits for it with a generous timeout.
#[cfg(unix)]
#[test]
fn named_pipes_are_skipped_with_a_note_and_never_block() {
    let dir = project(&[("go.mod", "module example.com/x\n\ngo 1.24\n")]);
    mkfifo(&dir.path().join("pipe"));
    std::os::unix::fs::symlink(dir.path().join("pipe"), dir.path().join("package.json")).unwrap();
    mkfifo(&dir.path().join("requirements.txt"));
    let root = dir.path().to_owned();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(detect(&root));
    });
    let d = rx
        .recv_timeout(Duration::from_mins(1))
        .expect("detect blocked on a named pipe");
    assert_eq!(d.primary().unwrap().runtime, "go");
    let notes = d.notes.join("\n");
    assert!(
        notes.contains("package.json: it leads to a named pipe"),
        "{notes}"
    );
    assert!(
        notes.contains("requirements.txt: it is a named pipe"),
        "{notes}"
    );
    assert!(notes.contains("pipe: it is a named pipe"), "{notes}");
}

#[cfg(unix)]
#[test]
fn devices_behind_symbolic_links_are_never_opened() {
    let dir = project(&[("Gemfile", "gem \"pg\"\n")]);
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("Gemfile.lock")).unwrap();
    let d = detect(dir.path());
    assert!(
        d.notes
            .iter()
            .any(|n| n.starts_with("skipped symlink Gemfile.lock")),
        "{:?}",
        d.notes
    );
    assert_eq!(d.primary().unwrap().runtime, "ruby");
}

/// A root with more entries than the budget still shows its manifests, which are read first.
#[test]
fn root_manifests_are_read_before_the_budget_is_spent() {
    let dir = project(&[(
        "package.json",
        "{\"name\": \"big\", \"dependencies\": {\"sharp\": \"1\"}}",
    )]);
    for i in 0..40 {
        fs::write(dir.path().join(format!("aaa-{i:03}.txt")), "").unwrap();
    }
    let limits = Limits {
        max_entries: 10,
        ..Limits::default()
    };
    let rules = crate::knowledge::embedded()
        .unwrap()
        .native
        .into_inner()
        .unwrap();
    let d = scan_with(dir.path(), &rules, &limits).unwrap();
    let node = d.primary().unwrap();
    assert_eq!(node.runtime, "node");
    assert_eq!(node.native[0].evidence.key.as_deref(), Some("sharp"));
    assert!(
        d.notes
            .iter()
            .any(|n| n.contains("stopped after 10 entries")),
        "{:?}",
        d.notes
    );
}
