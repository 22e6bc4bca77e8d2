//! The catalog images worth moving to from a base image, and what each move changes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Context;
use super::matcher::{CatalogMatch, Entry};
use super::reference::{ImageRef, traits, version_key, versions_agree};
use super::same::same_image;
use super::support::{self, Judgement};
use crate::advisor::Deltas;
use crate::knowledge::{Family, Image, ImageView, Libc, Pin, Shell, Support, Text};

/// An image worth considering instead, and what the move changes.
#[derive(Debug, Clone, Serialize)]
pub struct AlternativeAdvice<'c> {
    /// What to write after `FROM`.
    pub reference: String,
    /// A short name that matches `reference` (the catalog name, with the version it names).
    pub label: String,
    /// The catalog reference whose figures are shown, when it differs from `reference`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_on: Option<String>,
    /// Whether this is the image's designated successor (or carries the successor line).
    pub successor: bool,
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

/// The differences a move makes, as the advisor computes them for recommendations; only approximate
/// when either side's figures were measured on another image (a nearby tag of the current one, or the
/// catalog entry whose pattern gives the suggested version).
fn deltas(current: &CatalogMatch<'_>, alternative: &Image, measured_elsewhere: bool) -> Deltas {
    let mut d = Deltas::between(current.image, alternative, false);
    if measured_elsewhere || current.how != super::MatchKind::Exact {
        d.size_mb.exact = false;
        d.packages.exact = false;
        d.vulns = None;
    }
    d
}

/// Catalog images serving the same runtime that are supported on the audit's day, are not the same
/// image under another tag, and are smaller or with fewer typical vulnerabilities: the best of each
/// family, most secure first, at most [`MAX_ALTERNATIVES`]. The image's successor (or an image of the
/// successor line, when the current line has ended) comes first.
pub fn alternatives<'c>(
    cx: &Context<'c>,
    current: &CatalogMatch<'c>,
    reference: &ImageRef,
    judgement: Option<&Judgement>,
) -> Vec<AlternativeAdvice<'c>> {
    let cur = current.image;
    let current_os = (current.how == super::MatchKind::Exact).then_some(cur.os.as_str());
    // When the runtime line has ended, aim at its successor line.
    let successor_line = judgement.and_then(|j| {
        j.parts.iter().find_map(|p| match &p.support {
            Support::Ended { successor, .. }
                if cur
                    .runtimes
                    .iter()
                    .any(|r| runtime_product(r) == Some(p.product.as_str())) =>
            {
                successor.clone()
            }
            _ => None,
        })
    });
    let version = successor_line
        .clone()
        .or_else(|| current.version.clone())
        .or_else(|| cur.runtime_version.as_deref().map(str::to_owned));
    let serves_same = |img: &Image| {
        if cur.runtimes.is_empty() {
            img.runtimes.is_empty()
        } else {
            img.runtimes.iter().any(|r| cur.runtimes.contains(r))
        }
    };
    let designated = cx.catalog.successor(cur).map(|s| s.id.as_str());
    let current_traits = traits(&cur.reference);
    let mut best: BTreeMap<Family, (u8, bool, &Entry)> = BTreeMap::new();
    for entry in &cx.entries {
        let img = entry.image;
        let fit = version_fit(entry, version.as_deref());
        let preferred = designated == Some(img.id.as_str())
            || (successor_line.is_some() && fit >= 2 && serves_same(img));
        let better = img.size_mb() < cur.size_mb() || img.vulns_mid() < cur.vulns_mid();
        if img.id == cur.id || !serves_same(img) || !(better || preferred) {
            continue;
        }
        if fit == 0
            && let (Some(alt), Some(v)) = (entry.version(), version.as_deref())
            && version_key(alt) < version_key(v)
        {
            continue; // never suggest a downgrade
        }
        // Nor an older release of the same repository (`ubuntu:22.04` for `ubuntu:24.04`).
        if entry.traits().repository == current_traits.repository
            && let (Some(alt), Some(now)) = (&entry.traits().version, &current_traits.version)
            && version_key(alt) < version_key(now)
        {
            continue;
        }
        let (target, _) = target_reference(entry, fit, version.as_deref());
        if same_image(cx.catalog, reference, current_os, &target, Some(&img.os))
            || support::judge(&target, exact_entry(&target, img), cx.lifecycles, cx.day)
                .support
                .is_ended()
        {
            continue;
        }
        let rank = |fit: u8, preferred: bool, img: &Image| {
            (
                !preferred,
                std::cmp::Reverse(fit),
                img.vulns_mid(),
                // Between equals, the release supported longer (`alpine:3.24` over `alpine:3.22`).
                std::cmp::Reverse(img.supported_until.unwrap_or(crate::knowledge::Date::MAX)),
                img.size_mb(),
            )
        };
        let replace = best.get(&img.family).is_none_or(|(f, p, e)| {
            rank(fit, preferred, img).partial_cmp(&rank(*f, *p, e.image))
                == Some(std::cmp::Ordering::Less)
        });
        if replace {
            best.insert(img.family, (fit, preferred, entry));
        }
    }
    let mut picked: Vec<(u8, bool, &Entry)> = best.into_values().collect();
    picked.sort_by(|(_, pa, a), (_, pb, b)| {
        pb.cmp(pa)
            .then(a.image.vulns_mid().total_cmp(&b.image.vulns_mid()))
            .then(a.image.size_mb().total_cmp(&b.image.size_mb()))
    });
    picked
        .into_iter()
        .take(MAX_ALTERNATIVES)
        .map(|(fit, preferred, entry)| {
            advice(cx, current, entry, fit, preferred, version.as_deref())
        })
        .collect()
}

