//! Renders worked out when basepick is built. `build.rs` plans every leaf of the built-in data as
//! `dockerfile LEAF` does (no project, no `--set` value) on each day its plan can change, renders
//! each distinct plan once, and embeds the results with the data ([`Rendered`]). A run whose plan is
//! one of them takes the text instead of compiling and running the templates. The key is the whole
//! context the templates are given, so what a run takes is exactly what rendering would produce.

use std::collections::BTreeSet;

use serde_json::Value;

use super::plan::{Plan, PlanError, PlanInput, plan};
use super::render::{Artifacts, RenderError, file_names, render_now};
use crate::advisor::leaf_outcome;
use crate::knowledge::{BytesError, Date, Knowledge, Rendered};

/// Why the renders could not be worked out ahead of time.
#[derive(Debug, thiserror::Error)]
pub enum AheadError {
    #[error("leaf {leaf} on {day}: {error}")]
    Plan {
        leaf: String,
        day: Date,
        error: PlanError,
    },
    #[error("leaf {leaf} on {day}: {error}")]
    Render {
        leaf: String,
        day: Date,
        error: RenderError,
    },
    #[error("cannot write a plan as JSON: {0}")]
    Context(#[from] serde_json::Error),
    #[error(transparent)]
    Bytes(#[from] BytesError),
}

/// The key a render is kept under: the context the templates are given, written as JSON.
fn context_key(plan: &Plan) -> Result<String, serde_json::Error> {
    serde_json::to_string(plan)
}

/// The files rendered ahead of time for this plan of a leaf using `template`, when there are any.
pub fn find(knowledge: &Knowledge, template: &str, plan: &Plan) -> Option<Artifacts> {
    // Damaged embedded bytes only cost the shortcut: the templates are rendered as usual.
    let rendered = knowledge
        .templates
        .rendered()
        .ok()
        .filter(|r| !r.is_empty())?;
    let [dockerfile, dockerignore] = file_names(knowledge, template, plan);
    let key = context_key(plan).ok()?;
    Some(Artifacts {
        dockerfile: rendered.get(&dockerfile, &key)?.to_owned(),
        dockerignore: rendered.get(&dockerignore, &key)?.to_owned(),
    })
}

/// The days on which a leaf's plan can change: the catalog's review day, and from then on every day
/// the catalog and the lifecycle table name and the day after it (support ends on a named day, and
/// whether that day itself counts differs from rule to rule).
pub fn foreseeable_days(knowledge: &Knowledge) -> Result<Vec<Date>, AheadError> {
    let from = knowledge.catalog.review_date;
    let mut days = BTreeSet::from([from]);
    let mut add = |text: &str| {
        if let Some(day) = Date::parse(text)
            && day >= from
        {
            days.insert(day);
            days.insert(day.next_day());
        }
    };
    each_text(&serde_json::to_value(&knowledge.catalog)?, &mut add);
    each_text(
        &serde_json::to_value(knowledge.lifecycles.get()?)?,
        &mut add,
    );
    Ok(days.into_iter().collect())
}

fn each_text(value: &Value, found: &mut impl FnMut(&str)) {
    match value {
        Value::String(text) => found(text),
        Value::Array(items) => items.iter().for_each(|v| each_text(v, found)),
        Value::Object(fields) => fields.values().for_each(|v| each_text(v, found)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Plans every leaf on each foreseeable day and renders each distinct plan once. The built-in data
/// must plan and render on all of them: an error fails the build.
pub fn render_ahead(knowledge: &Knowledge) -> Result<Rendered, AheadError> {
    let days = foreseeable_days(knowledge)?;
    let mut rendered = Rendered::default();
    for leaf in &knowledge.tree.leaves {
        let Some(outcome) = leaf_outcome(knowledge, &leaf.id) else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for &day in &days {
            let plan = plan(PlanInput {
                knowledge,
                outcome: &outcome,
                facts: None,
                overrides: &[],
                today: day,
            })
            .map_err(|error| AheadError::Plan {
                leaf: leaf.id.to_string(),
                day,
                error,
            })?;
            let key = context_key(&plan)?;
            if seen.contains(&key) {
                continue;
            }
            let template = &outcome.leaf.template;
            let files =
                render_now(knowledge, template, &plan).map_err(|error| AheadError::Render {
                    leaf: leaf.id.to_string(),
                    day,
                    error,
                })?;
            let [dockerfile, dockerignore] = file_names(knowledge, template, &plan);
            rendered.insert(&dockerfile, key.clone(), files.dockerfile);
            rendered.insert(&dockerignore, key.clone(), files.dockerignore);
            seen.insert(key);
        }
    }
    Ok(rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_are_the_review_day_then_each_later_day_the_data_names_and_the_day_after() {
        let k = crate::knowledge::embedded().unwrap();
        let review = k.catalog.review_date;
        let days = foreseeable_days(&k).unwrap();
        assert_eq!(days.first(), Some(&review));
        assert!(days.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        let named: Vec<Date> = k
            .lifecycles
            .get()
            .unwrap()
            .products
            .iter()
            .flat_map(|p| &p.lines)
            .flat_map(|l| {
                [
                    l.released,
                    l.active_until,
                    l.security_until,
                    l.extended_until,
                ]
            })
            .flatten()
            .collect();
        let (later, earlier): (Vec<Date>, Vec<Date>) = named.iter().partition(|d| **d >= review);
        assert!(!later.is_empty() && !earlier.is_empty());
        for day in later {
            assert!(
                days.contains(&day) && days.contains(&day.next_day()),
                "{day}"
            );
        }
        for day in earlier.into_iter().filter(|d| *d != review) {
            assert!(!days.contains(&day), "{day} is before the review day");
        }
    }
}
