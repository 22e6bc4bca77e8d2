//! Start-up and per-command costs: a CLI answer should cost little more than starting a process.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use basepick::advisor::{leaf_outcome, recommend};
use basepick::generate;
use basepick::knowledge;
use basepick::tui::{App, Theme, view};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn answers() -> Vec<(String, String)> {
    [
        ("runtime", "python"),
        ("c_extensions", "yes"),
        ("debug_shell", "no"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn benches(c: &mut Criterion) {
    c.bench_function("load and validate the embedded data", |b| {
        b.iter(|| black_box(knowledge::embedded().unwrap()));
    });
    let k = knowledge::embedded().unwrap();
    let answers = answers();
    c.bench_function("recommend (python, C extensions, no shell)", |b| {
        b.iter(|| black_box(recommend(&k, &answers).unwrap().alternatives.len()));
    });
    let outcomes: Vec<_> = k
        .tree
        .leaves
        .iter()
        .map(|leaf| leaf_outcome(&k, &leaf.id).unwrap())
        .collect();
    let plans: Vec<_> = outcomes
        .iter()
        .map(|outcome| {
            generate::plan(generate::PlanInput {
                knowledge: &k,
                outcome,
                facts: None,
                overrides: &[],
                today: knowledge::Date::today(),
            })
            .unwrap()
        })
        .collect();
    // On the built-in data a leaf's own plan finds the files the build rendered ahead of time.
    c.bench_function("plan every leaf and take its rendered Dockerfile", |b| {
        b.iter(|| {
            for outcome in &outcomes {
                black_box(
                    generate::generate(generate::PlanInput {
                        knowledge: &k,
                        outcome,
                        facts: None,
                        overrides: &[],
                        today: knowledge::Date::today(),
                    })
                    .unwrap(),
                );
            }
        });
    });
    // What a project, a --set value or a team's data costs: the templates compiled and run.
    c.bench_function("render every leaf's Dockerfile from its templates", |b| {
        b.iter(|| {
            for (outcome, plan) in outcomes.iter().zip(&plans) {
                black_box(generate::render_now(&k, &outcome.leaf.template, plan).unwrap());
            }
        });
    });
    let mut app = App::new(&k);
    for choice in [4, 1, 1] {
        app.update(basepick::tui::keys::Action::Number(choice));
    }
    app.update(basepick::tui::keys::Action::Select);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    c.bench_function("draw the result screen at 120x40", |b| {
        b.iter(|| {
            terminal
                .draw(|f| view::render(&app, Theme { color: true }, f))
                .unwrap();
        });
    });
}

criterion_group!(core, benches);
criterion_main!(core);
