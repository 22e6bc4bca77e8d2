//! The catalog's end-of-support data checked against the lifecycle table: each image's support is
//! judged from its reference (runtime line, distribution release, distroless policy) on the catalog's
//! review date. A `supported_until` that differs from the end the table decides on, or a `support_rule`
//! that differs from the table's rule (or stands where the table has a date), is reported where the
//! image is written. A runtime part read from a moving tag (`rust:1`) dates nothing: the tag follows
//! new releases, so the image's date is its distribution's.

use super::{Part, combine, judge};
use crate::{Catalog, Date, IMAGES_FILE, Image, Lifecycles, Problem, Problems, Rule, SupportRule};

/// Warnings for catalog images whose end of support disagrees with the lifecycle table.
pub fn catalog_check(catalog: &Catalog, lifecycles: &Lifecycles) -> Problems {
    let mut problems = Problems::default();
    for image in &catalog.images {
        let judgement = judge(
            &image.reference,
            Some(image),
            lifecycles,
            catalog.review_date,
        );
        let pending = judgement
            .parts
            .iter()
            .find_map(|p| p.rule.as_ref().map(|r| (p, r)));
        // The dated parts decide as they do in an audit: an ended part outranks one still in a free
        // extended phase (Debian LTS under a runtime that ended), else the earliest end.
        let dated: Vec<Part> = judgement
            .parts
            .iter()
            .filter(|p| !p.from.starts_with("floating") && p.support.end().is_some())
            .cloned()
            .collect();
        let decided = combine(&dated);
        let dated = dated.iter().find(|p| p.support == decided);
        let message = match (pending, &image.support_rule) {
            (Some((part, table)), Some(own)) if !same_rule(own, table) => Some(format!(
                "says support_rule = {own}; the lifecycle table says {table} for {}",
                part.what
            )),
            (Some((part, table)), None) => Some(format!(
                "has no support_rule; the lifecycle table has no date for {} yet: {table}",
                part.what
            )),
            (None, Some(own)) => Some(match dated {
                Some(p) => format!(
                    "says support_rule = {own}; the lifecycle table gives {} ({})",
                    end_of(p),
                    p.what
                ),
                None => format!("says support_rule = {own}; the lifecycle table has no such rule"),
            }),
            // With a rule, the date is an upper bound: the earliest dated end besides the rule.
            _ => date_disagreement(image.supported_until, dated),
        };
        if let Some(message) = message {
            problems.push(warning(image, &message));
        }
    }
    problems
}

fn same_rule(a: &SupportRule, b: &SupportRule) -> bool {
    a.after.eq_ignore_ascii_case(&b.after) && a.months == b.months
}

fn end_of(part: &Part) -> String {
    part.support
        .end()
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn date_disagreement(own: Option<Date>, dated: Option<&Part>) -> Option<String> {
    let (own, part) = (own?, dated?);
    let table = part.support.end()?;
    (table != own).then(|| {
        format!(
            "says supported_until = {own}; the lifecycle table gives {table} ({})",
            part.what
        )
    })
}

fn warning(image: &Image, message: &str) -> Problem {
    let mut problem = Problem::warning(
        Rule::CatalogLifecycle,
        IMAGES_FILE,
        format!("image `{}` ({}) {message}", image.id, image.reference),
    );
    problem.location.clone_from(&image.defined_at);
    problem
}

#[cfg(test)]
mod tests {
    use super::catalog_check;
    use crate::Knowledge;

    /// The built-in data, loaded from `data/` as the build loads it.
    fn built_in() -> Knowledge {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        Knowledge::load_dir(&data).unwrap()
    }

    #[test]
    fn disagreements_are_located_and_agreements_pass() {
        let mut k = built_in();
        image(&mut k, "python-3.11").supported_until = crate::Date::parse("2027-10-31");
        let before = catalog_check(&k.catalog, k.lifecycles.get().unwrap());
        assert!(
            !before.0.iter().any(|p| p.message.contains("`python-3.11`")),
            "{before}"
        );
        image(&mut k, "python-3.11").supported_until = crate::Date::parse("2030-01-01");
        let after = catalog_check(&k.catalog, k.lifecycles.get().unwrap());
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

    fn image<'k>(k: &'k mut Knowledge, id: &str) -> &'k mut crate::Image {
        k.catalog.images.iter_mut().find(|i| i.id == id).unwrap()
    }

    fn warnings_for(k: &Knowledge, id: &str) -> Vec<String> {
        let needle = format!("`{id}`");
        catalog_check(&k.catalog, k.lifecycles.get().unwrap())
            .0
            .into_iter()
            .filter(|p| p.message.contains(&needle))
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn rules_are_compared_with_the_table_and_dates_with_what_decides() {
        let mut k = built_in();
        // The shipped catalog agrees with the table: a rule where the table has one, the runtime's
        // end as the upper bound, the OS's end under a moving `rust:1`, .NET 8's end while Debian 12
        // is in its free LTS phase.
        assert!(
            catalog_check(&k.catalog, k.lifecycles.get().unwrap())
                .0
                .is_empty()
        );
        image(&mut k, "distroless-nodejs24")
            .support_rule
            .as_mut()
            .unwrap()
            .months = 6;
        let w = warnings_for(&k, "distroless-nodejs24");
        assert!(
            w[0].contains("says support_rule = 6 months after debian 14 is released; the lifecycle table says 3 months after debian 14 is released"),
            "{w:?}"
        );
        image(&mut k, "distroless-python3").support_rule = None;
        let w = warnings_for(&k, "distroless-python3");
        assert!(w[0].contains("has no support_rule"), "{w:?}");
        image(&mut k, "debian-13").support_rule =
            image(&mut k, "distroless-cc").support_rule.clone();
        let w = warnings_for(&k, "debian-13");
        assert!(
            w[0].contains("the lifecycle table gives 2028-08-09 (Debian 13 (trixie))"),
            "{w:?}"
        );
        // The floating Rust line dates nothing; the distribution does.
        image(&mut k, "rust-1-slim").supported_until = crate::Date::parse("2026-12-24");
        let w = warnings_for(&k, "rust-1-slim");
        assert!(
            w[0].contains("the lifecycle table gives 2028-08-09 (Debian 13 (trixie))"),
            "{w:?}"
        );
    }
}
