//! One export as a transaction: lock the directory, check every target, stage every file, then rename
//! them into place; on a failure, put back what was renamed.

use std::fs::{File, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::{NamedTempFile, TempPath};

use super::{Artifact, ExportError, Overwrite};

/// What became of a file renamed into place before the export failed.
#[derive(Debug)]
pub enum Undone {
    /// It replaced a file, which was put back.
    Restored(PathBuf),
    /// It was new, and was removed again.
    Removed(PathBuf),
    /// It could not be undone: the new file stays; the previous one, if any, is kept at `backup`.
    Left {
        path: PathBuf,
        backup: Option<PathBuf>,
        error: String,
    },
}

/// The end of a failed export's message: what is on disk now.
pub(super) fn words(undone: &[Undone]) -> String {
    if undone.is_empty() {
        return "nothing was written".to_owned();
    }
    let parts: Vec<String> = undone
        .iter()
        .map(|u| match u {
            Undone::Restored(p) => format!("{} was restored", p.display()),
            Undone::Removed(p) => format!("{} was removed again", p.display()),
            Undone::Left {
                path,
                backup: Some(b),
                error,
            } => format!(
                "{} WAS WRITTEN and could not be restored ({error}); its previous contents are in {}",
                path.display(),
                b.display()
            ),
            Undone::Left {
                path,
                backup: None,
                error,
            } => format!(
                "{} WAS WRITTEN and could not be removed ({error})",
                path.display()
            ),
        })
        .collect();
    if undone.iter().all(|u| !matches!(u, Undone::Left { .. })) {
        format!("nothing was changed: {}", parts.join(", "))
    } else {
        parts.join("; ")
    }
}

/// A file written in full under a temporary name, waiting to be renamed into place.
struct Staged {
    path: PathBuf,
    file: NamedTempFile,
}

/// A file renamed into place, and how to undo that.
struct Committed {
    path: PathBuf,
    /// The file it replaced, under a temporary name (removed when the export succeeds).
    backup: Option<TempPath>,
}

/// [`super::write`], with `before_rename` called on each final path just before its rename (tests use
/// it to play a concurrent writer).
pub(super) fn write(
    dir: &Path,
    artifacts: &[Artifact],
    overwrite: Overwrite,
    before_rename: &mut dyn FnMut(&Path),
) -> Result<Vec<PathBuf>, ExportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Io { path, source }
    };
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::NotADir {
            path: dir.to_owned(),
        });
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let _lock = lock(dir).map_err(io(dir))?;
    let mut staged = Vec::with_capacity(artifacts.len());
    for artifact in artifacts {
        let path = dir.join(artifact.name);
        let keep = existing_mode(&path, overwrite)?;
        let file = stage(dir, artifact, keep).map_err(|source| ExportError::Failed {
            path: path.clone(),
            source,
            undone: Vec::new(),
        })?;
        staged.push(Staged { path, file });
    }
    let mut done: Vec<Committed> = Vec::with_capacity(staged.len());
    for s in staged {
        before_rename(&s.path);
        match commit(s, overwrite) {
            Ok(c) => done.push(c),
            Err((path, source)) => return Err(roll_back(done, path, source, overwrite)),
        }
    }
    Ok(done.into_iter().map(|c| c.path).collect())
    // The backups are removed as `done` is dropped, the lock as `_lock` is.
}

