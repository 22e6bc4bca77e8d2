//! Exports: refusals, modes, all or nothing, and exports racing each other.

use super::*;

fn artifacts(text: &str) -> Vec<Artifact> {
    vec![
        Artifact {
            name: "Dockerfile",
            contents: format!("FROM {text}\n"),
        },
        Artifact {
            name: ".dockerignore",
            contents: ".git\n".to_owned(),
        },
    ]
}

#[test]
fn writes_into_a_new_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("out/nested");
    let written = write(&dir, &artifacts("a"), Overwrite::Refuse).unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        "FROM a\n"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn refuses_to_clobber_and_leaves_every_file_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".dockerignore"), "mine\n").unwrap();
    let err = write(tmp.path(), &artifacts("b"), Overwrite::Refuse).unwrap_err();
    assert!(err.to_string().contains(".dockerignore"), "{err}");
    assert!(err.to_string().contains("--force"), "{err}");
    assert!(
        !tmp.path().join("Dockerfile").exists(),
        "nothing is written when one file exists"
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".dockerignore")).unwrap(),
        "mine\n"
    );
}

#[test]
fn replaces_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), &artifacts("a"), Overwrite::Refuse).unwrap();
    write(tmp.path(), &artifacts("b"), Overwrite::Replace).unwrap();
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("Dockerfile")).unwrap(),
        "FROM b\n"
    );
}

#[cfg(unix)]
#[test]
fn replacing_a_file_keeps_its_mode_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("Dockerfile");
    std::fs::write(&file, "FROM a\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    replace_file(&link, "FROM a\n", "FROM b\n").unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "FROM b\n");
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
    assert!(replace_file(&tmp.path().join("missing"), "", "x").is_err());
}

#[test]
fn replaces_a_file_only_while_it_holds_what_was_read() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("Dockerfile");
    std::fs::write(&path, "FROM a\n").unwrap();
    replace_file(&path, "FROM a\n", "FROM b\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "FROM b\n");
    let err = replace_file(&path, "FROM a\n", "FROM c\n").unwrap_err();
    assert!(matches!(err, ExportError::Changed { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "FROM b\n");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
}

#[test]
fn a_file_in_place_of_the_directory_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("plain");
    std::fs::write(&file, "x").unwrap();
    let err = write(&file, &artifacts("a"), Overwrite::Replace).unwrap_err();
    assert!(matches!(err, ExportError::NotADir { .. }), "{err}");
}

/// The mode of a file, permission bits only.
#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The process's umask, as Linux reports it.
#[cfg(target_os = "linux")]
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
    u32::from_str_radix(line["Umask:".len()..].trim(), 8).unwrap()
}

/// Names in a directory other than the ones given (temporary files or backups left behind).
fn leftovers(dir: &Path, expected: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !expected.contains(&n.as_str()))
        .collect()
}

#[cfg(target_os = "linux")]
#[test]
fn new_files_get_the_umask_mode_and_replaced_files_keep_theirs() {
    let tmp = tempfile::tempdir().unwrap();
    let (dockerfile, ignore) = (
        tmp.path().join("Dockerfile"),
        tmp.path().join(".dockerignore"),
    );
    write(tmp.path(), &artifacts("a"), Overwrite::Refuse).unwrap();
    let fresh = 0o666 & !umask();
    assert_eq!((mode(&dockerfile), mode(&ignore)), (fresh, fresh));
    set_mode(&dockerfile, 0o640);
    set_mode(&ignore, 0o604);
    write(tmp.path(), &artifacts("b"), Overwrite::Replace).unwrap();
    assert_eq!(std::fs::read_to_string(&dockerfile).unwrap(), "FROM b\n");
    assert_eq!((mode(&dockerfile), mode(&ignore)), (0o640, 0o604));
}

