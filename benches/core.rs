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
    c.bench_function("plan and render every leaf's Dockerfile", |b| {
        b.iter(|| {
            for leaf in &k.tree.leaves {
                let outcome = leaf_outcome(&k, &leaf.id).unwrap();
                black_box(
                    generate::generate(generate::PlanInput {
                        knowledge: &k,
                        outcome: &outcome,
                        facts: None,
                        overrides: &[],
                        today: knowledge::Date::today(),
                    })
                    .unwrap(),
                );
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
