//! A bounded walk over a project directory, and bounded reading of the files it finds.
//!
//! The walk is breadth first and sorted, so the root's files come first and the result does not depend on
//! the file system's order. It skips dependency and build directories, virtualenvs and hidden directories,
//! follows symbolic links only when they stay inside the root, and never visits a directory twice.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::DetectError;

/// Bounds on how much of a project is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest directory level scanned below the root (the root is level 0).
    pub max_depth: usize,
    /// Largest file read, in bytes; larger files are skipped with a note.
    pub max_file_bytes: u64,
    /// Directory entries examined before the walk stops.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 6,
            max_file_bytes: 1024 * 1024,
            max_entries: 5000,
        }
    }
}

/// Directories that hold dependencies, build output, tool caches or test data, never the project's own
/// manifests. (The directory given to the scan is always read, whatever its name.)
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "testdata",
    "fixtures",
    "bower_components",
    "target",
    "vendor",
    "venv",
    "__pycache__",
    "site-packages",
    "dist-packages",
];

/// A file found by the walk.
#[derive(Debug, Clone)]
pub(crate) struct FileRef {
    pub path: PathBuf,
    /// Path relative to the root, with `/` separators.
    pub rel: String,
    /// File name.
    pub name: String,
    /// Number of directories between the root and the file.
    pub depth: usize,
}

pub(crate) fn walk(
    root: &Path,
    limits: &Limits,
    notes: &mut Vec<String>,
) -> Result<Vec<FileRef>, DetectError> {
    let meta = fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => DetectError::NotFound {
            path: root.to_owned(),
        },
        _ => DetectError::Io {
            path: root.to_owned(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(DetectError::NotADir {
            path: root.to_owned(),
        });
    }
    let root_real = fs::canonicalize(root).map_err(|source| DetectError::Io {
        path: root.to_owned(),
        source,
    })?;
    fs::read_dir(root).map_err(|source| DetectError::Io {
        path: root.to_owned(),
        source,
    })?;

    let mut files = Vec::new();
    let mut visited: HashSet<PathBuf> = HashSet::from([root_real.clone()]);
    let mut queue: VecDeque<(PathBuf, String, usize)> =
        VecDeque::from([(root.to_owned(), String::new(), 0)]);
    let mut entries = 0usize;
    let mut too_deep = 0usize;

    'walk: while let Some((dir, rel_dir, depth)) = queue.pop_front() {
        let listing = match fs::read_dir(&dir) {
            Ok(listing) => listing,
            Err(e) => {
                notes.push(format!(
                    "skipped {}: cannot read the directory ({e})",
                    shown(&rel_dir)
                ));
                continue;
            }
        };
        let mut children: Vec<fs::DirEntry> = listing.filter_map(Result::ok).collect();
        children.sort_by_key(fs::DirEntry::file_name);
        for entry in children {
            entries += 1;
            if entries > limits.max_entries {
                notes.push(format!(
                    "stopped after {} entries; the rest of the project was not scanned",
                    limits.max_entries
                ));
                break 'walk;
            }
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                notes.push(format!(
                    "skipped a file with a name that is not UTF-8 in {}",
                    shown(&rel_dir)
                ));
                continue;
            };
            let rel = if rel_dir.is_empty() {
                name.clone()
            } else {
                format!("{rel_dir}/{name}")
            };
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                notes.push(format!("skipped {rel}: cannot read its type"));
                continue;
            };
            let (is_dir, is_file) = if kind.is_symlink() {
                match follow_link(&path, &root_real) {
                    Link::Inside { is_dir, real } => {
                        if is_dir && visited.contains(&real) {
                            notes.push(format!(
                                "skipped symlink {rel}: it leads to a directory already scanned (a loop?)"
                            ));
                            continue;
                        }
                        (is_dir, !is_dir)
                    }
                    Link::Outside => {
                        notes.push(format!(
                            "skipped symlink {rel}: it points outside the project"
                        ));
                        continue;
                    }
                    Link::Broken(e) => {
                        notes.push(format!("skipped symlink {rel}: {e}"));
                        continue;
                    }
                }
            } else {
                (kind.is_dir(), kind.is_file())
            };
            if is_dir {
                if skipped_dir(&name, &path) {
                    continue;
                }
                if depth + 1 > limits.max_depth {
                    too_deep += 1;
                    continue;
                }
                if let Ok(real) = fs::canonicalize(&path)
                    && !visited.insert(real)
                {
                    notes.push(format!(
                        "skipped {rel}: it is a directory already scanned (a loop?)"
                    ));
                    continue;
                }
                queue.push_back((path, rel, depth + 1));
            } else if is_file {
                files.push(FileRef {
                    path,
                    rel,
                    name,
                    depth,
                });
            }
        }
    }
    if too_deep > 0 {
        notes.push(format!(
            "{too_deep} director{} deeper than {} levels {} not scanned",
            if too_deep == 1 { "y" } else { "ies" },
            limits.max_depth,
            if too_deep == 1 { "was" } else { "were" }
        ));
    }
    Ok(files)
}

fn shown(rel_dir: &str) -> &str {
    if rel_dir.is_empty() { "." } else { rel_dir }
}

fn skipped_dir(name: &str, path: &Path) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.contains(&name) || path.join("pyvenv.cfg").is_file()
}

enum Link {
    Inside { is_dir: bool, real: PathBuf },
    Outside,
    Broken(std::io::Error),
}

fn follow_link(path: &Path, root_real: &Path) -> Link {
    match fs::canonicalize(path) {
        Ok(real) if real.starts_with(root_real) => Link::Inside {
            is_dir: real.is_dir(),
            real,
        },
        Ok(_) => Link::Outside,
        Err(e) => Link::Broken(e),
    }
}

/// Reads a file as text within the size limit; binary and unreadable files give a note and `None`.
pub(crate) fn read_text(
    file: &FileRef,
    limits: &Limits,
    notes: &mut Vec<String>,
) -> Option<String> {
    let mut handle = match fs::File::open(&file.path) {
        Ok(h) => h,
        Err(e) => {
            notes.push(format!("skipped {}: cannot read it ({e})", file.rel));
            return None;
        }
    };
    let mut bytes = Vec::new();
    if let Err(e) = (&mut handle)
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
    {
        notes.push(format!("skipped {}: cannot read it ({e})", file.rel));
        return None;
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        notes.push(format!(
            "skipped {}: larger than the {} KiB limit",
            file.rel,
            limits.max_file_bytes / 1024
        ));
        return None;
    }
    if bytes.contains(&0) {
        notes.push(format!("skipped {}: binary content", file.rel));
        return None;
    }
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            notes.push(format!(
                "{}: not valid UTF-8; read with replacement characters",
                file.rel
            ));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    })
}

#[cfg(test)]
mod tests {
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
}
