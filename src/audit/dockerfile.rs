//! The stages of a Dockerfile: `FROM` with its flags and build-argument substitution, references to
//! earlier stages, and the `USER` each stage ends with.

use std::collections::HashMap;

use serde::Serialize;

use super::lexer::{Instruction, ParseError, fail, instructions};
use super::reference::ImageRef;

/// What a stage is built on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Base {
    Image(ImageRef),
    /// An earlier stage, by index.
    Stage {
        index: usize,
    },
    Scratch,
    /// The image is built from build arguments without defaults; it is known only at build time.
    Unresolved,
}

/// The last `USER` of a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub line: usize,
    /// As written.
    pub raw: String,
    /// After substituting the stage's `ARG` and `ENV` values; `None` when a variable has no value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
}

impl User {
    /// Whether the user is root: `root` or UID 0, with or without a group.
    pub fn is_root(&self) -> bool {
        self.resolved.as_deref().is_some_and(|u| {
            let user = u.split(':').next().unwrap_or(u).trim();
            user == "root" || user == "0"
        })
    }
}

/// One build stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Line of the `FROM`.
    pub line: usize,
    /// The image as written after `FROM`.
    pub from: String,
    /// The image after build-argument substitution.
    pub image: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    pub base: Base,
    /// Build arguments used in `FROM` that have no default value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// Reads the stages of a Dockerfile.
pub fn stages(text: &str) -> Result<Vec<Stage>, ParseError> {
    let mut global: HashMap<String, Option<String>> = HashMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    let mut scope: HashMap<String, Option<String>> = HashMap::new();
    for ins in instructions(text)? {
        match ins.keyword.as_str() {
            "ARG" => {
                for (name, value) in assignments(&ins.args, ins.line, false)? {
                    let value = if stages.is_empty() {
                        value.map(|v| substitute(&v, &global).0)
                    } else {
                        // A stage may redeclare a global argument to bring its default into scope.
                        value
                            .map(|v| substitute(&v, &scope).0)
                            .or_else(|| global.get(&name).cloned().flatten())
                    };
                    if stages.is_empty() {
                        global.insert(name, value);
                    } else {
                        scope.insert(name, value);
                    }
                }
            }
            "FROM" => {
                let stage = from(&ins, stages.len(), &global, &stages)?;
                stages.push(stage);
                scope.clear();
            }
            _ if stages.is_empty() => {
                return fail(
                    ins.line,
                    format!("{} comes before the first FROM; only ARG may", ins.keyword),
                );
            }
            "ENV" => {
                for (name, value) in assignments(&ins.args, ins.line, true)? {
                    let value = value.map(|v| substitute(&v, &scope).0);
                    scope.insert(name, value);
                }
            }
            "USER" => {
                let (resolved, missing) = substitute(&ins.args, &scope);
                if let Some(stage) = stages.last_mut() {
                    stage.user = Some(User {
                        line: ins.line,
                        raw: ins.args.clone(),
                        resolved: missing.is_empty().then_some(resolved),
                    });
                }
            }
            _ => {}
        }
    }
    if stages.is_empty() {
        return fail(1, "no FROM instruction; a Dockerfile needs at least one");
    }
    Ok(stages)
}

