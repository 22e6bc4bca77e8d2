//! A team's data can be large or hostile: shared sub-trees, very deep chains, templates that never
//! end or grow without bound, a catalog of tens of megabytes. Each ends normally — a result or an
//! error naming what is wrong — instead of hanging, aborting or eating memory. Every data set here
//! is generated into a temporary directory from the minimal valid one.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::fixture;

/// What a run left: its exit code (`None` when a signal ended it), stdout and stderr.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs basepick with `args`, under `sh -c` with `prefix` before it (e.g. a memory limit) when given.
/// Output goes to files, so a large output cannot block the run; a run still going after a minute
/// has hung, and fails the test (it is killed, so the suite goes on).
fn run_in(dir: &Path, prefix: Option<&str>, args: &[&str]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("basepick");
    let mut cmd = match prefix {
        Some(prefix) => {
            let mut sh = Command::new("sh");
            sh.arg("-c")
                .arg(format!("{prefix} && exec \"$0\" \"$@\""))
                .arg(&bin);
            sh
        }
        None => Command::new(&bin),
    };
    let (out, err) = (dir.join("stdout"), dir.join("stderr"));
    let mut child = cmd
        .args(args)
        .env_remove("BASEPICK_DATA")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_mins(1);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("basepick {args:?} did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Run {
        code: status.code(),
        stdout: read(&out),
        stderr: read(&err),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, None, args)
}

/// A copy of the minimal valid data set in `root/data`; returns its path.
fn data_copy(root: &Path) -> PathBuf {
    let from = fixture("valid/minimal");
    let data = root.join("data");
    std::fs::create_dir_all(data.join("templates")).unwrap();
    for name in [
        "images.toml",
        "decision_tree.toml",
        "templates/basic.Dockerfile.j2",
        "templates/default.dockerignore.j2",
    ] {
        std::fs::copy(from.join(name), data.join(name)).unwrap();
    }
    data
}

/// A decision tree of `n` questions in a row, `q0` to `q{n-1}`: each question's two choices both
/// lead to the next one (`shared`) or one does and the other ends at a leaf; the last one's choices
/// end at the two leaves of the minimal data set.
fn chain_tree(n: usize, shared: bool) -> String {
    let mut s = String::from(
        "start = \"q0\"\n\n[params.default]\napp_name = \"app\"\nport = \"8080\"\nstart = \"main.py\"\n",
    );
    for i in 0..n {
        let (a, b) = if i + 1 == n {
            (
                "leaf = \"python-slim\"".to_owned(),
                "leaf = \"python-distroless\"".to_owned(),
            )
        } else if shared {
            (
                format!("next = \"q{}\"", i + 1),
                format!("next = \"q{}\"", i + 1),
            )
        } else {
            (
                format!("next = \"q{}\"", i + 1),
                "leaf = \"python-slim\"".to_owned(),
            )
        };
        write!(
            s,
            "\n[[question]]\nid = \"q{i}\"\nprompt = \"Question {i}?\"\nhelp = \"Help for {i}.\"\n\
             \n[[question.choice]]\nid = \"a\"\nlabel = \"A\"\n{a}\n\
             \n[[question.choice]]\nid = \"b\"\nlabel = \"B\"\n{b}\n"
        )
        .unwrap();
    }
    let minimal = std::fs::read_to_string(fixture("valid/minimal/decision_tree.toml")).unwrap();
    let leaves = &minimal[minimal.find("[[leaf]]").unwrap()..];
    s.push('\n');
    s.push_str(leaves);
    s
}

fn assert_normal_exit(run: &Run, code: i32, what: &str) {
    assert_eq!(
        run.code,
        Some(code),
        "{what}: ended by a signal or with another code\n{}",
        run.stderr
    );
}

