//! The catalog images worth moving to from a base image, and what each move changes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::matcher::{CatalogMatch, Entry, entries};
use super::reference::{ImageRef, version_key, versions_agree};
use crate::advisor::Deltas;
use crate::knowledge::{Catalog, Family, Image, ImageView, Libc, Pin, Shell};

/// An image worth considering instead, and what the move changes.
#[derive(Debug, Clone, Serialize)]
pub struct AlternativeAdvice<'c> {
    /// What to write after `FROM`.
    pub reference: String,
    /// The catalog reference whose figures are shown, when it differs from `reference`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_on: Option<String>,
    /// Alternative minus current.
    #[serde(skip)]
    pub deltas: Deltas,
    /// Whether the alternative runs as a non-root user where the current image runs as root.
    pub drops_root: bool,
    /// What to check before moving.
    pub cautions: Vec<String>,
    #[serde(skip)]
    pub image: &'c Image,
    #[serde(rename = "image")]
    pub view: ImageView<'c>,
}

/// At most this many alternatives are suggested.
pub const MAX_ALTERNATIVES: usize = 4;

/// Catalog images serving the same runtime that are supported on the review date and smaller or with
/// fewer typical vulnerabilities: the best of each family, most secure first, at most
/// [`MAX_ALTERNATIVES`].
pub fn alternatives<'c>(
    catalog: &'c Catalog,
    current: &CatalogMatch<'c>,
) -> Vec<AlternativeAdvice<'c>> {
    let cur = current.image;
    let version = current
        .version
        .as_deref()
        .or(cur.runtime_version.as_deref())
        .map(str::to_owned);
    let review = catalog.review_date;
    let serves_same = |img: &Image| {
        if cur.runtimes.is_empty() {
            img.runtimes.is_empty()
        } else {
            img.runtimes.iter().any(|r| cur.runtimes.contains(r))
        }
    };
    let mut best: BTreeMap<Family, (u8, Entry)> = BTreeMap::new();
    for entry in entries(catalog) {
        let img = entry.image;
        let better = img.size_mb() < cur.size_mb() || img.vulns_mid() < cur.vulns_mid();
        if img.id == cur.id || !serves_same(img) || !img.supported_on(review) || !better {
            continue;
        }
        let fit = version_fit(&entry, version.as_deref());
        if fit == 0
            && let (Some(alt), Some(v)) = (entry.version(), version.as_deref())
            && version_key(alt) < version_key(v)
        {
            continue; // never suggest a downgrade
        }
        let rank = |fit: u8, img: &Image| (std::cmp::Reverse(fit), img.vulns_mid(), img.size_mb());
        let replace = best.get(&img.family).is_none_or(|(f, e)| {
            rank(fit, img).partial_cmp(&rank(*f, e.image)) == Some(std::cmp::Ordering::Less)
        });
        if replace {
            best.insert(img.family, (fit, entry));
        }
    }
    let mut picked: Vec<(u8, Entry)> = best.into_values().collect();
    picked.sort_by(|(_, a), (_, b)| {
        a.image
            .vulns_mid()
            .total_cmp(&b.image.vulns_mid())
            .then(a.image.size_mb().total_cmp(&b.image.size_mb()))
    });
    picked
        .into_iter()
        .map(|(fit, entry)| advice(catalog, current, &entry, fit, version.as_deref()))
        // A tag that names the current image is no move at all (`3.11-slim` is `3.11-slim-trixie`).
        .filter(|alt| ImageRef::parse(&alt.reference).is_ok_and(|r| !current.image.is_named_by(&r)))
        .take(MAX_ALTERNATIVES)
        .collect()
}

/// How well an entry keeps the runtime version: 3 its own version agrees, 2 its pattern covers it,
/// 1 unknown, 0 another version.
fn version_fit(entry: &Entry, version: Option<&str>) -> u8 {
    let Some(v) = version else { return 1 };
    match entry.image.runtime_version.as_deref().or(entry.version()) {
        Some(own) if versions_agree(own, v) => 3,
        _ if entry.pattern_version(v).is_some() => 2,
        None => 1,
        Some(_) => 0,
    }
}

fn advice<'c>(
    catalog: &'c Catalog,
    current: &CatalogMatch<'c>,
    entry: &Entry<'c>,
    fit: u8,
    version: Option<&str>,
) -> AlternativeAdvice<'c> {
    let cur = current.image;
    let img = entry.image;
    let (reference, measured_on) = match (fit, version.and_then(|v| entry.pattern_version(v))) {
        (2, Some(v)) => match img.reference_for_version(v) {
            Some(r) => (r.to_string(), Some(img.reference.to_string())),
            None => (img.reference.to_string(), None),
        },
        _ => (img.reference.to_string(), None),
    };
    let deltas = Deltas::between(cur, img, false);
    let current_root = current.default_user.as_deref().is_none_or(|u| u == "root");
    let mut cautions = Vec::new();
    match (cur.libc, img.libc) {
        (Libc::Glibc, Libc::Musl) => cautions.push(
            "musl libc: native extensions and binaries built for glibc will not load; rebuild them or stay on glibc".to_owned(),
        ),
        (Libc::Glibc | Libc::Musl, Libc::None) => {
            cautions.push("no libc: only statically linked binaries run here".to_owned());
        }
        _ => {}
    }
    if cur.shell != Shell::None && img.shell == Shell::None {
        cautions.push(
            "no shell: use exec-form CMD/ENTRYPOINT and do RUN steps in a build stage".to_owned(),
        );
    }
    if fit == 0
        && let (Some(from), Some(to)) = (version, entry.version())
    {
        let runtime = img.runtimes.first().map_or("the runtime", String::as_str);
        cautions.push(format!(
            "{runtime} {to} instead of {from}: rebuild and test"
        ));
    }
    if fit == 1 && version.is_some() && !img.runtimes.is_empty() {
        cautions.push("the runtime version follows the tag; check it matches yours".to_owned());
    }
    if !current_root && img.uid == 0 {
        cautions.push("runs as root by default: keep an unprivileged USER".to_owned());
    }
    if img.pin == Pin::Digest {
        cautions.push("only a moving tag is published: pin it by digest (@sha256:…)".to_owned());
    }
    AlternativeAdvice {
        reference,
        measured_on,
        deltas,
        drops_root: current_root && img.uid != 0,
        cautions,
        image: img,
        view: ImageView::new(img, catalog),
    }
}
