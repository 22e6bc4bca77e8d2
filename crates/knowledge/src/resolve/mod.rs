//! From the files as written to the resolved [`Knowledge`]: every rule of the data schema, every
//! problem located where possible, all of them reported at once.

mod catalog;
mod families;
mod figures;
mod graph;
mod learn;
mod leaves;
mod lifecycle;
mod names;
mod template_refs;
mod templates;
mod tree;

use std::collections::BTreeMap;

pub use leaves::abi_mismatch;

use crate::deferred::Deferred;
use crate::diagnostics::Problems;
use crate::families::Families;
use crate::lifecycle::Lifecycles;
use crate::native::{NATIVE_DEPS_FILE, NativeRules};
use crate::raw::{self, tree::TreeFile};
use crate::templates::Templates;
use crate::tree::Tree;
use crate::{
    FAMILIES_FILE, IMAGES_FILE, Knowledge, LEARN_FILE, LIFECYCLES_FILE, TEMPLATES_DIR, TREE_FILE,
};

/// Data files keyed by their path relative to the data directory (`images.toml`, `templates/x.j2`).
pub type DataFiles = BTreeMap<String, String>;

/// Parses, resolves and validates a whole data set.
pub fn knowledge(files: &DataFiles) -> Result<Knowledge, Problems> {
    let mut problems = Problems::default();
    let text = |name: &str| files.get(name).map(String::as_str);
    let (catalog_file, tree_file) = parse_catalog_and_tree(files, &mut problems);
    let families: Families =
        raw::parse(FAMILIES_FILE, text(FAMILIES_FILE), false, &mut problems).unwrap_or_default();
    families::check(&families, &mut problems);
    let native = text(NATIVE_DEPS_FILE).map_or_else(
        || Some(NativeRules::default()),
        |t| NativeRules::parse(t, &mut problems),
    );
    let lifecycles = lifecycles_of(files, &mut problems);
    let templates = templates_of(files);
    templates::check(&templates, &mut problems);
    template_refs::includes(&templates, &mut problems);
    if let Some(file) = &tree_file {
        let src = text(TREE_FILE).unwrap_or_default();
        template_refs::dockerignores(&file.leaves, &templates, src, &mut problems);
        names::check(file, src, &mut problems);
    }

    let catalog = catalog_file.map(|mut file| {
        catalog::resolve(
            &mut file,
            text(IMAGES_FILE).unwrap_or_default(),
            &mut problems,
        )
    });
    let tree = tree_file.as_ref().and_then(|file| {
        let src = text(TREE_FILE).unwrap_or_default();
        let questions = tree::resolve(file, src, &mut problems);
        let leaves = catalog
            .as_ref()
            .and_then(|c| leaves::resolve(&file.leaves, c, &templates, src, &mut problems));
        let questions = questions?;
        Some(Tree {
            start: questions.start,
            questions: questions.questions,
            remaining: questions.remaining,
            leaves: leaves?,
            keys: questions.keys,
            params: questions.params,
        })
    });
    // learn.toml is checked whenever its references can be: its problems join the others when the
    // data is broken anyway, and are kept apart (never fatal) when it is not.
    let learn = match (&catalog, &tree) {
        (Some(c), Some(t)) => Some(learn::resolve(text(LEARN_FILE), c, t)),
        _ => None,
    };
    match (catalog, tree, native, learn) {
        (Some(catalog), Some(tree), Some(native), Some(learn)) if !problems.has_errors() => {
            Ok(Knowledge {
                catalog,
                tree,
                families,
                native: Deferred::ready(native),
                templates,
                learn: Deferred::ready(learn),
                lifecycles: Deferred::ready(lifecycles),
            })
        }
        (.., learn) => {
            problems
                .0
                .extend(learn.map(|l| l.problems.0).unwrap_or_default());
            Err(problems)
        }
    }
}