/// The lifecycle product of a runtime id.
fn runtime_product(runtime: &str) -> Option<&'static str> {
    crate::runtime::get(runtime).and_then(|r| r.lifecycle)
}

/// The catalog image a reference is, when it is the entry's own reference.
fn exact_entry<'c>(reference: &ImageRef, img: &'c Image) -> Option<&'c Image> {
    (reference.normalised() == img.reference.normalised()).then_some(img)
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

/// The reference to suggest: the entry's own, or its pattern filled with the wanted version; and the
/// version it names when that differs from the entry's.
fn target_reference(entry: &Entry, fit: u8, version: Option<&str>) -> (ImageRef, Option<String>) {
    let img = entry.image;
    if fit == 2
        && let Some(v) = version.and_then(|v| entry.pattern_version(v))
        && let Some(r) = img.reference_for_version(v)
    {
        return (r, Some(v.to_owned()));
    }
    (img.reference.clone(), None)
}

/// The catalog name with the version the reference names (`Python 3.13 slim` → `Python 3.12 slim`).
fn label(img: &Image, version: Option<&str>) -> String {
    match (version, img.runtime_version.as_deref()) {
        (Some(v), Some(own)) if v != own && img.name.contains(own) => img.name.replacen(own, v, 1),
        (Some(v), _) if !img.name.contains(v) => format!("{} ({v})", img.name),
        _ => img.name.to_string(),
    }
}

fn advice<'c>(
    cx: &Context<'c>,
    current: &CatalogMatch<'c>,
    entry: &Entry<'c>,
    fit: u8,
    preferred: bool,
    version: Option<&str>,
) -> AlternativeAdvice<'c> {
    let cur = current.image;
    let img = entry.image;
    let (target, named) = target_reference(entry, fit, version);
    let measured_on = named.as_ref().map(|_| img.reference.to_string());
    let deltas = deltas(current, img, measured_on.is_some());
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
    let from = current
        .version
        .as_deref()
        .or(cur.runtime_version.as_deref());
    let to = named
        .as_deref()
        .or(img.runtime_version.as_deref())
        .or(entry.version());
    if let (Some(from), Some(to)) = (from, to)
        && !versions_agree(from, to)
        && !img.runtimes.is_empty()
    {
        let runtime = img.runtimes.first().map_or("the runtime", Text::as_str);
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
        reference: target.to_string(),
        label: label(img, named.as_deref()),
        measured_on,
        successor: preferred,
        deltas,
        drops_root: current_root && img.uid != 0,
        cautions,
        image: img,
        view: ImageView::new(img, cx.catalog),
    }
}