#[test]
fn forty_questions_whose_choices_share_the_next_question_check_and_print_at_once() {
    let root = tempfile::tempdir().unwrap();
    let data = data_copy(root.path());
    std::fs::write(data.join("decision_tree.toml"), chain_tree(40, true)).unwrap();
    let data = data.to_str().unwrap();
    // Every path through this tree is one of 2^40: validation that walked paths never ended.
    let checked = run(root.path(), &["--data", data, "check-data"]);
    assert_normal_exit(&checked, 0, "check-data");
    assert!(
        checked
            .stdout
            .contains("ok — 2 images, 40 questions, 2 leaves"),
        "{}",
        checked.stdout
    );
    for format in ["text", "json", "mermaid", "dot"] {
        let tree = run(root.path(), &["--data", data, "tree", "--format", format]);
        assert_normal_exit(&tree, 0, format);
        assert!(tree.stdout.contains("q39"), "{format}");
    }
    let text = run(root.path(), &["--data", data, "tree"]);
    assert!(text.stdout.contains("(as above)"), "{}", text.stdout);
    assert!(text.stdout.len() < 20_000, "{} bytes", text.stdout.len());
}

#[test]
fn a_chain_of_twenty_thousand_questions_ends_normally_in_every_command() {
    let root = tempfile::tempdir().unwrap();
    let data = data_copy(root.path());
    std::fs::write(data.join("decision_tree.toml"), chain_tree(20_000, false)).unwrap();
    let data = data.to_str().unwrap();
    let checked = run(root.path(), &["--data", data, "check-data"]);
    assert_normal_exit(&checked, 0, "check-data");
    assert!(
        checked.stdout.contains("20000 questions"),
        "{}",
        checked.stdout
    );
    for format in ["text", "json", "mermaid", "dot"] {
        let tree = run(root.path(), &["--data", data, "tree", "--format", format]);
        assert_normal_exit(&tree, 0, format);
        assert!(tree.stdout.contains("q19999"), "{format}");
    }
    // Indentation stops growing, so the text stays linear in the length of the chain.
    let text = run(root.path(), &["--data", data, "tree"]);
    assert!(
        text.stdout.contains("(level 20000)"),
        "the deepest level is named"
    );
    assert!(
        text.stdout.len() < 20_000 * 500,
        "{} bytes",
        text.stdout.len()
    );
    // The deepest leaf is reached through every question, in order.
    let dockerfile = run(
        root.path(),
        &["--data", data, "dockerfile", "python-distroless"],
    );
    assert_normal_exit(&dockerfile, 0, "dockerfile");
    assert!(dockerfile.stdout.contains("FROM "), "{}", dockerfile.stdout);
}

/// A data set whose one Dockerfile template is `body` (after a valid first line).
fn data_with_template(root: &Path, body: &str) -> PathBuf {
    let data = data_copy(root);
    std::fs::write(
        data.join("templates/basic.Dockerfile.j2"),
        format!("FROM {{{{ image.from }}}}\n{body}\n"),
    )
    .unwrap();
    data
}

/// The template stops with an error naming it wherever it is rendered: `dockerfile`, `recommend
/// --write` (which then writes nothing) and `check-data`, which locates it.
fn assert_template_stops(root: &Path, data: &Path, what: &str) {
    let data = data.to_str().unwrap();
    let dockerfile = run(root, &["--data", data, "dockerfile", "python-slim"]);
    assert_normal_exit(&dockerfile, 1, "dockerfile");
    assert!(
        dockerfile.stderr.contains("template basic.Dockerfile.j2")
            && dockerfile.stderr.contains(what),
        "{}",
        dockerfile.stderr
    );
    assert!(dockerfile.stdout.is_empty());

    let out = root.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let args = [
        "--data",
        data,
        "recommend",
        "-a",
        "runtime=python",
        "-a",
        "debug_shell=yes",
    ];
    let write = [&args[..], &["--write", out.to_str().unwrap()]].concat();
    let written = run(root, &write);
    assert_normal_exit(&written, 1, "recommend --write");
    assert!(
        written.stderr.contains("basic.Dockerfile.j2"),
        "{}",
        written.stderr
    );
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "nothing is written"
    );

    let checked = run(root, &["--data", data, "check-data"]);
    assert_normal_exit(&checked, 1, "check-data");
    assert!(
        checked
            .stdout
            .contains("templates/basic.Dockerfile.j2:2:1: rendering leaf")
            && checked.stdout.contains(what),
        "{}",
        checked.stdout
    );
    assert!(checked.stdout.contains("1 error"), "{}", checked.stdout);
}

