//! `audit --fix`: move the final stage to a better base (the first suggestion, or the image, catalog
//! id or tree leaf the user names), move the build stage it copies from to an ABI-compatible image,
//! leave everything else as written, and list what the move breaks.

use serde::Serialize;

use super::breaks::{Break, Target, breaks};
use super::dockerfile::{Base, Stage};
use super::reference::{ImageRef, traits};
use super::same::same_image;
use super::{Audit, Context, MatchKind};
use crate::knowledge::{Family, Image, Knowledge, Shell, abi_mismatch};

/// Why a Dockerfile cannot be moved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    #[error("the final image is known only at build time, so there is nothing to move")]
    NoFinalImage,
    #[error("no better base to move to; name one with --to IMAGE_OR_LEAF")]
    NoSuggestion,
    #[error(
        "`{0}` is neither a leaf of the tree, an image id of the catalog, nor an image reference"
    )]
    UnknownTarget(String),
    #[error("the final stage is already on {0}")]
    AlreadyThere(String),
}

/// One `FROM` that changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub line: usize,
    pub stage: usize,
    pub from: String,
    pub to: String,
}

/// The edited Dockerfile and what the move means.
#[derive(Debug, Clone, Serialize)]
pub struct Migration {
    pub changes: Vec<Change>,
    pub breaks: Vec<Break>,
    #[serde(skip)]
    pub before: String,
    #[serde(skip)]
    pub after: String,
}

impl Migration {
    /// The change as a unified diff between `a/NAME` and `b/NAME`.
    pub fn diff(&self, name: &str) -> String {
        similar::TextDiff::from_lines(&self.before, &self.after)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string()
    }
}

/// What to move to: a reference, the catalog image it is (if any), and the build image to pair it with.
struct Destination<'k> {
    reference: String,
    image: Option<&'k Image>,
    builder: Option<&'k Image>,
}

/// Plans the move of `audit`'s Dockerfile (`text`) to `to`, or to the first suggestion.
pub fn plan(
    text: &str,
    audit: &Audit<'_>,
    k: &Knowledge,
    cx: &Context<'_>,
    to: Option<&str>,
) -> Result<Migration, MigrateError> {
    let stages = &audit.parsed.stages;
    let chain = super::chain(stages, audit.final_stage);
    let root = chain.last().copied().ok_or(MigrateError::NoFinalImage)?;
    let current_ref = match &root.base {
        Base::Image(r) => r.clone(),
        Base::Scratch => ImageRef::parse("scratch").map_err(|_| MigrateError::NoFinalImage)?,
        _ => return Err(MigrateError::NoFinalImage),
    };
    let dest = destination(audit, k, to)?;
    let current = audit
        .final_image
        .as_ref()
        .filter(|m| matches!(m.how, MatchKind::Exact | MatchKind::TagVariant))
        .map(|m| m.image);
    // Libc and package manager follow the repository and variant, whatever the version.
    let family = audit
        .final_image
        .as_ref()
        .filter(|m| m.how != MatchKind::RuntimeFamily)
        .map(|m| m.image);
    let dest_ref = ImageRef::parse(&dest.reference)
        .map_err(|_| MigrateError::UnknownTarget(dest.reference.clone()))?;
    if same_image(
        &k.catalog,
        &current_ref,
        current.map(|c| c.os.as_str()),
        &dest_ref,
        dest.image.map(|i| i.os.as_str()),
    ) {
        return Err(MigrateError::AlreadyThere(dest.reference));
    }
    let mut changes = vec![Change {
        line: root.line,
        stage: root.index,
        from: root.from.clone(),
        to: dest.reference.clone(),
    }];
    let mut found = Vec::new();
    // Other stages built on the same root move with it.
    for stage in stages {
        if stage.index != root.index
            && !chain.iter().any(|s| s.index == stage.index)
            && chain_root(stages, stage.index) == root.index
        {
            found.push(Break {
                line: stage.line,
                what: format!(
                    "stage {} builds on the same image and moves too",
                    stage.name.as_deref().unwrap_or("(unnamed)")
                ),
                fix: "give it its own FROM with the old image if it needs a shell or build tools"
                    .to_owned(),
            });
        }
    }
    if let (Some(new), Some(builder)) = (dest.image, dest.builder) {
        changes.extend(builder_changes(
            audit, &chain, root.index, new, builder, &dest_ref, cx,
        ));
    }
    let body: Vec<&super::Instruction> = chain
        .iter()
        .rev()
        .filter_map(|s| audit.parsed.bodies.get(s.index))
        .flatten()
        .collect();
    let target = Target {
        reference: &dest.reference,
        image: dest.image,
    };
    found.extend(breaks(family, target, root.line, &body));
    found.sort_by_key(|b| b.line);
    let after = apply(text, stages, &changes);
    Ok(Migration {
        changes,
        breaks: found,
        before: text.to_owned(),
        after,
    })
}

