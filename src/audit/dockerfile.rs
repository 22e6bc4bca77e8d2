//! The stages of a Dockerfile: `FROM` with its flags and build-argument substitution, references to
//! earlier stages, and the `USER` each stage ends with.

use std::collections::HashMap;

use serde::Serialize;

use super::lexer::{Instruction, Notice, ParseError, fail, instructions};
use super::reference::ImageRef;
pub use super::substitute::substitute;

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
    /// BuildKit platform arguments the image uses (valued as linux/amd64).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub platform_args: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// The stages of a Dockerfile, every instruction of each, and what the lexer noticed.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub stages: Vec<Stage>,
    /// Instructions after each stage's `FROM`, by stage index.
    pub bodies: Vec<Vec<Instruction>>,
    pub notices: Vec<Notice>,
}

/// Reads the stages of a Dockerfile.
pub fn stages(text: &str) -> Result<Vec<Stage>, ParseError> {
    parse(text).map(|p| p.stages)
}

/// Reads a Dockerfile: stages with their instructions.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let mut global: HashMap<String, Option<String>> = platform_args();
    let mut stages: Vec<Stage> = Vec::new();
    let mut bodies: Vec<Vec<Instruction>> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    let mut scope: HashMap<String, Option<String>> = HashMap::new();
    let lexed = instructions(text)?;
    let mut notices = lexed.notices;
    for ins in lexed.instructions {
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
                let stage = from(&ins, stages.len(), &global, &names)?;
                if let Some(name) = &stage.name {
                    names.entry(name.clone()).or_insert(stage.index);
                }
                stages.push(stage);
                bodies.push(Vec::new());
                scope.clear();
                continue;
            }
            _ if stages.is_empty() => {
                notices.push(Notice {
                    line: ins.line,
                    kind: super::FindingKind::Syntax,
                    severity: super::Severity::Error,
                    message: format!(
                        "{} comes before the first FROM, where only ARG may; a build stops here",
                        ins.keyword
                    ),
                });
                continue;
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
        if let Some(body) = bodies.last_mut() {
            body.push(ins);
        }
    }
    if stages.is_empty() {
        return fail(1, "no FROM instruction; a Dockerfile needs at least one");
    }
    notices.sort_by_key(|n| n.line);
    Ok(Parsed {
        stages,
        bodies,
        notices,
    })
}

/// BuildKit's automatic platform arguments, valued as the catalog's figures are: linux/amd64. They
/// are known only at build time, so an image that uses one is reported.
pub const PLATFORM_ARGS: &[(&str, &str)] = &[
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
];

fn platform_args() -> HashMap<String, Option<String>> {
    PLATFORM_ARGS
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Some((*v).to_owned())))
        .collect()
}

fn from(
    ins: &Instruction,
    index: usize,
    args: &HashMap<String, Option<String>>,
    earlier: &HashMap<String, usize>,
) -> Result<Stage, ParseError> {
    let mut words = ins.args.split_whitespace().peekable();
    let mut platform = None;
    while let Some(flag) = words.next_if(|w| w.starts_with("--")) {
        match flag.strip_prefix("--platform=") {
            Some(value) if !value.is_empty() => {
                // Kept as written: `$BUILDPLATFORM` and friends are only known at build time.
                platform = Some(value.to_owned());
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
    let platform_args: Vec<String> = PLATFORM_ARGS
        .iter()
        .filter(|(name, _)| mentions(written, name))
        .map(|(name, _)| (*name).to_owned())
        .collect();
    let base = if !unresolved.is_empty() && ImageRef::parse(&image).is_err() {
        Base::Unresolved
    } else if image.eq_ignore_ascii_case("scratch") {
        Base::Scratch
    } else if let Some(&stage) = earlier.get(&image.to_ascii_lowercase()) {
        Base::Stage { index: stage }
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
        platform_args,
        user: None,
    })
}

/// Whether `text` refers to the variable `name` (`$NAME` or `${NAME…}`).
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = &text[..i];
        let after = text[i + name.len()..].chars().next();
        (before.ends_with('$') || before.ends_with("${"))
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
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

#[cfg(test)]
mod tests;
