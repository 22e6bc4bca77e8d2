//! Finding a Dockerfile's base image in the catalog, and the catalog images worth moving to.

use std::sync::OnceLock;

use serde::Serialize;

use super::reference::{ImageRef, Traits, traits, version_key, versions_agree};
use crate::knowledge::{Catalog, Date, Family, Image, ImageView, Text};

/// How a reference was matched to a catalog entry, closest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKind {
    /// The same reference.
    Exact,
    /// Same repository and variant, and the versions agree (`3.11.9-slim-bookworm` ~ `3.11-slim`).
    TagVariant,
    /// Same repository and variant; the entry's version pattern covers the version.
    VersionPattern,
    /// Same repository and variant, another version: the figures are only indicative.
    NearestVersion,
    /// Another repository serving the same runtime, compared with the catalog's image of that family.
    RuntimeFamily,
}

/// The catalog entry a reference was matched to.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogMatch<'c> {
    pub how: MatchKind,
    /// How the reference relates to the entry, in words.
    pub note: String,
    /// The version the reference's tag names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The user the referenced image runs as by default, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_user: Option<String>,
    /// End of support of the referenced version, when the catalog knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_until: Option<Date>,
    /// Reference of the image to move to once support ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// The catalog entry.
    #[serde(skip)]
    pub image: &'c Image,
    /// The entry as reports show it.
    #[serde(rename = "image")]
    pub view: ImageView<'c>,
}

/// A catalog image with what matching reads from its reference, worked out once per audit.
#[derive(Debug)]
pub(crate) struct Entry<'c> {
    pub image: &'c Image,
    /// What its reference says, worked out when matching first asks: a Dockerfile whose image the
    /// catalog lists reads it for the images of the same runtime only, not for all of them.
    traits: OnceLock<Traits>,
}

impl Entry<'_> {
    pub fn traits(&self) -> &Traits {
        self.traits.get_or_init(|| traits(&self.image.reference))
    }

    /// The version the entry's tag names, else its runtime version.
    pub fn version(&self) -> Option<&str> {
        self.traits()
            .version
            .as_deref()
            .or(self.image.runtime_version.as_deref())
    }

    /// The entry of `versions` that agrees with `version`.
    pub fn pattern_version(&self, version: &str) -> Option<&str> {
        self.image
            .versions
            .as_ref()?
            .offered
            .iter()
            .find(|v| versions_agree(v, version))
            .map(Text::as_str)
    }
}

pub(crate) fn entries(catalog: &Catalog) -> Vec<Entry<'_>> {
    catalog
        .images
        .iter()
        .map(|image| Entry {
            image,
            traits: OnceLock::new(),
        })
        .collect()
}

/// Whether two references name the same image for matching: the same repository and tag, whatever
/// their digests; without a tag, the same digest too.
fn same_reference(a: &ImageRef, b: &ImageRef) -> bool {
    a.same_name(b) && (a.tag.is_some() || a.digest == b.digest)
}

/// Finds the catalog entry for a reference among the catalog's `entries`: exactly, else by
/// repository, variant and version, else by runtime and family.
pub(crate) fn find<'c>(
    catalog: &'c Catalog,
    entries: &[Entry<'c>],
    reference: &ImageRef,
) -> Option<CatalogMatch<'c>> {
    let wanted = traits(reference);
    let version = wanted.version.clone();
    let shown = reference.normalised();
    if let Some(e) = entries
        .iter()
        .find(|e| same_reference(&e.image.reference, reference))
    {
        return Some(finish(
            catalog,
            entries,
            e,
            MatchKind::Exact,
            "same reference".to_owned(),
            &wanted,
        ));
    }
    // Another tag the catalog lists for the very same image (`ubuntu:noble` for `ubuntu:24.04`).
    if let Some(e) = entries.iter().find(|e| e.image.is_named_by(reference)) {
        let note = format!("another tag of {}", e.image.reference);
        return Some(finish(catalog, entries, e, MatchKind::Exact, note, &wanted));
    }
    let same_repo: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            e.traits().repository == wanted.repository && e.traits().variant == wanted.variant
        })
        .collect();
    if !same_repo.is_empty() {
        let (entry, how, note) = closest(&same_repo, &wanted, &shown);
        return Some(finish(catalog, entries, entry, how, note, &wanted));
    }
    let runtime = crate::runtime::serving(&reference.short_repository())?.id;
    // `jdk` and `jre` say how much of Java an image carries, not how its OS is cut
    // (`openjdk:17-jdk-slim` is a slim image).
    let family = match wanted
        .variant
        .iter()
        .map(String::as_str)
        .filter(|w| !matches!(*w, "jdk" | "jre"))
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => Family::Full,
        ["slim"] => Family::Slim,
        ["alpine"] => Family::Alpine,
        _ => return None,
    };
    let same_kind: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.image.family == family && e.image.runtimes.iter().any(|r| r == runtime))
        .collect();
    if same_kind.is_empty() {
        return None;
    }
    let (entry, _, _) = closest(&same_kind, &wanted, &shown);
    let note = format!(
        "{shown} is not in the catalog; compared with {}, the catalog's {family} {runtime} image{}",
        entry.image.reference,
        if entry
            .version()
            .zip(version.as_deref())
            .is_some_and(|(a, b)| versions_agree(a, b))
        {
            " of the same version"
        } else {
            ""
        }
    );
    Some(finish(
        catalog,
        entries,
        entry,
        MatchKind::RuntimeFamily,
        note,
        &wanted,
    ))
}

