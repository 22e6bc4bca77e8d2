//! Exports from the command line: file modes follow the umask (a replaced file keeps its own), and the
//! Dockerfile, `.dockerignore` and run files are written all or none, also with `--force` and with
//! another export racing.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::common::basepick;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// `basepick ARGS` under a umask, through the shell that sets it.
fn with_umask(umask: &str, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("basepick"))
        .args(args)
        .env_remove("BASEPICK_DATA")
        .output()
        .unwrap()
}

#[test]
fn written_files_get_the_umask_mode_and_force_keeps_an_existing_mode() {
    for (umask, expected) in [("027", 0o640), ("002", 0o664), ("022", 0o644)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let o = out.to_str().unwrap();
        let run = with_umask(
            umask,
            &["dockerfile", "go-static", "--write", o, "--with", "compose"],
        );
        assert!(run.status.success(), "{run:?}");
        for name in ["Dockerfile", ".dockerignore", "compose.yaml"] {
            assert_eq!(mode(&out.join(name)), expected, "umask {umask}: {name}");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().to_str().unwrap();
    let dockerfile = dir.path().join("Dockerfile");
    std::fs::write(&dockerfile, "FROM scratch\n").unwrap();
    std::fs::set_permissions(&dockerfile, std::fs::Permissions::from_mode(0o644)).unwrap();
    let run = with_umask("077", &["dockerfile", "go-static", "--write", o, "--force"]);
    assert!(run.status.success(), "{run:?}");
    assert_ne!(
        std::fs::read_to_string(&dockerfile).unwrap(),
        "FROM scratch\n"
    );
    assert_eq!(mode(&dockerfile), 0o644, "--force keeps the mode");
    assert_eq!(
        mode(&dir.path().join(".dockerignore")),
        0o600,
        "new: umask 077"
    );
}

#[test]
fn a_directory_in_place_of_a_later_file_leaves_every_file_as_it_was() {
    for (in_the_way, extra) in [(".dockerignore", None), ("compose.yaml", Some("compose"))] {
        let dir = tempfile::tempdir().unwrap();
        let o = dir.path().to_str().unwrap();
        std::fs::write(dir.path().join("Dockerfile"), "FROM mine\n").unwrap();
        std::fs::create_dir(dir.path().join(in_the_way)).unwrap();
        let mut args = vec!["dockerfile", "python-distroless", "--write", o, "--force"];
        if let Some(extra) = extra {
            args.extend(["--with", extra]);
        }
        let out = basepick().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{in_the_way}: {stderr}");
        assert!(
            stderr.contains(&format!("{in_the_way} is a directory"))
                && stderr.contains("nothing was written"),
            "{stderr}"
        );
        assert!(out.stdout.is_empty(), "nothing reported as written");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
            "FROM mine\n"
        );
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "only the two that were there: {names:?}");
    }
}

#[test]
fn forced_exports_from_racing_processes_never_end_mixed() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().to_str().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("basepick");
    let mut mixed = Vec::new();
    for round in 0..8 {
        // go-static and python-distroless write different .dockerignore files; each export is tagged
        // by its port in the Dockerfile.
        let children: Vec<_> = (0..3)
            .map(|i| {
                let leaf = if i % 2 == 0 {
                    "go-static"
                } else {
                    "python-distroless"
                };
                let port = (8000 + round * 10 + i).to_string();
                Command::new(&bin)
                    .args(["dockerfile", leaf, "--write", o, "--force", "--set"])
                    .arg(format!("port={port}"))
                    .env_remove("BASEPICK_DATA")
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        let dockerfile = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
        let ignore = std::fs::read_to_string(dir.path().join(".dockerignore")).unwrap();
        let python = dockerfile.contains("python");
        if python != ignore.contains("__pycache__") {
            mixed.push(round);
        }
    }
    assert!(mixed.is_empty(), "mixed in rounds {mixed:?}");
}
