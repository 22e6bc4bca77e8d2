//! Small text helpers shared by the manifest readers: locating lines and reading version constraints.

/// 1-based number of the first line satisfying `pred`.
pub(crate) fn line_where(text: &str, pred: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines().position(pred).map(|i| i + 1)
}

/// 1-based number of the first line containing `needle`.
pub(crate) fn line_containing(text: &str, needle: &str) -> Option<usize> {
    line_where(text, |l| l.contains(needle))
}

/// 1-based number of the first line whose trimmed text starts with `key` followed by `=`, `:` or space.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    line_where(text, |l| {
        let t = l
            .trim_start()
            .trim_start_matches('"')
            .trim_start_matches('\'');
        t.strip_prefix(key).is_some_and(|rest| {
            let rest = rest.trim_start_matches(['"', '\'']);
            rest.is_empty() || rest.starts_with(['=', ':', ' ', '\t'])
        })
    })
}

/// Like [`line_of_key`], but only on the lines after the first one holding `anchor` as a key (a nested
/// key under its section); falls back to the whole text.
pub(crate) fn line_of_key_after(text: &str, anchor: &str, key: &str) -> Option<usize> {
    if let Some(start) = line_of_key(text, anchor) {
        let rest: String = text.lines().skip(start).collect::<Vec<_>>().join("\n");
        if let Some(n) = line_of_key(&rest, key) {
            return Some(start + n);
        }
    }
    line_of_key(text, key)
}

/// The first dotted number in `text` (`v20.11.0` → `20.11.0`, `python-3.12.1` → `3.12.1`).
pub(crate) fn first_version(text: &str) -> Option<String> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let version = rest[..end].trim_end_matches('.');
    (!version.is_empty()).then(|| version.to_owned())
}

/// The version a constraint asks for at least: `>=3.11` → `3.11`, `^20.0.0` → `20`, `~=3.12.1` →
/// `3.12.1`, `==3.11.*` → `3.11`, `3.11.9` → `3.11.9`. Clauses that only cap the version (`<4`) are
/// ignored; a constraint with no lower bound gives `None`.
pub(crate) fn version_floor(constraint: &str) -> Option<String> {
    // Glue operators to their operand so `>= 18` and `>=18` read alike.
    let mut glued = String::with_capacity(constraint.len());
    for c in constraint.chars() {
        if c.is_whitespace() && glued.ends_with(['<', '>', '=', '!', '~', '^']) {
            continue;
        }
        glued.push(c);
    }
    for clause in glued.split([',', '|', ' ']).map(str::trim) {
        if clause.is_empty() || clause.starts_with(['<', '!']) {
            continue;
        }
        let ranged = clause.starts_with(['>', '^', '~']);
        let Some(mut version) = first_version(clause) else {
            continue;
        };
        if ranged {
            while let Some(shorter) = version.strip_suffix(".0") {
                version = shorter.to_owned();
            }
        }
        return Some(version);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_constraints() {
        for (input, want) in [
            (">=3.11", Some("3.11")),
            (">=3.9,<4", Some("3.9")),
            ("<4, >=3.10", Some("3.10")),
            ("^20.0.0", Some("20")),
            (">= 18.0.0", Some("18")),
            ("~=3.12.1", Some("3.12.1")),
            ("==3.11.*", Some("3.11")),
            ("3.11.9", Some("3.11.9")),
            ("v20.11.0", Some("20.11.0")),
            ("<3.12", None),
            ("lts/iron", None),
            ("20.x", Some("20")),
            ("<21 >= 18", Some("18")),
        ] {
            assert_eq!(version_floor(input).as_deref(), want, "{input}");
        }
    }

    #[test]
    fn keys_and_lines() {
        let text = "[project]\nname = \"x\"\nrequires-python = \">=3.11\"\n  \"numpy\": \"1\"\n";
        assert_eq!(line_of_key(text, "requires-python"), Some(3));
        assert_eq!(line_of_key(text, "numpy"), Some(4));
        assert_eq!(line_of_key(text, "nam"), None);
        assert_eq!(line_containing(text, "name"), Some(2));
        let json =
            "{\n \"volta\": {\"node\": \"1\"},\n \"engines\": {\n  \"node\": \">=20\"\n }\n}";
        assert_eq!(line_of_key_after(json, "engines", "node"), Some(4));
    }
}