/// An exclusive advisory lock on the directory, held until the returned file is dropped; other
/// basepick exports into the same directory wait for it.
#[cfg(unix)]
fn lock(dir: &Path) -> std::io::Result<Option<File>> {
    use rustix::fs::{FlockOperation, flock};
    // A directory that may be written but not read cannot be opened to lock: go on without turns.
    let Ok(handle) = File::open(dir) else {
        return Ok(None);
    };
    match flock(&handle, FlockOperation::LockExclusive) {
        Ok(()) => Ok(Some(handle)),
        // A file system without locks: the export is still all or nothing.
        Err(e) if e == rustix::io::Errno::NOLCK || e == rustix::io::Errno::OPNOTSUPP => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Without flock(2), exports are still all or nothing, but do not take turns.
#[cfg(not(unix))]
fn lock(_dir: &Path) -> std::io::Result<Option<File>> {
    Ok(None)
}

/// Checks a target before anything is written; returns the permissions to keep when it replaces an
/// existing file.
fn existing_mode(path: &Path, overwrite: Overwrite) -> Result<Option<Permissions>, ExportError> {
    let Ok(meta) = path.symlink_metadata() else {
        return Ok(None);
    };
    if overwrite == Overwrite::Refuse {
        return Err(ExportError::Exists {
            path: path.to_owned(),
        });
    }
    if meta.is_dir() {
        return Err(ExportError::DirInTheWay {
            path: path.to_owned(),
        });
    }
    // A symbolic link is replaced by the file; it keeps the mode of the file the link named.
    Ok(std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| m.permissions()))
}

/// Writes an artifact in full to a temporary file next to its final name.
fn stage(
    dir: &Path,
    artifact: &Artifact,
    keep: Option<Permissions>,
) -> std::io::Result<NamedTempFile> {
    let prefix = format!(".{}.", artifact.name.trim_start_matches('.'));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Created like any new file: the kernel applies the user's umask to 0666.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(artifact.contents.as_bytes())?;
    if let Some(permissions) = keep {
        file.as_file().set_permissions(permissions)?;
    }
    file.as_file().sync_all()?;
    Ok(file)
}

/// Renames one staged file into place, keeping what it replaces under a backup name.
fn commit(s: Staged, overwrite: Overwrite) -> Result<Committed, (PathBuf, std::io::Error)> {
    let Staged { path, file } = s;
    match overwrite {
        Overwrite::Refuse => match file.persist_noclobber(&path) {
            Ok(_) => Ok(Committed { path, backup: None }),
            Err(e) => Err((path, e.error)),
        },
        Overwrite::Replace => {
            let backup = match backup(&path) {
                Ok(b) => b,
                Err(e) => return Err((path, e)),
            };
            match file.persist(&path) {
                Ok(_) => Ok(Committed { path, backup }),
                Err(e) => Err((path, e.error)),
            }
        }
    }
}

/// A second name for the file at `path` (a hard link, so `path` never goes missing), if it exists.
fn backup(path: &Path) -> std::io::Result<Option<TempPath>> {
    match path.symlink_metadata() {
        Err(_) => return Ok(None),
        // A directory appeared meanwhile: it is never moved aside, and a file cannot replace it.
        Ok(meta) if meta.is_dir() => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "a directory is in its place",
            ));
        }
        Ok(_) => {}
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{}.", name.trim_start_matches('.'));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".bak");
    let made = builder
        .make_in(dir, |b| std::fs::hard_link(path, b))
        // A file system without hard links: move the file aside instead.
        .or_else(|_| builder.make_in(dir, |b| std::fs::rename(path, b)));
    match made {
        Ok(made) => Ok(Some(made.into_temp_path())),
        // It went away meanwhile: there is nothing to keep.
        Err(_) if path.symlink_metadata().is_err() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Puts back every file renamed before `failed` failed, newest first, and says what is on disk.
fn roll_back(
    done: Vec<Committed>,
    failed: PathBuf,
    source: std::io::Error,
    overwrite: Overwrite,
) -> ExportError {
    let mut undone = Vec::with_capacity(done.len());
    for c in done.into_iter().rev() {
        undone.push(match c.backup {
            Some(backup) => match backup.persist(&c.path) {
                Ok(()) => Undone::Restored(c.path),
                Err(e) => Undone::Left {
                    backup: e.path.keep().ok(),
                    path: c.path,
                    error: e.error.to_string(),
                },
            },
            None => match std::fs::remove_file(&c.path) {
                Ok(()) => Undone::Removed(c.path),
                Err(e) => Undone::Left {
                    path: c.path,
                    backup: None,
                    error: e.to_string(),
                },
            },
        });
    }
    undone.reverse();
    let clean = undone.iter().all(|u| !matches!(u, Undone::Left { .. }));
    if clean && overwrite == Overwrite::Refuse && source.kind() == std::io::ErrorKind::AlreadyExists
    {
        // Someone else created the file meanwhile: the usual refusal, with nothing left written.
        return ExportError::Exists { path: failed };
    }
    ExportError::Failed {
        path: failed,
        source,
        undone,
    }
}
