//! Splitting a Dockerfile into instructions: parser directives, comments, line continuations and
//! heredocs.

/// A Dockerfile that cannot be read, with the line where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

pub(crate) fn fail<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        line,
        message: message.into(),
    })
}

/// One instruction after continuations are joined; heredoc bodies are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Line where the instruction starts.
    pub line: usize,
    /// Upper-cased keyword.
    pub keyword: String,
    pub args: String,
}

const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Something the lexer skipped or read leniently, with its line: it becomes a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub line: usize,
    pub kind: super::FindingKind,
    pub severity: super::Severity,
    pub message: String,
}

/// The instructions of a Dockerfile and what was odd about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexed {
    pub instructions: Vec<Instruction>,
    pub notices: Vec<Notice>,
}

/// Instructions whose arguments may open heredocs.
const HEREDOC_KEYWORDS: &[&str] = &["RUN", "COPY", "ADD"];

/// Splits a Dockerfile into instructions. Unknown instructions are skipped with a notice, so the rest
/// of the file is still audited; an unterminated heredoc or a bad parser directive is an error.
pub fn instructions(text: &str) -> Result<Lexed, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let mut escape = '\\';
    let mut i = 0;
    // Parser directives: `# key=value` lines at the very top.
    while let Some(line) = lines.get(i) {
        let Some((key, value)) = directive(line) else {
            break;
        };
        if key == "escape" {
            escape = match value.as_str() {
                "\\" => '\\',
                "`" => '`',
                other => {
                    return fail(
                        i + 1,
                        format!("the escape directive takes \\ or `, not `{other}`"),
                    );
                }
            };
        }
        i += 1;
    }
    let mut out = Vec::new();
    let mut notices = Vec::new();
    while i < lines.len() {
        let trimmed = lines[i].trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut logical = String::new();
        loop {
            let line = lines[i].trim_end();
            i += 1;
            if let Some(joined) = line.strip_suffix(escape) {
                logical.push_str(joined);
                logical.push(' ');
                // Comments and blank lines inside a continued instruction are dropped.
                while lines
                    .get(i)
                    .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
                {
                    i += 1;
                }
                if i >= lines.len() {
                    notices.push(Notice {
                        line: start,
                        kind: super::FindingKind::Syntax,
                        severity: super::Severity::Info,
                        message: format!(
                            "the instruction on line {start} ends with a line continuation at the end of the file"
                        ),
                    });
                    break;
                }
            } else {
                logical.push_str(line);
                break;
            }
        }
        let logical = logical.trim();
        let (word, args) = logical
            .split_once(char::is_whitespace)
            .unwrap_or((logical, ""));
        let keyword = word.to_ascii_uppercase();
        if !KEYWORDS.contains(&keyword.as_str()) {
            let shown: String = word.chars().take(40).collect();
            notices.push(Notice {
                line: start,
                kind: super::FindingKind::UnknownInstruction,
                severity: super::Severity::Error,
                message: format!("`{shown}` is not a Dockerfile instruction; a build stops here"),
            });
            continue;
        }
        let args = args.trim().to_owned();
        if args.is_empty() {
            return match keyword.as_str() {
                "FROM" => fail(start, "FROM needs an image"),
                _ => fail(start, format!("{keyword} needs arguments")),
            };
        }
        if HEREDOC_KEYWORDS.contains(&keyword.as_str()) {
            for (word, strip_tabs) in heredoc_words(&args) {
                i = skip_heredoc(&lines, i, &word, strip_tabs).ok_or_else(|| ParseError {
                    line: start,
                    message: format!("the heredoc <<{word} is never closed by a line `{word}`"),
                })?;
            }
        }
        out.push(Instruction {
            line: start,
            keyword,
            args,
        });
    }
    Ok(Lexed {
        instructions: out,
        notices,
    })
}

/// A parser directive line (`# escape=\``, `# syntax=docker/dockerfile:1`).
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim().strip_prefix('#')?;
    let (key, value) = body.split_once('=')?;
    let key = key.trim().to_ascii_lowercase();
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| (key, value.trim().to_owned()))
}

/// Heredoc delimiters opened on an instruction line: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`. A `<<`
/// inside quotes or a `<<<` here-string opens nothing.
fn heredoc_words(args: &str) -> Vec<(String, bool)> {
    let bytes = args.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if b == b'"' || b == b'\'' {
            quote = Some(b);
            i += 1;
            continue;
        }
        if !bytes[i..].starts_with(b"<<") {
            i += 1;
            continue;
        }
        let mut j = i + 2;
        if bytes.get(j) == Some(&b'<') {
            while bytes.get(j) == Some(&b'<') {
                j += 1;
            }
            i = j;
            continue;
        }
        let strip_tabs = bytes.get(j) == Some(&b'-');
        if strip_tabs {
            j += 1;
        }
        let closing = match bytes.get(j) {
            Some(&c @ (b'"' | b'\'')) => {
                j += 1;
                Some(c)
            }
            _ => None,
        };
        let start = j;
        while bytes
            .get(j)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        {
            j += 1;
        }
        let word = &args[start..j];
        if let Some(c) = closing {
            if bytes.get(j) != Some(&c) {
                i = j;
                continue;
            }
            j += 1;
        }
        if !word.is_empty() {
            out.push((word.to_owned(), strip_tabs));
        }
        i = j;
    }
    out
}

/// The index of the line after the heredoc's closing line, or `None` when it is never closed.
fn skip_heredoc(lines: &[&str], from: usize, word: &str, strip_tabs: bool) -> Option<usize> {
    (from..lines.len())
        .find(|&j| {
            let line = lines[j].trim_end_matches('\r');
            let line = if strip_tabs {
                line.trim_start_matches('\t')
            } else {
                line
            };
            line == word
        })
        .map(|j| j + 1)
}
