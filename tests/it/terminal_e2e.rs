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

/// Runs basepick, then records the terminal settings once it has exited.
fn shell_command(env: &str) -> String {
    format!(
        "sh -c '{env} {} ; stty -a > stty.txt; echo BASEPICK-EXITED; sleep 60'",
        env!("CARGO_BIN_EXE_basepick")
    )
}

/// The terminal is back in cooked mode: canonical input and echo are on.
fn assert_sane(dir: &Path) {
    let stty = std::fs::read_to_string(dir.join("stty.txt")).unwrap();
    let flags: Vec<&str> = stty.split_whitespace().collect();
    assert!(flags.contains(&"icanon"), "icanon is off:\n{stty}");
    assert!(flags.contains(&"echo"), "echo is off:\n{stty}");
}

#[test]
fn from_launch_to_a_dockerfile_on_disk_guided_by_the_footer() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = Tmux::start("flow", 100, 30, dir.path(), &shell_command(""));
    let first = tmux.wait_for("What does the application run on?");
    assert!(
        first.contains("Enter choose"),
        "the footer says how to answer:\n{first}"
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
    assert_sane(dir.path());
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
    assert_sane(dir.path());
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
    assert_sane(dir.path());
}
