//! The real terminal, for what the TUI asks and adds with `--detect`: a directory of several apps asks
//! which one first, and compose.yaml goes out with the Dockerfile, the things to fill in listed after.

use crate::common::fixture;
use crate::terminal_e2e::Tmux;

#[test]
fn a_monorepo_app_is_chosen_and_its_files_written_with_compose() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "sh -c 'NO_COLOR=1 {} --today 2026-11-28 --detect {}; echo BASEPICK-EXITED; sleep 60'",
        env!("CARGO_BIN_EXE_basepick"),
        fixture("projects/monorepo").display()
    );
    let tmux = Tmux::start("choose", 80, 24, dir.path(), &command);
    let first = tmux.wait_for("Esc close");
    assert!(first.contains("This directory holds 3 apps"), "{first}");
    assert!(first.contains("services/web"), "{first}");
    tmux.keys(&["3"]);
    let question = tmux.wait_for("(detected)");
    assert!(question.contains("Advising on services/web."), "{question}");
    // Take every highlighted (detected or default) answer up to the result.
    for _ in 0..6 {
        tmux.keys(&["Enter"]);
    }
    tmux.wait_for("1 Recommendation");
    tmux.keys(&["3", "c"]);
    tmux.wait_for("compose.yaml added");
    tmux.keys(&["e"]);
    tmux.wait_for("Write Dockerfile, .dockerignore and compose.yaml");
    tmux.keys(&["BSpace", "o", "u", "t", "Enter"]);
    let notice = tmux.wait_for("Before you run it:");
    assert!(
        notice.contains("compose.yaml: the CPU and memory"),
        "{notice}"
    );
    for name in ["Dockerfile", ".dockerignore", "compose.yaml"] {
        assert!(dir.path().join("out").join(name).is_file(), "{name}");
    }
    let dockerfile = std::fs::read_to_string(dir.path().join("out/Dockerfile")).unwrap();
    assert!(dockerfile.contains("server.js"), "{dockerfile}");
    tmux.keys(&["Enter", "q"]);
    tmux.wait_for("BASEPICK-EXITED");
}