fn chain_root(stages: &[Stage], index: usize) -> usize {
    super::chain(stages, index)
        .last()
        .map_or(index, |s| s.index)
}

fn destination<'k>(
    audit: &Audit<'_>,
    k: &'k Knowledge,
    to: Option<&str>,
) -> Result<Destination<'k>, MigrateError> {
    let paired = |img: &Image| {
        k.tree
            .leaves
            .iter()
            .find(|l| k.image(l.image).id == img.id)
            .and_then(|l| l.builder)
            .map(|b| k.image(b))
    };
    let Some(to) = to else {
        let alt = audit
            .alternatives
            .first()
            .ok_or(MigrateError::NoSuggestion)?;
        let image = k.image_by_id(&alt.image.id);
        return Ok(Destination {
            reference: alt.reference.clone(),
            image,
            builder: image.and_then(paired),
        });
    };
    if let Some(leaf) = k.tree.leaves.iter().find(|l| l.id == to) {
        let image = k.image(leaf.image);
        return Ok(Destination {
            reference: image.reference.to_string(),
            image: Some(image),
            builder: leaf.builder.map(|b| k.image(b)),
        });
    }
    if let Some(image) = k.image_by_id(to) {
        return Ok(Destination {
            reference: image.reference.to_string(),
            image: Some(image),
            builder: paired(image),
        });
    }
    let parsed = ImageRef::parse(to).map_err(|_| MigrateError::UnknownTarget(to.to_owned()))?;
    let image = k
        .catalog
        .images
        .iter()
        .find(|i| i.reference.normalised() == parsed.normalised());
    Ok(Destination {
        reference: to.to_owned(),
        image,
        builder: image.and_then(paired),
    })
}

/// The build stages the final chain copies from, moved to `builder` (for the version the destination
/// names) where their image does not match the new final image.
fn builder_changes(
    audit: &Audit<'_>,
    chain: &[&Stage],
    final_root: usize,
    new: &Image,
    builder: &Image,
    dest: &ImageRef,
    cx: &Context<'_>,
) -> Vec<Change> {
    let stages = &audit.parsed.stages;
    let version = traits(dest).version;
    let builder_ref = version
        .as_deref()
        .filter(|_| new.versions.is_some())
        .and_then(|v| builder.reference_for_version(v))
        .unwrap_or_else(|| builder.reference.clone())
        .to_string();
    let mut out: Vec<Change> = Vec::new();
    let names = super::feeds::StageNames::new(stages);
    for stage in chain {
        let Some(body) = audit.parsed.bodies.get(stage.index) else {
            continue;
        };
        for index in body
            .iter()
            .filter_map(|ins| super::feeds::source_stage(ins, stages, &names))
        {
            let Some(root) = super::chain(stages, index).last().copied() else {
                continue;
            };
            let Base::Image(r) = &root.base else { continue };
            if root.index == final_root || out.iter().any(|c| c.stage == root.index) {
                continue;
            }
            let matched = cx
                .find(r)
                .filter(|m| matches!(m.how, MatchKind::Exact | MatchKind::TagVariant));
            let serves = |img: &Image| img.runtimes.iter().any(|x| new.runtimes.contains(x));
            let needs_move = match matched {
                Some(m) => serves(m.image) && abi_mismatch(m.image, new).is_some(),
                None => crate::runtime::serving(&r.short_repository())
                    .is_some_and(|rt| new.runtimes.iter().any(|x| x == rt.id)),
            };
            if needs_move
                && r.normalised() != builder_ref
                && builder.shell != Shell::None
                && builder.family != Family::Distroless
            {
                out.push(Change {
                    line: root.line,
                    stage: root.index,
                    from: root.from.clone(),
                    to: builder_ref.clone(),
                });
            }
        }
    }
    out
}

/// The text with each change's image replaced on its `FROM` line (or the continuation lines after it).
fn apply(text: &str, stages: &[Stage], changes: &[Change]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    for change in changes {
        let Some(stage) = stages.get(change.stage) else {
            continue;
        };
        let start = stage.line.saturating_sub(1);
        for line in lines.iter_mut().skip(start).take(10) {
            if let Some(at) = find_token(line, &change.from) {
                line.replace_range(at..at + change.from.len(), &change.to);
                break;
            }
        }
    }
    lines.concat()
}

/// Where `token` stands as a whole word in `line`.
fn find_token(line: &str, token: &str) -> Option<usize> {
    line.match_indices(token).map(|(i, _)| i).find(|&i| {
        let before = line[..i].chars().next_back();
        let after = line[i + token.len()..].chars().next();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    })
}
