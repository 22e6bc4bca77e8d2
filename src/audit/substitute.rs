//! Build-argument substitution as BuildKit does it in `FROM` and `USER`: `$NAME`, `${NAME}`, defaults
//! and alternatives (`:-`, `-`, `:+`, `+`), required values (`:?`, `?`), and pattern edits (`#`, `##`,
//! `%`, `%%`, `/`, `//`, with `*` and `?` wildcards).

use std::collections::HashMap;

/// Substitutes variables in `text`; returns the text and the names that had no value.
pub fn substitute<S: std::hash::BuildHasher>(
    text: &str,
    vars: &HashMap<String, Option<String>, S>,
) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    expand(text, vars, &mut out, &mut missing, 0);
    (out, missing)
}

/// Nested `${…}` deeper than this is left as written.
const MAX_DEPTH: usize = 8;

fn expand<S: std::hash::BuildHasher>(
    text: &str,
    vars: &HashMap<String, Option<String>, S>,
    out: &mut String,
    missing: &mut Vec<String>,
    depth: usize,
) {
    let mut rest = text;
    while let Some(pos) = rest.find(['$', '\\']) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if let Some(after) = tail.strip_prefix("\\$") {
            out.push('$');
            rest = after;
            continue;
        }
        if let Some(after) = tail.strip_prefix('\\') {
            out.push('\\');
            rest = after;
            continue;
        }
        let body = &tail[1..];
        if let Some(inner) = body.strip_prefix('{')
            && depth < MAX_DEPTH
            && let Some(end) = closing_brace(inner)
        {
            braced(&inner[..end], vars, out, missing, depth);
            rest = &inner[end + 1..];
            continue;
        }
        let name_len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        if name_len == 0 {
            out.push('$');
            rest = body;
            continue;
        }
        let name = &body[..name_len];
        match value(vars, name) {
            Some(v) => out.push_str(&v),
            None => missing.push(name.to_owned()),
        }
        rest = &body[name_len..];
    }
    out.push_str(rest);
}

/// The index of the `}` closing a `${`, counting nested braces.
fn closing_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn value<S: std::hash::BuildHasher>(
    vars: &HashMap<String, Option<String>, S>,
    name: &str,
) -> Option<String> {
    vars.get(name).cloned().flatten()
}

fn braced<S: std::hash::BuildHasher>(
    expr: &str,
    vars: &HashMap<String, Option<String>, S>,
    out: &mut String,
    missing: &mut Vec<String>,
    depth: usize,
) {
    let name_len = expr
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(expr.len());
    let (name, op) = expr.split_at(name_len);
    let value = value(vars, name);
    let set = value.as_deref().is_some_and(|v| !v.is_empty());
    let declared = value.is_some();
    let word = |w: &str, out: &mut String, missing: &mut Vec<String>| {
        expand(w, vars, out, missing, depth + 1);
    };
    let ops: [(&str, bool); 6] = [
        (":-", true),
        ("-", false),
        (":+", true),
        ("+", false),
        (":?", true),
        ("?", false),
    ];
    for (prefix, colon) in ops {
        let Some(w) = op.strip_prefix(prefix) else {
            continue;
        };
        let present = if colon { set } else { declared };
        match prefix.trim_start_matches(':') {
            "-" if present => out.push_str(value.as_deref().unwrap_or("")),
            "-" => word(w, out, missing),
            "+" if present => word(w, out, missing),
            "+" => {}
            _ if present => out.push_str(value.as_deref().unwrap_or("")),
            _ => missing.push(name.to_owned()),
        }
        return;
    }
    if name.is_empty() {
        missing.push(expr.to_owned());
        return;
    }
    let Some(v) = value else {
        missing.push(name.to_owned());
        return;
    };
    if op.is_empty() {
        out.push_str(&v);
        return;
    }
    let mut pattern_text = String::new();
    let edited = if let Some(p) = op.strip_prefix("##") {
        word(p, &mut pattern_text, missing);
        strip_prefix(&v, &pattern_text, true)
    } else if let Some(p) = op.strip_prefix('#') {
        word(p, &mut pattern_text, missing);
        strip_prefix(&v, &pattern_text, false)
    } else if let Some(p) = op.strip_prefix("%%") {
        word(p, &mut pattern_text, missing);
        strip_suffix(&v, &pattern_text, true)
    } else if let Some(p) = op.strip_prefix('%') {
        word(p, &mut pattern_text, missing);
        strip_suffix(&v, &pattern_text, false)
    } else if let Some(p) = op.strip_prefix('/') {
        let (all, p) = match p.strip_prefix('/') {
            Some(p) => (true, p),
            None => (false, p),
        };
        let (pat, rep) = split_unescaped(p);
        let pat = pat.replace("\\/", "/");
        let mut replacement = String::new();
        word(&pat, &mut pattern_text, missing);
        word(rep, &mut replacement, missing);
        replace(&v, &pattern_text, &replacement, all)
    } else {
        missing.push(name.to_owned());
        return;
    };
    out.push_str(&edited);
}

