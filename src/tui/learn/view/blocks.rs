//! A slide's body as lines of text for a given width: paragraphs, tables from the catalog and
//! families, known problems, Dockerfile excerpts with the step's lines marked, the tree.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::knowledge::Knowledge;
use crate::learn::{Body, Excerpt, TreeLine};
use crate::present;

use super::super::super::view::Theme;

/// Words of `text` in lines of at most `width` columns.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lines of a body; `context` is how many lines around a Dockerfile step to show.
pub fn lines(
    knowledge: &Knowledge,
    body: &Body<'_>,
    width: usize,
    context: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    match body {
        Body::Text(text) => plain(wrap(text, width)),
        Body::Missing(text) => wrap(text, width)
            .into_iter()
            .map(|l| Line::styled(l, theme.dim()))
            .collect(),
        Body::Images(images) => {
            let headers = ["Image", "Family", "Size", "Packages", "Vulns", "Shell"];
            let rows: Vec<Vec<String>> = images
                .iter()
                .map(|i| {
                    vec![
                        i.reference.to_string(),
                        i.family.to_string(),
                        present::size(&i.compressed),
                        present::count(&i.packages),
                        present::vulns_cell(i),
                        i.shell.to_string(),
                    ]
                })
                .collect();
            let mut out = table(&headers, &rows, width, theme);
            out.push(Line::default());
            let notes = format!(
                "Sizes compressed (linux/amd64). {} * {}.",
                present::ESTIMATE_NOTE,
                present::ILLUSTRATIVE_NOTE
            );
            out.extend(
                wrap(&notes, width)
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim())),
            );
            out
        }
        Body::Families(profiles) => {
            let day = knowledge.review_date();
            let images: Vec<&crate::knowledge::Image> = knowledge.catalog.images.iter().collect();
            let mut headers = vec![String::new()];
            headers.extend(profiles.iter().map(|p| p.family.as_str().to_owned()));
            let mut rows: Vec<Vec<String>> = Vec::new();
            let figures: Vec<(String, String)> = profiles
                .iter()
                .map(|p| present::family_figures(&images, p.family, day))
                .collect();
            rows.push(
                std::iter::once("Size".to_owned())
                    .chain(figures.iter().map(|f| f.0.clone()))
                    .collect(),
            );
            rows.push(
                std::iter::once("Packages".to_owned())
                    .chain(figures.iter().map(|f| f.1.clone()))
                    .collect(),
            );
            for a in 0..profiles.first().map_or(0, |p| p.aspects().len()) {
                let mut row = vec![profiles[0].aspects()[a].0.to_owned()];
                row.extend(profiles.iter().map(|p| p.aspects()[a].1.to_owned()));
                rows.push(row);
            }
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            table(&headers, &rows, width, theme)
        }
        Body::Tips(tips) => {
            let mut out = Vec::new();
            for tip in tips {
                out.extend(
                    wrap(&tip.problem, width)
                        .into_iter()
                        .map(|l| Line::styled(l, theme.accent())),
                );
                out.extend(plain(wrap(&format!("Cause: {}", tip.cause), width)));
                out.extend(plain(wrap(&format!("Fix: {}", tip.fix), width)));
                out.push(Line::default());
            }
            out.pop();
            out
        }
        Body::Step {
            step,
            text,
            example,
        } => {
            let mut out = plain(wrap(text, width));
            out.push(Line::default());
            let excerpt = example.excerpt(*step, context);
            if excerpt.is_empty() {
                out.extend(
                    wrap(
                        &format!("The Dockerfile for `{}` has no such line: its image does without this step.", example.leaf),
                        width,
                    )
                    .into_iter()
                    .map(|l| Line::styled(l, theme.dim())),
                );
                return out;
            }
            out.push(Line::styled(
                format!(
                    "From the Dockerfile basepick writes for `{}`:",
                    example.leaf
                ),
                theme.dim(),
            ));
            let digits = example.lines.len().to_string().len();
            for line in excerpt {
                out.push(match line {
                    Excerpt::Gap => Line::styled(format!("{:>digits$} ┆", ""), theme.dim()),
                    Excerpt::Line {
                        number,
                        text,
                        marked,
                    } => {
                        let style = if marked { theme.accent() } else { Style::new() };
                        let marker = if marked { "▶" } else { " " };
                        let room = width.saturating_sub(digits + 4);
                        Line::from(vec![
                            Span::styled(format!("{number:>digits$} {marker} "), theme.dim()),
                            Span::styled(truncate(text, room), style),
                        ])
                    }
                });
            }
            out
        }
        Body::Tree(outline) => tree(outline, width, theme),
    }
}

fn plain(lines: Vec<String>) -> Vec<Line<'static>> {
    lines.into_iter().map(Line::from).collect()
}

fn tree(outline: &[TreeLine], width: usize, theme: Theme) -> Vec<Line<'static>> {
    outline
        .iter()
        .map(|l| {
            let indent = "  ".repeat(usize::from(l.depth));
            let text = truncate(&format!("{indent}{}", l.text), width);
            if l.depth == 0 {
                Line::styled(text, theme.title())
            } else {
                Line::from(text)
            }
        })
        .collect()
}

/// `text` cut to `width` columns, with … when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 2 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A table whose columns share `width`: narrow columns keep their width, the rest wrap.
fn table(headers: &[&str], rows: &[Vec<String>], width: usize, theme: Theme) -> Vec<Line<'static>> {
    let n = headers.len();
    let natural: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.width()))
                .chain(std::iter::once(headers[c].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = fit(&natural, width.saturating_sub(2 * (n - 1)));
    let mut out = Vec::new();
    let render = |cells: &[String], style: Style| -> Vec<Line<'static>> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, w)| {
                let lines = wrap(cell, *w);
                let lines = if lines.is_empty() {
                    vec![String::new()]
                } else {
                    lines
                };
                lines.into_iter().map(|l| truncate(&l, *w)).collect()
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|r| {
                let mut text = String::new();
                for (c, w) in widths.iter().enumerate() {
                    let cell = wrapped[c].get(r).map_or("", String::as_str);
                    if c > 0 {
                        text.push_str("  ");
                    }
                    text.push_str(cell);
                    if c + 1 < n {
                        text.push_str(&" ".repeat(w.saturating_sub(cell.width())));
                    }
                }
                Line::styled(text.trim_end().to_owned(), style)
            })
            .collect()
    };
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    out.extend(render(&header, theme.title()));
    for row in rows {
        out.extend(render(row, Style::new()));
    }
    out
}

/// Column widths within `room`: the widest columns give up space first, none below 6.
fn fit(natural: &[usize], room: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    while widths.iter().sum::<usize>() > room {
        let Some((i, w)) = widths.iter().copied().enumerate().max_by_key(|(_, w)| *w) else {
            break;
        };
        if w <= 6 {
            break;
        }
        widths[i] = w - 1;
    }
    widths
}
