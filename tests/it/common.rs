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

/// The embedded default data.
pub fn knowledge() -> Knowledge {
    basepick::knowledge::embedded().expect("embedded data loads")
}

/// The day tests judge support on, so results do not change with the calendar.
pub fn today() -> basepick::knowledge::Date {
    basepick::knowledge::Date::new(2026, 11, 28).expect("a valid date")
}
