//! `images.toml` → [`Catalog`]: ids unique, references parsed and pinned, successors resolved,
//! version lists consistent.

use std::collections::HashMap;

use super::figures;
use crate::IMAGES_FILE;
use crate::catalog::{Catalog, Image, ImageIdx, Pin, Versions};
use crate::diagnostics::{LineIndex, Problem, Problems, Rule};
use crate::figures::SupportRule;
use crate::imageref::ImageRef;
use crate::parallel;
use crate::params::{self, ParamKey};
use crate::raw::catalog::{CatalogFile, ImageEntry};
use crate::text::{Text, texts};

/// Resolves the catalog; every problem is recorded, and images with unusable references are left out.
pub fn resolve(file: &CatalogFile, src: &str, problems: &mut Problems) -> Catalog {
    let at = |rule, span, msg: String| Problem::error(rule, IMAGES_FILE, msg).at(src, span);
    let mut index: HashMap<&str, u32> = HashMap::new();
    for (i, entry) in file.images.iter().enumerate() {
        let id = entry.id.get_ref().as_str();
        if index.contains_key(id) {
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
    // Each image resolves on its own, so a large catalog is resolved in runs on every core; the
    // runs' images and problems are joined in file order.
    let runs = parallel::in_runs(
        &file.images,
        parallel::threads_for(src.len()),
        |_| 1,
        |run| {
            let mut found = Problems::default();
            let images: Vec<Image> = run
                .iter()
                .filter_map(|entry| image(entry, &index, &lines, src, &mut found))
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

/// One image, or `None` when its reference does not parse (the problem is recorded).
fn image(
    entry: &ImageEntry,
    index: &HashMap<&str, u32>,
    lines: &LineIndex,
    src: &str,
    problems: &mut Problems,
) -> Option<Image> {
    let at = |rule, span, msg: String| Problem::error(rule, IMAGES_FILE, msg).at(src, span);
    let id = entry.id.get_ref();
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
    check_pin(entry, &reference, src, problems);
    let aliases = aliases(entry, src, problems);
    let figures = figures::resolve(entry, src, problems);
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
    let versions = versions(entry, src, problems);
    Some(Image {
        id: id.clone().into(),
        reference,
        aliases,
        name: entry.name.clone().into(),
        family: entry.family,
        runtimes: texts(&entry.runtimes),
        runtime_version: entry.runtime_version.clone().map(Text::from),
        os: entry.os.clone().into(),
        platforms: texts(&entry.platforms),
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
        user: entry.user.clone().into(),
        uid: entry.uid,
        listen_port: entry.listen_port,
        supported_until: entry.supported_until,
        support_rule: entry.support_rule.as_ref().map(|r| SupportRule {
            after: r.after.clone().into(),
            months: r.months,
            basis: r.basis.clone().into(),
        }),
        successor,
        pin: entry.pin,
        versions,
        note: entry.note.clone().map(Text::from),
        source: entry.source.clone().into(),
        defined_at: Some(lines.locate(entry.id.span())),
    })
}

/// Other references for the same image: each must parse and carry a tag.
fn aliases(entry: &ImageEntry, src: &str, problems: &mut Problems) -> Vec<ImageRef> {
    let id = entry.id.get_ref();
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
fn check_pin(entry: &ImageEntry, reference: &ImageRef, src: &str, problems: &mut Problems) {
    let id = entry.id.get_ref();
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

/// The version list of an image family, when it is consistent with the image itself.
fn versions(entry: &ImageEntry, src: &str, problems: &mut Problems) -> Option<Versions> {
    let id = entry.id.get_ref();
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
    ok.then(|| Versions {
        pattern: pattern.clone().into(),
        offered: texts(&entry.versions),
    })
}
