//! The command line at its edges: a reader that went away, errors caught while parsing the arguments
//! when JSON was asked for, options that would otherwise be ignored, and values no command knows.

use std::process::{Command, Stdio};

use serde_json::Value;

use crate::common::{basepick, fixture};

/// Runs basepick with its stdout a pipe whose reading end is already closed: every write fails.
fn with_closed_stdout(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(assert_cmd::cargo::cargo_bin("basepick"))
        .args(args)
        .env_remove("BASEPICK_DATA")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn every_command_stops_quietly_when_its_reader_is_gone() {
    let project = fixture("projects/python-numpy");
    let project = project.to_str().unwrap();
    let dockerfile = fixture("dockerfiles/latest.Dockerfile");
    let latest = dockerfile.to_str().unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["images"],
        vec!["images", "--format", "json"],
        vec!["images", "--families"],
        vec!["tree"],
        vec!["tree", "--format", "mermaid"],
        vec![
            "recommend",
            "-a",
            "runtime=go",
            "-a",
            "linking=static",
            "-a",
            "debug_shell=no",
        ],
        vec!["dockerfile", "go-static"],
        vec!["detect", project],
        vec!["check-build", project, "--dockerfile", latest],
        vec!["audit", latest],
        vec!["quiz", "--seed", "1"],
        vec!["check-data"],
        vec!["--version"],
        vec!["--help"],
        vec!["images", "--help"],
    ];
    for args in commands {
        let out = with_closed_stdout(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked")
                && !stderr.contains("Broken pipe")
                && !stderr.contains("error"),
            "{args:?}: {stderr}"
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?} ended by {:?}: {stderr}",
            out.status
        );
    }
}

/// Runs basepick; returns the exit code, stdout parsed as JSON, and stderr.
fn json_run(args: &[&str]) -> (Option<i32>, Value, String) {
    let out = basepick().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: stdout is not JSON ({e}): {:?}; stderr: {stderr}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (out.status.code(), value, stderr)
}

#[test]
fn argument_errors_are_json_on_stdout_when_json_is_asked_for() {
    for (args, names) in [
        (
            vec![
                "recommend",
                "-a",
                "runtime=go",
                "--format",
                "json",
                "--bogus",
            ],
            "--bogus",
        ),
        (
            vec!["recommend", "--format=json", "-a", "runtime"],
            "runtime",
        ),
        (
            vec!["images", "--format", "json", "--sort", "colour"],
            "colour",
        ),
        (vec!["--format", "json", "tree", "--depth", "2"], "--format"),
        (vec!["detect", "--format", "json", "a", "b"], "b"),
        (
            vec![
                "audit",
                "Dockerfile",
                "--format",
                "sarif",
                "--fail-on",
                "never",
            ],
            "never",
        ),
        (vec!["quiz", "--format", "json", "--count", "0"], "0"),
    ] {
        let (code, v, stderr) = json_run(&args);
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(v["error"]["kind"], "usage", "{args:?}: {v}");
        let message = v["error"]["message"].as_str().unwrap();
        assert!(message.contains(names), "{args:?}: {message}");
        assert!(!message.starts_with("error:"), "{message}");
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
    }
    // Without JSON, clap's own message on stderr; help is still help.
    let out = basepick().args(["images", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument '--bogus'"));
    let out = basepick()
        .args(["images", "--format", "json", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage: basepick images"));
}

#[test]
fn a_runtime_no_image_serves_is_an_error_listing_the_runtimes() {
    let out = basepick()
        .args(["images", "--runtime", "cobol"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "no empty table");
    assert!(
        stderr.contains("`cobol`") && stderr.contains("go, rust, cpp, python, node"),
        "{stderr}"
    );
    let (code, v, _) = json_run(&["images", "--runtime", "cobol", "--format", "json"]);
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "unknown_runtime");
    assert_eq!(v["error"]["runtime"], "cobol");
    let valid: Vec<&str> = v["error"]["valid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        valid.contains(&"python") && valid.contains(&"static"),
        "{valid:?}"
    );
    // A runtime of the catalog still lists, in every format.
    let (code, v, _) = json_run(&["images", "--runtime", "ruby", "--format", "json"]);
    assert_eq!(code, Some(0));
    assert!(!v.as_array().unwrap().is_empty());
}

#[test]
fn detect_before_a_command_is_refused_rather_than_ignored() {
    let project = fixture("projects/python-numpy");
    let p = project.to_str().unwrap();
    let out = basepick().args(["--detect", p, "images"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains("--detect") && stderr.contains("`images`"),
        "{stderr}"
    );
    let out = basepick().args(["--detect", p, "learn"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`learn` would ignore it"));
    let (code, v, _) = json_run(&[
        "--detect",
        p,
        "recommend",
        "-a",
        "debug_shell=no",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(v["error"]["kind"], "usage");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("basepick recommend --detect"), "{message}");
    // After the command, where it belongs, it works.
    let (code, v, _) = json_run(&[
        "recommend",
        "--detect",
        p,
        "-a",
        "debug_shell=no",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{v}");
}
