use std::collections::HashMap;
use std::fmt::Write;

use super::*;

fn keywords(text: &str) -> Vec<(usize, String)> {
    instructions(text)
        .unwrap()
        .instructions
        .into_iter()
        .map(|i| (i.line, i.keyword))
        .collect()
}

#[test]
fn continuations_comments_and_directives() {
    let text = "# syntax=docker/dockerfile:1\n# escape=\\\n\nFROM python:3.13-slim \\\n  # a comment inside\n\n  AS base\nRUN apt-get update && \\\n    apt-get install -y curl\n# done\nUSER 10001\n";
    let ins = instructions(text).unwrap().instructions;
    assert_eq!(ins.len(), 3);
    assert_eq!(
        (ins[0].line, ins[0].args.as_str()),
        (4, "python:3.13-slim    AS base")
    );
    assert_eq!(ins[1].line, 8);
    assert_eq!(ins[2].line, 11);
}

#[test]
fn backtick_escape_directive() {
    let text = "# escape=`\nFROM mcr.microsoft.com/dotnet/aspnet:10.0 `\n  AS final\nRUN echo c:\\temp\\\n";
    let ins = instructions(text).unwrap().instructions;
    assert_eq!(
        ins[0].args.split_whitespace().collect::<Vec<_>>(),
        ["mcr.microsoft.com/dotnet/aspnet:10.0", "AS", "final"]
    );
    assert_eq!(ins[1].args, "echo c:\\temp\\");
}

#[test]
fn heredoc_bodies_are_not_instructions() {
    let text = "FROM alpine:3.22\nRUN <<EOF\nFROM evil:latest\nUSER root\nEOF\nCOPY <<-'CONF' /etc/app.conf\n\tUSER nobody\n\tCONF\nRUN cat <<A <<\"B\"\none\nA\ntwo\nB\nRUN echo \"<<notaheredoc\" && cat <<<word\nUSER app\n";
    assert_eq!(
        keywords(text),
        [
            (1, "FROM".into()),
            (2, "RUN".into()),
            (6, "COPY".into()),
            (9, "RUN".into()),
            (14, "RUN".into()),
            (15, "USER".into())
        ]
    );
}

#[test]
fn unclosed_heredoc_is_an_error_at_its_line() {
    let err = instructions("FROM alpine:3.22\n\nRUN <<EOF\necho hi\n").unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("<<EOF"), "{err}");
}

#[test]
fn malformed_instructions_give_their_line() {
    for (text, line, needle) in [
        ("FROM\n", 1, "FROM needs an image"),
        ("ARG X=1\n\nFROM\n", 3, "FROM needs an image"),
        ("FROM python:3.13 AS\n", 1, "stage name"),
        ("FROM python:3.13 base\n", 1, "expected"),
        ("FROM --pull=always python:3.13\n", 1, "--pull"),
        ("FROM Python:3.13\n", 1, "lowercase"),
        ("# just a comment\n", 1, "no FROM"),
        ("", 1, "no FROM"),
        ("FROM python:3.13\nENV A=\"x\n", 2, "quote"),
    ] {
        let err = stages(text).unwrap_err();
        assert_eq!(err.line, line, "{text:?}: {err}");
        assert!(err.message.contains(needle), "{text:?}: {err}");
    }
}

#[test]
fn lenient_reading_leaves_notices_with_their_line() {
    let notices = |text: &str| -> Vec<(usize, &'static str)> {
        parse(text)
            .unwrap()
            .notices
            .iter()
            .map(|n| (n.line, n.kind.as_str()))
            .collect()
    };
    assert_eq!(
        notices("gFROM node:24 AS build\nRUN echo\nFROM python:3.13\n<<<<<<< HEAD\nUSER 1\n"),
        [
            (1, "unknown-instruction"),
            (2, "syntax"),
            (4, "unknown-instruction")
        ]
    );
    assert_eq!(notices("FROM python:3.13\nRUN echo \\\n"), [(2, "syntax")]);
    let p = parse("FROM python:3.13\nFROBNICATE x\nUSER 10001\n").unwrap();
    assert_eq!(p.stages[0].user.as_ref().unwrap().raw, "10001");
    assert_eq!(p.bodies[0].len(), 1);
}

