//! Text, JSON, Markdown, CSV, Mermaid and DOT renderings used by the CLI. Pure: they write to any
//! `impl Write` and never need a terminal.

pub mod audit;
pub mod audit_sarif;
pub mod build_check;
pub mod detect;
pub mod images;
pub mod json;
pub mod quiz;
pub mod recommend;
pub mod tree;

use std::io::{self, Write};

use clap::ValueEnum;
use unicode_width::UnicodeWidthStr;

/// Output of `recommend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecommendFormat {
    Text,
    Json,
    Markdown,
}

/// Output of `detect` and `audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Output of `audit`: for people, for scripts, for code-scanning (SARIF 2.1.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
    Sarif,
}

/// The least severe finding that makes `audit` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

/// Output of `images`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Markdown,
    Csv,
}

/// Output of `tree`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TreeFormat {
    Text,
    Json,
    Mermaid,
    Dot,
}

/// A simple table rendered as aligned text, Markdown or CSV.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Self {
        Table {
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    /// Columns padded to line up, two spaces apart, with a rule under the headers.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        // Each cell's display width is worked out once: for the column widths, then the padding.
        let cell_widths: Vec<Vec<usize>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|cell| display_width(cell)).collect())
            .collect();
        let header_widths: Vec<usize> = self.headers.iter().map(|h| display_width(h)).collect();
        let mut widths = header_widths.clone();
        for row in &cell_widths {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(*cell);
            }
        }
        let mut line = String::new();
        let mut write_line = |cells: &[String], cell_widths: &[usize]| {
            line.clear();
            for (i, ((cell, width), column)) in
                cells.iter().zip(cell_widths).zip(&widths).enumerate()
            {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if i + 1 < cells.len() {
                    line.extend(std::iter::repeat_n(' ', column.saturating_sub(*width)));
                }
            }
            line.push('\n');
            out.write_all(line.as_bytes())
        };
        write_line(&self.headers, &header_widths)?;
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        write_line(&rule, &widths)?;
        for (row, row_widths) in self.rows.iter().zip(&cell_widths) {
            write_line(row, row_widths)?;
        }
        Ok(())
    }

    /// A GitHub-flavoured Markdown table; pipes inside cells are escaped.
    pub fn write_markdown(&self, out: &mut impl Write) -> io::Result<()> {
        let esc = |c: &String| c.replace('|', "\\|");
        writeln!(
            out,
            "| {} |",
            self.headers.iter().map(esc).collect::<Vec<_>>().join(" | ")
        )?;
        writeln!(out, "|{}", "---|".repeat(self.headers.len()))?;
        for row in &self.rows {
            writeln!(
                out,
                "| {} |",
                row.iter().map(esc).collect::<Vec<_>>().join(" | ")
            )?;
        }
        Ok(())
    }

    pub fn write_csv(&self, out: &mut impl Write) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.headers)?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        w.flush()
    }
}

/// Columns a cell takes on a terminal. Most cells are printable ASCII, one column a byte, and skip
/// the per-character lookup.
fn display_width(cell: &str) -> usize {
    if cell.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        cell.len()
    } else {
        cell.width()
    }
}

/// Pretty JSON followed by a newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    // Into memory first: the pretty printer writes token by token, and each write to a `dyn Write`
    // is a call through the stream's buffering rather than an inlined copy.
    let mut text = serde_json::to_vec_pretty(value)?;
    text.push(b'\n');
    out.write_all(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(&["id", "size"]);
        t.push(vec!["scratch".into(), "0 MB".into()]);
        t.push(vec!["a|b".into(), "1,5".into()]);
        t
    }

    #[test]
    fn text_columns_line_up() {
        let mut out = Vec::new();
        table().write_text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "id       size");
        assert_eq!(lines[2], "scratch  0 MB");
    }

    #[test]
    fn widths_count_columns_not_bytes() {
        assert_eq!(display_width("python:3.13-slim"), 16);
        assert_eq!(display_width("≈106"), 4);
        assert_eq!(display_width("──"), 2);
        assert_eq!(display_width("日本"), 4);
        let mut t = Table::new(&["name", "n"]);
        t.push(vec!["日本".into(), "1".into()]);
        t.push(vec!["ab".into(), "2".into()]);
        let mut out = Vec::new();
        t.write_text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.lines().nth(2), Some("日本  1"));
        assert_eq!(text.lines().nth(3), Some("ab    2"));
    }

    #[test]
    fn markdown_escapes_pipes_and_csv_quotes_commas() {
        let mut md = Vec::new();
        table().write_markdown(&mut md).unwrap();
        assert!(String::from_utf8(md).unwrap().contains("| a\\|b | 1,5 |"));
        let mut csv = Vec::new();
        table().write_csv(&mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().contains("a|b,\"1,5\""));
    }
}
