//! The event reader against `toml` itself.

use serde::Deserialize;
use toml::Spanned;

use super::*;
use crate::raw::catalog::ImageEntry;
use crate::raw::tree::{LeafEntry, QuestionEntry};
use serde::de::DeserializeOwned;
use std::fmt;

#[derive(Deserialize)]
struct Chunk<T> {
    #[serde(alias = "image", alias = "question", alias = "leaf")]
    entries: Vec<T>,
}

/// Every chunk of a built-in file, read from events and by `toml`: the same value, spans and
/// all (spans of `toml`'s parse of the chunk alone, so the offset is 0).
fn agrees<T: DeserializeOwned + fmt::Debug>(text: &str, name: &str) -> usize {
    let header = format!("[[{name}]]\n");
    let mut count = 0;
    for (i, piece) in text.split(&header).enumerate().skip(1) {
        let chunk = format!("{header}{piece}");
        let from_events: T = entry(&chunk, name, 0, &mut Scratch::default())
            .unwrap_or_else(|| panic!("{name} {i} was not read from events:\n{chunk}"));
        let by_toml: Chunk<T> = toml::from_str(&chunk).unwrap();
        assert_eq!(by_toml.entries.len(), 1);
        assert_eq!(
            format!("{from_events:?}"),
            format!("{:?}", by_toml.entries[0])
        );
        count += 1;
    }
    count
}

#[test]
fn built_in_entries_read_from_events_are_what_toml_reads() {
    let images = include_str!("../../../../../data/images.toml");
    assert!(agrees::<ImageEntry>(images, "image") > 50);
    let tree = include_str!("../../../../../data/decision_tree.toml");
    // The last leaf's chunk would hold nothing else; questions hold their choices.
    let questions: String = tree.split("[[leaf]]").next().unwrap().to_owned();
    assert!(agrees::<QuestionEntry>(&questions, "question") > 5);
    let leaves = &tree[tree.find("[[leaf]]").unwrap()..];
    assert!(agrees::<LeafEntry>(leaves, "leaf") > 20);
}

// Compared through `Debug`, which is why most fields are never read by name.
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Probe {
    name: Spanned<String>,
    #[serde(default)]
    list: Vec<Spanned<i64>>,
    #[serde(default)]
    table: Option<Spanned<std::collections::BTreeMap<String, f64>>>,
    #[serde(default)]
    on: Option<bool>,
    #[serde(default)]
    day: Option<toml::value::Datetime>,
    #[serde(default)]
    sub: Vec<Spanned<Probe>>,
}

fn both(chunk: &str) -> (Option<Probe>, Option<Probe>) {
    let by_toml = toml::from_str::<std::collections::BTreeMap<String, Vec<Probe>>>(chunk)
        .ok()
        .and_then(|mut m| m.remove("p"))
        .and_then(|mut v| (v.len() == 1).then(|| v.remove(0)));
    (entry(chunk, "p", 0, &mut Scratch::default()), by_toml)
}

#[test]
fn values_of_every_kind_read_as_toml_reads_them() {
    let chunk = concat!(
        "[[p]] # the entry\n",
        "name = \"tab\\there \\u00e9\"\n",
        "list = [ 1, 0x10, 1_000, ] # trailing comma\n",
        "table = { 'quoted key' = 1.5, b = -2e3 }\n",
        "on = true\n",
        "day = 2026-11-28\n",
        "[[p.sub]]\nname = 'literal'\n",
        "[[p.sub]]\nname = \"\"\"\nmulti\nline\"\"\"\n",
    );
    let (events, by_toml) = both(chunk);
    let events = events.expect("read from events");
    assert_eq!(format!("{events:?}"), format!("{:?}", by_toml.unwrap()));
    assert_eq!(events.name.get_ref(), "tab\there é");
    assert_eq!(events.sub.len(), 2);
    // A sub-table is spanned by its header, as in toml.
    assert_eq!(&chunk[events.sub[0].span()], "[[p.sub]]");
}

/// (chunk, whether toml reads it, whether it is read from events)
const SHAPES: [(&str, bool, bool); 15] = [
    ("[[p]]\nname = \"a\"\nname = \"b\"\n", false, false),
    (
        "[[p]]\nname = \"a\"\ntable = { a = 1.0, a = 2.0 }\n",
        false,
        false,
    ),
    ("[[p]]\nname = \"a\"\ntable.a = 1.0\n", true, false),
    ("[[p]]\nname = \"a\"\ntable = { x.y = 1.0 }\n", false, false),
    ("[[p]]\nname = \"a\"\non = nan\n", false, false),
    ("[[p]]\nname = \"a\"\nlist = [1, 2\n", false, false),
    ("[[p]]\nname = \"a\" # \u{7}\n", false, false),
    ("[[p]]\nname = \"a\"\n[[p]]\nname = \"b\"\n", false, false),
    ("[[p]]\nname = \"a\"\n[other]\n", false, false),
    ("[[q]]\nname = \"a\"\n", false, false),
    ("[[p]]\nname = \"a\"\nlist = [1, \"two\"]\n", false, false),
    ("[[p]]\nname = \"a\"\n[p.table]\na = 1.0\n", true, true),
    (
        "[[p]]\nname = \"a\"\n[p.table]\na = 1.0\na = 2.0\n",
        false,
        false,
    ),
    // A key may come again in another table, not in the same one.
    (
        "[[p]]\nname = \"a\"\n[p.table]\nname = 1.0\n[[p.sub]]\nname = \"b\"\n",
        true,
        true,
    ),
    // toml joins a run of tables broken by another table; that is left to it.
    (
        "[[p]]\nname = \"a\"\n[[p.sub]]\nname = \"b\"\n[p.table]\na = 1.0\n[[p.sub]]\nname = \"c\"\n",
        true,
        false,
    ),
];

#[test]
fn anything_toml_rejects_or_that_is_not_an_entry_shape_is_left_to_toml() {
    for (chunk, toml_reads, read_here) in SHAPES {
        let (events, by_toml) = both(chunk);
        assert_eq!(events.is_some(), read_here, "{chunk}");
        assert_eq!(by_toml.is_some(), toml_reads, "{chunk}");
        if let (Some(e), Some(t)) = (events, by_toml) {
            assert_eq!(format!("{e:?}"), format!("{t:?}"));
        }
    }
}
