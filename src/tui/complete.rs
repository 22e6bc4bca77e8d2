//! Paths typed into the export prompt: `~` expansion (pure) and Tab completion of directory names,
//! which reads the file system and so runs as an effect, outside `App::update`.

use std::path::{Path, PathBuf};

/// At most this many directory entries are looked at, so a huge directory cannot stall the screen.
const MAX_ENTRIES: usize = 20_000;

/// `~` and `~/…` become the home directory; anything else is taken as typed.
pub fn expand_tilde(input: &str, home: Option<&Path>) -> PathBuf {
    match (input.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home.to_path_buf(),
        (Some(rest), Some(home)) if rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(input),
    }
}

/// What Tab found for a partial path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The text typed when completion was asked for.
    pub typed: String,
    /// The text completed as far as it is unambiguous.
    pub input: String,
    /// The directory names that match, when more than one does (with a trailing `/`).
    pub candidates: Vec<String>,
}

/// Completes the last part of `typed` to the directories that start with it, as a shell does: one
/// match is completed with a trailing `/`, several to their longest common start. Hidden directories
/// are offered only when the typed part starts with a dot. Relative paths start at `cwd`.
pub fn directories(typed: &str, home: Option<&Path>, cwd: &Path) -> Completion {
    let (parent, partial) = if typed == "~" {
        ("~/", "")
    } else {
        match typed.rfind('/') {
            Some(i) => typed.split_at(i + 1),
            None => ("", typed),
        }
    };
    let dir = if parent.is_empty() {
        cwd.to_path_buf()
    } else {
        cwd.join(expand_tilde(parent, home))
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .take(MAX_ENTRIES)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let wanted =
                name.starts_with(partial) && (partial.starts_with('.') || !name.starts_with('.'));
            // `metadata` follows symbolic links, so a link to a directory counts as one.
            (wanted && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir())).then_some(name)
        })
        .collect();
    names.sort();
    let completed = match names.as_slice() {
        [only] => format!("{parent}{only}/"),
        [first, rest @ ..] => {
            let common = rest
                .iter()
                .fold(first.as_str(), |acc, n| common_start(acc, n));
            format!("{parent}{common}")
        }
        [] => typed.to_owned(),
    };
    Completion {
        typed: typed.to_owned(),
        input: completed,
        candidates: if names.len() > 1 {
            names.into_iter().map(|n| n + "/").collect()
        } else {
            Vec::new()
        },
    }
}

/// The longest common start of two strings, on a character boundary.
fn common_start<'a>(a: &'a str, b: &str) -> &'a str {
    let end = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or_else(|| a.len().min(b.len()), |((i, _), _)| i);
    &a[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_means_home_only_at_the_start() {
        let home = Path::new("/home/ada");
        assert_eq!(expand_tilde("~", Some(home)), home);
        assert_eq!(expand_tilde("~/out", Some(home)), home.join("out"));
        assert_eq!(expand_tilde("~bob/out", Some(home)), Path::new("~bob/out"));
        assert_eq!(expand_tilde("a/~", Some(home)), Path::new("a/~"));
        assert_eq!(expand_tilde("~/out", None), Path::new("~/out"));
    }

    #[test]
    fn common_start_respects_characters() {
        assert_eq!(common_start("out-ä", "out-å"), "out-");
        assert_eq!(common_start("abc", "ab"), "ab");
    }
}
