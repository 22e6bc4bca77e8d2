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
        vec!["−6.6 MB", "90 more packages", "adds a shell (bash)"]
    );
    assert_eq!(
        describe(&Deltas::between(slim, distroless, true)),
        vec!["+6.6 MB", "90 fewer packages", "no shell", "out of support"]
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

#[test]
fn estimates_read_as_approximate_and_the_same_image_as_such() {
    let mut k = minimal();
    let slim = k.catalog.find("py-slim").unwrap();
    k.catalog.images[slim.index()].compressed.kind = crate::knowledge::FigureKind::Estimate;
    let d = Deltas::between(
        k.image_by_id("py-distroless").unwrap(),
        k.image_by_id("py-slim").unwrap(),
        false,
    );
    assert_eq!(describe(&d)[0], "≈ −7 MB");
    assert!(has_estimate(&d));
    let same = Deltas::between(k.image(slim), k.image(slim), false);
    assert_eq!(describe(&same), vec!["the same image under another tag"]);
    assert!(!has_estimate(&same));
}

#[test]
fn support_reads_as_a_date_a_rule_or_both() {
    let mut k = minimal();
    let idx = k.catalog.find("py-distroless").unwrap();
    let image = &mut k.catalog.images[idx.index()];
    image.support_rule = Some(crate::knowledge::SupportRule {
        after: "debian 14".into(),
        months: 3,
        basis: "policy".into(),
    });
    assert_eq!(
        support_end(image),
        "2028-08-09 at the latest (3 months after debian 14 is released)"
    );
    image.supported_until = None;
    assert_eq!(
        support_end(image),
        "3 months after debian 14 is released (date not set yet)"
    );
}

#[test]
fn one_of_something_reads_in_the_singular() {
    let d = Deltas {
        size_mb: crate::advisor::Amount {
            value: 0.0,
            exact: true,
        },
        packages: crate::advisor::Amount {
            value: 1.0,
            exact: true,
        },
        vulns: Some(-1.0),
        shell: None,
        libc: None,
        unsupported: false,
        same_image: false,
    };
    assert_eq!(
        describe(&d),
        vec!["same size", "1 more package", "1 fewer known vulnerability"]
    );
}
