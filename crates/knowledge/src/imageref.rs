//! Image references (`[registry/]repository[:tag][@digest]`): the one parser every part of basepick uses
//! (catalog validation, Dockerfile generation, audit, registry).

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct ImageRef {
    /// Registry host (and port), when the reference names one.
    pub registry: Option<Text>,
    /// Repository path below the registry, e.g. `library/python` or `distroless/python3-debian13`.
    pub repository: Text,
    pub tag: Option<Text>,
    pub digest: Option<Text>,
}

/// Readable formats (JSON) leave out the parts a reference does not have; binary ones write every
/// field, as their readers expect.
impl Serialize for ImageRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let readable = serializer.is_human_readable();
        let mut s = serializer.serialize_struct("ImageRef", 4)?;
        let optional = |s: &mut S::SerializeStruct, key, value: &Option<Text>| {
            if readable && value.is_none() {
                s.skip_field(key)
            } else {
                s.serialize_field(key, value)
            }
        };
        optional(&mut s, "registry", &self.registry)?;
        s.serialize_field("repository", &self.repository)?;
        optional(&mut s, "tag", &self.tag)?;
        optional(&mut s, "digest", &self.digest)?;
        s.end()
    }
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
            registry: registry.map(Text::from),
            repository: repository.into(),
            tag: tag.map(Text::from),
            digest: digest.map(Text::from),
        })
    }

    /// The repository as users name it: Docker Hub's registry and `library/` prefix dropped, other
    /// registries kept (`python`, `gcr.io/distroless/python3-debian13`).
    pub fn short_repository(&self) -> String {
        self.short_repository_pieces().concat()
    }

    /// [`ImageRef::short_repository`] as borrowed pieces that join to it (registry, `/`,
    /// repository), so that comparing two references copies nothing.
    fn short_repository_pieces(&self) -> [&str; 3] {
        let repository = self.repository.as_str();
        match self.registry.as_deref() {
            Some(registry) if !DOCKER_HUB.contains(&registry) => {
                // A mirror of the official images: what follows its prefix is the short name.
                for mirror in OFFICIAL_MIRRORS {
                    if let Some(rest) = mirror
                        .strip_prefix(registry)
                        .and_then(|m| m.strip_prefix('/'))
                        .and_then(|m| repository.strip_prefix(m))
                    {
                        return ["", "", rest];
                    }
                }
                [registry, "/", repository]
            }
            _ => {
                for mirror in OFFICIAL_MIRRORS {
                    if let Some(rest) = repository.strip_prefix(mirror) {
                        return ["", "", rest];
                    }
                }
                let short = repository.strip_prefix("library/").unwrap_or(repository);
                ["", "", short]
            }
        }
    }

    /// Whether both have the same short repository and the same tag, whatever their digests: the
    /// same as comparing their [`ImageRef::normalised`] forms without digest, with no copies.
    pub fn same_name(&self, other: &ImageRef) -> bool {
        let (a, b) = (
            self.short_repository_pieces(),
            other.short_repository_pieces(),
        );
        let len = |pieces: &[&str; 3]| pieces.iter().map(|p| p.len()).sum::<usize>();
        self.tag == other.tag
            && len(&a) == len(&b)
            && a.iter()
                .flat_map(|p| p.bytes())
                .eq(b.iter().flat_map(|p| p.bytes()))
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
}

