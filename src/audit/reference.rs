//! What a tag says beyond its repository: version, variant, OS release. Parsing the reference itself is
//! the knowledge crate's (`ImageRef`), shared by everything that reads references.

use std::collections::BTreeSet;

pub use crate::knowledge::ImageRef;
pub use crate::knowledge::version::{version_key, versions_agree};

/// What the reference says beyond its repository, for comparing it with catalog entries.
pub fn traits(reference: &ImageRef) -> Traits {
    let repository = reference.short_repository();
    let (repository, repo_os) = split_os_suffix(&repository);
    let mut traits = tag_traits(reference.tag.as_deref().unwrap_or(""));
    traits.repository = repository;
    if traits.os.is_none() {
        traits.os = repo_os;
    }
    traits
}

/// The comparable parts of a reference.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traits {
    /// Short repository without an OS suffix (`gcr.io/distroless/python3`).
    pub repository: String,
    /// The leading version of the tag (`3.11.9`), if any.
    pub version: Option<String>,
    /// Tag words that change the image's contents (`slim`, `alpine`, `jre`, `debug`).
    pub variant: BTreeSet<String>,
    /// The OS release the tag or repository names, normalised (`debian12`, `alpine3.24`, `ubuntu24.04`).
    pub os: Option<String>,
    /// Whether the tag selects the non-root user (`nonroot`).
    pub nonroot: bool,
}

/// Tag words that name a release channel rather than contents.
const FLOATING_WORDS: &[&str] = &["latest", "lts", "current", "stable", "mainline"];

/// Release code names and the OS ids the catalog uses for them.
const CODENAMES: &[(&str, &str)] = &[
    ("buster", "debian10"),
    ("bullseye", "debian11"),
    ("bookworm", "debian12"),
    ("trixie", "debian13"),
    ("forky", "debian14"),
    ("focal", "ubuntu20.04"),
    ("jammy", "ubuntu22.04"),
    ("noble", "ubuntu24.04"),
];

/// Reads a tag such as `3.11.9-slim-bookworm`, `21-jre-alpine-3.24`, `1.27-alpine3.24` or `debug-nonroot`.
pub fn tag_traits(tag: &str) -> Traits {
    let mut traits = Traits::default();
    let words: Vec<&str> = tag.split('-').filter(|w| !w.is_empty()).collect();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].to_ascii_lowercase();
        let numeric = word.starts_with(|c: char| c.is_ascii_digit());
        if numeric && i == 0 {
            traits.version = Some(word.trim_start_matches('v').to_owned());
        } else if let Some((_, os)) = CODENAMES.iter().find(|(name, _)| *name == word) {
            traits.os = Some((*os).to_owned());
        } else if let Some(release) = word.strip_prefix("alpine") {
            traits.variant.insert("alpine".to_owned());
            // `alpine3.24`, or `alpine` followed by a separate `3.24`.
            let release = if release.is_empty() {
                match words.get(i + 1) {
                    Some(next) if next.starts_with(|c: char| c.is_ascii_digit()) => {
                        i += 1;
                        (*next).to_owned()
                    }
                    _ => String::new(),
                }
            } else {
                release.to_owned()
            };
            if !release.is_empty() {
                traits.os = Some(format!("alpine{release}"));
            }
        } else if word == "nonroot" {
            traits.nonroot = true;
        } else if word.starts_with("debian") && word[6..].chars().all(|c| c.is_ascii_digit()) {
            traits.os = Some(word);
        } else if !FLOATING_WORDS.contains(&word.as_str()) && !numeric {
            traits.variant.insert(word);
        }
        i += 1;
    }
    traits
}

/// Splits `python3-debian13` into `python3` and `debian13`.
fn split_os_suffix(repository: &str) -> (String, Option<String>) {
    if let Some((base, suffix)) = repository.rsplit_once('-')
        && suffix.len() > 6
        && suffix.starts_with("debian")
        && suffix[6..].chars().all(|c| c.is_ascii_digit())
        && !base.ends_with('/')
    {
        return (base.to_owned(), Some(suffix.to_owned()));
    }
    (repository.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> ImageRef {
        ImageRef::parse(text).unwrap()
    }

    #[test]
    fn reads_tag_traits() {
        let t = tag_traits("3.11.9-slim-bookworm");
        assert_eq!(t.version.as_deref(), Some("3.11.9"));
        assert_eq!(t.variant, BTreeSet::from(["slim".to_owned()]));
        assert_eq!(t.os.as_deref(), Some("debian12"));
        let t = tag_traits("21-jre-alpine-3.24");
        assert_eq!(
            t.variant,
            BTreeSet::from(["alpine".to_owned(), "jre".to_owned()])
        );
        assert_eq!(t.os.as_deref(), Some("alpine3.24"));
        let t = tag_traits("1.27-alpine3.24");
        assert_eq!(t.os.as_deref(), Some("alpine3.24"));
        let t = tag_traits("debug-nonroot");
        assert!(t.nonroot && t.variant.contains("debug") && t.version.is_none());
        assert!(tag_traits("latest").variant.is_empty());
        let distroless = traits(&r("gcr.io/distroless/python3-debian12"));
        assert_eq!(distroless.repository, "gcr.io/distroless/python3");
        assert_eq!(distroless.os.as_deref(), Some("debian12"));
    }
}
