//! The command line at its edges: a reader that went away, errors caught while parsing the arguments
//! when JSON was asked for, options that would otherwise be ignored, and values no command knows.

use std::process::{Command, Stdio};

use crate::common::fixture;

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
