use super::*;
use crate::resolve::{DataFiles, lifecycles_only};
use crate::{LIFECYCLES_FILE, Rule};

fn table() -> Lifecycles {
    let text = include_str!("../../../../data/lifecycles.toml");
    let mut files = DataFiles::new();
    files.insert(LIFECYCLES_FILE.to_owned(), text.to_owned());
    lifecycles_only(&files).unwrap()
}

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

fn problems_of(text: &str) -> Vec<(Rule, usize, String)> {
    let mut files = DataFiles::new();
    files.insert(LIFECYCLES_FILE.to_owned(), text.to_owned());
    lifecycles_only(&files)
        .unwrap_err()
        .0
        .into_iter()
        .map(|p| (p.rule, p.location.map_or(0, |l| l.line), p.message))
        .collect()
}

#[test]
fn the_shipped_table_loads_with_every_product() {
    let t = table();
    for id in [
        "python", "node", "go", "java", "dotnet", "php", "ruby", "nginx", "rust", "debian",
        "ubuntu", "alpine", "rhel", "centos",
    ] {
        let p = t.product(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(!p.lines.is_empty(), "{id}");
        assert!(p.lines.iter().all(|l| !l.source.is_empty()), "{id}");
    }
    assert_eq!(t.products.iter().map(|p| p.lines.len()).sum::<usize>(), 181);
}

#[test]
fn versions_find_their_line() {
    let t = table();
    let python = t.product("python").unwrap();
    assert_eq!(python.line("3.11.9").unwrap().version, "3.11");
    assert_eq!(python.line("3.1").unwrap().version, "3.1");
    assert!(python.line("3.16").is_none());
    let node = t.product("node").unwrap();
    assert_eq!(node.line("18").unwrap().version, "18");
    assert_eq!(node.line("8.9").unwrap().version, "8");
    assert_eq!(
        t.product("dotnet")
            .unwrap()
            .line("10.0.100")
            .unwrap()
            .version,
        "10.0"
    );
    assert_eq!(
        t.product("java").unwrap().line("24.0.2").unwrap().version,
        "24"
    );
    assert_eq!(
        t.product("alpine").unwrap().line("3.12").unwrap().version,
        "3.12"
    );
}

#[test]
fn codenames_and_os_ids_name_releases() {
    let t = table();
    let (p, l) = t.by_codename("bookworm").unwrap();
    assert_eq!((p.id.as_str(), l.version.as_str()), ("debian", "12"));
    let (p, l) = t.by_codename("Jammy").unwrap();
    assert_eq!((p.id.as_str(), l.version.as_str()), ("ubuntu", "22.04"));
    assert!(t.by_codename("slim").is_none());
    assert_eq!(
        t.os("debian13").map(|(p, v)| (p.id.as_str(), v)),
        Some(("debian", "13"))
    );
    assert_eq!(
        t.os("ubi9").map(|(p, v)| (p.id.as_str(), v)),
        Some(("rhel", "9"))
    );
    assert_eq!(
        t.os("alpine3.24").map(|(p, v)| (p.id.as_str(), v)),
        Some(("alpine", "3.24"))
    );
    assert!(t.os("wolfi").is_none() && t.os("python3").is_none());
}

#[test]
fn support_on_a_day() {
    let t = table();
    let d = day("2026-11-28");
    let python = t.product("python").unwrap();
    let s = python.support(python.lookup("3.9", d), d);
    assert_eq!(
        s,
        Support::Ended {
            since: day("2025-10-31"),
            exact: true,
            extended_until: None,
            successor: Some("3.12".to_owned())
        }
    );
    assert_eq!(
        python.support(python.lookup("3.13.2", d), d),
        Support::Supported {
            until: Some(day("2029-10-31"))
        }
    );
    // .NET 8 ended on 2026-11-10; the next LTS is 10.
    let dotnet = t.product("dotnet").unwrap();
    match dotnet.support(dotnet.lookup("8.0", d), d) {
        Support::Ended { successor, .. } => assert_eq!(successor.as_deref(), Some("10.0")),
        other => panic!("{other:?}"),
    }
    // Node 22 ends within 90 days of 2027-02-01.
    let node = t.product("node").unwrap();
    let s = node.support(node.lookup("22", day("2027-02-01")), day("2027-02-01"));
    assert!(matches!(s, Support::EndsSoon { days: 88, .. }), "{s:?}");
    // Node 18 → 24 (22 has less than a year left).
    match node.support(node.lookup("18", d), d) {
        Support::Ended { successor, .. } => assert_eq!(successor.as_deref(), Some("24")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn debian_lts_counts_as_a_free_extended_phase() {
    let t = table();
    let d = day("2026-11-28");
    let debian = t.product("debian").unwrap();
    match debian.support(debian.lookup("12", d), d) {
        Support::Ended {
            since,
            extended_until,
            successor,
            ..
        } => {
            assert_eq!(since, day("2026-07-11"));
            assert_eq!(extended_until, Some(day("2028-06-30")));
            assert_eq!(successor.as_deref(), Some("13"));
        }
        other => panic!("{other:?}"),
    }
    // Ubuntu's ESM needs a subscription: not counted.
    let ubuntu = t.product("ubuntu").unwrap();
    match ubuntu.support(ubuntu.lookup("20.04", d), d) {
        Support::Ended { extended_until, .. } => assert_eq!(extended_until, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn versions_outside_the_table() {
    let t = table();
    let d = day("2026-11-28");
    let rust = t.product("rust").unwrap();
    // Older than every line, and the oldest has ended.
    let lookup = rust.lookup("1.64", d);
    assert!(
        matches!(lookup, Lookup::EndedBefore(l) if l.version == "1.90"),
        "{lookup:?}"
    );
    assert!(matches!(
        rust.support(lookup, d),
        Support::Ended { exact: false, .. }
    ));
    // A mainline nginx between listed stable lines.
    let nginx = t.product("nginx").unwrap();
    assert!(matches!(nginx.lookup("1.21.6", d), Lookup::EndedBefore(l) if l.version == "1.22"));
    // Newer than the table: unknown, never "supported".
    let python = t.product("python").unwrap();
    assert_eq!(
        python.support(python.lookup("3.16", d), d),
        Support::Unknown
    );
    // A major alone floats to its newest released line.
    assert!(matches!(python.lookup("3", d), Lookup::Floating(l) if l.version == "3.15"));
    assert!(matches!(rust.lookup("1", d), Lookup::Floating(l) if l.version == "1.100"));
    // `rust:1` after the table's newest Rust has ended: the tag has moved on to a release the table
    // does not list yet, which is unknown, not ended; a pinned 1.100 has ended.
    let later = day("2027-01-15");
    assert_eq!(
        rust.support(rust.lookup("1", later), later),
        Support::Unknown
    );
    assert!(rust.support(rust.lookup("1.100", later), later).is_ended());
}

#[test]
fn distroless_rules() {
    let t = table();
    assert_eq!(
        t.distroless_end("nodejs20", "12"),
        Some(PolicyEnd::On(day("2026-01-31")))
    );
    assert_eq!(
        t.distroless_end("static", "12"),
        Some(PolicyEnd::On(day("2026-09-30")))
    );
    match t.distroless_end("python3", "13") {
        Some(PolicyEnd::Pending(rule)) => {
            assert!(rule.basis.contains("3 months after Debian 14"), "{rule:?}");
            assert_eq!((rule.after.as_str(), rule.months), ("debian 14", 3));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(t.distroless_end("python3", "11"), None);
}

#[test]
fn bad_rows_are_located() {
    let text = r#"
[[product]]
id = "python"
name = "Python"
kind = "runtime"

[[product.line]]
version = "3.11"
released = 2027-01-01
security_until = 2026-01-01
source = "somewhere"

[[product.line]]
version = "3.11"
security_until = 2027-01-01
source = "somewhere"

[[product.line]]
version = "3.12"
security_until = 2028-01-01

[[product.line]]
version = "3.13"
estimate = true

[[product.line]]
version = "3.14"
source = "somewhere"

[distroless]
tracks = "debain"
source = "x"
"#;
    let problems = problems_of(text);
    let rules: Vec<(Rule, usize)> = problems.iter().map(|(r, l, _)| (*r, *l)).collect();
    assert!(rules.contains(&(Rule::DatesOutOfOrder, 8)), "{problems:?}");
    assert!(
        rules.contains(&(Rule::DuplicateVersion, 14)),
        "{problems:?}"
    );
    assert!(rules.contains(&(Rule::MissingSource, 19)), "{problems:?}");
    assert!(rules.contains(&(Rule::MissingSource, 23)), "{problems:?}");
    assert!(rules.contains(&(Rule::MissingDate, 27)), "{problems:?}");
    assert!(rules.contains(&(Rule::UnknownProduct, 31)), "{problems:?}");
    let unknown_kind = problems_of("[[product]]\nid = \"x\"\nname = \"X\"\nkind = \"planet\"\n");
    assert_eq!(unknown_kind.len(), 1, "{unknown_kind:?}");
}

#[test]
fn retired_repositories_are_found_unless_the_tag_is_still_updated() {
    let t = table();
    let openjdk = t.retirement_of("openjdk", &["11", "jre", "slim"]).unwrap();
    assert_eq!(openjdk.updates_until, day("2022-07-31"));
    assert!(openjdk.replacement.contains("eclipse-temurin"));
    assert!(openjdk.source.contains("docker-library/docs"));
    // Early-access tags are still built.
    assert!(
        t.retirement_of("openjdk", &["27", "ea", "jdk", "slim"])
            .is_none()
    );
    assert!(t.retirement_of("eclipse-temurin", &["21", "jre"]).is_none());
    // The organisation's own repositories are retired with it; a longer name is another repository.
    let org = t
        .retirement_of("adoptopenjdk/openjdk11", &["alpine", "jre"])
        .unwrap();
    assert_eq!(org.repository, "adoptopenjdk");
    assert!(t.retirement_of("openjdk-tools", &["1"]).is_none());
    let retired: Vec<&str> = t.retired.iter().map(|r| r.repository.as_str()).collect();
    assert_eq!(retired, ["openjdk", "adoptopenjdk", "java"]);
}

#[test]
fn a_retired_repository_needs_its_source_and_is_named_once() {
    let entry = "[[retired]]\nrepository = \"old\"\nupdates_until = 2020-01-01\nreplacement = \"new\"\nsource = \"a notice\"\n";
    let twice = format!("{entry}\n{entry}");
    let problems = problems_of(&twice);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, Rule::DuplicateId);
    assert_eq!(problems[0].1, 8, "the second entry's repository line");

    for (key, value) in [("source", "a notice"), ("replacement", "new")] {
        let blank = entry.replace(&format!("{key} = \"{value}\""), &format!("{key} = \" \""));
        let problems = problems_of(&blank);
        assert_eq!(problems.len(), 1, "{key}: {problems:?}");
        assert_eq!(problems[0].0, Rule::MissingSource, "{key}");
        assert!(problems[0].2.contains("`old`"), "{problems:?}");
    }

    // A word with `-`, `_` or capitals can never equal a word of a tag split at `-` and `_`.
    for except in ["jdk-ea", "Ea"] {
        let text = entry.replace(
            "replacement",
            &format!("except = [\"{except}\"]\nreplacement"),
        );
        let problems = problems_of(&text);
        assert_eq!(problems.len(), 1, "{except}: {problems:?}");
        assert_eq!(problems[0].0, Rule::BadPattern, "{except}");
    }
}