#[test]
fn a_template_loop_that_never_ends_is_an_error_naming_the_template() {
    let root = tempfile::tempdir().unwrap();
    let data = data_with_template(
        root.path(),
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
    );
    assert_template_stops(root.path(), &data, "ran out of fuel");
}

#[test]
fn a_string_that_doubles_without_end_is_an_error_not_an_abort() {
    let root = tempfile::tempdir().unwrap();
    let data = data_with_template(
        root.path(),
        "{% set ns = namespace(s=\"x\") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    );
    assert_template_stops(root.path(), &data, "ran out of fuel");
}

#[test]
fn output_past_the_cap_is_refused_with_the_template_named() {
    // 1.1 MB of plain text in 1,100 rounds: well within the fuel, past the 1 MiB cap on output.
    let root = tempfile::tempdir().unwrap();
    let line = "x".repeat(999);
    let body = format!("{{% for i in range(1100) %}}{line}\n{{% endfor %}}");
    let data = data_with_template(root.path(), &body);
    let data = data.to_str().unwrap();
    let dockerfile = run(root.path(), &["--data", data, "dockerfile", "python-slim"]);
    assert_normal_exit(&dockerfile, 1, "dockerfile");
    assert!(
        dockerfile
            .stderr
            .contains("template basic.Dockerfile.j2 produced more than 1024 KiB"),
        "{}",
        dockerfile.stderr
    );
    assert!(dockerfile.stdout.is_empty());
    let checked = run(root.path(), &["--data", data, "check-data"]);
    assert_normal_exit(&checked, 1, "check-data");
    assert!(
        checked
            .stdout
            .contains("templates/basic.Dockerfile.j2: rendering leaf `python-slim` stops"),
        "{}",
        checked.stdout
    );
}

/// A catalog of at least `bytes` bytes: the minimal catalog and copies of its second image under
/// new ids.
fn large_catalog(path: &Path, bytes: usize) -> usize {
    let minimal = std::fs::read_to_string(fixture("valid/minimal/images.toml")).unwrap();
    let second = minimal.rfind("[[image]]").unwrap();
    let entry = &minimal[second..];
    let mut out = BufWriter::new(File::create(path).unwrap());
    out.write_all(minimal.as_bytes()).unwrap();
    let (mut written, mut copies) = (minimal.len(), 0);
    while written < bytes {
        let copy = entry.replace("id = \"py-distroless\"", &format!("id = \"copy-{copies}\""));
        out.write_all(b"\n").unwrap();
        out.write_all(copy.as_bytes()).unwrap();
        written += copy.len() + 1;
        copies += 1;
    }
    out.flush().unwrap();
    copies + 2
}

#[test]
fn a_fifty_megabyte_catalog_loads_in_bounded_memory() {
    // Below the cap on a data file's size (a file above it is refused by name: see inputs.rs), a
    // catalog loads entry by entry. Loading all of it at once took 1.4 GB; here the address space
    // is capped at 1 GiB, and running out would abort the process.
    let root = tempfile::tempdir().unwrap();
    let data = data_copy(root.path());
    let images = large_catalog(&data.join("images.toml"), 50 * 1024 * 1024);
    let data = data.to_str().unwrap();
    let checked = run_in(
        root.path(),
        Some("ulimit -v 1048576"),
        &["--data", data, "check-data"],
    );
    assert_normal_exit(&checked, 0, "check-data");
    assert!(
        checked.stdout.contains(&format!("ok — {images} images")),
        "{}",
        checked.stdout
    );
}