/// The two largest files, parsed side by side when the catalog is large (a team's catalog of
/// thousands of images); their problems are kept in the order a sequential parse gives.
fn parse_catalog_and_tree(
    files: &DataFiles,
    problems: &mut Problems,
) -> (Option<raw::catalog::CatalogFile>, Option<TreeFile>) {
    let text = |name: &str| files.get(name).map(String::as_str);
    let (images, tree) = (text(IMAGES_FILE), text(TREE_FILE));
    // Both files entry by entry, their entries shared among the same threads; a file that fails
    // that way is parsed whole, which reports its problems.
    let (catalog, tree_file) = raw::chunks::parse_pair(images, tree);
    let catalog = catalog.or_else(|| raw::parse(IMAGES_FILE, images, true, problems));
    let tree_file = tree_file.or_else(|| raw::parse(TREE_FILE, tree, true, problems));
    (catalog, tree_file)
}

/// Only the catalog, parsed and checked on its own, for commands that need nothing else (`audit`): a
/// problem in the tree or a template does not stop them.
pub fn catalog_only(files: &DataFiles) -> Result<crate::catalog::Catalog, Problems> {
    let mut problems = Problems::default();
    let text = files.get(IMAGES_FILE).map(String::as_str);
    let file = raw::catalog::parse(text, &mut problems);
    let catalog =
        file.map(|mut f| catalog::resolve(&mut f, text.unwrap_or_default(), &mut problems));
    match catalog {
        Some(c) if !problems.has_errors() => Ok(c),
        _ => Err(problems),
    }
}

/// Only the lifecycle table, for commands that need it without the tree (`audit`).
pub fn lifecycles_only(files: &DataFiles) -> Result<Lifecycles, Problems> {
    let mut problems = Problems::default();
    let lifecycles = lifecycles_of(files, &mut problems);
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(lifecycles)
    }
}

fn lifecycles_of(files: &DataFiles, problems: &mut Problems) -> Lifecycles {
    let text = files.get(LIFECYCLES_FILE).map(String::as_str);
    let file: Option<raw::lifecycle::LifecycleFile> =
        raw::parse(LIFECYCLES_FILE, text, false, problems);
    file.map(|f| lifecycle::resolve(&f, text.unwrap_or_default(), problems))
        .unwrap_or_default()
}

fn templates_of(files: &DataFiles) -> Templates {
    Templates::new(
        files
            .iter()
            .filter_map(|(path, text)| {
                let name = path.strip_prefix(TEMPLATES_DIR)?.strip_prefix('/')?;
                Some((name.to_owned(), text.clone()))
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_catalog_and_the_tree_parsed_side_by_side_report_as_a_sequential_parse_does() {
        let images = include_str!("../../../../data/images.toml");
        let split = images.find("\n[[image]]\n").unwrap() + 1;
        let (head, entries) = images.split_at(split);
        let mut big = head.to_owned();
        while big.len() < crate::parallel::PARALLEL_BYTES {
            big.push_str(entries);
        }
        // A broken entry makes the catalog fall back to a whole-file parse, which reports it.
        big.push_str("[[image]]\nid = \n");
        let broken_tree = "start = \"q\"\n[[question]\n";
        let files = |catalog: &str| {
            DataFiles::from([
                (IMAGES_FILE.to_owned(), catalog.to_owned()),
                (TREE_FILE.to_owned(), broken_tree.to_owned()),
            ])
        };
        let mut side_by_side = Problems::default();
        let (catalog, tree) = parse_catalog_and_tree(&files(&big), &mut side_by_side);
        assert!(catalog.is_none() && tree.is_none());
        let files: Vec<&str> = side_by_side.0.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, [IMAGES_FILE, TREE_FILE]);

        // The same two problems, in the same order, as each file parsed on its own.
        let mut alone = Problems::default();
        raw::catalog::parse(Some(&big), &mut alone);
        raw::parse::<TreeFile>(TREE_FILE, Some(broken_tree), true, &mut alone);
        assert_eq!(format!("{side_by_side}"), format!("{alone}"));
    }
}
