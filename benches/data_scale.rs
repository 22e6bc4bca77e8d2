//! Loading and validating a team's data (`--data DIR`) as it grows: generated data sets of 1k, 10k
//! and 100k images with 200, 2k and 20k questions, written once into a temporary directory.
//!
//! The shape is a plausible large catalog: questions in levels, each with three choices leading to
//! the next level's questions or, at the bottom, to leaves; every leaf names an image, and every image
//! carries the figures a real entry has. Templates are minimal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use basepick::knowledge::{self, DataSource};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

/// Choices per question.
const FAN_OUT: usize = 3;

fn images_toml(images: usize) -> String {
    let mut s = String::from("review_date = 2026-11-27\n");
    for i in 0..images {
        let (libc, os, shell, pm) = if i % 2 == 0 {
            ("glibc", "debian13", "bash", "apt")
        } else {
            ("musl", "alpine3.22", "sh", "apk")
        };
        write!(
            s,
            r#"
[[image]]
id = "image-{i}"
reference = "registry.example/team/runtime-{i}:1.{v}-{os}"
name = "Runtime {i}"
family = "slim"
runtimes = ["python"]
runtime_version = "1.{v}"
os = "{os}"
shell = "{shell}"
package_manager = "{pm}"
libc = "{libc}"
user = "app"
uid = 10001
supported_until = 2029-10-31
source = "generated for the benchmark"
compressed = {{ mb = {mb}.5, kind = "measured", measured = 2026-11-01, source = "generated" }}
packages = {{ count = {count}, kind = "measured", measured = 2026-11-01, source = "generated" }}
vulns = {{ min = 0, max = {max}, kind = "illustrative", source = "generated" }}
"#,
            v = i % 40,
            mb = 20 + i % 200,
            count = 10 + i % 300,
            max = i % 30,
        )
        .unwrap();
    }
    s
}

/// Question `i`'s choices lead to questions `FAN_OUT * i + 1 ..`, or to leaves once those run out;
/// there are as many leaves as questions, each reached at least once.
fn tree_toml(questions: usize, images: usize) -> String {
    let mut s = String::from(
        "start = \"q0\"\n\n[params.default]\napp_name = \"app\"\nport = \"8080\"\nstart = \"main.py\"\n",
    );
    let mut next_leaf = 0;
    for q in 0..questions {
        write!(
            s,
            "\n[[question]]\nid = \"q{q}\"\nprompt = \"Question {q}?\"\nhelp = \"What question {q} decides.\"\n"
        )
        .unwrap();
        for c in 0..FAN_OUT {
            let child = FAN_OUT * q + c + 1;
            let target = if child < questions {
                format!("next = \"q{child}\"")
            } else {
                next_leaf += 1;
                format!("leaf = \"leaf-{}\"", (next_leaf - 1) % questions)
            };
            write!(
                s,
                "\n[[question.choice]]\nid = \"c{c}\"\nlabel = \"Choice {c}\"\n{target}\n"
            )
            .unwrap();
        }
    }
    for l in 0..questions {
        let image = l * images / questions;
        write!(
            s,
            "\n[[leaf]]\nid = \"leaf-{l}\"\ntitle = \"Leaf {l}\"\nruntime = \"python\"\nimage = \"image-{image}\"\ntemplate = \"basic\"\nwhy = \"Generated.\"\n"
        )
        .unwrap();
    }
    s
}

fn write_data(dir: &Path, images: usize, questions: usize) {
    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(dir.join("images.toml"), images_toml(images)).unwrap();
    std::fs::write(dir.join("decision_tree.toml"), tree_toml(questions, images)).unwrap();
    std::fs::write(
        dir.join("templates/basic.Dockerfile.j2"),
        "FROM {{ image.from }}\nUSER {{ image.run_uid }}\n",
    )
    .unwrap();
    std::fs::write(dir.join("templates/default.dockerignore.j2"), ".git\n").unwrap();
}

fn benches(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("load and validate --data");
    group.sample_size(10);
    for (images, questions) in [(1_000, 200), (10_000, 2_000), (100_000, 20_000)] {
        let dir = root.path().join(format!("{images}"));
        write_data(&dir, images, questions);
        let source = DataSource::Dir(dir);
        // The generated set must be valid, or the bench would time the error path.
        let k = knowledge::load(&source).expect("the generated data is valid");
        assert_eq!(
            (k.catalog.images.len(), k.tree.questions.len()),
            (images, questions)
        );
        drop(k);
        group.bench_with_input(
            BenchmarkId::new("images/questions", format!("{images}/{questions}")),
            &source,
            |b, source| b.iter(|| black_box(knowledge::load(source).unwrap())),
        );
    }
    group.finish();
}

criterion_group!(data_scale, benches);
criterion_main!(data_scale);