#[test]
fn a_hundred_thousand_stages_stay_linear() {
    let mut text = String::from("FROM python:3.13 AS s0\n");
    for i in 1..100_000 {
        let _ = writeln!(text, "FROM s{} AS s{i}", i - 1);
    }
    let s = stages(&text).unwrap();
    assert_eq!(s.len(), 100_000);
    assert_eq!(s[99_999].base, Base::Stage { index: 99_998 });
}

#[test]
fn platform_arguments_are_valued_and_named() {
    let s =
        stages("FROM --platform=$BUILDPLATFORM golang:1.27\nFROM example/app-${TARGETARCH}:1\n")
            .unwrap();
    assert!(s[0].platform_args.is_empty());
    assert_eq!(s[1].image, "example/app-amd64:1");
    assert_eq!(s[1].platform_args, ["TARGETARCH"]);
}

#[test]
fn stages_with_names_platforms_and_users() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.27 AS build\nUSER root\nFROM build AS test\nFROM gcr.io/distroless/static-debian13:nonroot\nUSER 65532:65532\n";
    let s = stages(text).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s[0].name.as_deref(), Some("build"));
    assert_eq!(s[0].platform.as_deref(), Some("$BUILDPLATFORM"));
    assert!(s[0].user.as_ref().unwrap().is_root());
    assert_eq!(s[1].base, Base::Stage { index: 0 });
    assert!(matches!(&s[2].base, Base::Image(r) if r.registry.as_deref() == Some("gcr.io")));
    assert!(!s[2].user.as_ref().unwrap().is_root());
}

#[test]
fn args_fill_from_lines() {
    let text = "ARG VERSION=3.13\nARG VARIANT=\"slim\"\nARG REGISTRY\nFROM python:${VERSION}-${VARIANT} AS a\nFROM python:$VERSION\nFROM ${REGISTRY:-docker.io}/library/node:${NODE:-24}-slim\nFROM python:${MISSING}\nARG VERSION\nUSER ${APP_USER:-0}\n";
    let s = stages(text).unwrap();
    assert_eq!(s[0].image, "python:3.13-slim");
    assert_eq!(s[1].image, "python:3.13");
    assert_eq!(s[2].image, "docker.io/library/node:24-slim");
    assert_eq!(s[3].base, Base::Unresolved);
    assert_eq!(s[3].unresolved, ["MISSING"]);
    assert!(s[3].user.as_ref().unwrap().is_root());
}

#[test]
fn stage_args_and_env_resolve_user() {
    let text = "ARG UID=10001\nFROM alpine:3.22\nARG UID\nENV HOME /home/app\nUSER ${UID}\nFROM alpine:3.22\nUSER $NOPE\n";
    let s = stages(text).unwrap();
    assert_eq!(
        s[0].user.as_ref().unwrap().resolved.as_deref(),
        Some("10001")
    );
    assert_eq!(s[1].user.as_ref().unwrap().resolved, None);
}

#[test]
fn substitution_forms() {
    let vars: HashMap<String, Option<String>> = HashMap::from([
        ("A".to_owned(), Some("1".to_owned())),
        ("E".to_owned(), Some(String::new())),
        ("U".to_owned(), None),
    ]);
    let sub = |t: &str| substitute(t, &vars).0;
    assert_eq!(sub("$A-${A}"), "1-1");
    assert_eq!(sub("${E:-d}|${E-d}|${U-d}|${X:-d}"), "d||d|d");
    assert_eq!(sub("${A:+y}|${E:+y}|${E+y}|${U+y}"), "y||y|");
    assert_eq!(sub("\\$A $ $1x"), "$A $ ");
    assert_eq!(substitute("${U}${X}", &vars).1, ["U", "X"]);
}
