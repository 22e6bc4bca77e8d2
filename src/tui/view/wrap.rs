//! Word wrapping for styled text with a hanging indent: the lines after the first start under the
//! text rather than under the item's marker, so a wrapped item never looks like a new one. The view
//! and the mouse's hit-testing both use it, so they agree on where each line is.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// Wraps `spans` to `width` columns at spaces; continuation lines start with `indent` spaces. A word
/// longer than a line is split.
pub fn wrap(spans: &[Span<'_>], width: u16, indent: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let indent = usize::from(indent).min(width.saturating_sub(1));
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (word, style, space) in tokens(spans) {
        let w = word.width();
        if space {
            // Spaces where a line breaks are dropped; elsewhere (and at the very start) they stay.
            if used + w <= width && (lines.len() == 1 || used > indent) {
                push(&mut lines, word, style);
                used += w;
            }
            continue;
        }
        let start = if lines.len() > 1 { indent } else { 0 };
        if used + w > width && used > start {
            trim_end(&mut lines, indent);
            lines.push(indented(indent));
            used = indent;
        }
        let mut rest = word.as_str();
        while used + rest.width() > width {
            let room = width - used;
            let cut = split_at_width(rest, room.max(1));
            push(&mut lines, rest[..cut].to_owned(), style);
            rest = &rest[cut..];
            lines.push(indented(indent));
            used = indent;
        }
        if !rest.is_empty() {
            used += rest.width();
            push(&mut lines, rest.to_owned(), style);
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// Runs of spaces and of other characters, with their style; `true` marks spaces.
fn tokens(spans: &[Span<'_>]) -> Vec<(String, Style, bool)> {
    let mut out: Vec<(String, Style, bool)> = Vec::new();
    for span in spans {
        for c in span.content.chars() {
            let space = c == ' ';
            match out.last_mut() {
                Some((text, style, s)) if *s == space && *style == span.style => text.push(c),
                _ => out.push((c.to_string(), span.style, space)),
            }
        }
    }
    out
}

fn push(lines: &mut [Vec<Span<'static>>], text: String, style: Style) {
    if let Some(line) = lines.last_mut() {
        line.push(Span::styled(text, style));
    }
}

/// A new line holding only its indent.
fn indented(indent: usize) -> Vec<Span<'static>> {
    if indent == 0 {
        Vec::new()
    } else {
        vec![Span::raw(" ".repeat(indent))]
    }
}

/// Drops the spaces a line ends with (never its indent, the first span of a continuation line).
fn trim_end(lines: &mut [Vec<Span<'static>>], indent: usize) {
    let keep = usize::from(lines.len() > 1 && indent > 0);
    if let Some(line) = lines.last_mut() {
        while line.len() > keep && line.last().is_some_and(|s| s.content.trim().is_empty()) {
            line.pop();
        }
    }
}

/// The byte index where `text` exceeds `columns` columns (at least one character).
fn split_at_width(text: &str, columns: usize) -> usize {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > columns && i > 0 {
            return i;
        }
        used += w;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn continuation_lines_hang_under_the_text() {
        let spans = [Span::raw("• "), Span::raw("alpha beta gamma delta")];
        assert_eq!(
            text(&wrap(&spans, 12, 2)),
            ["• alpha beta", "  gamma", "  delta"]
        );
    }

    #[test]
    fn long_words_are_split_and_short_text_is_one_line() {
        assert_eq!(
            text(&wrap(&[Span::raw("abcdefghij")], 4, 0)),
            ["abcd", "efgh", "ij"]
        );
        assert_eq!(text(&wrap(&[Span::raw("a b")], 10, 2)), ["a b"]);
    }

    #[test]
    fn styles_survive_wrapping() {
        let bold = Style::new().bold();
        let lines = wrap(&[Span::styled("one two", bold)], 4, 0);
        assert_eq!(lines.len(), 2);
        assert!(
            lines
                .iter()
                .all(|l| l.spans.iter().all(|s| s.style == bold))
        );
    }
}