/// The candidate closest to the wanted version and OS.
fn closest<'e, 'c>(
    candidates: &[&'e Entry<'c>],
    wanted: &Traits,
    shown: &str,
) -> (&'e Entry<'c>, MatchKind, String) {
    let same_os = |e: &Entry| {
        wanted.os.as_deref().is_some_and(|os| {
            e.traits().os.as_deref() == Some(os) || e.image.os.eq_ignore_ascii_case(os)
        })
    };
    let by_os = |list: Vec<&'e Entry<'c>>| -> Option<&'e Entry<'c>> {
        list.iter().find(|e| same_os(e)).or(list.first()).copied()
    };
    if let Some(v) = wanted.version.as_deref() {
        let agreeing: Vec<&Entry> = candidates
            .iter()
            .copied()
            .filter(|e| e.version().is_some_and(|ev| versions_agree(ev, v)))
            .collect();
        if let Some(e) = by_os(agreeing) {
            let note = format!("{shown} is a tag variant of {}", e.image.reference);
            return (e, MatchKind::TagVariant, note);
        }
        let patterned: Vec<&Entry> = candidates
            .iter()
            .copied()
            .filter(|e| e.pattern_version(v).is_some())
            .collect();
        if let Some(e) = by_os(patterned) {
            let note = format!(
                "{} lists version {v} too; its figures are measured on {}",
                e.image.id, e.image.reference
            );
            return (e, MatchKind::VersionPattern, note);
        }
        let wanted_key = version_key(v);
        let nearest = candidates
            .iter()
            .copied()
            .min_by_key(|e| {
                let key = e.version().map(version_key).unwrap_or_default();
                let common = key
                    .iter()
                    .zip(&wanted_key)
                    .take_while(|(a, b)| a == b)
                    .count();
                let gap = key
                    .get(common)
                    .zip(wanted_key.get(common))
                    .map_or(0, |(a, b)| a.abs_diff(*b));
                (std::cmp::Reverse(common), gap, std::cmp::Reverse(key))
            })
            .unwrap_or(candidates[0]);
        let note = format!(
            "version {v} is not in the catalog; the nearest entry is {}, so the figures are indicative",
            nearest.image.reference
        );
        (nearest, MatchKind::NearestVersion, note)
    } else {
        let unversioned: Vec<&Entry> = candidates
            .iter()
            .copied()
            .filter(|e| e.version().is_none())
            .collect();
        if let Some(e) =
            by_os(unversioned).or_else(|| candidates.iter().copied().find(|e| same_os(e)))
        {
            let note = format!("{shown} is a tag variant of {}", e.image.reference);
            return (e, MatchKind::TagVariant, note);
        }
        let newest = candidates
            .iter()
            .copied()
            .max_by_key(|e| e.version().map(version_key))
            .unwrap_or(candidates[0]);
        let note = format!(
            "the tag names no version; compared with the newest entry, {}",
            newest.image.reference
        );
        (newest, MatchKind::NearestVersion, note)
    }
}

fn finish<'c>(
    catalog: &'c Catalog,
    entries: &[Entry<'c>],
    entry: &Entry<'c>,
    how: MatchKind,
    note: String,
    wanted: &Traits,
) -> CatalogMatch<'c> {
    let image = entry.image;
    let default_user = if how == MatchKind::Exact {
        Some(image.user.to_string())
    } else if wanted.nonroot {
        Some("nonroot".to_owned())
    } else if entry.traits().nonroot {
        // The entry is the `nonroot` tag; the same image without it runs as root.
        Some("root".to_owned())
    } else if how == MatchKind::RuntimeFamily {
        None
    } else {
        Some(image.user.to_string())
    };
    // Support follows the version: for a loose match, use what the catalog says about that version in
    // the same repository (the earliest end among its entries), if anything.
    let (supported_until, successor_id) = match (how, wanted.version.as_deref()) {
        (MatchKind::Exact | MatchKind::TagVariant, _) => (image.supported_until, image.successor),
        (_, Some(v)) => entries
            .iter()
            .filter(|e| e.traits().repository == wanted.repository)
            .filter(|e| e.version().is_some_and(|ev| versions_agree(ev, v)))
            .filter_map(|e| e.image.supported_until.map(|d| (d, e.image.successor)))
            .min_by_key(|(d, _)| *d)
            .map_or((None, None), |(d, s)| (Some(d), s)),
        (_, None) => (None, None),
    };
    let successor = successor_id.map(|idx| catalog.get(idx).reference.to_string());
    CatalogMatch {
        how,
        note,
        version: wanted.version.clone(),
        default_user,
        supported_until,
        successor,
        image,
        view: ImageView::new(image, catalog),
    }
}
