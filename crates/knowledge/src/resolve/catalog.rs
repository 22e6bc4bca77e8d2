//! `images.toml` → [`Catalog`]: ids unique, references parsed and pinned, successors resolved,
//! version lists consistent.

use crate::id_map::IdMap;

use super::figures;
use crate::IMAGES_FILE;
use crate::catalog::{Catalog, Image, ImageIdx, Pin, Versions};
use crate::diagnostics::{LineIndex, Problem, Problems, Rule};
use crate::figures::SupportRule;
use crate::imageref::ImageRef;
use crate::parallel;
use crate::params::{self, ParamKey};
use crate::raw::catalog::{CatalogFile, ImageEntry};
use crate::text::Text;

/// Resolves the catalog; every problem is recorded, and images with unusable references are left out.
/// Text is moved out of the parsed entries rather than copied, so `file` is left spent.
pub fn resolve(file: &mut CatalogFile, src: &str, problems: &mut Problems) -> Catalog {
    let at = |rule, span, msg: String| Problem::error(rule, IMAGES_FILE, msg).at(src, span);
    // The ids first, out of their entries, so the index of them can be read while the entries
    // are emptied.
    let ids: Vec<Text> = file
        .images
        .iter_mut()
        .map(|entry| Text::from(std::mem::take(entry.id.get_mut())))
        .collect();
    let mut index: IdMap<&str, u32> = IdMap::default();
    for (i, (entry, id)) in file.images.iter().zip(&ids).enumerate() {
        if index.contains_key(id.as_str()) {
            problems.push(at(
                Rule::DuplicateId,
                entry.id.span(),
                format!("image id `{id}` is used twice; ids must be unique"),
            ));
        } else if let Ok(i) = u32::try_from(i) {
            index.insert(id, i);
        }
    }
    let lines = LineIndex::new(src);
    let mut entries: Vec<(&mut ImageEntry, &Text)> = file.images.iter_mut().zip(&ids).collect();
    // Each image resolves on its own, so a large catalog is resolved in runs on every core; the
    // runs' images and problems are joined in file order.
    let runs = parallel::in_runs_mut(
        &mut entries,
        parallel::threads_for(src.len()),
        |_| 1,
        |run| {
            let mut found = Problems::default();
            let images: Vec<Image> = run
                .iter_mut()
                .filter_map(|(entry, id)| image(entry, id, &index, &lines, src, &mut found))
                .collect();
            (images, found)
        },
    );
    // The first run's images stay where they are: copying 10k images into a new vector cost more
    // than resolving a quarter of them.
    let mut images = Vec::new();
    for (run, found) in runs {
        if images.is_empty() {
            images = run;
        } else {
            images.extend(run);
        }
        problems.0.extend(found.0);
    }
    Catalog {
        review_date: file.review_date,
        images,
    }
}

/// One image, or `None` when its reference does not parse (the problem is recorded). Its text is
/// taken from `entry`.
fn image(
    entry: &mut ImageEntry,
    id: &Text,
    index: &IdMap<&str, u32>,
    lines: &LineIndex,
    src: &str,
    problems: &mut Problems,
) -> Option<Image> {
    let at = |rule, span, msg: String| Problem::error(rule, IMAGES_FILE, msg).at(src, span);
    let reference = match ImageRef::parse(entry.reference.get_ref()) {
        Ok(r) => r,
        Err(e) => {
            problems.push(at(
                Rule::BadReference,
                entry.reference.span(),
                format!("image `{id}`: {e}"),
            ));
            return None;
        }
    };
    check_pin(entry, id, &reference, src, problems);
    let aliases = aliases(entry, id, src, problems);
    let figures = figures::resolve(entry, id, src, problems);
    let successor = entry.successor.as_ref().and_then(|s| {
        let found = index.get(s.get_ref().as_str()).copied().map(ImageIdx);
        if found.is_none() {
            problems.push(at(
                Rule::UnknownReference,
                s.span(),
                format!("image `{id}`: successor `{s}` is not an image id in {IMAGES_FILE}"),
            ));
        }
        found
    });
    let versions = versions(entry, id, src, problems);
    let take = |text: &mut String| Text::from(std::mem::take(text));
    let take_all = |texts: &mut Vec<String>| -> Vec<Text> {
        std::mem::take(texts).into_iter().map(Text::from).collect()
    };
    Some(Image {
        id: id.clone(),
        reference,
        aliases,
        name: take(&mut entry.name),
        family: entry.family,
        runtimes: take_all(&mut entry.runtimes),
        runtime_version: entry.runtime_version.take().map(Text::from),
        os: take(&mut entry.os),
        platforms: take_all(&mut entry.platforms),
        compressed: figures.compressed,
        digest: figures.digest.map(Text::from),
        created: figures.created,
        uncompressed: figures.uncompressed,
        packages: figures.packages,
        vulns: figures.vulns,
        scan: figures.scan,
        shell: entry.shell,
        package_manager: entry.package_manager,
        libc: entry.libc,
        user: take(&mut entry.user),
        uid: entry.uid,
        listen_port: entry.listen_port,
        supported_until: entry.supported_until,
        support_rule: entry.support_rule.as_mut().map(|r| SupportRule {
            after: take(&mut r.after),
            months: r.months,
            basis: take(&mut r.basis),
        }),
        successor,
        pin: entry.pin,
        versions,
        note: entry.note.take().map(Text::from),
        source: take(&mut entry.source),
        defined_at: Some(lines.locate(entry.id.span())),
    })
}

