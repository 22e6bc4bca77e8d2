//! Safe writing of generated files: never clobber without `force`, never leave half a file.
//!
//! Each file is written to a temporary file in the target directory and then renamed over its final
//! name, so an interrupted export leaves either the old file or the new one, never a mix.

use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Writes every artifact into `dir` (created if missing). With `Overwrite::Refuse`, nothing is written
/// when any target already exists. Returns the paths written.
pub fn write(
    dir: &Path,
    artifacts: &[Artifact],
    overwrite: Overwrite,
) -> Result<Vec<PathBuf>, ExportError> {
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::NotADir {
            path: dir.to_owned(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_owned(),
        source,
    })?;
    if overwrite == Overwrite::Refuse
        && let Some(path) = artifacts
            .iter()
            .map(|a| dir.join(a.name))
            .find(|p| p.symlink_metadata().is_ok())
    {
        return Err(ExportError::Exists { path });
    }
    artifacts
        .iter()
        .map(|a| write_one(dir, a, overwrite))
        .collect()
}

fn write_one(
    dir: &Path,
    artifact: &Artifact,
    overwrite: Overwrite,
) -> Result<PathBuf, ExportError> {
    let path = dir.join(artifact.name);
    let io = |source| ExportError::Io {
        path: path.clone(),
        source,
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{}.", artifact.name.trim_start_matches('.')))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(artifact.contents.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    match overwrite {
        // persist_noclobber keeps the check-then-write race-free: it fails if the file appeared meanwhile.
        Overwrite::Refuse => tmp.persist_noclobber(&path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                ExportError::Exists { path: path.clone() }
            } else {
                io(e.error)
            }
        })?,
        Overwrite::Replace => tmp.persist(&path).map_err(|e| io(e.error))?,
    };
    Ok(path)
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
    let now = std::fs::read(&target).map_err(io)?;
    if now != expected.as_bytes() {
        return Err(ExportError::Changed {
            path: path.to_owned(),
        });
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
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
}
