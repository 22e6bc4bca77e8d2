//! The quiz and the course data: a stable JSON quiz for a seed, scenario answers that agree with
//! `recommend` over many seeds, and data without (or with a broken) learn.toml that still teaches.

use std::collections::BTreeSet;
use std::path::Path;

use basepick::advisor::recommend;
use basepick::knowledge::{Knowledge, Rule, Topic};
use basepick::learn::{Body, Course, Quiz, QuizOptions};
use basepick::output::quiz::QuizJson;
use serde_json::Value;

use crate::common::{basepick, fixture, json, knowledge};

fn stdout(args: &[&str]) -> String {
    let out = basepick().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn quiz_json_for_seed_1_is_stable() {
    let first = stdout(&["quiz", "--format", "json", "--seed", "1"]);
    assert_eq!(first, stdout(&["quiz", "--format", "json", "--seed", "1"]));
    insta::assert_snapshot!("quiz-json-seed-1", first);
    let markdown = stdout(&[
        "quiz", "--format", "markdown", "--seed", "1", "--count", "4",
    ]);
    insta::assert_snapshot!("quiz-markdown-seed-1-count-4", markdown);
}

#[test]
fn every_scenario_answer_is_what_recommend_gives_over_many_seeds() {
    let k = knowledge();
    let mut scenarios = 0;
    let mut leaves = BTreeSet::new();
    for seed in 0..150 {
        let quiz = Quiz::build(&k, QuizOptions { seed, count: 12 }).unwrap();
        assert_eq!(quiz.items.len(), 12, "seed {seed}");
        let view = serde_json::to_value(QuizJson::new(&k, &quiz)).unwrap();
        for q in view["questions"].as_array().unwrap() {
            let choices: Vec<&str> = q["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["text"].as_str().unwrap())
                .collect();
            let correct = usize::try_from(q["correct"].as_u64().unwrap()).unwrap();
            assert!(correct < choices.len(), "seed {seed}: {q}");
            assert_eq!(
                choices.iter().collect::<BTreeSet<_>>().len(),
                choices.len(),
                "seed {seed}: choices repeat: {q}"
            );
            if q["kind"] != "scenario" {
                continue;
            }
            scenarios += 1;
            let answers: Vec<(String, String)> = q["answers"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(key, v)| (key.clone(), v.as_str().unwrap().to_owned()))
                .collect();
            let outcome = recommend(&k, &answers).unwrap();
            assert_eq!(
                choices[correct],
                outcome.image.reference.to_string(),
                "seed {seed}: {answers:?}"
            );
            assert_eq!(q["leaf"], outcome.leaf.id.as_str());
            leaves.insert(outcome.leaf.id.clone());
            assert!(
                choices.len() >= 2,
                "seed {seed}: a scenario offers a wrong answer"
            );
        }
    }
    assert_eq!(scenarios, 150 * 6, "half of each quiz is scenarios");
    assert!(
        leaves.len() >= 30,
        "scenarios reach {} leaves",
        leaves.len()
    );
}

#[test]
fn seeds_change_the_quiz_and_counts_are_honoured() {
    let (_, a) = json(&["quiz", "--format", "json", "--seed", "1", "--count", "5"]);
    let (_, b) = json(&["quiz", "--format", "json", "--seed", "2", "--count", "5"]);
    assert_ne!(a["questions"], b["questions"]);
    assert_eq!(a["questions"].as_array().unwrap().len(), 5);
    let (code, many) = json(&["quiz", "--format", "json", "--seed", "1", "--count", "40"]);
    assert_eq!(code, Some(0));
    let kinds: Vec<&str> = many["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "concept").count(),
        14,
        "every concept question once"
    );
    assert_eq!(kinds.len(), 40, "scenarios fill the rest");
    let out = basepick().args(["quiz", "--count", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A copy of a fixture data directory, with `learn.toml` replaced (or removed when `None`).
fn data_with_learn(base: &str, learn: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(base), dir.path());
    let path = dir.path().join("learn.toml");
    match learn {
        Some(text) => std::fs::write(path, text).unwrap(),
        None => {
            let _ = std::fs::remove_file(path);
        }
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn without_learn_toml_every_lesson_teaches_and_the_quiz_has_scenarios_only() {
    for learn in [None, Some(""), Some("# nothing yet\n")] {
        let dir = data_with_learn("valid/minimal", learn);
        let k = Knowledge::load_dir(dir.path()).unwrap();
        assert!(k.learn.get().unwrap().problems.0.is_empty());
        let course = Course::build(&k);
        assert_eq!(course.lessons.len(), Topic::ALL.len(), "{learn:?}");
        let hardening = course
            .lessons
            .iter()
            .find(|l| l.topic == Topic::Hardening)
            .unwrap();
        assert!(
            hardening
                .slides
                .iter()
                .any(|s| matches!(s.body, Body::Step { .. })),
            "the example comes from the fixture's own Dockerfile"
        );
        assert!(hardening.try_it.leaf.is_some());
        let dir_arg = dir.path().to_str().unwrap();
        let (code, quiz) = json(&["quiz", "--format", "json", "--seed", "4", "--data", dir_arg]);
        assert_eq!(code, Some(0));
        let notices = quiz["notices"].to_string();
        assert!(notices.contains("no concept questions"), "{notices}");
        for q in quiz["questions"].as_array().unwrap() {
            assert_eq!(q["kind"], "scenario");
        }
    }
}

#[test]
fn a_broken_learn_toml_leaves_the_rest_working_with_a_message() {
    let dir = data_with_learn("valid/minimal", Some("[[question]\nid = "));
    let data = dir.path().to_str().unwrap();
    let out = basepick()
        .args(["check-data", "--data", data])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error: learn.toml:1:"));
    let (code, _) = json(&[
        "recommend",
        "-a",
        "runtime=python",
        "-a",
        "debug_shell=no",
        "--format",
        "json",
        "--data",
        data,
    ]);
    assert_eq!(code, Some(0), "the advisor does not need learn.toml");
    let (code, quiz) = json(&["quiz", "--format", "json", "--seed", "1", "--data", data]);
    assert_eq!(code, Some(0));
    assert!(
        quiz["notices"]
            .to_string()
            .contains("learn.toml has 1 problem"),
        "{quiz}"
    );
    let k = Knowledge::load_dir(dir.path()).unwrap();
    assert_eq!(k.learn.get().unwrap().problems.0[0].rule, Rule::Syntax);
    assert_eq!(Course::build(&k).lessons.len(), Topic::ALL.len());
}

#[test]
fn a_bad_question_is_left_out_and_the_good_ones_stay() {
    let text = "[[question]]\nid = \"a\"\nlesson = \"families\"\nprompt = \"p\"\nchoices = [\"x\", \"y\"]\n\
                answer = \"z\"\nexplanation = \"e\"\n\n[[question]]\nid = \"b\"\nlesson = \"families\"\n\
                prompt = \"p\"\nchoices = [\"x\", \"y\"]\nanswer = \"y\"\nexplanation = \"e\"\n";
    let dir = data_with_learn("valid/minimal", Some(text));
    let k = Knowledge::load_dir(dir.path()).unwrap();
    let ids: Vec<&str> = k
        .learn
        .get()
        .unwrap()
        .questions
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(ids, ["b"]);
    assert_eq!(k.learn.get().unwrap().problems.0.len(), 1);
    assert_eq!(k.learn.get().unwrap().questions[0].correct(), "y");
}

#[test]
fn a_catalog_too_small_for_scenarios_says_so() {
    let data = fixture("valid/one-leaf");
    let (code, quiz) = json(&[
        "quiz",
        "--format",
        "json",
        "--seed",
        "1",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "concept questions still work");
    assert!(
        quiz["notices"]
            .to_string()
            .contains("too small for scenario questions"),
        "{quiz}"
    );
    assert_eq!(quiz["questions"].as_array().unwrap().len(), 1);
    let bare = data_with_learn("valid/one-leaf", None);
    let out = basepick()
        .args(["quiz", "--seed", "1", "--data"])
        .arg(bare.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nothing to ask") && err.contains("too small"),
        "{err}"
    );
    let (code, value): (Option<i32>, Value) = json(&[
        "quiz",
        "--format",
        "json",
        "--data",
        bare.path().to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(value["error"]["kind"], "nothing_to_ask");
}

#[test]
fn learn_without_a_terminal_points_to_the_handout() {
    let out = basepick().arg("learn").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("basepick quiz --format markdown"));
}