fn from(
    ins: &Instruction,
    index: usize,
    args: &HashMap<String, Option<String>>,
    earlier: &[Stage],
) -> Result<Stage, ParseError> {
    let mut words = ins.args.split_whitespace().peekable();
    let mut platform = None;
    while let Some(flag) = words.next_if(|w| w.starts_with("--")) {
        match flag.strip_prefix("--platform=") {
            Some(value) if !value.is_empty() => {
                // Automatic platform arguments ($BUILDPLATFORM…) are only known at build time.
                let (resolved, missing) = substitute(value, args);
                platform = Some(if missing.is_empty() {
                    resolved
                } else {
                    value.to_owned()
                });
            }
            _ => return fail(ins.line, format!("FROM does not take the flag `{flag}`")),
        }
    }
    let Some(written) = words.next() else {
        return fail(ins.line, "FROM needs an image");
    };
    let name = match (words.next(), words.next(), words.next()) {
        (None, ..) => None,
        (Some(kw), Some(name), None) if kw.eq_ignore_ascii_case("as") => {
            Some(name.to_ascii_lowercase())
        }
        (Some(kw), None, _) if kw.eq_ignore_ascii_case("as") => {
            return fail(ins.line, "FROM … AS needs a stage name");
        }
        _ => return fail(ins.line, "expected `FROM [--platform=…] image [AS name]`"),
    };
    let (image, unresolved) = substitute(written, args);
    let base = if !unresolved.is_empty() && ImageRef::parse(&image).is_err() {
        Base::Unresolved
    } else if image.eq_ignore_ascii_case("scratch") {
        Base::Scratch
    } else if let Some(stage) = earlier.iter().find(|s| {
        s.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(&image))
    }) {
        Base::Stage { index: stage.index }
    } else {
        Base::Image(ImageRef::parse(&image).map_err(|message| ParseError {
            line: ins.line,
            message,
        })?)
    };
    Ok(Stage {
        index,
        name,
        line: ins.line,
        from: written.to_owned(),
        image,
        platform,
        base,
        unresolved,
        user: None,
    })
}

/// `NAME`, `NAME=value`, several per line, values optionally quoted (ARG and ENV), or the legacy
/// `ENV NAME value` form.
fn assignments(
    args: &str,
    line: usize,
    legacy: bool,
) -> Result<Vec<(String, Option<String>)>, ParseError> {
    let words = split_quoted(args).map_err(|m| ParseError { line, message: m })?;
    if let [name, value, ..] = words.as_slice()
        && legacy
        && !name.contains('=')
        && !value.contains('=')
    {
        return Ok(vec![(name.clone(), Some(words[1..].join(" ")))]);
    }
    Ok(words
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (w, None),
        })
        .collect())
}

/// Splits on whitespace outside quotes and removes the quotes.
fn split_quoted(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut in_word = false;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (_, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("a quote is never closed".to_owned());
    }
    if in_word {
        out.push(word);
    }
    Ok(out)
}

/// Substitutes `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}` and
/// `${NAME+alt}`; returns the text and the names that had no value.
pub fn substitute<S: std::hash::BuildHasher>(
    text: &str,
    vars: &HashMap<String, Option<String>, S>,
) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut missing = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|(_, n)| *n == '$') {
            out.push('$');
            chars.next();
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let rest = &text[i + 1..];
        if let Some(body) = rest.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push(c);
                continue;
            };
            let expr = &body[..end];
            let closing = i + 2 + end;
            while chars.next_if(|(j, _)| *j <= closing).is_some() {}
            let split = expr.find([':', '-', '+']).unwrap_or(expr.len());
            let (name, op) = expr.split_at(split);
            let value = vars.get(name).cloned().flatten();
            let set = value.as_deref().is_some_and(|v| !v.is_empty());
            let declared = value.is_some();
            match op {
                "" => match value {
                    Some(v) => out.push_str(&v),
                    None => missing.push(name.to_owned()),
                },
                _ if op.starts_with(":-") => out.push_str(if set {
                    value.as_deref().unwrap_or("")
                } else {
                    &op[2..]
                }),
                _ if op.starts_with('-') => out.push_str(if declared {
                    value.as_deref().unwrap_or("")
                } else {
                    &op[1..]
                }),
                _ if op.starts_with(":+") => out.push_str(if set { &op[2..] } else { "" }),
                _ if op.starts_with('+') => out.push_str(if declared { &op[1..] } else { "" }),
                _ => missing.push(name.to_owned()),
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.is_empty() {
                out.push(c);
                continue;
            }
            for _ in 0..name.len() {
                chars.next();
            }
            match vars.get(&name).cloned().flatten() {
                Some(v) => out.push_str(&v),
                None => missing.push(name),
            }
        }
    }
    (out, missing)
}

#[cfg(test)]
mod tests;
