//! Problems found in the data files, located by file, line and column, with the offending line.

use crate::text::Text;
use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// How bad a problem is: errors stop the data from loading, warnings are only reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Which rule a problem breaks; stable, so scripts and tests can match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    MissingFile,
    Syntax,
    UnknownKey,
    DuplicateId,
    UnknownReference,
    Cycle,
    Unreachable,
    NoChoices,
    ChoiceTarget,
    UnknownPlaceholder,
    FloatingTag,
    UnsupportedLeaf,
    AnswerKey,
    AbiMismatch,
    BadParam,
    BadVersions,
    BadRange,
    NearEndOfSupport,
    BadReference,
    UnknownProduct,
    DatesOutOfOrder,
    MissingSource,
    MissingDate,
    DuplicateVersion,
    CatalogLifecycle,
    BadFigure,
    StaleFigure,
    FutureDate,
    VersionGap,
    BadPattern,
    /// A concept question whose answer is not one of its choices (`learn.toml`).
    AnswerNotAChoice,
    /// A text the learner would read is empty (`learn.toml`).
    EmptyText,
    /// A template stops with an error when rendered for a leaf: it runs out of fuel, its output
    /// passes the size cap, or a value fails at render time (`check-data` renders every leaf).
    RenderFailed,
}

/// A place in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    /// The whole offending line.
    pub snippet: Text,
    /// Width of the marked part of the line, in characters (at least 1; not part of JSON output, kept
    /// in binary formats so the embedded data marks what loading the files would).
    pub width: usize,
}

#[derive(Serialize, Deserialize)]
struct ReadableLocation<S> {
    line: usize,
    column: usize,
    snippet: S,
}

#[derive(Serialize, Deserialize)]
struct CompactLocation<S> {
    line: usize,
    column: usize,
    snippet: S,
    width: usize,
}

impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (line, column, snippet) = (self.line, self.column, &self.snippet);
        if serializer.is_human_readable() {
            ReadableLocation {
                line,
                column,
                snippet,
            }
            .serialize(serializer)
        } else {
            // The snippet as a `Text`, as it is read back (into the string table when one is
            // being written).
            CompactLocation {
                line,
                column,
                snippet,
                width: self.width,
            }
            .serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Location
where
    'de: 'static,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let l = ReadableLocation::<Text>::deserialize(deserializer)?;
            Ok(Location {
                line: l.line,
                column: l.column,
                snippet: l.snippet,
                width: 1,
            })
        } else {
            let l = CompactLocation::<Text>::deserialize(deserializer)?;
            Ok(Location {
                line: l.line,
                column: l.column,
                snippet: l.snippet,
                width: l.width,
            })
        }
    }
}

impl Location {
    /// Locates a byte span of `source` (1-based line and column, counted in characters). Scans
    /// `source` up to the span: to locate many spans of one file, use a [`LineIndex`].
    pub fn of_span(source: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line = source[..start].matches('\n').count() + 1;
        Self::on_line(source, span, line)
    }

    /// Locates `span` knowing the 1-based number of the line it starts on.
    fn on_line(source: &str, span: Range<usize>, line: usize) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let column = source[line_start..start].chars().count() + 1;
        let marked_end = end.min(line_end);
        let width = source[start..marked_end].chars().count().max(1);
        Location {
            line,
            column,
            snippet: source[line_start..line_end].trim_end_matches('\r').into(),
            width,
        }
    }
}

/// Where each line of a file starts, so locating a span costs a binary search instead of a scan of
/// everything before it (a catalog locates every image it defines).
#[derive(Debug)]
pub struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset of each line's first character; the first line starts at 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(source: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// The same location [`Location::of_span`] gives.
    pub fn locate(&self, span: Range<usize>) -> Location {
        let start = floor_char_boundary(self.source, span.start.min(self.source.len()));
        // The number of line starts at or before `start` is the 1-based line number.
        let line = self.starts.partition_point(|&s| s <= start);
        Location::on_line(self.source, span, line)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem in the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub rule: Rule,
    /// File name relative to the data directory, e.g. `decision_tree.toml`.
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    pub fn error(rule: Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            rule,
            file: file.into(),
            location: None,
            message: message.into(),
        }
    }

    pub fn warning(rule: Rule, file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(rule, file, message)
        }
    }

    /// Attaches the location of `span` in `source`.
    #[must_use]
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        self.location = Some(Location::of_span(source, span));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.location {
            None => write!(f, "{severity}: {}: {}", self.file, self.message),
            Some(loc) => {
                writeln!(
                    f,
                    "{severity}: {}:{}:{}: {}",
                    self.file, loc.line, loc.column, self.message
                )?;
                let gutter = loc.line.to_string().len();
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {}", loc.line, loc.snippet)?;
                write!(
                    f,
                    "{:gutter$} | {}{}",
                    "",
                    " ".repeat(loc.column - 1),
                    "^".repeat(loc.width.max(1))
                )
            }
        }
    }
}

/// Every problem found while loading, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.0.iter().filter(|p| !p.is_error())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_span_by_line_and_column() {
        let src = "a = 1\nimage = \"nope\"\n";
        let start = src.find("\"nope\"").unwrap();
        let loc = Location::of_span(src, start..start + 6);
        assert_eq!((loc.line, loc.column, loc.width), (2, 9, 6));
        assert_eq!(loc.snippet, "image = \"nope\"");
    }

    #[test]
    fn the_line_index_locates_every_span_as_a_scan_does() {
        let src = "a = 1\r\nné = \"x\"\n\n[[image]]\nid = \"é\"";
        let index = LineIndex::new(src);
        for start in 0..=src.len() + 2 {
            for end in [start, start + 1, start + 5] {
                assert_eq!(
                    index.locate(start..end),
                    Location::of_span(src, start..end),
                    "{start}..{end}"
                );
            }
        }
    }

    #[test]
    fn display_shows_file_line_column_and_caret() {
        let src = "x = [\n";
        let p = Problem::error(Rule::Syntax, "images.toml", "expected a value").at(src, 4..5);
        let text = p.to_string();
        assert!(
            text.starts_with("error: images.toml:1:5: expected a value"),
            "{text}"
        );
        assert!(text.contains("1 | x = ["), "{text}");
        assert!(text.ends_with("  |     ^"), "{text}");
    }
}
