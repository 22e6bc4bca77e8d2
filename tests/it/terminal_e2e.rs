//! The real terminal: basepick in a tmux pane, driven by keys, read back with capture-pane.
//! Needs tmux (scripts/test installs it); fails rather than skips without it.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A private tmux server with one session, killed on drop.
pub(crate) struct Tmux {
    socket: String,
}

impl Tmux {
    pub(crate) fn start(name: &str, width: u16, height: u16, dir: &Path, command: &str) -> Self {
        let tmux = Tmux {
            socket: format!("basepick-{name}-{}", std::process::id()),
        };
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "-c",
            dir.to_str().unwrap(),
            command,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap_or_else(|e| {
                panic!("tmux is required for this test ({e}); run scripts/test, which installs it")
            })
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "t", key]);
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Polls the pane until `text` appears; fails with the screen when it does not within 10 s.
    pub(crate) fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pane's alternate-screen and mouse-reporting modes, as tmux tracks them.
    fn modes(&self) -> String {
        let format = "alternate #{alternate_on}, mouse #{mouse_any_flag} #{mouse_sgr_flag}";
        let out = self.run(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn resize(&self, width: u16, height: u16) {
        let out = self.run(&[
            "resize-window",
            "-t",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

/// Runs basepick (its process id in `basepick.pid`), then records its exit status and the terminal
/// settings once it has exited.
fn shell_command(env: &str) -> String {
    format!(
        "sh -c '{env} sh -c \"echo \\$\\$ > basepick.pid; exec {}\"; echo $? > status.txt; stty -a > stty.txt; echo BASEPICK-EXITED; sleep 60'",
        env!("CARGO_BIN_EXE_basepick")
    )
}

/// Answers the Python questions with the highlighted choices and opens the export prompt.
fn to_the_export_prompt(tmux: &Tmux) {
    tmux.wait_for("What does the application run on?");
    tmux.keys(&["4"]);
    tmux.wait_for("C extensions");
    tmux.keys(&["Enter"]);
    tmux.wait_for("shell inside the running container");
    tmux.keys(&["Enter"]);
    tmux.wait_for("How far should hardening go?");
    tmux.keys(&["Enter", "e"]);
    tmux.wait_for("Write Dockerfile and .dockerignore");
}

/// Where `text` is on the pane: (column, row), both from 0.
fn position(screen: &str, text: &str) -> (usize, usize) {
    screen
        .lines()
        .enumerate()
        .find_map(|(y, line)| line.find(text).map(|i| (line[..i].chars().count(), y)))
        .unwrap_or_else(|| panic!("{text:?} is not on the pane:\n{screen}"))
}

/// The terminal is back in cooked mode: canonical input and echo are on.
/// The pane has left the alternate screen and no mouse reporting is on.
fn assert_sane(tmux: &Tmux, dir: &Path) {
    let stty = std::fs::read_to_string(dir.join("stty.txt")).unwrap();
    let flags: Vec<&str> = stty.split_whitespace().collect();
    assert!(flags.contains(&"icanon"), "icanon is off:\n{stty}");
    assert!(flags.contains(&"echo"), "echo is off:\n{stty}");
    assert_eq!(
        tmux.modes(),
        "alternate 0, mouse 0 0",
        "the terminal modes are restored"
    );
}

#[test]
fn from_launch_to_a_dockerfile_on_disk_guided_by_the_footer() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("flow", 100, 30, dir.path(), &shell_command(""));
    // The footer is the last line drawn: once it is there, the whole first screen is.
    let first = tmux.wait_for("Enter choose");
    assert!(
        first.contains("What does the application run on?"),
        "the footer says how to answer the first question:\n{first}"
    );
    // A new user: arrow down to Python, Enter, and Enter on each highlighted answer.
    tmux.keys(&["Down", "Down", "Down", "Enter"]);
    tmux.wait_for("C extensions");
    tmux.keys(&["Enter"]); // yes
    tmux.wait_for("shell inside the running container");
    tmux.keys(&["Enter"]); // no
    tmux.wait_for("How far should hardening go?");
    tmux.keys(&["Enter"]); // standard (the default)
    let result = tmux.wait_for("Recommendation");
    assert!(result.contains("distroless/python3"), "{result}");
    assert!(
        result.contains("e export"),
        "the footer offers export:\n{result}"
    );
    tmux.keys(&["3"]);
    tmux.wait_for("Dockerfile preview");
    tmux.keys(&["e"]);
    tmux.wait_for("Write Dockerfile and .dockerignore");
    tmux.keys(&["BSpace", "o", "u", "t", "Enter"]);
    tmux.wait_for("Wrote");

    let exported = std::fs::read_to_string(dir.path().join("out/Dockerfile")).unwrap();
    let cli_dir = dir.path().join("cli");
    let out = Command::new(env!("CARGO_BIN_EXE_basepick"))
        .args([
            "recommend",
            "-a",
            "runtime=python",
            "-a",
            "c_extensions=yes",
            "-a",
            "debug_shell=no",
            "-a",
            "security=standard",
            "--write",
        ])
        .arg(&cli_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        exported,
        std::fs::read_to_string(cli_dir.join("Dockerfile")).unwrap(),
        "TUI and CLI export the same file"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/.dockerignore")).unwrap(),
        std::fs::read_to_string(cli_dir.join(".dockerignore")).unwrap()
    );

    // Exporting again asks before overwriting; n keeps the file.
    tmux.keys(&["e", "BSpace", "o", "u", "t", "Enter"]);
    tmux.wait_for("already exists");
    tmux.keys(&["n"]);
    tmux.wait_for("nothing was written");

    // Going back and changing an answer changes the recommendation and the preview.
    tmux.keys(&["Left", "Left", "Down", "Enter"]); // debug_shell = yes
    tmux.wait_for("What is the shell for?");
    tmux.keys(&["Down", "Enter"]); // scripts → slim
    let slim = tmux.wait_for("Python on Debian slim");
    assert!(slim.contains("python:3.13-slim-trixie"), "{slim}");
    tmux.keys(&["3"]);
    tmux.wait_for("FROM python:3.13-slim-trixie AS build");

    // A tiny pane shows a notice instead of crashing, and the screen comes back.
    tmux.resize(20, 6);
    tmux.wait_for("small");
    tmux.resize(100, 30);
    tmux.wait_for("Dockerfile preview");

    tmux.keys(&["C-c"]);
    tmux.wait_for("BASEPICK-EXITED");
    assert_sane(&tmux, dir.path());
}

#[test]
fn sigterm_ends_the_program_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("term", 80, 24, dir.path(), &shell_command(""));
    tmux.wait_for("What does the application run on?");
    let pid = std::fs::read_to_string(dir.path().join("basepick.pid")).unwrap();
    let out = Command::new("kill")
        .args(["-TERM", pid.trim()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmux.wait_for("BASEPICK-EXITED");
    assert_sane(&tmux, dir.path());
    let status = std::fs::read_to_string(dir.path().join("status.txt")).unwrap();
    assert_eq!(status.trim(), "143", "128 + SIGTERM, as shells report it");
}

#[test]
fn a_burst_of_input_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("burst", 100, 30, dir.path(), &shell_command(""));
    to_the_export_prompt(&tmux);
    // About 6 KB typed at once, as a paste without bracketed paste (or key repeat) delivers it.
    let burst = format!("{}END", "x".repeat(6000));
    tmux.run(&["send-keys", "-t", "t", "-l", &burst]);
    let screen = tmux.wait_for("xxEND");
    assert!(screen.contains("Write Dockerfile"), "{screen}");
    tmux.keys(&["C-c"]);
    tmux.wait_for("BASEPICK-EXITED");
}

#[test]
fn clicks_and_pastes_reach_the_program() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("mouse", 80, 24, dir.path(), &shell_command(""));
    let screen = tmux.wait_for("What does the application run on?");
    assert_eq!(
        tmux.modes(),
        "alternate 1, mouse 1 1",
        "the TUI asks for mouse reports"
    );
    // A left click on "4. Python" in SGR mouse encoding (1-based), press then release.
    let (x, y) = position(&screen, "4. Python");
    let click = format!("\x1b[<0;{};{}M\x1b[<0;{};{}m", x + 4, y + 1, x + 4, y + 1);
    tmux.run(&["send-keys", "-t", "t", "-l", &click]);
    tmux.wait_for("C extensions");
    tmux.keys(&["Enter"]);
    tmux.wait_for("shell inside the running container");
    tmux.keys(&["Enter"]);
    tmux.wait_for("How far should hardening go?");
    tmux.keys(&["Enter", "e"]);
    tmux.wait_for("Write Dockerfile and .dockerignore");
    // A bracketed paste replaces the suggested "." and its line break does not submit the prompt.
    tmux.run(&["set-buffer", "-b", "p", "--", "pasted-dir\n"]);
    tmux.run(&["paste-buffer", "-p", "-b", "p", "-t", "t"]);
    let screen = tmux.wait_for("pasted-dir");
    assert!(
        screen.contains("Write Dockerfile"),
        "still asking:\n{screen}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("Wrote");
    assert!(dir.path().join("pasted-dir/Dockerfile").is_file());
    tmux.keys(&["q"]);
    tmux.wait_for("BASEPICK-EXITED");
    assert_sane(&tmux, dir.path());
}

#[test]
fn q_quits_and_leaves_the_terminal_sane() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("quit", 80, 24, dir.path(), &shell_command(""));
    tmux.wait_for("What does the application run on?");
    tmux.keys(&["?"]);
    tmux.wait_for("Keys");
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);
    tmux.wait_for("BASEPICK-EXITED");
    assert_sane(&tmux, dir.path());
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start(
        "panic",
        80,
        24,
        dir.path(),
        &shell_command("BASEPICK_TEST_PANIC=1"),
    );
    let screen = tmux.wait_for("BASEPICK-EXITED");
    assert!(
        screen.contains("panic requested"),
        "the panic message is visible:\n{screen}"
    );
    assert_sane(&tmux, dir.path());
}

#[test]
fn learn_walks_a_lesson_tries_it_and_takes_a_quiz_to_its_score() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "sh -c '{} learn --seed 1 --count 4; stty -a > stty.txt; echo BASEPICK-EXITED; sleep 60'",
        env!("CARGO_BIN_EXE_basepick")
    );
    let tmux = Tmux::start("learn", 80, 24, dir.path(), &command);
    let contents = tmux.wait_for("Choosing a base image");
    assert!(contents.contains("Quiz: 4 questions"), "{contents}");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Everything in FROM ships");
    tmux.keys(&["Right"]);
    let lesson = tmux.wait_for("The catalog, side by side");
    assert!(lesson.contains("lesson 2/7"), "{lesson}");
    tmux.keys(&["PageDown"]);
    tmux.wait_for("python:3.13-slim-trixie");
    // Try it: the advisor opens on the lesson's leaf, q comes back to the lesson.
    tmux.keys(&["t"]);
    tmux.wait_for("q returns to the course");
    tmux.keys(&["q"]);
    tmux.wait_for("lesson 2/7");
    // Esc lands on this lesson in the contents; the quiz is the row above the first lesson.
    tmux.keys(&["Escape", "Up", "Up", "Enter"]);
    tmux.wait_for("Question 1 of 4");
    for n in 1..=4 {
        tmux.wait_for(&format!("Question {n} of 4"));
        tmux.keys(&["1"]);
        let feedback = tmux.wait_for("next question");
        assert!(
            feedback.contains("Right.") || feedback.contains("Not quite"),
            "{feedback}"
        );
        tmux.keys(&["Enter"]);
    }
    let score = tmux.wait_for("Score:");
    assert!(score.contains("of 4"), "{score}");
    tmux.keys(&["q"]);
    tmux.wait_for("BASEPICK-EXITED");
    assert_sane(&tmux, dir.path());
}
