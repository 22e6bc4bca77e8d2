//! Will `docker build` work? A Dockerfile checked against the project it is for, before anything is
//! built: every `COPY` source present in the build context once `.dockerignore` has taken its share,
//! no `FROM` that needs a build argument nobody gives, the wrapper scripts a `RUN` calls present, and
//! the files the start command names shipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use super::dockerignore::{DockerIgnore, translate};
use crate::audit::{Instruction, ParseError, Severity, instructions};

/// Most entries a context scan looks at; a larger project is reported as only partly checked.
pub const MAX_CONTEXT_ENTRIES: usize = 200_000;

/// What is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// A `COPY`/`ADD` source that is not in the build context.
    MissingSource,
    /// A `FROM` built from a build argument without a usable default.
    UnsetArgument,
    /// A file a `RUN` runs (a build tool's wrapper) that is not in the build context.
    MissingTool,
    /// A file the start command names that the image will not contain.
    MissingEntry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// Line of the Dockerfile, when the problem belongs to one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

/// The result of a check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Readiness {
    pub problems: Vec<Problem>,
    /// Files of the project that reach the build context.
    pub context_files: usize,
    /// True when the project was larger than [`MAX_CONTEXT_ENTRIES`] and only partly scanned.
    pub partial: bool,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The files of a project that reach the build context.
#[derive(Debug, Clone, Default)]
pub struct Context {
    files: BTreeSet<String>,
    dirs: BTreeSet<String>,
    partial: bool,
}

impl Context {
    /// Walks `dir` (without following symbolic links) and keeps what `.dockerignore` lets through.
    pub fn scan(dir: &Path, dockerignore: &str) -> std::io::Result<Context> {
        let ignore = DockerIgnore::parse(dockerignore);
        let mut context = Context::default();
        let mut pending = vec![(dir.to_owned(), String::new())];
        let mut seen = 0usize;
        while let Some((path, rel)) = pending.pop() {
            for entry in std::fs::read_dir(&path)? {
                seen += 1;
                if seen > MAX_CONTEXT_ENTRIES {
                    context.partial = true;
                    return Ok(context);
                }
                let entry = entry?;
                let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                    continue;
                };
                let child = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                let excluded = ignore.excludes(&child);
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    // An excluded directory may still hold files a later `!` line takes back.
                    if excluded && !ignore.has_exceptions() {
                        continue;
                    }
                    if !excluded {
                        context.dirs.insert(child.clone());
                    }
                    pending.push((entry.path(), child));
                } else if !excluded {
                    context.insert(child);
                }
            }
        }
        Ok(context)
    }

    /// A context made of the given relative paths (for tests and callers that already know them).
    pub fn of(paths: &[&str]) -> Context {
        let mut context = Context::default();
        for p in paths {
            context.insert((*p).to_owned());
        }
        context
    }

    /// Adds a file and the directories above it (a file taken back by `!` makes its directory exist).
    fn insert(&mut self, file: String) {
        let mut dir = file.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            self.dirs.insert(parent.to_owned());
            dir = parent;
        }
        self.files.insert(file);
    }

    pub fn has(&self, path: &str) -> bool {
        let path = path.trim_start_matches("./").trim_end_matches('/');
        path.is_empty() || path == "." || self.files.contains(path) || self.dirs.contains(path)
    }

    /// Whether a `COPY` source (which may hold `*`, `?` or `[...]`) matches anything.
    fn matches(&self, source: &str) -> bool {
        let source = source.trim_start_matches("./").trim_start_matches('/');
        if !source.contains(['*', '?', '[']) {
            return self.has(source);
        }
        // A `COPY` wildcard matches whole paths (`*` never crosses `/`), not parent directories.
        let Some(glob) = translate(source.trim_end_matches('/')) else {
            return false;
        };
        self.files
            .iter()
            .chain(&self.dirs)
            .any(|p| glob.is_match(p))
    }
}

/// `COPY`/`ADD` arguments: the flags, then the sources and the destination (shell or JSON form).
fn copy_parts(args: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut flags = BTreeMap::new();
    let mut rest = args.trim();
    while let Some(flag) = rest.strip_prefix("--") {
        let (word, tail) = flag.split_once(char::is_whitespace).unwrap_or((flag, ""));
        let (key, value) = word.split_once('=').unwrap_or((word, ""));
        flags.insert(key.to_owned(), value.to_owned());
        rest = tail.trim_start();
    }
    let words: Vec<String> = if rest.starts_with('[') {
        serde_json::from_str::<Vec<String>>(rest).unwrap_or_default()
    } else {
        rest.split_whitespace().map(str::to_owned).collect()
    };
    (flags, words)
}

