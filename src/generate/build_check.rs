//! `check-build`: reads a project's Dockerfile and `.dockerignore`, scans its build context and asks
//! [`super::readiness`] whether `docker build` would get past every `COPY`.

use std::path::{Path, PathBuf};

use super::readiness::{self, Context, Readiness};
use crate::audit::ParseError;
use crate::knowledge::files::{ReadError, read_text};

/// Largest Dockerfile or `.dockerignore` read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// What was checked, and the result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildCheck {
    pub context: PathBuf,
    pub dockerfile: PathBuf,
    /// The ignore file that applied, if any.
    pub dockerignore: Option<PathBuf>,
    #[serde(flatten)]
    pub readiness: Readiness,
}

/// Why a project could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: ReadError },
    #[error("{}:{}: {}", path.display(), error.line, error.message)]
    Parse { path: PathBuf, error: ParseError },
    #[error("cannot scan the build context {}: {source}", path.display())]
    Scan {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The ignore file BuildKit applies for a Dockerfile: `<Dockerfile>.dockerignore` beside it wins over
/// `.dockerignore` at the root of the context.
fn ignore_file(context: &Path, dockerfile: &Path) -> Result<Option<(PathBuf, String)>, CheckError> {
    let mut beside = dockerfile.as_os_str().to_owned();
    beside.push(".dockerignore");
    for path in [PathBuf::from(beside), context.join(".dockerignore")] {
        match read_text(&path, MAX_FILE_BYTES) {
            Ok(text) => return Ok(Some((path, text))),
            Err(e) if e.is_not_found() => {}
            Err(source) => return Err(CheckError::Read { path, source }),
        }
    }
    Ok(None)
}

/// Checks the Dockerfile at `dockerfile` (default `<context>/Dockerfile`) against the build context
/// `context`; `ignore` replaces the project's own ignore file (a generated one not yet written there).
pub fn check_project(
    context: &Path,
    dockerfile: Option<&Path>,
    ignore: Option<&str>,
    entry_files: &[String],
) -> Result<BuildCheck, CheckError> {
    let dockerfile = dockerfile.map_or_else(|| context.join("Dockerfile"), Path::to_owned);
    let text = read_text(&dockerfile, MAX_FILE_BYTES).map_err(|source| CheckError::Read {
        path: dockerfile.clone(),
        source,
    })?;
    let (dockerignore, ignore_text) = match ignore {
        Some(text) => (None, text.to_owned()),
        None => match ignore_file(context, &dockerfile)? {
            Some((path, text)) => (Some(path), text),
            None => (None, String::new()),
        },
    };
    let readiness = check_text(context, &dockerfile, &text, &ignore_text, entry_files)?;
    Ok(BuildCheck {
        context: context.to_owned(),
        dockerfile,
        dockerignore,
        readiness,
    })
}

/// Checks a Dockerfile's text (read from or meant for `path`) and an ignore file's text against the
/// build context `context`.
pub fn check_text(
    context: &Path,
    path: &Path,
    dockerfile: &str,
    ignore: &str,
    entry_files: &[String],
) -> Result<Readiness, CheckError> {
    let scanned = Context::scan(context, ignore).map_err(|source| CheckError::Scan {
        path: context.to_owned(),
        source,
    })?;
    readiness::check(dockerfile, &scanned, entry_files).map_err(|error| CheckError::Parse {
        path: path.to_owned(),
        error,
    })
}