impl std::fmt::Display for ImageRef {
    /// The reference as written: registry, repository, tag and digest.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(registry) = &self.registry {
            write!(f, "{registry}/")?;
        }
        f.write_str(&self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

impl ImageRef {
    /// The same image without tag or digest (`python`), for pinning another tag or digest to it.
    #[must_use]
    pub fn without_tag(&self) -> ImageRef {
        ImageRef {
            tag: None,
            digest: None,
            ..self.clone()
        }
    }

    /// The same reference without its digest (a digest next to a tag only pins it).
    #[must_use]
    pub fn without_digest(&self) -> ImageRef {
        ImageRef {
            digest: None,
            ..self.clone()
        }
    }

    /// The reference with `digest` added (the tag stays, for readers).
    #[must_use]
    pub fn with_digest(&self, digest: &str) -> ImageRef {
        ImageRef {
            digest: Some(digest.into()),
            ..self.clone()
        }
    }
}

/// The host Docker Hub's registry API answers on.
pub const DOCKER_HUB_API: &str = "registry-1.docker.io";

impl ImageRef {
    /// Whether the image lives on Docker Hub (no registry named, or one of Hub's names).
    pub fn is_docker_hub(&self) -> bool {
        self.registry
            .as_deref()
            .is_none_or(|r| DOCKER_HUB.contains(&r))
    }

    /// The host (and port) of the registry API: Docker Hub's API host when no registry is named.
    pub fn registry_host(&self) -> &str {
        match &self.registry {
            Some(r) if !DOCKER_HUB.contains(&r.as_str()) => r,
            _ => DOCKER_HUB_API,
        }
    }

    /// The repository as the registry API names it: Docker Hub's official images get their implicit
    /// `library/` prefix (`python` → `library/python`).
    pub fn api_repository(&self) -> String {
        if self.is_docker_hub() && !self.repository.contains('/') {
            format!("library/{}", self.repository)
        } else {
            self.repository.to_string()
        }
    }

    /// The tag to ask the registry for: the one written, else `latest` (what `docker pull` uses).
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
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
    fn same_name_is_equality_of_the_short_forms_without_digest() {
        let refs = [
            "python:3.13",
            "docker.io/library/python:3.13",
            "index.docker.io/python:3.13@sha256:aa",
            "public.ecr.aws/docker/library/python:3.13",
            "mirror.gcr.io/library/python:3.13",
            "public.ecr.aws/docker/python:3.13",
            "library/python:3.13",
            "python:3.14",
            "python",
            "gcr.io/distroless/python3-debian13:nonroot",
            "gcr.io/distroless/python3-debian13:nonroot@sha256:bb",
            "localhost:5000/python:3.13",
            "team/python:3.13",
        ];
        for a in refs {
            for b in refs {
                let plain = |t: &str| r(t).without_digest().normalised();
                assert_eq!(r(a).same_name(&r(b)), plain(a) == plain(b), "{a} / {b}");
            }
        }
        assert_eq!(
            r("public.ecr.aws/docker/library/node:22").short_repository(),
            "node"
        );
        assert_eq!(
            r("localhost:5000/team/app").short_repository(),
            "localhost:5000/team/app"
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
    fn registry_api_names() {
        let hub = r("python:3.13-slim");
        assert!(hub.is_docker_hub());
        assert_eq!(hub.registry_host(), "registry-1.docker.io");
        assert_eq!(hub.api_repository(), "library/python");
        assert_eq!(hub.tag_or_latest(), "3.13-slim");
        let named = r("docker.io/bitnami/redis");
        assert_eq!(named.registry_host(), "registry-1.docker.io");
        assert_eq!(named.api_repository(), "bitnami/redis");
        assert_eq!(named.tag_or_latest(), "latest");
        let explicit = r("index.docker.io/library/node:22");
        assert_eq!(explicit.api_repository(), "library/node");
        let local = r("127.0.0.1:5000/app:1");
        assert!(!local.is_docker_hub());
        assert_eq!(local.registry_host(), "127.0.0.1:5000");
        assert_eq!(local.api_repository(), "app");
        let gcr = r("gcr.io/distroless/static-debian13:nonroot");
        assert_eq!(
            (gcr.registry_host(), gcr.api_repository().as_str()),
            ("gcr.io", "distroless/static-debian13")
        );
    }

    #[test]
    fn display_gives_back_what_was_parsed() {
        for text in [
            "python:3.13-slim-trixie",
            "gcr.io/distroless/static-debian13:nonroot",
            "localhost:5000/team/app:1.2@sha256:ab",
            "scratch",
        ] {
            assert_eq!(r(text).to_string(), text);
        }
    }
}
