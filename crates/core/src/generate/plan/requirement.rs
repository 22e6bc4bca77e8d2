//! Version requirements as projects write them (`>=3.11`, `^3.9`, `~=3.10`, `>=18 <23`, `20.x`,
//! `>=16 || >=18`), matched against the version lines an image family offers (`3.13`, `22`).
//!
//! A line stands for every release in it, so `3.11` satisfies `>=3.11.4` (its later patches do) and
//! `3.13` satisfies `<3.13.2` (its early ones do): the question is whether the line holds a release
//! the project accepts.

use std::cmp::Ordering;

use crate::knowledge::version::version_key;

/// Whether the version line `offered` holds a release that `spec` accepts. A spec that cannot be
/// read accepts nothing.
pub fn accepts(spec: &str, offered: &str) -> bool {
    spec.split("||").any(|alternative| {
        clauses(alternative).is_some_and(|c| c.iter().all(|c| c.accepts(offered)))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    AtLeast,
    Above,
    AtMost,
    Below,
    Exactly,
    /// `^X.Y`: at least X.Y within major X (npm, Poetry).
    Caret,
    /// `~=X.Y` (PEP 440): at least X.Y, same leading parts but the last.
    Compatible,
    /// `~X.Y` (npm, Poetry): within the line X.Y.
    Tilde,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    op: Op,
    version: Vec<u64>,
}

/// The clauses of one alternative, joined by commas or spaces; `None` when one cannot be read.
fn clauses(text: &str) -> Option<Vec<Clause>> {
    // Glue operators to their operand so `>= 18` and `>=18` read alike.
    let mut glued = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() && glued.ends_with(['<', '>', '=', '~', '^', '!']) {
            continue;
        }
        glued.push(c);
    }
    let mut out = Vec::new();
    for word in glued
        .split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        if word == "*" || word == "x" {
            continue;
        }
        let (op, rest) = [
            (">=", Op::AtLeast),
            ("<=", Op::AtMost),
            ("~=", Op::Compatible),
            ("==", Op::Exactly),
            (">", Op::Above),
            ("<", Op::Below),
            ("^", Op::Caret),
            ("~", Op::Tilde),
            ("=", Op::Exactly),
            ("v", Op::Exactly),
        ]
        .iter()
        .find_map(|(prefix, op)| word.strip_prefix(prefix).map(|rest| (*op, rest)))
        .unwrap_or((Op::Exactly, word));
        if rest.starts_with('!') || word.starts_with("!=") {
            // `!=X` excludes single releases; a whole line is never excluded by it.
            continue;
        }
        let rest = rest.trim_start_matches('v');
        // `3.*`, `20.x` and `1.2.X` are the line before the wildcard.
        let digits: Vec<&str> = rest
            .split('.')
            .take_while(|p| !matches!(*p, "*" | "x" | "X"))
            .collect();
        if digits.is_empty()
            || digits
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let version = version_key(&digits.join("."));
        let op = if digits.len() < rest.split('.').count() && op == Op::Exactly {
            Op::Tilde
        } else {
            op
        };
        out.push(Clause { op, version });
    }
    Some(out)
}

impl Clause {
    fn accepts(&self, offered: &str) -> bool {
        let line = version_key(offered);
        let v = &self.version;
        // Compared on the parts both have: the line `3.11` against `3.11.4` is Equal, and then
        // `finer` says the requirement is more precise than the line.
        let common = line.len().min(v.len());
        let cmp = line[..common].cmp(&v[..common]);
        let finer = v.len() > line.len();
        match self.op {
            Op::AtLeast => cmp != Ordering::Less,
            Op::Above => cmp == Ordering::Greater || (cmp == Ordering::Equal && finer),
            Op::AtMost => cmp != Ordering::Greater,
            Op::Below => cmp == Ordering::Less || (cmp == Ordering::Equal && finer),
            Op::Exactly | Op::Tilde => cmp == Ordering::Equal,
            Op::Caret => {
                // `^0.x` stays within the minor, as npm reads it; rare for runtimes.
                let fixed = if v.first() == Some(&0) { 2 } else { 1 };
                prefix_equal(&line, v, fixed) && cmp != Ordering::Less
            }
            Op::Compatible => {
                let fixed = v.len().saturating_sub(1).max(1);
                prefix_equal(&line, v, fixed) && cmp != Ordering::Less
            }
        }
    }
}

/// Whether the first `n` parts agree (as far as the line has them).
fn prefix_equal(line: &[u64], v: &[u64], n: usize) -> bool {
    let n = n.min(v.len()).min(line.len());
    line[..n] == v[..n]
}

#[cfg(test)]
mod tests {
    use super::accepts;

    #[test]
    fn lower_bounds_accept_newer_lines() {
        assert!(accepts(">=3.11", "3.13"));
        assert!(accepts(">= 3.11", "3.11"));
        assert!(!accepts(">=3.11", "3.10"));
        assert!(accepts(">=3.11.4", "3.11"), "the line has later patches");
        assert!(!accepts(">3.13", "3.13"));
        assert!(accepts(">3.13.1", "3.13"));
    }

    #[test]
    fn upper_bounds_and_ranges() {
        assert!(accepts(">=3.9,<3.13", "3.12"));
        assert!(!accepts(">=3.9,<3.13", "3.13"));
        assert!(
            accepts(">=3.9,<3.13.2", "3.13"),
            "3.13.0 and 3.13.1 qualify"
        );
        assert!(accepts(">=18 <23", "22"));
        assert!(!accepts(">=18 <23", "24"));
        assert!(accepts("<=22", "22"));
    }

    #[test]
    fn caret_tilde_and_compatible_releases() {
        assert!(accepts("^3.9", "3.13"), "Poetry's ^3.9 is any 3.x from 3.9");
        assert!(!accepts("^3.9", "4.0"));
        assert!(accepts("^18.17", "18"));
        assert!(!accepts("^18.17", "20"), "npm's caret keeps the major");
        assert!(accepts("~3.9", "3.9"));
        assert!(!accepts("~3.9", "3.10"));
        assert!(accepts("~=3.10", "3.13"));
        assert!(!accepts("~=3.10.2", "3.11"));
        assert!(accepts("~=3.10.2", "3.10"));
    }

    #[test]
    fn wildcards_alternatives_and_junk() {
        assert!(accepts("20.x", "20"));
        assert!(!accepts("20.x", "22"));
        assert!(accepts("3.*", "3.12"));
        assert!(accepts(">=16 || >=18", "22"));
        assert!(accepts("^18 || ^20", "20"));
        assert!(!accepts("^18 || ^20", "22"));
        assert!(accepts("*", "22"));
        assert!(accepts(">=3.9,!=3.9.1", "3.9"));
        assert!(!accepts("lts/*", "22"), "an alias is not a version");
        assert!(!accepts("node", "22"));
    }
}
