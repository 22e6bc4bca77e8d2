//! The catalog's `supported_until` dates checked against the lifecycle table: each image's support
//! is judged from its reference (runtime line, distribution release, distroless policy) on the
//! catalog's review date, and a date that differs from the table's earliest end is reported.

use super::support::judge;
use crate::knowledge::{Catalog, IMAGES_FILE, Lifecycles, Problem, Problems, Rule};

/// Warnings for catalog images whose end of support disagrees with the lifecycle table.
pub fn catalog_check(catalog: &Catalog, lifecycles: &Lifecycles) -> Problems {
    let mut problems = Problems::default();
    for image in &catalog.images {
        let Some(own) = image.supported_until else {
            continue;
        };
        let judgement = judge(
            &image.reference,
            Some(image),
            lifecycles,
            catalog.review_date,
        );
        // A policy whose day is not known yet (distroless: months after the next Debian release).
        if let Some(pending) = judgement.parts.iter().find(|p| {
            matches!(
                p.support,
                crate::knowledge::Support::Supported { until: None }
            )
        }) {
            let mut problem = Problem::warning(
                Rule::CatalogLifecycle,
                IMAGES_FILE,
                format!(
                    "image `{}` ({}) says supported_until = {own}; the lifecycle table has no date for {} yet: {}",
                    image.id,
                    image.reference,
                    pending.what,
                    pending.basis.as_deref().unwrap_or("no rule")
                ),
            );
            problem.location.clone_from(&image.defined_at);
            problems.push(problem);
            continue;
        }
        let Some(part) = judgement
            .parts
            .iter()
            .filter(|p| p.support.end().is_some())
            .min_by_key(|p| p.support.end())
        else {
            continue;
        };
        let Some(table) = part.support.end() else {
            continue;
        };
        if table != own {
            let mut problem = Problem::warning(
                Rule::CatalogLifecycle,
                IMAGES_FILE,
                format!(
                    "image `{}` ({}) says supported_until = {own}; the lifecycle table gives {table} ({})",
                    image.id, image.reference, part.what
                ),
            );
            problem.location.clone_from(&image.defined_at);
            problems.push(problem);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge;

    #[test]
    fn disagreements_are_located_and_agreements_pass() {
        let mut k = knowledge::embedded().unwrap();
        let python = k
            .catalog
            .images
            .iter_mut()
            .find(|i| i.id == "python-3.11")
            .unwrap();
        python.supported_until = crate::knowledge::Date::parse("2027-10-31");
        let before = catalog_check(&k.catalog, &k.lifecycles);
        assert!(
            !before.0.iter().any(|p| p.message.contains("`python-3.11`")),
            "{before}"
        );
        let python = k
            .catalog
            .images
            .iter_mut()
            .find(|i| i.id == "python-3.11")
            .unwrap();
        python.supported_until = crate::knowledge::Date::parse("2030-01-01");
        let after = catalog_check(&k.catalog, &k.lifecycles);
        let p = after
            .0
            .iter()
            .find(|p| p.message.contains("`python-3.11`"))
            .unwrap();
        assert!(
            p.message
                .contains("the lifecycle table gives 2027-10-31 (Python 3.11)"),
            "{p}"
        );
        assert!(p.location.is_some());
    }
}
