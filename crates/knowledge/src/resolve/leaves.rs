//! The leaves of the tree: their images resolved against the catalog, their build stage compatible
//! with the final image, their images supported, their template present.

use crate::id_map::IdMap;
use std::ops::Range;

use toml::Spanned;

use crate::catalog::{Catalog, Image, ImageIdx, Libc};
use crate::diagnostics::{Problem, Problems, Rule};
use crate::raw::tree::LeafEntry;
use crate::templates::Templates;
use crate::tree::Leaf;
use crate::{IMAGES_FILE, TEMPLATES_DIR, TREE_FILE};

/// Resolves every leaf; `None` when any of them names something that does not exist.
pub fn resolve(
    entries: &[LeafEntry],
    catalog: &Catalog,
    templates: &Templates,
    src: &str,
    problems: &mut Problems,
) -> Option<Vec<Leaf>> {
    let mut index: IdMap<&str, ImageIdx> = IdMap::default();
    for (i, image) in (0u32..).zip(&catalog.images) {
        index.entry(image.id.as_str()).or_insert(ImageIdx(i));
    }
    let mut err = |rule, span: Range<usize>, msg: String| {
        problems.push(Problem::error(rule, TREE_FILE, msg).at(src, span));
    };
    let mut leaves = Vec::with_capacity(entries.len());
    for leaf in entries {
        let lid = leaf.id.get_ref();
        let mut lookup = |role: &str, r: &Spanned<String>| {
            let found = index.get(r.get_ref().as_str()).copied();
            if found.is_none() {
                err(
                    Rule::UnknownReference,
                    r.span(),
                    format!("leaf `{lid}`: {role} `{r}` is not an image id in {IMAGES_FILE}"),
                );
            }
            found
        };
        let image = lookup("image", &leaf.image);
        let builder = leaf.builder.as_ref().map(|b| lookup("builder", b));
        let alternatives: Vec<Option<ImageIdx>> = leaf
            .alternatives
            .iter()
            .map(|a| lookup("alternative", a))
            .collect();
        let tool_builders: Vec<(String, Option<ImageIdx>, &Spanned<String>)> = leaf
            .tool_builders
            .iter()
            .map(|(tool, b)| (tool.clone(), lookup("tool builder", b), b))
            .collect();
        let template_ok = templates.has_dockerfile(leaf.template.get_ref());
        if !template_ok {
            err(
                Rule::UnknownReference,
                leaf.template.span(),
                format!(
                    "leaf `{lid}`: template `{}` has no file {TEMPLATES_DIR}/{}",
                    leaf.template.get_ref(),
                    Templates::dockerfile_name(leaf.template.get_ref())
                ),
            );
        }
        let (Some(image), Some(builder), Some(alternatives)) = (
            image,
            builder.map_or(Some(None), |b| b.map(Some)),
            alternatives.into_iter().collect::<Option<Vec<_>>>(),
        ) else {
            continue;
        };
        let mut stages = vec![("image", &leaf.image, image)];
        if let (Some(b), Some(span)) = (builder, &leaf.builder) {
            stages.push(("builder", span, b));
        }
        for (role, span, idx) in stages {
            if let Some(msg) = unsupported(catalog, lid, role, catalog.get(idx)) {
                err(Rule::UnsupportedLeaf, span.span(), msg);
            }
        }
        for (tool, idx, span) in &tool_builders {
            let (Some(idx), Some(b)) = (idx, builder) else {
                continue;
            };
            let (alt, primary) = (catalog.get(*idx), catalog.get(b));
            if alt.runtime_version != primary.runtime_version {
                err(
                    Rule::AbiMismatch,
                    span.span(),
                    format!(
                        "leaf `{lid}`: {tool} builder `{}` has runtime version {}, the builder `{}` has {}",
                        alt.id,
                        alt.runtime_version.as_deref().unwrap_or("none"),
                        primary.id,
                        primary.runtime_version.as_deref().unwrap_or("none")
                    ),
                );
            }
        }
        if let Some(b) = builder
            && let Some(missing) = version_gap(catalog.get(b), catalog.get(image))
        {
            let span = leaf.builder.as_ref().map_or(leaf.id.span(), Spanned::span);
            err(
                Rule::VersionGap,
                span,
                format!(
                    "leaf `{lid}`: image `{}` offers version {missing}, which its builder `{}` does not; add it to the builder's `versions`",
                    catalog.get(image).id,
                    catalog.get(b).id
                ),
            );
        }
        if let Some(b) = builder
            && let Some(why) = abi_mismatch(catalog.get(b), catalog.get(image))
        {
            let span = leaf.builder.as_ref().map_or(leaf.id.span(), Spanned::span);
            err(
                Rule::AbiMismatch,
                span,
                format!(
                    "leaf `{lid}`: builder `{}` does not match image `{}`: {why}",
                    catalog.get(b).id,
                    catalog.get(image).id
                ),
            );
        }
        if template_ok {
            leaves.push(Leaf {
                id: lid.clone().into(),
                title: leaf.title.clone().into(),
                runtime: leaf.runtime.clone().into(),
                image,
                builder,
                alternatives,
                tool_builders: tool_builders
                    .into_iter()
                    .filter_map(|(tool, idx, _)| idx.map(|i| (tool, i)))
                    .collect(),
                template: leaf.template.get_ref().clone().into(),
                why: leaf.why.clone().into(),
            });
        }
    }
    (leaves.len() == entries.len()).then_some(leaves)
}

/// A leaf must not recommend an image that was out of support when the data was reviewed.
fn unsupported(catalog: &Catalog, lid: &str, role: &str, img: &Image) -> Option<String> {
    if img.supported_on(catalog.review_date) {
        return None;
    }
    let end = img
        .supported_until
        .map(|d| d.to_string())
        .unwrap_or_default();
    let successor = catalog
        .successor(img)
        .map(|s| format!("; use its successor `{}`", s.id))
        .unwrap_or_default();
    Some(format!(
        "leaf `{lid}` recommends {role} `{}` ({}), which is out of support since {end}, before the data's review date {}{successor}",
        img.id, img.reference, catalog.review_date
    ))
}

/// A runtime version the final image offers but its build stage cannot be switched to, where both
/// carry the runtime: choosing it would pair mismatched stages.
fn version_gap(builder: &Image, image: &Image) -> Option<String> {
    let shares_runtime = builder.runtimes.iter().any(|r| image.runtimes.contains(r));
    if !shares_runtime || builder.runtime_version.is_none() || image.runtime_version.is_none() {
        return None;
    }
    let offered = builder.offered_versions();
    image
        .offered_versions()
        .into_iter()
        .find(|v| !offered.contains(v))
}

/// Whether a build stage produces something the final image can run: same runtime version, same libc,
/// and the same release when both are the same distribution.
pub fn abi_mismatch(builder: &Image, image: &Image) -> Option<String> {
    let shares_runtime = builder.runtimes.iter().any(|r| image.runtimes.contains(r));
    if shares_runtime
        && let (Some(b), Some(i)) = (&builder.runtime_version, &image.runtime_version)
        && b != i
    {
        return Some(format!("runtime version {b} vs {i}"));
    }
    if image.libc != Libc::None && builder.libc != Libc::None && builder.libc != image.libc {
        return Some(format!("libc {} vs {}", builder.libc, image.libc));
    }
    let distro = |os: &str| {
        os.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_owned()
    };
    if image.libc != Libc::None
        && distro(&builder.os) == distro(&image.os)
        && builder.os != image.os
    {
        return Some(format!("OS {} vs {}", builder.os, image.os));
    }
    None
}
