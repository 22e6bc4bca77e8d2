//! The renders the build works out ahead of time for the built-in data: found for every plan the
//! build foresaw, equal to rendering now, and never used for a plan it did not see.

use basepick::advisor::leaf_outcome;
use basepick::generate::{self, PlanInput, ahead};
use basepick::knowledge::{Date, Knowledge};

use crate::common::{basepick, knowledge, text};

fn plan_on(k: &Knowledge, leaf: &str, day: Date, overrides: &[(String, String)]) -> generate::Plan {
    let outcome = leaf_outcome(k, leaf).unwrap();
    generate::plan(PlanInput {
        knowledge: k,
        outcome: &outcome,
        facts: None,
        overrides,
        today: day,
    })
    .unwrap()
}

/// Also the guard against the build script's minijinja and serde_json differing from the program's:
/// the build renders with its own build of them, this test with the program's (features only add
/// up, so the test build has every feature the release build has).
#[test]
fn every_leaf_on_every_foreseen_day_is_found_and_is_what_rendering_gives() {
    let k = knowledge();
    let days = ahead::foreseeable_days(&k).unwrap();
    assert!(days.len() > 2, "{days:?}");
    assert_eq!(days[0], k.catalog.review_date);
    let mut found = 0;
    for leaf in &k.tree.leaves {
        let template = &leaf.template;
        let mut last = None;
        for &day in &days {
            let plan = plan_on(&k, &leaf.id, day, &[]);
            let Some(kept) = ahead::find(&k, template, &plan) else {
                panic!("{} on {day}: nothing rendered ahead of time", leaf.id);
            };
            // Render again only when the plan changed: the same plan renders the same files.
            if last.as_ref() != Some(&plan) {
                let now = generate::render_now(&k, template, &plan).unwrap();
                assert_eq!(kept, now, "{} on {day}", leaf.id);
                found += 1;
            }
            last = Some(plan);
        }
    }
    // A leaf's plans change with the day and never come back, so the changes seen are the distinct
    // plans, and each keeps a Dockerfile and a .dockerignore.
    assert_eq!(found, found_distinct(&k, &days));
    assert_eq!(k.templates.rendered().unwrap().len(), 2 * found);
}

#[test]
fn the_days_between_the_foreseen_ones_make_plans_the_build_kept() {
    let k = knowledge();
    let mut day = k.catalog.review_date;
    // A month at a time for ten years: whatever day a run judges support on, its plan is one the
    // build rendered (the foreseen days are where plans can change).
    for _ in 0..120 {
        for leaf in &k.tree.leaves {
            let plan = plan_on(&k, &leaf.id, day, &[]);
            assert!(
                ahead::find(&k, &leaf.template, &plan).is_some(),
                "{} on {day}",
                leaf.id
            );
        }
        for _ in 0..31 {
            day = day.next_day();
        }
    }
}

/// Distinct plans over all leaves and days, counted independently of what was kept.
fn found_distinct(k: &Knowledge, days: &[Date]) -> usize {
    let mut plans = Vec::new();
    for leaf in &k.tree.leaves {
        for &day in days {
            let plan = plan_on(k, &leaf.id, day, &[]);
            if !plans.contains(&plan) {
                plans.push(plan);
            }
        }
    }
    plans.len()
}

#[test]
fn a_plan_the_build_did_not_see_is_rendered_now() {
    let k = knowledge();
    let day = k.catalog.review_date;
    let port = [("port".to_owned(), "9123".to_owned())];
    let plan = plan_on(&k, "python-slim", day, &port);
    assert_eq!(ahead::find(&k, "python", &plan), None);
    let files = generate::render(&k, "python", &plan).unwrap();
    assert!(
        files.dockerfile.contains("EXPOSE 9123"),
        "{}",
        files.dockerfile
    );
    // A day before the catalog's review makes the same plan as the review day (nothing had ended
    // yet), so it is found: what counts is the plan, not the day.
    let early = plan_on(&k, "python-slim", Date::new(2020, 1, 1).unwrap(), &[]);
    assert_eq!(early, plan_on(&k, "python-slim", day, &[]));
    assert!(ahead::find(&k, "python", &early).is_some());
}

#[test]
fn data_from_a_directory_renders_everything_now() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let k = Knowledge::load_dir(&dir).unwrap();
    assert!(k.templates.rendered().unwrap().is_empty());
    let plan = plan_on(&k, "python-slim", k.catalog.review_date, &[]);
    assert_eq!(ahead::find(&k, "python", &plan), None);
    // The same sources: the two sets of templates are equal, renders or not.
    assert_eq!(k.templates, knowledge().templates);
}

#[test]
fn the_command_prints_what_rendering_now_gives_for_a_kept_plan_and_for_another() {
    let k = knowledge();
    let leaf = k.tree.leaves.iter().find(|l| l.id == "go-static").unwrap();
    let day = k.catalog.review_date;
    let port = [("port".to_owned(), "9123".to_owned())];
    for (set, kept) in [(&[][..], true), (&port[..], false)] {
        let plan = plan_on(&k, &leaf.id, day, set);
        assert_eq!(ahead::find(&k, &leaf.template, &plan).is_some(), kept);
        let mut cmd = basepick();
        cmd.args(["--today", &day.to_string(), "dockerfile", &leaf.id]);
        for (key, value) in set {
            cmd.args(["--set", &format!("{key}={value}")]);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let now = generate::render_now(&k, &leaf.template, &plan).unwrap();
        assert_eq!(text(&out.stdout), now.dockerfile, "{set:?}");
    }
}
