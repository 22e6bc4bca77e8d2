//! Safe writing of generated files: never clobber without `force`, never leave half a file, and never
//! half an export.
//!
//! Every file of an export is first written in full to a temporary file in the target directory;
//! only then are they renamed over their final names, one after the other. If a rename fails, the
//! files already renamed are put back as they were (each replaced file was kept under a backup name
//! until the export finished), so the directory ends with all the new files or with none of them, and
//! the error says which. Exports into one directory take turns (an advisory lock on the directory),
//! so two exports running at once cannot end with a mix of both. A new file gets the mode any new file
//! gets under the user's umask; a replaced file keeps its mode.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::generate::Artifacts;
use crate::knowledge::files;

mod staged;

#[cfg(test)]
mod tests;

pub use staged::Undone;

/// Whether existing files may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{} already exists; pass --force to overwrite it", path.display())]
    Exists { path: PathBuf },
    #[error("{} changed since it was read; nothing was written", path.display())]
    Changed { path: PathBuf },
    #[error("{} exists and is not a directory", path.display())]
    NotADir { path: PathBuf },
    #[error("{} is a directory, not a file; nothing was written", path.display())]
    DirInTheWay { path: PathBuf },
    /// An export that failed part-way: `undone` says what happened to the files renamed before.
    #[error("cannot write {}: {source}; {}", path.display(), staged::words(undone))]
    Failed {
        path: PathBuf,
        source: std::io::Error,
        undone: Vec<Undone>,
    },
    #[error("cannot write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A file to write: its name inside the target directory and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub name: &'static str,
    pub contents: String,
}

impl Artifact {
    /// A plan's Dockerfile and `.dockerignore`, as the files to write.
    pub fn files_of(artifacts: Artifacts) -> Vec<Artifact> {
        vec![
            Artifact {
                name: "Dockerfile",
                contents: artifacts.dockerfile,
            },
            Artifact {
                name: ".dockerignore",
                contents: artifacts.dockerignore,
            },
        ]
    }
}

/// Writes every artifact into `dir` (created if missing): all of them or none. With
/// `Overwrite::Refuse`, nothing is written when any target already exists. Returns the paths written.
pub fn write(
    dir: &Path,
    artifacts: &[Artifact],
    overwrite: Overwrite,
) -> Result<Vec<PathBuf>, ExportError> {
    staged::write(dir, artifacts, overwrite, &mut |_| {})
}

/// Replaces the contents of an existing file in one step: a temporary file in the same directory with
/// the file's permissions, renamed over it, so readers see the old file or the new one, never half.
/// A symbolic link is followed and the file it names is replaced. Only while the file still holds
/// `expected` (what the caller read): an edit made meanwhile is never clobbered.
pub fn replace_file(path: &Path, expected: &str, contents: &str) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_owned(),
        source,
    };
    let target = std::fs::canonicalize(path).map_err(io)?;
    let permissions = std::fs::metadata(&target).map_err(io)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.trim_start_matches('.')))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(contents.as_bytes()).map_err(io)?;
    tmp.as_file().set_permissions(permissions).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // Read no more than what was expected: anything longer has changed anyway.
    let changed = match files::read_bytes(&target, expected.len() as u64) {
        Ok(now) => now != expected.as_bytes(),
        Err(files::ReadError::TooLarge { .. }) => true,
        Err(files::ReadError::Io(e)) => return Err(io(e)),
        Err(e) => return Err(io(std::io::Error::other(e))),
    };
    if changed {
        return Err(ExportError::Changed {
            path: path.to_owned(),
        });
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}