#[test]
fn a_directory_in_place_of_the_second_file_writes_nothing_even_with_force() {
    for overwrite in [Overwrite::Refuse, Overwrite::Replace] {
        for had_dockerfile in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let dockerfile = tmp.path().join("Dockerfile");
            if had_dockerfile {
                std::fs::write(&dockerfile, "FROM mine\n").unwrap();
            }
            std::fs::create_dir(tmp.path().join(".dockerignore")).unwrap();
            let err = write(tmp.path(), &artifacts("new"), overwrite).unwrap_err();
            let case = format!("{overwrite:?}, Dockerfile there: {had_dockerfile}: {err}");
            match overwrite {
                Overwrite::Refuse => assert!(matches!(err, ExportError::Exists { .. }), "{case}"),
                Overwrite::Replace => {
                    assert!(matches!(err, ExportError::DirInTheWay { .. }), "{case}");
                    assert!(err.to_string().contains("nothing was written"), "{case}");
                }
            }
            if had_dockerfile {
                assert_eq!(
                    std::fs::read_to_string(&dockerfile).unwrap(),
                    "FROM mine\n",
                    "{case}"
                );
            } else {
                assert!(!dockerfile.exists(), "{case}");
            }
            assert!(
                leftovers(tmp.path(), &["Dockerfile", ".dockerignore"]).is_empty(),
                "{case}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_failure_after_the_first_rename_puts_back_what_was_there() {
    let tmp = tempfile::tempdir().unwrap();
    let (dockerfile, ignore) = (
        tmp.path().join("Dockerfile"),
        tmp.path().join(".dockerignore"),
    );
    std::fs::write(&dockerfile, "FROM old\n").unwrap();
    set_mode(&dockerfile, 0o640);
    // Another writer puts a directory where the second file goes, after the first is in place.
    let mut intrude = |p: &Path| {
        if p == ignore {
            std::fs::create_dir(p).unwrap();
        }
    };
    let err = staged::write(
        tmp.path(),
        &artifacts("new"),
        Overwrite::Replace,
        &mut intrude,
    )
    .unwrap_err();
    let ExportError::Failed { path, undone, .. } = &err else {
        panic!("{err}");
    };
    assert_eq!(path, &ignore);
    assert!(
        matches!(&undone[..], [Undone::Restored(p)] if p == &dockerfile),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.starts_with(&format!("cannot write {}", ignore.display())),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "nothing was changed: {} was restored",
            dockerfile.display()
        )),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&dockerfile).unwrap(), "FROM old\n");
    assert_eq!(mode(&dockerfile), 0o640);
    assert!(leftovers(tmp.path(), &["Dockerfile", ".dockerignore"]).is_empty());

    // A new file is removed again.
    let tmp = tempfile::tempdir().unwrap();
    let (dockerfile, ignore) = (
        tmp.path().join("Dockerfile"),
        tmp.path().join(".dockerignore"),
    );
    let mut intrude = |p: &Path| {
        if p == ignore {
            std::fs::create_dir(p).unwrap();
        }
    };
    for overwrite in [Overwrite::Replace, Overwrite::Refuse] {
        let _ = std::fs::remove_dir(&ignore);
        let err =
            staged::write(tmp.path(), &artifacts("new"), overwrite, &mut intrude).unwrap_err();
        assert!(!dockerfile.exists(), "{overwrite:?}: {err}");
        assert!(
            leftovers(tmp.path(), &[".dockerignore"]).is_empty(),
            "{overwrite:?}"
        );
    }
}

#[test]
fn what_could_not_be_undone_is_said_with_where_the_old_file_is() {
    let undone = [
        Undone::Restored(PathBuf::from("out/Dockerfile")),
        Undone::Left {
            path: PathBuf::from("out/.dockerignore"),
            backup: Some(PathBuf::from("out/.dockerignore.x1.bak")),
            error: "Permission denied".to_owned(),
        },
    ];
    let text = staged::words(&undone);
    assert_eq!(
        text,
        "out/Dockerfile was restored; out/.dockerignore WAS WRITTEN and could not be restored \
         (Permission denied); its previous contents are in out/.dockerignore.x1.bak"
    );
    assert_eq!(staged::words(&[]), "nothing was written");
}

#[test]
fn forced_exports_racing_each_other_never_end_mixed() {
    fn pair(n: usize) -> Vec<Artifact> {
        vec![
            Artifact {
                name: "Dockerfile",
                contents: format!("FROM image:{n}\n"),
            },
            Artifact {
                name: ".dockerignore",
                contents: format!("# export {n}\n"),
            },
        ]
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut mixed = Vec::new();
    for round in 0..25 {
        std::thread::scope(|s| {
            for t in 0..4 {
                s.spawn(move || write(dir, &pair(round * 4 + t), Overwrite::Replace).unwrap());
            }
        });
        let dockerfile = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
        let ignore = std::fs::read_to_string(dir.join(".dockerignore")).unwrap();
        let (a, b) = (
            dockerfile.trim_start_matches("FROM image:").trim(),
            ignore.trim_start_matches("# export ").trim(),
        );
        if a != b {
            mixed.push((round, a.to_owned(), b.to_owned()));
        }
    }
    assert!(mixed.is_empty(), "mixed pairs: {mixed:?}");
    assert!(leftovers(dir, &["Dockerfile", ".dockerignore"]).is_empty());
}