/// Splits `pattern/replacement` at the first `/` not escaped by a backslash.
fn split_unescaped(text: &str) -> (&str, &str) {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '/' if !escaped => return (&text[..i], &text[i + 1..]),
            _ => escaped = false,
        }
    }
    (text, "")
}

/// Whether `text` matches a shell pattern of `*`, `?` and literal characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
            }
            Some(c) if *c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

fn strip_prefix(value: &str, pattern: &str, longest: bool) -> String {
    let cuts = boundaries(value);
    let mut matching = cuts.iter().filter(|&&i| glob_match(pattern, &value[..i]));
    let cut = if longest {
        matching.next_back()
    } else {
        matching.next()
    };
    cut.map_or_else(|| value.to_owned(), |&i| value[i..].to_owned())
}

fn strip_suffix(value: &str, pattern: &str, longest: bool) -> String {
    let cuts = boundaries(value);
    let mut matching = cuts.iter().filter(|&&i| glob_match(pattern, &value[i..]));
    let cut = if longest {
        matching.next()
    } else {
        matching.next_back()
    };
    cut.map_or_else(|| value.to_owned(), |&i| value[..i].to_owned())
}

/// Replaces the first (or every) longest match of `pattern`.
fn replace(value: &str, pattern: &str, replacement: &str, all: bool) -> String {
    if pattern.is_empty() {
        return value.to_owned();
    }
    let cuts = boundaries(value);
    let mut out = String::new();
    let mut from = 0;
    let mut k = 0;
    while k < cuts.len() {
        let start = cuts[k];
        if start < from {
            k += 1;
            continue;
        }
        let end = cuts[k + 1..]
            .iter()
            .rev()
            .find(|&&e| glob_match(pattern, &value[start..e]));
        match end {
            Some(&end) => {
                out.push_str(&value[from..start]);
                out.push_str(replacement);
                from = end;
                if !all {
                    break;
                }
            }
            None => k += 1,
        }
    }
    out.push_str(&value[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, Option<&str>)]) -> HashMap<String, Option<String>> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect()
    }

    #[test]
    fn defaults_alternatives_and_required() {
        let v = vars(&[("SET", Some("3.12")), ("EMPTY", Some("")), ("NONE", None)]);
        let s = |t: &str| substitute(t, &v);
        assert_eq!(s("python:${SET}-slim").0, "python:3.12-slim");
        assert_eq!(s("${EMPTY:-3.11}").0, "3.11");
        assert_eq!(s("${EMPTY-3.11}").0, "");
        assert_eq!(s("${UNSET:-${SET}}").0, "3.12");
        assert_eq!(s("${SET:+alt}|${NONE:+alt}").0, "alt|");
        assert_eq!(s("${NONE:?set it}").1, ["NONE"]);
        assert_eq!(s("$NONE and ${UNSET}").1, ["NONE", "UNSET"]);
        assert_eq!(s("\\$SET").0, "$SET");
    }

    #[test]
    fn pattern_edits() {
        let v = vars(&[
            ("V", Some("3.12.4-slim-bookworm")),
            ("P", Some("linux/arm64/v8")),
        ]);
        let s = |t: &str| substitute(t, &v).0;
        assert_eq!(s("${V%%-*}"), "3.12.4");
        assert_eq!(s("${V%-*}"), "3.12.4-slim");
        assert_eq!(s("${V#*-}"), "slim-bookworm");
        assert_eq!(s("${V##*-}"), "bookworm");
        assert_eq!(s("${V/bookworm/trixie}"), "3.12.4-slim-trixie");
        assert_eq!(s("${P//\\//-}"), "linux-arm64-v8");
        assert_eq!(s("${P/\\//_}"), "linux_arm64/v8");
        assert_eq!(s("${V/.?/}"), "32.4-slim-bookworm");
        assert!(glob_match("3.*", "3.12") && !glob_match("3.?", "3.12"));
    }
}
