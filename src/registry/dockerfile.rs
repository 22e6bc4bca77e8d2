//! Where the images of a Dockerfile are written: the image word of every `FROM` and the default of
//! every global `ARG`, as byte ranges of the original text, so pinning edits exactly those characters
//! and leaves every other byte (comments, continuations, spacing) as it was.
//!
//! Instructions come from the audit's lexer; this module only locates words inside them.

use std::collections::HashMap;
use std::ops::Range;

use crate::audit::{Instruction, ParseError, instructions};

/// A `FROM` instruction's image word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FromWord {
    pub line: usize,
    /// The word as written (`python:3.13-slim`, `${BASE}`).
    pub word: String,
    /// Where it is in the text; `None` when it could not be located (a word split by a continuation).
    pub span: Option<Range<usize>>,
    /// The stage name after `AS`, lower case.
    pub stage: Option<String>,
}

/// The default value of a global `ARG` (declared before the first `FROM`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArgDefault {
    pub line: usize,
    pub value: String,
    /// Where the value is in the text, quotes excluded.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sites {
    pub froms: Vec<FromWord>,
    /// The last default of each global build argument.
    pub args: HashMap<String, ArgDefault>,
}

/// Finds every `FROM` image word and global `ARG` default.
pub(crate) fn sites(text: &str) -> Result<Sites, ParseError> {
    let list = instructions(text)?.instructions;
    let starts = line_starts(text);
    let span_of = |i: usize| -> Range<usize> {
        let begin = starts.get(list[i].line - 1).copied().unwrap_or(text.len());
        let end = list
            .get(i + 1)
            .and_then(|next| starts.get(next.line - 1).copied())
            .unwrap_or(text.len());
        begin..end.max(begin)
    };
    let mut froms = Vec::new();
    let mut args = HashMap::new();
    for (i, ins) in list.iter().enumerate() {
        let span = span_of(i);
        match ins.keyword.as_str() {
            "FROM" => froms.push(from_word(text, span, ins)),
            "ARG" if froms.is_empty() => {
                for (name, default) in arg_defaults(text, span, ins.line) {
                    args.insert(name, default);
                }
            }
            _ => {}
        }
    }
    if froms.is_empty() {
        return Err(ParseError {
            line: 1,
            message: "no FROM instruction; a Dockerfile needs at least one".to_owned(),
        });
    }
    Ok(Sites { froms, args })
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Words of an instruction with their byte ranges: whitespace and line continuations separate them,
/// quotes hold spaces inside a word. The keyword is the first word.
fn words(text: &str, span: Range<usize>) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = span.start;
    let end = span.end;
    while i < end {
        let b = bytes[i];
        if b == b'\n' {
            break; // the instruction ends unless a continuation carried it on
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if (b == b'\\' || b == b'`') && continuation(bytes, i, end).is_some() {
            i = continuation(bytes, i, end).unwrap_or(end);
            continue;
        }
        let start = i;
        let mut quote = None;
        while i < end {
            let c = bytes[i];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c.is_ascii_whitespace() => break,
                None => {}
            }
            i += 1;
        }
        out.push(start..i);
    }
    out
}

/// After an escape character that ends its line: the index where the instruction carries on
/// (blank and comment lines skipped, as the lexer skips them); `None` when the character does not end
/// its line.
fn continuation(bytes: &[u8], at: usize, end: usize) -> Option<usize> {
    let line_end = |from: usize| {
        bytes[from..end]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(end, |p| from + p)
    };
    let first = line_end(at + 1);
    if !bytes[at + 1..first].iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let mut j = (first + 1).min(end);
    while j < end {
        let next = line_end(j);
        let line = String::from_utf8_lossy(&bytes[j..next]);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            j = (next + 1).min(end);
        } else {
            break;
        }
    }
    Some(j)
}

fn from_word(text: &str, span: Range<usize>, ins: &Instruction) -> FromWord {
    let mut list = words(text, span).into_iter().skip(1); // the keyword
    let mut found = None;
    let mut stage = None;
    for range in list.by_ref() {
        if !text[range.clone()].starts_with("--") {
            found = Some(range);
            break;
        }
    }
    let rest: Vec<&str> = list.map(|r| &text[r]).collect();
    if let [kw, name] = rest.as_slice()
        && kw.eq_ignore_ascii_case("as")
    {
        stage = Some(name.to_ascii_lowercase());
    }
    // The lexer's view of the instruction decides what the word is; the range is trusted only when
    // it holds exactly that word.
    let expected = ins
        .args
        .split_whitespace()
        .find(|w| !w.starts_with("--"))
        .unwrap_or_default()
        .to_owned();
    let span = found.filter(|r| text[r.clone()] == expected);
    FromWord {
        line: ins.line,
        word: expected,
        span,
        stage,
    }
}

