use super::*;

const EMBEDDED: &str = include_str!("../../../../data/native_deps.toml");

fn embedded() -> NativeRules {
    let mut problems = Problems::default();
    let rules = NativeRules::parse(EMBEDDED, &mut problems);
    assert!(!problems.has_errors(), "{problems}");
    rules.unwrap()
}

#[test]
fn embedded_table_parses_and_is_complete() {
    let rules = embedded();
    assert!(rules.count(Ecosystem::Python) >= 25);
    for name in [
        "numpy",
        "pandas",
        "scipy",
        "cryptography",
        "psycopg2",
        "lxml",
        "pillow",
        "grpcio",
        "orjson",
        "python-ldap",
        "rapidfuzz",
        "pillow-heif",
    ] {
        assert!(rules.lookup(Ecosystem::Python, name).is_some(), "{name}");
    }
    for name in [
        "node-gyp",
        "bindings",
        "prebuild",
        "prebuild-install",
        "node-addon-api",
        "nan",
        "bcrypt",
        "sharp",
        "better-sqlite3",
        "canvas",
    ] {
        assert!(rules.lookup(Ecosystem::Node, name).is_some(), "{name}");
    }
    assert!(rules.is_go_source_marker("import \"C\""));
    assert!(
        rules
            .lookup_go_module("github.com/mattn/go-sqlite3")
            .is_some()
    );
    let streamlit = rules.transitive(Ecosystem::Python, "Streamlit").unwrap();
    for name in ["numpy", "pandas", "pyarrow"] {
        assert!(streamlit.brings.iter().any(|b| b == name), "{name}");
    }
    assert!(rules.prebuilt("@node-rs/argon2").is_some());
    assert!(rules.prebuilt("@napi-rs/canvas").is_some());
    assert_eq!(
        rules.prebuilt("@next/swc-linux-x64-musl").unwrap().libc,
        Some(PatternLibc::Musl)
    );
    assert_eq!(
        rules.prebuilt("@rollup/rollup-linux-x64-gnu").unwrap().libc,
        Some(PatternLibc::Glibc)
    );
    assert!(rules.prebuilt("express").is_none());
}

#[test]
fn embedded_table_has_no_duplicates_or_empty_reasons() {
    let raw: RulesFile = toml::from_str(EMBEDDED).unwrap();
    for (ecosystem, rules) in [
        (Ecosystem::Python, &raw.python),
        (Ecosystem::Node, &raw.node),
        (Ecosystem::Go, &raw.go),
        (Ecosystem::Rust, &raw.rust),
        (Ecosystem::Ruby, &raw.ruby),
    ] {
        let mut seen = std::collections::HashSet::new();
        for rule in rules {
            assert!(
                seen.insert(normalise(ecosystem, &rule.name)),
                "{} twice",
                rule.name
            );
            assert!(
                !rule.reason.trim().is_empty(),
                "{} has no reason",
                rule.name
            );
        }
    }
}

#[test]
fn python_names_compare_in_pep503_form() {
    let rules = embedded();
    for name in [
        "NumPy",
        "psycopg2_binary",
        "Psycopg2.Binary",
        "scikit_learn",
    ] {
        assert!(rules.lookup(Ecosystem::Python, name).is_some(), "{name}");
    }
    assert_eq!(pep503("Foo__Bar.-baz"), "foo-bar-baz");
}

#[test]
fn go_modules_match_subpackages() {
    let rules = embedded();
    assert!(
        rules
            .lookup_go_module("github.com/confluentinc/confluent-kafka-go/v2/kafka")
            .is_some()
    );
    assert!(rules.lookup_go_module("github.com/spf13/cobra").is_none());
}

#[test]
fn unknown_keys_are_rejected_with_a_location() {
    let mut problems = Problems::default();
    let parsed = NativeRules::parse(
        "[[python]]\nname = \"x\"\nreason = \"y\"\nwhy = \"z\"\n",
        &mut problems,
    );
    assert!(parsed.is_none());
    let text = problems.to_string();
    assert!(text.starts_with("error: native_deps.toml:4:"), "{text}");
    assert!(text.contains("unknown field"), "{text}");
}

#[test]
fn transitive_entries_must_bring_known_native_packages() {
    let text = "[[python]]\nname = \"numpy\"\nreason = \"r\"\n\n[[transitive]]\necosystem = \"python\"\nname = \"app-kit\"\nbrings = [\"numpy\", \"nothere\"]\nreason = \"r\"\n";
    let mut problems = Problems::default();
    assert!(NativeRules::parse(text, &mut problems).is_none());
    let p = problems.errors().next().unwrap();
    assert_eq!(p.rule, Rule::UnknownReference);
    assert_eq!(p.location.as_ref().unwrap().line, 8);
    assert!(p.message.contains("nothere"), "{}", p.message);
}

#[test]
fn transitive_entries_name_a_known_ecosystem_and_are_not_native_themselves() {
    let mut problems = Problems::default();
    let text = "[[transitive]]\necosystem = \"cobol\"\nname = \"x\"\nbrings = []\nreason = \"r\"\n";
    assert!(NativeRules::parse(text, &mut problems).is_none());
    assert_eq!(problems.0[0].location.as_ref().unwrap().line, 2);

    let mut problems = Problems::default();
    let text = "[[python]]\nname = \"numpy\"\nreason = \"r\"\n\n[[transitive]]\necosystem = \"python\"\nname = \"NumPy\"\nbrings = [\"numpy\"]\nreason = \"r\"\n";
    assert!(NativeRules::parse(text, &mut problems).is_none());
    assert_eq!(problems.0[0].rule, Rule::DuplicateId);
}

#[test]
fn prebuilt_patterns_are_checked_and_matched() {
    for (pattern, ok) in [
        ("@node-rs/*", true),
        ("*-linux-x64-gnu", true),
        ("*", false),
        ("a*b", false),
        ("*a*", false),
        ("plain", false),
    ] {
        let text = format!("[[node_prebuilt]]\npattern = \"{pattern}\"\nreason = \"r\"\n");
        let mut problems = Problems::default();
        let parsed = NativeRules::parse(&text, &mut problems);
        assert_eq!(parsed.is_some(), ok, "{pattern}: {problems}");
        if !ok {
            let p = &problems.0[0];
            assert_eq!(p.rule, Rule::BadPattern, "{pattern}");
            assert_eq!(p.location.as_ref().unwrap().line, 2, "{pattern}");
        }
    }
    let p = PrebuiltPattern {
        pattern: "@node-rs/*".into(),
        reason: String::new(),
        libc: None,
    };
    assert!(p.matches("@Node-RS/argon2"));
    assert!(!p.matches("@node-rs/"));
    assert!(!p.matches("node-rs/argon2"));
}
