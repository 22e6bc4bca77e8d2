//! `.dockerignore` as Docker applies it, to tell which files of a project reach the build context.
//!
//! Each line is a pattern relative to the context root (a leading `/` or `./` changes nothing); `#`
//! starts a comment and `!` an exception. Patterns are Go globs — `*` and `?` stop at `/`, `[...]` is
//! a character class — plus `**`, which spans any number of directories. A pattern matches a path when
//! it matches the path itself or one of its parent directories, and the last matching line decides.

use regex_lite::Regex;

#[derive(Debug, Clone)]
struct Rule {
    regex: Regex,
    exception: bool,
}

/// The compiled rules of one `.dockerignore` file.
#[derive(Debug, Clone, Default)]
pub struct DockerIgnore {
    rules: Vec<Rule>,
}

/// Cleans a pattern or path the way Go's `filepath.Clean` does for these purposes: no leading `/` or
/// `./`, no trailing `/`, no empty or `.` segments.
fn clean(text: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in text.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Translates a Docker glob into an anchored regular expression; `None` for a pattern Docker would
/// refuse (an unterminated class or a trailing backslash).
pub(super) fn translate(pattern: &str) -> Option<Regex> {
    let mut out = String::from("^");
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' if chars.get(i + 1) == Some(&'*') => {
                i += 1;
                if chars.get(i + 1) == Some(&'/') {
                    // `**/` spans zero or more whole directories.
                    i += 1;
                    out.push_str("(?:.*/)?");
                } else {
                    out.push_str(".*");
                }
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '[' => {
                let end = chars[i + 1..].iter().position(|&c| c == ']')? + i + 1;
                let class: String = chars[i + 1..end].iter().collect();
                let class = class
                    .strip_prefix('^')
                    .map_or(class.clone(), |rest| format!("^{rest}"));
                out.push('[');
                out.push_str(&class.replace('\\', "\\\\"));
                out.push(']');
                i = end;
            }
            '\\' => {
                i += 1;
                out.push_str(&regex_lite::escape(&chars.get(i)?.to_string()));
            }
            other => out.push_str(&regex_lite::escape(&other.to_string())),
        }
        i += 1;
    }
    out.push('$');
    Regex::new(&out).ok()
}

impl DockerIgnore {
    /// Parses the file's text; lines Docker would refuse (an unterminated class) are skipped.
    pub fn parse(text: &str) -> Self {
        let rules = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|line| {
                let (exception, pattern) = match line.strip_prefix('!') {
                    Some(rest) => (true, rest.trim()),
                    None => (false, line),
                };
                let pattern = clean(pattern);
                if pattern.is_empty() {
                    return None;
                }
                translate(&pattern).map(|regex| Rule { regex, exception })
            })
            .collect();
        DockerIgnore { rules }
    }

    /// Whether any line takes paths back with `!`: then an excluded directory may still hold files
    /// that reach the context, and a walk has to look inside it.
    pub fn has_exceptions(&self) -> bool {
        self.rules.iter().any(|r| r.exception)
    }

    /// Whether `path` (relative to the context root, `/`-separated) is left out of the build context.
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let parents: Vec<&str> = path
            .match_indices('/')
            .map(|(i, _)| &path[..i])
            .chain(std::iter::once(path.as_str()))
            .collect();
        let mut excluded = false;
        for rule in &self.rules {
            if parents.iter().any(|p| rule.regex.is_match(p)) {
                excluded = !rule.exception;
            }
        }
        excluded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ignore(text: &str) -> DockerIgnore {
        DockerIgnore::parse(text)
    }

    #[test]
    fn single_stars_stay_within_one_directory() {
        let d = ignore("*.pem\n*/temp*\n");
        assert!(d.excludes("server.pem"));
        assert!(!d.excludes("certs/server.pem"));
        assert!(d.excludes("sub/tempfile"));
        assert!(!d.excludes("a/b/tempfile"));
    }

    #[test]
    fn double_stars_span_directories() {
        let d = ignore("**/*.key\n**/.env\n**/config/master.key\nsecrets/**\n");
        assert!(d.excludes("server.key"));
        assert!(d.excludes("config/credentials/production.key"));
        assert!(d.excludes(".env"));
        assert!(d.excludes("app/nested/.env"));
        assert!(d.excludes("config/master.key"));
        assert!(d.excludes("secrets/a/b"));
        assert!(!d.excludes("secrets"));
        assert!(!d.excludes("server.keys"));
    }

    #[test]
    fn a_matched_directory_takes_its_contents_and_exceptions_win_when_later() {
        let d = ignore("node_modules\n*.md\n!README.md\n");
        assert!(d.excludes("node_modules/x/index.js"));
        assert!(d.excludes("CHANGELOG.md"));
        assert!(!d.excludes("README.md"));
        let d = ignore("!README.md\n*.md\n");
        assert!(d.excludes("README.md"), "the last matching line decides");
    }

    #[test]
    fn leading_slashes_and_dots_change_nothing_and_classes_work() {
        let d = ignore("/build\n./dist/\n# comment\n[Tt]emp\n");
        assert!(d.excludes("build/out.o"));
        assert!(d.excludes("dist/app.js"));
        assert!(d.excludes("Temp"));
        assert!(d.excludes("temp"));
        assert!(!d.excludes("src/build"));
    }
}
