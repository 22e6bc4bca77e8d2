//! A bounded walk over a project directory, and bounded reading of the files it finds.
//!
//! The walk is breadth first and sorted, so the root's files come first and the result does not depend on
//! the file system's order. It skips dependency and build directories, virtualenvs and hidden directories,
//! follows symbolic links only when they stay inside the root, and never visits a directory twice.

use std::collections::{HashSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use super::DetectError;
use crate::knowledge::files::{self, ReadError, describe};

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
        // At the root, manifests come first and do not count against the budget, so a root with
        // thousands of entries still shows what it is.
        let is_manifest =
            |e: &fs::DirEntry| depth == 0 && e.file_name().to_str().is_some_and(is_root_manifest);
        children.sort_by_cached_key(|e| (!is_manifest(e), e.file_name()));
        for entry in children {
            if !is_manifest(&entry) {
                entries += 1;
            }
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
                    Link::Inside { meta, real } => {
                        if meta.is_dir() && visited.contains(&real) {
                            notes.push(format!(
                                "skipped symlink {rel}: it leads to a directory already scanned (a loop?)"
                            ));
                            continue;
                        }
                        if !meta.is_dir() && !meta.is_file() {
                            notes.push(format!(
                                "skipped {rel}: it leads to {}, not a regular file",
                                describe(&meta)
                            ));
                            continue;
                        }
                        (meta.is_dir(), meta.is_file())
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
            } else if !kind.is_dir() && !kind.is_file() {
                if let Ok(meta) = entry.metadata() {
                    notes.push(format!(
                        "skipped {rel}: it is {}, not a regular file",
                        describe(&meta)
                    ));
                }
                continue;
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
    Inside { meta: fs::Metadata, real: PathBuf },
    Outside,
    Broken(std::io::Error),
}

fn follow_link(path: &Path, root_real: &Path) -> Link {
    match fs::canonicalize(path) {
        Ok(real) if real.starts_with(root_real) => match fs::metadata(&real) {
            Ok(meta) => Link::Inside { meta, real },
            Err(e) => Link::Broken(e),
        },
        Ok(_) => Link::Outside,
        Err(e) => Link::Broken(e),
    }
}

/// Reads a regular file as text within the size limit; binary and unreadable files, and anything that
/// is not a regular file (a named pipe would block), give a note and `None`.
pub(crate) fn read_text(
    file: &FileRef,
    limits: &Limits,
    notes: &mut Vec<String>,
) -> Option<String> {
    let bytes = match files::read_bytes(&file.path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge { .. }) => {
            notes.push(format!(
                "skipped {}: larger than the {} KiB limit",
                file.rel,
                limits.max_file_bytes / 1024
            ));
            return None;
        }
        Err(e) => {
            notes.push(format!("skipped {}: {e}", file.rel));
            return None;
        }
    };
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

/// Whether a root-level file name is a manifest, read before the walk's budget is spent.
fn is_root_manifest(name: &str) -> bool {
    super::files_list::KNOWN.contains(&name)
        || [".sln", ".csproj", ".fsproj", ".vbproj"]
            .iter()
            .any(|e| name.ends_with(e))
        || (name.starts_with("requirements") && name.ends_with(".txt"))
}

#[cfg(test)]
mod tests;