/// Other references for the same image: each must parse and carry a tag.
fn aliases(entry: &ImageEntry, id: &str, src: &str, problems: &mut Problems) -> Vec<ImageRef> {
    let mut out = Vec::new();
    for alias in &entry.aliases {
        match ImageRef::parse(alias.get_ref()) {
            Ok(r) if r.tag.is_some() => out.push(r),
            Ok(_) => problems.push(
                Problem::error(
                    Rule::BadReference,
                    IMAGES_FILE,
                    format!("image `{id}`: alias `{alias}` has no tag"),
                )
                .at(src, alias.span()),
            ),
            Err(e) => problems.push(
                Problem::error(
                    Rule::BadReference,
                    IMAGES_FILE,
                    format!("image `{id}`: alias {e}"),
                )
                .at(src, alias.span()),
            ),
        }
    }
    out
}

/// A reference needs an explicit tag; `latest` only where the image is pinned by digest.
fn check_pin(
    entry: &ImageEntry,
    id: &str,
    reference: &ImageRef,
    src: &str,
    problems: &mut Problems,
) {
    let text = entry.reference.get_ref();
    let problem = match (reference.tag.as_deref(), &reference.digest, entry.pin) {
        _ if text == "scratch" => None,
        (_, Some(_), _) | (Some("latest"), None, Pin::Digest) => None,
        (Some("latest"), None, Pin::Tag) => Some(format!(
            "image `{id}`: `{text}` uses the `latest` tag; name a version tag, or set pin = \"digest\" when the registry publishes only `latest`"
        )),
        (None, None, _) => Some(format!(
            "image `{id}`: `{text}` has no tag; name an explicit version tag"
        )),
        (Some(_), None, _) => None,
    };
    if let Some(message) = problem {
        problems.push(
            Problem::error(Rule::FloatingTag, IMAGES_FILE, message).at(src, entry.reference.span()),
        );
    }
}

/// The version list of an image family, when it is consistent with the image itself; its text is
/// taken from `entry`.
fn versions(
    entry: &mut ImageEntry,
    id: &str,
    src: &str,
    problems: &mut Problems,
) -> Option<Versions> {
    let mut bad = |msg: String| {
        problems.push(Problem::error(Rule::BadVersions, IMAGES_FILE, msg).at(src, entry.id.span()));
    };
    let Some(pattern) = &entry.version_pattern else {
        if !entry.versions.is_empty() {
            bad(format!(
                "image `{id}`: `versions` needs a `version_pattern` to fill"
            ));
        }
        return None;
    };
    let Some(current) = &entry.runtime_version else {
        bad(format!(
            "image `{id}`: `version_pattern` needs a `runtime_version`"
        ));
        return None;
    };
    let mut ok = true;
    if !pattern.contains("{version}") {
        bad(format!(
            "image `{id}`: version_pattern `{pattern}` has no {{version}} placeholder"
        ));
        ok = false;
    } else if pattern.replace("{version}", current) != *entry.reference.get_ref() {
        bad(format!(
            "image `{id}`: version_pattern `{pattern}` with runtime_version {current} gives `{}`, not the reference `{}`",
            pattern.replace("{version}", current),
            entry.reference.get_ref()
        ));
        ok = false;
    }
    if !entry.versions.contains(current) {
        bad(format!(
            "image `{id}`: runtime_version {current} is missing from `versions`"
        ));
        ok = false;
    }
    for v in &entry.versions {
        if let Err(e) = params::validate(ParamKey::Version, v) {
            bad(format!("image `{id}`: {e}"));
            ok = false;
        } else if ImageRef::parse(&pattern.replace("{version}", v)).is_err() {
            bad(format!(
                "image `{id}`: version {v} gives `{}`, which is not an image reference",
                pattern.replace("{version}", v)
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Versions {
        pattern: entry.version_pattern.take().unwrap_or_default().into(),
        offered: std::mem::take(&mut entry.versions)
            .into_iter()
            .map(Text::from)
            .collect(),
    })
}
