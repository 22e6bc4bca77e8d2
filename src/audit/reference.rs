//! Image references (`[registry/]repository[:tag][@digest]`) and what a tag says: version, variant, OS.

use std::collections::BTreeSet;

use serde::Serialize;

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// Registry host (and port), when the reference names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// Repository path below the registry, e.g. `library/python` or `distroless/python3-debian13`.
    pub repository: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// Registries that are Docker Hub under another name.
const DOCKER_HUB: &[&str] = &["docker.io", "index.docker.io", "registry-1.docker.io"];

/// Mirrors that serve Docker Hub's official images under a prefix.
const OFFICIAL_MIRRORS: &[&str] = &["public.ecr.aws/docker/library/", "mirror.gcr.io/library/"];

impl ImageRef {
    /// Parses a reference; the message says what is wrong with a malformed one.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("the image reference is empty".to_owned());
        }
        if text.chars().any(char::is_whitespace) {
            return Err(format!(
                "`{text}` is not an image reference (it contains a space)"
            ));
        }
        let (name, digest) = match text.split_once('@') {
            Some((name, digest)) => {
                if !digest.contains(':') || digest.ends_with(':') {
                    return Err(format!(
                        "`{digest}` is not a digest (expected algorithm:hex, e.g. sha256:…)"
                    ));
                }
                (name, Some(digest.to_owned()))
            }
            None => (text, None),
        };
        let (path, tag) = match name.rsplit_once(':') {
            Some((path, tag)) if !tag.contains('/') => (path, Some(tag.to_owned())),
            _ => (name, None),
        };
        if let Some(tag) = &tag
            && !valid_tag(tag)
        {
            return Err(format!(
                "`{tag}` is not a valid tag (letters, digits, `_`, `.` and `-`, up to 128, not starting with `.` or `-`)"
            ));
        }
        let (registry, repository) = match path.split_once('/') {
            Some((first, rest)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_owned()), rest.to_owned())
            }
            _ => (None, path.to_owned()),
        };
        let bad_component = repository.split('/').any(|c| {
            c.is_empty()
                || !c
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch))
        });
        if bad_component {
            return Err(format!(
                "`{repository}` is not a valid repository name (lowercase letters, digits, `.`, `_`, `-` and `/`)"
            ));
        }
        Ok(ImageRef {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The repository as users name it: Docker Hub's registry and `library/` prefix dropped, other
    /// registries kept (`python`, `gcr.io/distroless/python3-debian13`).
    pub fn short_repository(&self) -> String {
        let full = match &self.registry {
            Some(r) if !DOCKER_HUB.contains(&r.as_str()) => format!("{r}/{}", self.repository),
            _ => self.repository.clone(),
        };
        for mirror in OFFICIAL_MIRRORS {
            if let Some(rest) = full.strip_prefix(mirror) {
                return rest.to_owned();
            }
        }
        full.strip_prefix("library/")
            .map_or(full.clone(), str::to_owned)
    }

    /// The reference in its short form, as catalog entries are written.
    pub fn normalised(&self) -> String {
        let mut out = self.short_repository();
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
        out
    }

    /// The last component of the repository (`python`, `python3-debian13`).
    pub fn name(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }

    /// What the reference says beyond its repository, for comparing it with catalog entries.
    pub fn traits(&self) -> Traits {
        let repository = self.short_repository();
        let (repository, repo_os) = split_os_suffix(&repository);
        let mut traits = tag_traits(self.tag.as_deref().unwrap_or(""));
        traits.repository = repository;
        if traits.os.is_none() {
            traits.os = repo_os;
        }
        traits
    }
}

fn valid_tag(tag: &str) -> bool {
    let mut chars = tag.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && tag.len() <= 128
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
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

/// Compares dotted versions on their common components: `3.11` agrees with `3.11.9`, not with `3.1`.
pub fn versions_agree(a: &str, b: &str) -> bool {
    let a: Vec<&str> = a.split('.').collect();
    let b: Vec<&str> = b.split('.').collect();
    a.iter().zip(&b).all(|(x, y)| x == y)
}

/// Numeric components of a version, for ordering (`3.11` → [3, 11]).
pub fn version_key(version: &str) -> Vec<u64> {
    version
        .split('.')
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> ImageRef {
        ImageRef::parse(text).unwrap()
    }

    #[test]
    fn parses_registries_ports_tags_and_digests() {
        let a = r("localhost:5000/team/app:1.2");
        assert_eq!(a.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(a.repository, "team/app");
        assert_eq!(a.tag.as_deref(), Some("1.2"));
        let b = r("registry.example.com:443/app@sha256:abcd");
        assert_eq!((b.tag, b.digest.as_deref()), (None, Some("sha256:abcd")));
        let c = r("python:3.11@sha256:ff");
        assert_eq!((c.tag.as_deref(), c.digest.is_some()), (Some("3.11"), true));
        let d = r("localhost:5000/app");
        assert_eq!(
            (d.registry.as_deref(), d.tag),
            (Some("localhost:5000"), None)
        );
        assert_eq!(
            r("docker.io/library/python:3.11").normalised(),
            "python:3.11"
        );
        assert_eq!(
            r("public.ecr.aws/docker/library/node:22").normalised(),
            "node:22"
        );
        assert_eq!(
            r("gcr.io/distroless/static-debian13:nonroot").name(),
            "static-debian13"
        );
    }

    #[test]
    fn rejects_malformed_references() {
        for bad in [
            "",
            "Python:3.11",
            "python:",
            "python:-x",
            "python@sha256",
            "a b",
            "//x",
        ] {
            assert!(ImageRef::parse(bad).is_err(), "{bad}");
        }
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
        let distroless = r("gcr.io/distroless/python3-debian12").traits();
        assert_eq!(distroless.repository, "gcr.io/distroless/python3");
        assert_eq!(distroless.os.as_deref(), Some("debian12"));
    }

    #[test]
    fn version_agreement() {
        assert!(versions_agree("3.11", "3.11.9"));
        assert!(!versions_agree("3.1", "3.11"));
        assert!(versions_agree("21", "21"));
        assert!(version_key("3.11") > version_key("3.9"));
    }
}
