//! What the runtimes registered in code ([`RUNTIMES`], kept in the knowledge crate, where judging an
//! image's support needs them) still lack in the data a run uses.

use crate::knowledge::{Knowledge, Templates};

pub use crate::knowledge::runtimes::{RUNTIMES, Runtime, get, order, serving};

/// What the runtimes the data uses still lack in code or templates, one sentence each. Empty for the
/// built-in data; a team's data (`--data`) may add a runtime that only half exists.
pub fn completeness(knowledge: &Knowledge) -> Vec<String> {
    let mut used: Vec<&str> = Vec::new();
    for leaf in &knowledge.tree.leaves {
        if !used.contains(&leaf.runtime.as_str()) {
            used.push(&leaf.runtime);
        }
    }
    let mut gaps = Vec::new();
    for id in used {
        let Some(runtime) = get(id) else {
            gaps.push(format!(
                "runtime `{id}` has leaves in the tree but is not registered in code: no detection, lifecycle or audit mapping"
            ));
            continue;
        };
        let own = format!("{id}{}", crate::knowledge::templates::DOCKERIGNORE_SUFFIX);
        if knowledge.templates.get(&own).is_none() {
            gaps.push(format!(
                "runtime `{id}` has no .dockerignore template of its own ({}/{own})",
                crate::knowledge::TEMPLATES_DIR
            ));
        }
        if let Some(product) = runtime.lifecycle {
            match knowledge.lifecycles.get() {
                Err(e) => gaps.push(format!("the lifecycle table cannot be read back: {e}")),
                Ok(table) if table.product(product).is_none_or(|p| p.lines.is_empty()) => {
                    gaps.push(format!(
                        "runtime `{id}` dates its versions by lifecycle product `{product}`, which {} has no lines for",
                        crate::knowledge::LIFECYCLES_FILE
                    ));
                }
                Ok(_) => {}
            }
        }
        if runtime.repositories.is_empty() {
            gaps.push(format!(
                "runtime `{id}` names no image repositories for audit"
            ));
        }
        if !knowledge
            .catalog
            .images
            .iter()
            .any(|i| i.runtimes.iter().any(|r| r == id))
        {
            gaps.push(format!(
                "runtime `{id}` is served by no image in the catalog"
            ));
        }
    }
    gaps
}

/// Templates a runtime uses: the Dockerfile templates of its leaves and its `.dockerignore`.
pub fn templates_of(knowledge: &Knowledge, id: &str) -> Vec<String> {
    let mut names: Vec<String> = knowledge
        .tree
        .leaves
        .iter()
        .filter(|l| l.runtime == id)
        .map(|l| Templates::dockerfile_name(&l.template))
        .collect();
    names.sort();
    names.dedup();
    names.push(knowledge.templates.dockerignore_name(id));
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{self, DataSource};

    #[test]
    fn the_built_in_data_lacks_nothing() {
        let k = knowledge::embedded().unwrap();
        assert_eq!(completeness(&k), Vec::<String>::new());
        for runtime in RUNTIMES {
            assert!(
                k.tree.leaves.iter().any(|l| l.runtime == runtime.id),
                "{} has no leaf in the tree",
                runtime.id
            );
            assert!(templates_of(&k, runtime.id).len() >= 2, "{}", runtime.id);
        }
    }

    #[test]
    fn every_runtime_is_detected_from_its_sample_project() {
        let rules = knowledge::embedded().unwrap().native.into_inner().unwrap();
        for runtime in RUNTIMES {
            let dir = tempfile::tempdir().unwrap();
            for (name, text) in runtime.sample {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
            let detection = crate::detect::scan(dir.path(), &rules).unwrap();
            assert_eq!(
                detection.primary().map(|r| r.runtime.as_str()),
                Some(runtime.id),
                "the {} sample is not detected: {detection:?}",
                runtime.name
            );
        }
    }

    #[test]
    fn a_runtime_missing_its_template_is_reported() {
        // A copy of the built-in data without Ruby's .dockerignore template still loads (the default
        // one stands in), and the completeness check names what is missing.
        let dir = tempfile::tempdir().unwrap();
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        copy_dir(&data, dir.path());
        std::fs::remove_file(dir.path().join("templates/ruby.dockerignore.j2")).unwrap();
        let k = knowledge::load(&DataSource::Dir(dir.path().to_owned())).unwrap();
        let gaps = completeness(&k);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!(
            gaps[0].contains("`ruby` has no .dockerignore template"),
            "{gaps:?}"
        );
    }

    #[test]
    fn every_runtime_with_a_lifecycle_has_its_lines() {
        let k = knowledge::embedded().unwrap();
        for runtime in RUNTIMES {
            if let Some(product) = runtime.lifecycle {
                let p = k.lifecycles.get().unwrap().product(product);
                assert!(p.is_some_and(|p| p.lines.len() >= 5), "{product}");
            }
        }
        let mut k = k;
        let mut lifecycles = k.lifecycles.into_inner().unwrap();
        lifecycles.products.retain(|p| p.id != "php");
        k.lifecycles = knowledge::Deferred::ready(lifecycles);
        let gaps = completeness(&k);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!(
            gaps[0].contains("`php`") && gaps[0].contains("lifecycles.toml"),
            "{gaps:?}"
        );
    }

    #[test]
    fn a_runtime_only_the_data_knows_is_reported() {
        let mut k = knowledge::embedded().unwrap();
        k.tree.leaves[0].runtime = "elixir".into();
        let gaps = completeness(&k);
        assert!(
            gaps.iter()
                .any(|g| g.contains("`elixir`") && g.contains("not registered")),
            "{gaps:?}"
        );
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
}
