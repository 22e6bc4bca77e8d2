use super::*;
use crate::knowledge::Knowledge;

fn minimal() -> Knowledge {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/minimal");
    Knowledge::load_dir(&dir).unwrap()
}

#[test]
fn deltas_read_as_short_phrases() {
    let k = minimal();
    let slim = k.image_by_id("py-slim").unwrap();
    let distroless = k.image_by_id("py-distroless").unwrap();
    assert_eq!(
        describe(&Deltas::between(distroless, slim, false)),
        vec![
            "−6.6 MB",
            "90 more packages",
            "~19 more CVEs",
            "adds a shell (bash)"
        ]
    );
    assert_eq!(
        describe(&Deltas::between(slim, distroless, true)),
        vec![
            "+6.6 MB",
            "90 fewer packages",
            "~19 fewer CVEs",
            "no shell",
            "out of support"
        ]
    );
}

#[test]
fn sizes_read_naturally() {
    assert_eq!(format_size(0.0), "0 MB");
    assert_eq!(format_size(2.1), "2.1 MB");
    assert_eq!(format_size(43.4), "43 MB");
    assert_eq!(format_size(1100.0), "1.1 GB");
}

#[test]
fn control_characters_are_shown_not_obeyed() {
    assert_eq!(escape("python:3.12"), "python:3.12");
    assert_eq!(escape("a\u{1b}[2Jb\rc\u{7}"), "a\\u{1b}[2Jb\\u{d}c\\u{7}");
    assert_eq!(escape("tab\there"), "tab\\u{9}here");
    assert_eq!(escape("ünïcode ✓"), "ünïcode ✓");
}
