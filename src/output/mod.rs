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

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        widths
    }

    /// Columns padded to line up, two spaces apart, with a rule under the headers.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let widths = self.widths();
        let line = |cells: &[String]| {
            let mut s = String::new();
            for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                s.push_str(cell);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(w.saturating_sub(cell.width())));
                }
            }
            s
        };
        writeln!(out, "{}", line(&self.headers))?;
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        writeln!(out, "{}", line(&rule))?;
        for row in &self.rows {
            writeln!(out, "{}", line(row))?;
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

/// Pretty JSON followed by a newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
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
    fn markdown_escapes_pipes_and_csv_quotes_commas() {
        let mut md = Vec::new();
        table().write_markdown(&mut md).unwrap();
        assert!(String::from_utf8(md).unwrap().contains("| a\\|b | 1,5 |"));
        let mut csv = Vec::new();
        table().write_csv(&mut csv).unwrap();
        assert!(String::from_utf8(csv).unwrap().contains("a|b,\"1,5\""));
    }
}
