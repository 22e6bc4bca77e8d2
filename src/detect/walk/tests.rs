use super::*;

fn names(files: &[FileRef]) -> Vec<&str> {
    files.iter().map(|f| f.rel.as_str()).collect()
}

#[test]
fn skips_dependency_dirs_and_virtualenvs_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in [
        "node_modules/x",
        ".git",
        "src",
        "myenv",
        "target",
        "tests/fixtures/x",
    ] {
        fs::create_dir_all(root.join(d)).unwrap();
    }
    fs::write(root.join("myenv/pyvenv.cfg"), "home = /usr").unwrap();
    fs::write(root.join("node_modules/x/package.json"), "{}").unwrap();
    fs::write(root.join("tests/fixtures/x/go.mod"), "module x").unwrap();
    fs::write(root.join("b.txt"), "").unwrap();
    fs::write(root.join("a.txt"), "").unwrap();
    fs::write(root.join("src/main.go"), "").unwrap();
    let mut notes = Vec::new();
    let files = walk(root, &Limits::default(), &mut notes).unwrap();
    assert_eq!(names(&files), ["a.txt", "b.txt", "src/main.go"]);
    assert_eq!(files[2].depth, 1);
    assert!(notes.is_empty(), "{notes:?}");
}

#[test]
fn depth_and_entry_limits_leave_notes() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("a/b/c")).unwrap();
    fs::write(dir.path().join("a/b/c/deep.txt"), "").unwrap();
    let limits = Limits {
        max_depth: 2,
        ..Limits::default()
    };
    let mut notes = Vec::new();
    let files = walk(dir.path(), &limits, &mut notes).unwrap();
    assert!(files.is_empty());
    assert!(notes[0].contains("deeper than 2 levels"), "{notes:?}");

    let limits = Limits {
        max_entries: 1,
        ..Limits::default()
    };
    fs::write(dir.path().join("z.txt"), "").unwrap();
    let mut notes = Vec::new();
    walk(dir.path(), &limits, &mut notes).unwrap();
    assert!(notes[0].contains("stopped after 1 entries"), "{notes:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_escapes_are_skipped_with_notes() {
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("a/b")).unwrap();
    fs::write(root.join("a/b/go.mod"), "module x\n").unwrap();
    std::os::unix::fs::symlink(root.join("a"), root.join("a/b/loop")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
    std::os::unix::fs::symlink(root.join("missing"), root.join("dangling")).unwrap();
    let mut notes = Vec::new();
    let files = walk(root, &Limits::default(), &mut notes).unwrap();
    assert_eq!(names(&files), ["a/b/go.mod"]);
    let all = notes.join("\n");
    assert!(all.contains("a/b/loop") && all.contains("loop"), "{all}");
    assert!(all.contains("out: it points outside"), "{all}");
    assert!(all.contains("dangling"), "{all}");
}

#[test]
fn reading_skips_big_and_binary_files() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let bin = dir.path().join("bin.dat");
    fs::write(&big, vec![b'a'; 2048]).unwrap();
    fs::write(&bin, b"abc\0def").unwrap();
    let limits = Limits {
        max_file_bytes: 1024,
        ..Limits::default()
    };
    let file = |p: &Path, n: &str| FileRef {
        path: p.to_owned(),
        rel: n.to_owned(),
        name: n.to_owned(),
        depth: 0,
    };
    let mut notes = Vec::new();
    assert!(read_text(&file(&big, "big.txt"), &limits, &mut notes).is_none());
    assert!(read_text(&file(&bin, "bin.dat"), &limits, &mut notes).is_none());
    assert!(
        notes[0].contains("limit") && notes[1].contains("binary"),
        "{notes:?}"
    );
}

#[test]
fn missing_root_and_file_root_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut notes = Vec::new();
    let missing = walk(&dir.path().join("nope"), &Limits::default(), &mut notes);
    assert!(matches!(missing, Err(DetectError::NotFound { .. })));
    let file = dir.path().join("f");
    fs::write(&file, "").unwrap();
    let not_dir = walk(&file, &Limits::default(), &mut notes);
    assert!(matches!(not_dir, Err(DetectError::NotADir { .. })));
}
