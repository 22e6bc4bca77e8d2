//! Dockerfiles of each class the audit judges: old versions of every runtime, codenames, moving tags,
//! build-argument substitutions, and inputs that must not hang or panic.

use super::*;

#[test]
fn odd_inputs_never_panic() {
    for text in [
        "\\",
        "FROM \\",
        "FROM ${",
        "FROM $",
        "FROM ${X:-é}ü",
        "ARG X=${X}\nFROM python:${X:-3.13}",
        "FROM --platform= python:3.13",
        "FROM python:3.13 AS a\nFROM a AS a\nFROM A",
        "FROM scratch\nUSER",
        "FROM é",
        "FROM python:3.13\nRUN <<\"EOF\nEOF",
        "FROM python:3.13\nRUN <<-\n",
        "# escape=`\nFROM python:3.13 `",
        "FROM python:3.13\r\nUSER 10001\r\n",
        "FROM localhost:5000\nFROM :tag\nFROM @sha256:x",
        "FROM a:b:c",
        "FROM python@sha256:",
    ] {
        let result = audit(text, &cx());
        if let Ok(a) = result {
            let _ = render_text(&a);
            let _ = serde_json::to_string(&AuditJson::new(&a)).unwrap();
        }
    }
}

#[test]
fn a_byte_order_mark_and_crlf_are_accepted() {
    let a = run("\u{feff}FROM python:3.13-slim-trixie\r\nUSER 10001\r\n");
    assert_eq!(a.stages[0].user.as_ref().unwrap().raw, "10001");
    assert_eq!(a.exit_code(Severity::Warning), 0);
}
