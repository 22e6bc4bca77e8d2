//! Templates the data relies on must exist: those named by other templates (`include`, `import`,
//! `from … import`, `extends`), which minijinja only looks for while rendering, and a `.dockerignore`
//! for the runtime of every leaf. Missing, they would pass `check-data` and break the first export
//! that needs them.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::diagnostics::{Problem, Problems, Rule};
use crate::raw::tree::LeafEntry;
use crate::templates::{DEFAULT_DOCKERIGNORE, DOCKERIGNORE_SUFFIX, Templates};
use crate::{TEMPLATES_DIR, TREE_FILE};

/// Every runtime of a leaf has its own `.dockerignore` template or the default one.
pub fn dockerignores(
    leaves: &[LeafEntry],
    templates: &Templates,
    src: &str,
    problems: &mut Problems,
) {
    let default = format!("{DEFAULT_DOCKERIGNORE}{DOCKERIGNORE_SUFFIX}");
    if templates.get(&default).is_some() {
        return;
    }
    let mut reported = BTreeSet::new();
    for leaf in leaves {
        let runtime = leaf.runtime.as_str();
        let own = format!("{runtime}{DOCKERIGNORE_SUFFIX}");
        if templates.get(&own).is_some() || !reported.insert(runtime) {
            continue;
        }
        problems.push(
            Problem::error(
                Rule::UnknownReference,
                TREE_FILE,
                format!(
                    "leaf `{}` (runtime {runtime}) has no .dockerignore template: add {TEMPLATES_DIR}/{own} or {TEMPLATES_DIR}/{default}",
                    leaf.id.get_ref()
                ),
            )
            .at(src, leaf.id.span()),
        );
    }
}

/// A template named in a tag: the names given (one, or a list tried in order) and where they are.
#[derive(Debug, PartialEq, Eq)]
struct Reference {
    keyword: String,
    names: Vec<(String, Range<usize>)>,
    /// `include … ignore missing`: absence is allowed.
    optional: bool,
}

/// Every template named by another exists.
pub fn includes(templates: &Templates, problems: &mut Problems) {
    for (file, src) in templates.iter() {
        for r in references(src) {
            // A list is satisfied by any one of its names.
            if r.optional || r.names.iter().any(|(n, _)| templates.get(n).is_some()) {
                continue;
            }
            let Some((_, span)) = r.names.first() else {
                continue;
            };
            let names: Vec<String> = r.names.iter().map(|(n, _)| format!("`{n}`")).collect();
            let what = if names.len() == 1 {
                format!("template {}", names.join(""))
            } else {
                format!("templates {}", names.join(", "))
            };
            problems.push(
                Problem::error(
                    Rule::UnknownReference,
                    format!("{TEMPLATES_DIR}/{file}"),
                    format!(
                        "`{}` names {what}, which {} not in {TEMPLATES_DIR}/",
                        r.keyword,
                        if names.len() == 1 { "is" } else { "are" }
                    ),
                )
                .at(src, span.clone()),
            );
        }
    }
}

/// Every tag of `src` that names another template by a literal (names computed at render time cannot
/// be checked and are left out). Comments and `raw` blocks are skipped.
fn references(src: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = next_open(src, at) {
        let (start, comment) = open;
        if comment {
            at = src[start..].find("#}").map_or(src.len(), |i| start + i + 2);
            continue;
        }
        let end = src[start..].find("%}").map_or(src.len(), |i| start + i);
        let inner = start + 2;
        let body = &src[inner..end];
        let trimmed = body.trim_start_matches(['-', '+']).trim_start();
        let offset = inner + (body.len() - trimmed.len());
        let keyword: String = trimmed
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        at = (end + 2).min(src.len());
        match keyword.as_str() {
            "raw" => {
                at = src[at..].find("endraw").map_or(src.len(), |i| at + i);
            }
            "include" | "import" | "from" | "extends" => {
                let rest_at = offset + keyword.len();
                let rest = &src[rest_at..end];
                let names = literals(rest, rest_at);
                if !names.is_empty() {
                    out.push(Reference {
                        optional: keyword == "include" && rest.contains("ignore missing"),
                        keyword,
                        names,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The next `{%` or `{#` at or after `from`, and whether it opens a comment.
fn next_open(src: &str, from: usize) -> Option<(usize, bool)> {
    let tag = src[from..].find("{%").map(|i| from + i);
    let comment = src[from..].find("{#").map(|i| from + i);
    match (tag, comment) {
        (Some(t), Some(c)) if c < t => Some((c, true)),
        (Some(t), _) => Some((t, false)),
        (None, Some(c)) => Some((c, true)),
        (None, None) => None,
    }
}

/// The string literal right after the keyword, or each literal of a `[…]` list; empty when the name
/// is an expression. Spans are absolute, `base` being where `text` starts in the template.
fn literals(text: &str, base: usize) -> Vec<(String, Range<usize>)> {
    let trimmed = text.trim_start();
    let mut at = base + (text.len() - trimmed.len());
    let list = trimmed.starts_with('[');
    let mut rest = if list { &trimmed[1..] } else { trimmed };
    if list {
        at += 1;
    }
    let mut out = Vec::new();
    loop {
        let skipped = rest.len() - rest.trim_start().len();
        rest = rest.trim_start();
        at += skipped;
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            break;
        };
        let Some(close) = rest[1..].find(quote) else {
            break;
        };
        let name = &rest[1..=close];
        out.push((name.to_owned(), at..at + close + 2));
        at += close + 2;
        rest = &rest[close + 2..];
        if !list {
            break;
        }
        let Some(after_comma) = rest.trim_start().strip_prefix(',') else {
            break;
        };
        at += rest.len() - after_comma.len();
        rest = after_comma;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(src: &str) -> Vec<(String, Vec<String>, bool)> {
        references(src)
            .into_iter()
            .map(|r| {
                let names = r.names.iter().map(|(n, _)| n.clone()).collect();
                (r.keyword, names, r.optional)
            })
            .collect()
    }

    #[test]
    fn finds_every_literal_reference_and_its_place() {
        let src = "{% import \"_macros.j2\" as m %}\n{%- include ['a.j2', \"b.j2\"] -%}\n\
                   {# {% include \"commented.j2\" %} #}{% raw %}{% include \"raw.j2\" %}{% endraw %}\n\
                   {% from '_m.j2' import x %}{% include name %}{% include \"opt.j2\" ignore missing %}\
                   {% extends \"base.j2\" %}{{ include }}";
        let found = names(src);
        let expect = |k: &str, n: &[&str], o: bool| {
            (
                k.to_owned(),
                n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
                o,
            )
        };
        assert_eq!(
            found,
            vec![
                expect("import", &["_macros.j2"], false),
                expect("include", &["a.j2", "b.j2"], false),
                expect("from", &["_m.j2"], false),
                expect("include", &["opt.j2"], true),
                expect("extends", &["base.j2"], false),
            ]
        );
        for r in references(src) {
            for (name, span) in r.names {
                assert_eq!(&src[span.start + 1..span.end - 1], name);
            }
        }
    }
}