fn arg_defaults(text: &str, span: Range<usize>, line: usize) -> Vec<(String, ArgDefault)> {
    let mut out = Vec::new();
    for range in words(text, span).into_iter().skip(1) {
        let word = &text[range.clone()];
        let Some((name, value)) = word.split_once('=') else {
            continue;
        };
        let value_start = range.start + name.len() + 1;
        let quoted = value.len() >= 2
            && (value.starts_with('"') && value.ends_with('"')
                || value.starts_with('\'') && value.ends_with('\''));
        let (value, value_span) = if quoted {
            (&value[1..value.len() - 1], value_start + 1..range.end - 1)
        } else {
            (value, value_start..range.end)
        };
        out.push((
            name.to_owned(),
            ArgDefault {
                line,
                value: value.to_owned(),
                span: value_span,
            },
        ));
    }
    out
}

/// A reference to one build argument and nothing else: `$NAME` or `${NAME}`.
pub(crate) fn sole_variable(word: &str) -> Option<&str> {
    let name = word
        .strip_prefix("${")
        .and_then(|w| w.strip_suffix('}'))
        .or_else(|| word.strip_prefix('$'))?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// Substitutes global build arguments (`$A`, `${A}`, `${A:-x}`, `${A-x}`, `${A:+x}`, `${A+x}`);
/// returns the text and the names that have no value.
pub(crate) fn substitute(word: &str, args: &HashMap<String, ArgDefault>) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut missing = Vec::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (expr, tail) = if let Some(body) = after.strip_prefix('{') {
            match body.find('}') {
                Some(end) => (&body[..end], &body[end + 1..]),
                None => {
                    out.push('$');
                    rest = after;
                    continue;
                }
            }
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        let split = expr.find([':', '-', '+']).unwrap_or(expr.len());
        let (name, op) = expr.split_at(split);
        let value = args.get(name).map(|a| a.value.as_str());
        let set = value.is_some_and(|v| !v.is_empty());
        let piece = match op {
            "" => value,
            _ if op.starts_with(":-") => Some(if set { value.unwrap_or("") } else { &op[2..] }),
            _ if op.starts_with('-') => Some(value.unwrap_or(&op[1..])),
            _ if op.starts_with(":+") => Some(if set { &op[2..] } else { "" }),
            _ if op.starts_with('+') => Some(if value.is_some() { &op[1..] } else { "" }),
            _ => None,
        };
        match piece {
            Some(p) => out.push_str(p),
            None => missing.push(name.to_owned()),
        }
        rest = tail;
    }
    out.push_str(rest);
    (out, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_from_words_and_arg_defaults() {
        let text = "# syntax=docker/dockerfile:1\nARG BASE=\"python:3.13-slim\" OTHER=x\nARG TAG=1.22\nFROM --platform=$BUILDPLATFORM golang:${TAG} AS build\nRUN true\nfrom \\\n  ${BASE}\n";
        let s = sites(text).unwrap();
        assert_eq!(s.froms.len(), 2);
        let go = &s.froms[0];
        assert_eq!((go.line, go.word.as_str()), (4, "golang:${TAG}"));
        assert_eq!(&text[go.span.clone().unwrap()], "golang:${TAG}");
        assert_eq!(go.stage.as_deref(), Some("build"));
        let base = &s.froms[1];
        assert_eq!(&text[base.span.clone().unwrap()], "${BASE}");
        let arg = &s.args["BASE"];
        assert_eq!(arg.value, "python:3.13-slim");
        assert_eq!(&text[arg.span.clone()], "python:3.13-slim");
        assert_eq!(s.args["TAG"].line, 3);
    }

    #[test]
    fn args_after_the_first_from_are_not_global() {
        let s = sites("FROM alpine:3.22\nARG LATE=x\n").unwrap();
        assert!(s.args.is_empty());
    }

    #[test]
    fn substitutes_like_the_builder() {
        let text = "ARG A=1 E=\nFROM x\n";
        let args = sites(text).unwrap().args;
        assert_eq!(
            substitute("p:${A}-slim", &args),
            ("p:1-slim".to_owned(), vec![])
        );
        assert_eq!(substitute("p:$A", &args).0, "p:1");
        assert_eq!(substitute("p:${E:-2}", &args).0, "p:2");
        assert_eq!(substitute("p:${E-2}", &args).0, "p:");
        assert_eq!(substitute("p:${N:-3}", &args).0, "p:3");
        assert_eq!(substitute("p:${N}", &args).1, ["N"]);
        assert_eq!(sole_variable("${BASE}"), Some("BASE"));
        assert_eq!(sole_variable("$BASE"), Some("BASE"));
        assert_eq!(sole_variable("x${BASE}"), None);
        assert_eq!(sole_variable("${BASE:-x}"), None);
    }
}