/// Checks a Dockerfile against a build context; `entry_files` are files the start command needs in
/// the context (see [`super::Plan::entry_files`]).
pub fn check(
    dockerfile: &str,
    context: &Context,
    entry_files: &[String],
) -> Result<Readiness, ParseError> {
    let lexed = instructions(dockerfile)?;
    // What stops a build (an unknown instruction) makes the file unreadable here, as for Docker.
    if let Some(n) = lexed.notices.iter().find(|n| n.severity == Severity::Error) {
        return Err(ParseError {
            line: n.line,
            message: n.message.clone(),
        });
    }
    let instructions = lexed.instructions;
    let mut problems = Vec::new();
    let mut global_args: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut seen_from = false;
    for ins in &instructions {
        match ins.keyword.as_str() {
            "ARG" if !seen_from => {
                for decl in ins.args.split_whitespace() {
                    let (name, default) = match decl.split_once('=') {
                        Some((n, d)) => (n, Some(d.trim_matches('"').to_owned())),
                        None => (decl, None),
                    };
                    global_args.insert(name.to_owned(), default.filter(|d| !d.is_empty()));
                }
            }
            "FROM" => {
                seen_from = true;
                check_from(ins, &global_args, &mut problems);
            }
            "COPY" | "ADD" => check_copy(ins, context, &mut problems),
            "RUN" => check_tools(ins, context, &mut problems),
            _ => {}
        }
    }
    for file in entry_files {
        if !context.has(file) {
            problems.push(Problem {
                kind: ProblemKind::MissingEntry,
                line: instructions
                    .iter()
                    .rev()
                    .find(|i| i.keyword == "ENTRYPOINT" || i.keyword == "CMD")
                    .map(|i| i.line),
                message: format!(
                    "the start command needs {file}, which is not in the build context; pass the right file with --set start=..."
                ),
            });
        }
    }
    Ok(Readiness {
        problems,
        context_files: context.files.len(),
        partial: context.partial,
    })
}

/// BuildKit sets these for every build; they need no `ARG` default.
const AUTOMATIC_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

fn check_from(
    ins: &Instruction,
    args: &BTreeMap<String, Option<String>>,
    problems: &mut Vec<Problem>,
) {
    let image = ins
        .args
        .split_whitespace()
        .find(|w| !w.starts_with("--"))
        .unwrap_or_default();
    for name in variables(image) {
        if AUTOMATIC_ARGS.contains(&name.as_str()) {
            continue;
        }
        let usable = args.get(&name).is_some_and(Option::is_some);
        if !usable {
            problems.push(Problem {
                kind: ProblemKind::UnsetArgument,
                line: Some(ins.line),
                message: format!(
                    "FROM {image} needs the build argument {name}, which has no default: `docker build` without --build-arg fails"
                ),
            });
        }
    }
}

/// Names of `$NAME` and `${NAME…}` references in a word.
fn variables(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = word;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let body = rest.strip_prefix('{').unwrap_or(rest);
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

fn check_copy(ins: &Instruction, context: &Context, problems: &mut Vec<Problem>) {
    let (flags, words) = copy_parts(&ins.args);
    if flags.contains_key("from") || words.len() < 2 || words.iter().any(|w| w.starts_with("<<")) {
        return;
    }
    let sources = &words[..words.len() - 1];
    let matched: Vec<bool> = sources.iter().map(|s| context.matches(s)).collect();
    let any = matched.iter().any(|m| *m);
    for (source, found) in sources.iter().zip(matched) {
        let wildcard = source.contains(['*', '?', '[']);
        // A wildcard may match nothing as long as another source of the instruction matches.
        if !found && (!wildcard || !any) && !source.starts_with("http") {
            problems.push(Problem {
                kind: ProblemKind::MissingSource,
                line: Some(ins.line),
                message: format!(
                    "{} {source}: not in the build context (missing from the project, or left out by .dockerignore)",
                    ins.keyword
                ),
            });
        }
    }
}

/// Wrapper scripts a build runs from the project.
const WRAPPERS: &[&str] = &["./mvnw", "./gradlew"];

fn check_tools(ins: &Instruction, context: &Context, problems: &mut Vec<Problem>) {
    for wrapper in WRAPPERS {
        if ins.args.contains(wrapper) && !context.has(wrapper) {
            problems.push(Problem {
                kind: ProblemKind::MissingTool,
                line: Some(ins.line),
                message: format!("RUN calls {wrapper}, which is not in the build context"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCKERFILE: &str = "ARG BASE\nFROM python:3.13-slim AS build\nCOPY requirements.txt .\nCOPY go.mod go.sum* ./\nRUN sh ./mvnw package\nFROM ${BASE}\nFROM --platform=$BUILDPLATFORM golang:1.27\nCOPY --from=build /app /app\n";

    #[test]
    fn finds_missing_sources_unset_arguments_and_wrappers() {
        let context = Context::of(&["go.mod", "app.py"]);
        let r = check(
            DOCKERFILE,
            &context,
            &["app.py".to_owned(), "main.py".to_owned()],
        )
        .unwrap();
        let kinds: Vec<(ProblemKind, Option<usize>)> =
            r.problems.iter().map(|p| (p.kind, p.line)).collect();
        assert_eq!(
            kinds,
            [
                (ProblemKind::MissingSource, Some(3)),
                (ProblemKind::MissingTool, Some(5)),
                (ProblemKind::UnsetArgument, Some(6)),
                (ProblemKind::MissingEntry, None),
            ],
            "{:#?}",
            r.problems
        );
        assert!(r.problems[3].message.contains("main.py"));
    }

    #[test]
    fn a_scanned_context_honours_dockerignore() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::write(dir.path().join("requirements.txt"), "flask\n").unwrap();
        std::fs::write(dir.path().join("config/master.key"), "secret").unwrap();
        let context = Context::scan(dir.path(), "**/*.key\nrequirements.txt\n").unwrap();
        assert!(!context.has("config/master.key"));
        assert!(!context.has("requirements.txt"));
        assert!(context.has("config"));
        let r = check(
            "FROM python:3.13-slim\nCOPY requirements.txt .\n",
            &context,
            &[],
        )
        .unwrap();
        assert_eq!(r.problems.len(), 1);
    }
}
