//! When two references name the same image: the same reference once normalised, the same digest,
//! two references the catalog lists for one image (its reference and its `aliases`, as `ubuntu:24.04`
//! and `ubuntu:noble`), or tags that differ only in what the default already is (`python:3.11-slim`
//! and `python:3.11-slim-trixie` when 3.11-slim is built on trixie).

use super::reference::{ImageRef, traits, versions_agree};
use crate::knowledge::Catalog;

/// Whether `a` (on OS `a_os`, when known from the catalog) and `b` (on `b_os`) are the same image.
pub fn same_image(
    catalog: &Catalog,
    a: &ImageRef,
    a_os: Option<&str>,
    b: &ImageRef,
    b_os: Option<&str>,
) -> bool {
    if let (Some(x), Some(y)) = (&a.digest, &b.digest) {
        return x == y;
    }
    if catalog
        .images
        .iter()
        .any(|img| img.is_named_by(a) && img.is_named_by(b))
    {
        return true;
    }
    let plain = |r: &ImageRef| {
        let mut r = r.clone();
        r.digest = None;
        r.normalised()
    };
    if plain(a) == plain(b) {
        return true;
    }
    let (ta, tb) = (traits(a), traits(b));
    let versions = match (&ta.version, &tb.version) {
        (Some(x), Some(y)) => versions_agree(x, y),
        (None, None) => true,
        _ => false,
    };
    let os_a = ta.os.as_deref().or(a_os);
    let os_b = tb.os.as_deref().or(b_os);
    ta.repository == tb.repository
        && ta.variant == tb.variant
        && ta.nonroot == tb.nonroot
        && versions
        && os_a.is_some()
        && os_a == os_b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> ImageRef {
        ImageRef::parse(text).unwrap()
    }

    fn catalog() -> Catalog {
        crate::knowledge::embedded().unwrap().catalog
    }

    #[test]
    fn tags_naming_the_same_image() {
        let catalog = catalog();
        let same_image =
            |a: &ImageRef, a_os, b: &ImageRef, b_os| same_image(&catalog, a, a_os, b, b_os);
        let slim = r("python:3.11-slim");
        let trixie = r("python:3.11-slim-trixie");
        assert!(same_image(
            &slim,
            Some("debian13"),
            &trixie,
            Some("debian13")
        ));
        assert!(same_image(
            &r("docker.io/library/python:3.11-slim"),
            None,
            &slim,
            None
        ));
        assert!(!same_image(
            &slim,
            Some("debian13"),
            &r("python:3.11-slim-bookworm"),
            None
        ));
        assert!(!same_image(
            &slim,
            Some("debian13"),
            &r("python:3.12-slim-trixie"),
            None
        ));
        assert!(!same_image(&slim, None, &r("python:3.11-alpine"), None));
        let d = "sha256:0123";
        assert!(same_image(
            &r(&format!("python:3.11@{d}")),
            None,
            &r(&format!("python:3-slim@{d}")),
            None
        ));
    }

    #[test]
    fn aliases_in_the_catalog_name_the_same_image() {
        let catalog = catalog();
        // A codename alias shares no tag traits with the numbered tag; only the catalog knows.
        assert!(same_image(
            &catalog,
            &r("ubuntu:noble"),
            None,
            &r("ubuntu:24.04"),
            None
        ));
        assert!(same_image(
            &catalog,
            &r("debian:trixie-slim"),
            None,
            &r("debian:13-slim"),
            None
        ));
        assert!(!same_image(
            &catalog,
            &r("ubuntu:jammy"),
            None,
            &r("ubuntu:24.04"),
            None
        ));
        // Without the catalog's aliases these would be different images.
        let empty = Catalog {
            images: Vec::new(),
            ..catalog
        };
        assert!(!same_image(
            &empty,
            &r("ubuntu:noble"),
            None,
            &r("ubuntu:24.04"),
            None
        ));
    }
}
