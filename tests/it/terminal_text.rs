//! Text meant for people never carries a control character from a user's repository or a team's
//! data to the terminal: escape sequences, carriage returns and bells are shown as `\u{1b}` and the
//! like, on stdout and on stderr, by every command that prints file names or data strings.

use std::path::Path;

use crate::common::{basepick, fixture};

const ESC: char = '\u{1b}';

/// A team data set (the minimal fixture) whose strings carry escape sequences.
fn hostile_data(into: &Path) {
    let from = fixture("valid/minimal");
    std::fs::create_dir_all(into.join("templates")).unwrap();
    for name in [
        "templates/basic.Dockerfile.j2",
        "templates/default.dockerignore.j2",
    ] {
        std::fs::copy(from.join(name), into.join(name)).unwrap();
    }
    let tree = std::fs::read_to_string(from.join("decision_tree.toml"))
        .unwrap()
        .replace(
            "What does the application run on?",
            "What does it run on?\\u001b[2J",
        )
        .replace("label = \"Python\"", "label = \"Py\\u001b[31mthon\\r\"")
        .replace("A shell and apt on glibc.", "A shell\\u0007 and apt.")
        .replace("Python on slim", "Python\\u001b]0;owned\\u0007 on slim");
    std::fs::write(into.join("decision_tree.toml"), tree).unwrap();
    let images = std::fs::read_to_string(from.join("images.toml"))
        .unwrap()
        .replace("user = \"root\"", "user = \"root\\u001b[5m\"");
    std::fs::write(into.join("images.toml"), images).unwrap();
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = basepick()
        .args(args)
        .env("BASEPICK_TODAY", "2026-11-28")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn assert_clean(what: &str, text: &str, shown: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: a control character reached the terminal: {text:?}"
    );
    assert!(text.contains(shown), "{what}: {shown:?} not in {text}");
}

#[test]
fn data_strings_are_escaped_in_tree_recommend_and_images() {
    let dir = tempfile::tempdir().unwrap();
    hostile_data(dir.path());
    let d = dir.path().to_str().unwrap();
    let (code, out, _) = run(&["tree", "--data", d]);
    assert_eq!(code, Some(0), "{out}");
    assert_clean("tree", &out, "What does it run on?\\u{1b}[2J");
    for format in ["mermaid", "dot"] {
        let (_, out, _) = run(&["tree", "--data", d, "--format", format]);
        assert_clean(format, &out, "\\u{1b}[2J");
    }
    let recommend = [
        "recommend",
        "--data",
        d,
        "-a",
        "runtime=python",
        "-a",
        "debug_shell=yes",
    ];
    let (code, out, _) = run(&recommend);
    assert_eq!(code, Some(0), "{out}");
    assert_clean("recommend", &out, "Py\\u{1b}[31mthon\\u{d}");
    assert_clean("recommend", &out, "A shell\\u{7} and apt.");
    assert_clean("recommend", &out, "Python\\u{1b}]0;owned\\u{7} on slim");
    let mut markdown = recommend.to_vec();
    markdown.extend(["--format", "markdown"]);
    let (_, out, _) = run(&markdown);
    assert_clean("recommend markdown", &out, "\\u{1b}]0;owned");
    let (_, out, _) = run(&["images", "--data", d, "--all"]);
    assert_clean("images", &out, "root\\u{1b}[5m");
    // JSON carries the strings as they are, escaped the JSON way.
    let (_, out, _) = run(&["images", "--data", d, "--all", "--format", "json"]);
    assert!(out.contains("root\\u001b[5m"), "{out}");
}

#[test]
fn check_data_escapes_what_it_quotes_from_the_files() {
    let dir = tempfile::tempdir().unwrap();
    hostile_data(dir.path());
    let path = dir.path().join("decision_tree.toml");
    let tree = std::fs::read_to_string(&path)
        .unwrap()
        .replace("image = \"py-slim\"", "image = \"py\\u001b[2J-slim\"");
    std::fs::write(&path, tree).unwrap();
    let (code, out, err) = run(&["check-data", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(1), "{out}");
    assert_clean(
        "check-data",
        &out,
        "image `py\\u{1b}[2J-slim` is not an image id",
    );
    assert_clean("check-data warnings", &err, "");
}

#[test]
fn file_names_from_a_project_are_escaped_in_detect_and_check_build() {
    let dir = tempfile::tempdir().unwrap();
    // Two apps, one in a directory whose name carries an escape sequence.
    let project = dir.path().join(format!("api{ESC}[31m"));
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("requirements.txt"), "flask==3.0\n").unwrap();
    std::fs::create_dir(dir.path().join("web")).unwrap();
    std::fs::write(
        dir.path().join("web/package.json"),
        r#"{"name": "web", "dependencies": {"express": "4"}}"#,
    )
    .unwrap();
    std::fs::write(
        project.join("Dockerfile"),
        format!("FROM python:3.13-slim\nCOPY missing{ESC}[2J.txt /app/\n"),
    )
    .unwrap();
    let p = project.to_str().unwrap();
    let (code, out, err) = run(&["detect", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert_clean("detect", &out, "api\\u{1b}[31m");
    let (code, out, err) = run(&["check-build", p]);
    assert_eq!(code, Some(1), "{out}{err}");
    assert_clean("check-build", &out, "missing\\u{1b}[2J.txt");
    assert_clean("check-build", &out, "api\\u{1b}[31m/Dockerfile");
    // Errors name files the same way.
    let (code, _, err) = run(&["audit", &format!("{p}/nothing{ESC}[2J")]);
    assert_eq!(code, Some(2));
    assert_clean("audit error", &err, "nothing\\u{1b}[2J");
}
