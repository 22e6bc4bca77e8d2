//! Every file basepick reads is read only when it is a regular file, and never past a cap: a named
//! pipe, a device or an endless file in place of a data file, a Dockerfile, a `.dockerignore`, a scan
//! report or an SBOM gets a clear error naming it, at once.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::fixture;

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Runs basepick; a run still going after a minute has hung on its input, and fails the test (it is
/// killed, so the suite goes on).
fn run(args: &[&str]) -> Output {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("basepick"))
        .args(args)
        .env_remove("BASEPICK_DATA")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_mins(1);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("basepick {args:?} hung on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A copy of the minimal valid data set, to break.
fn data_copy(into: &Path) {
    let from = fixture("valid/minimal");
    std::fs::create_dir_all(into.join("templates")).unwrap();
    for name in [
        "images.toml",
        "decision_tree.toml",
        "templates/basic.Dockerfile.j2",
        "templates/default.dockerignore.j2",
    ] {
        std::fs::copy(from.join(name), into.join(name)).unwrap();
    }
}

fn assert_refused(out: &Output, code: i32, names: &str, kind: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(names) && stderr.contains(kind), "{stderr}");
}

#[test]
fn data_files_that_are_pipes_or_devices_are_named_and_never_waited_on() {
    for (name, kind) in [
        ("images.toml", "a named pipe"),
        ("decision_tree.toml", "a device"),
        ("families.toml", "a named pipe"),
        ("templates/basic.Dockerfile.j2", "a named pipe"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        data_copy(dir.path());
        let path = dir.path().join(name);
        let _ = std::fs::remove_file(&path);
        if kind == "a device" {
            std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        } else {
            mkfifo(&path);
        }
        let d = dir.path().to_str().unwrap();
        for command in ["images", "check-data"] {
            let out = run(&[command, "--data", d]);
            assert_refused(&out, 1, &path.display().to_string(), kind);
        }
    }
}

#[test]
fn an_endless_data_file_stops_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    data_copy(dir.path());
    let path = dir.path().join("images.toml");
    let big = std::fs::File::create(&path).unwrap();
    // A sparse file: its length is what counts, no disk is used.
    big.set_len(basepick::knowledge::MAX_DATA_FILE_BYTES + 1)
        .unwrap();
    let out = run(&["check-data", "--data", dir.path().to_str().unwrap()]);
    assert_refused(&out, 1, "images.toml", "larger than");
}

#[test]
fn check_build_refuses_a_pipe_for_a_dockerfile_or_its_ignore_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), "print(1)\n").unwrap();
    let d = dir.path().to_str().unwrap();
    mkfifo(&dir.path().join("Dockerfile"));
    assert_refused(&run(&["check-build", d]), 2, "Dockerfile", "a named pipe");
    std::fs::remove_file(dir.path().join("Dockerfile")).unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM python:3.13-slim\nCOPY app.py /app/\n",
    )
    .unwrap();
    mkfifo(&dir.path().join(".dockerignore"));
    assert_refused(
        &run(&["check-build", d]),
        2,
        ".dockerignore",
        "a named pipe",
    );
    assert_refused(
        &run(&["check-build", d, "--dockerfile", "/dev/zero"]),
        2,
        "/dev/zero",
        "a device",
    );
}

#[test]
fn pin_and_refresh_refuse_pipes_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("Dockerfile");
    mkfifo(&fifo);
    assert_refused(
        &run(&["pin", fifo.to_str().unwrap()]),
        2,
        "Dockerfile",
        "a named pipe",
    );
    let data = dir.path().join("data");
    data_copy(&data);
    let d = data.to_str().unwrap();
    let report = dir.path().join("trivy.json");
    mkfifo(&report);
    let r = report.to_str().unwrap();
    let out = run(&[
        "refresh",
        "--data",
        d,
        "--image",
        "py-slim",
        "--scan-report",
        r,
        "--yes",
    ]);
    assert_refused(&out, 1, "trivy.json", "a named pipe");
    let out = run(&[
        "refresh",
        "--data",
        d,
        "--image",
        "py-slim",
        "--sbom",
        "/dev/zero",
        "--yes",
    ]);
    assert_refused(&out, 1, "/dev/zero", "a device");
    std::fs::remove_file(data.join("images.toml")).unwrap();
    mkfifo(&data.join("images.toml"));
    let out = run(&["refresh", "--data", d, "--yes"]);
    assert_refused(&out, 1, "images.toml", "a named pipe");
}
