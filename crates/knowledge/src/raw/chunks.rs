//! Data files parsed one `[[…]]` entry at a time, on every core once they are large.
//!
//! A parse of a whole file holds its tokens, events and table tree at once: for a generated tree
//! of 0.8 MB (2,000 questions) that was about 30 MB. Parsing each entry on its own holds one
//! entry's worth, and entries are independent, so large files are parsed in contiguous runs on
//! several threads and the runs are joined in file order.
//!
//! A file is split at every line that reads exactly one of its entry headers (`[[image]]`). Outside
//! a multi-line string such a line can only start the next entry; a split inside one leaves the
//! string unterminated, which fails to parse. Every failure makes the caller parse the whole file
//! instead, so problems are always reported as a whole-file parse reports them.

use std::ops::Range;

use super::events::Scratch;
use crate::parallel::{self, threads_for};

/// A data file that is a head (top-level keys) followed by arrays of tables.
pub trait Chunked: Sized {
    /// What one chunk holds.
    type Entry: Send;
    /// The header lines that start an entry, exactly as written.
    const HEADERS: &'static [&'static str];
    /// The file's top-level keys: the text before its first entry. `None` when they do not parse,
    /// or when they hold entries of their own and entries follow too (an error the whole-file
    /// parse reports).
    fn head(text: &str, entries_follow: bool) -> Option<Self>;
    /// One chunk, which starts with `HEADERS[header]`, with its spans moved `offset` bytes on so
    /// that they count from the start of the file.
    fn entry(
        chunk: &str,
        header: usize,
        offset: usize,
        scratch: &mut Scratch,
    ) -> Option<Self::Entry>;
    fn push(&mut self, entry: Self::Entry);
    /// Room for `entries` more entries that start with `HEADERS[header]`, made before they are
    /// pushed: growing a vector of 10k parsed images step by step copied it several times over.
    fn reserve(&mut self, _header: usize, _entries: usize) {}
}

/// One file, parsed chunk by chunk; `None` when any part fails.
pub fn parse_one<A: Chunked>(text: &str) -> Option<A> {
    parse_one_on(text, threads_for(text.len()))
}

pub fn parse_one_on<A: Chunked>(text: &str, threads: usize) -> Option<A> {
    let (a, _) = parse_pair_on::<A, A>(Some(text), None, threads);
    a
}

/// Two files, parsed chunk by chunk with their chunks shared among the same threads; each is
/// `None` when its text is missing or any of its parts fails.
pub fn parse_pair<A: Chunked, B: Chunked>(
    a: Option<&str>,
    b: Option<&str>,
) -> (Option<A>, Option<B>) {
    let bytes = a.map_or(0, str::len) + b.map_or(0, str::len);
    parse_pair_on(a, b, threads_for(bytes))
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    A,
    B,
}

struct Job {
    side: Side,
    range: Range<usize>,
    header: usize,
}

enum Parsed<A, B> {
    A(Option<A>),
    B(Option<B>),
}

pub fn parse_pair_on<A: Chunked, B: Chunked>(
    a: Option<&str>,
    b: Option<&str>,
    threads: usize,
) -> (Option<A>, Option<B>) {
    let (mut head_a, entries_a) = head_and_entries::<A>(a);
    let (mut head_b, entries_b) = head_and_entries::<B>(b);
    let jobs: Vec<Job> = [(Side::A, entries_a), (Side::B, entries_b)]
        .into_iter()
        .flat_map(|(side, entries)| {
            entries.into_iter().map(move |(range, header)| Job {
                side,
                range,
                header,
            })
        })
        .collect();
    let text_a = a.unwrap_or_default();
    let text_b = b.unwrap_or_default();
    let parse = |job: &Job, scratch: &mut Scratch| {
        let (start, end) = (job.range.start, job.range.end);
        match job.side {
            Side::A => Parsed::A(A::entry(&text_a[start..end], job.header, start, scratch)),
            Side::B => Parsed::B(B::entry(&text_b[start..end], job.header, start, scratch)),
        }
    };
    let runs = parallel::in_runs(
        &jobs,
        threads,
        |job| job.range.len(),
        |run| {
            let mut scratch = Scratch::default();
            run.iter()
                .map(|job| parse(job, &mut scratch))
                .collect::<Vec<_>>()
        },
    );
    let count = |side: Side, header: usize| {
        jobs.iter()
            .filter(|job| job.side == side && job.header == header)
            .count()
    };
    if let Some(head) = head_a.as_mut() {
        (0..A::HEADERS.len()).for_each(|h| head.reserve(h, count(Side::A, h)));
    }
    if let Some(head) = head_b.as_mut() {
        (0..B::HEADERS.len()).for_each(|h| head.reserve(h, count(Side::B, h)));
    }
    for entry in runs.into_iter().flatten() {
        match entry {
            Parsed::A(Some(e)) => {
                if let Some(head) = head_a.as_mut() {
                    head.push(e);
                }
            }
            Parsed::B(Some(e)) => {
                if let Some(head) = head_b.as_mut() {
                    head.push(e);
                }
            }
            Parsed::A(None) => head_a = None,
            Parsed::B(None) => head_b = None,
        }
    }
    (head_a, head_b)
}

/// The parsed head of a file and the byte ranges of its entries, each with the index of its header;
/// no entries when the head fails, as the file will be parsed whole anyway.
fn head_and_entries<A: Chunked>(text: Option<&str>) -> (Option<A>, Vec<(Range<usize>, usize)>) {
    let Some(text) = text else {
        return (None, Vec::new());
    };
    let starts = entry_starts(text, A::HEADERS);
    let head_end = starts.first().map_or(text.len(), |&(start, _)| start);
    let Some(head) = A::head(&text[..head_end], !starts.is_empty()) else {
        return (None, Vec::new());
    };
    let ends = starts
        .iter()
        .skip(1)
        .map(|&(start, _)| start)
        .chain([text.len()]);
    let entries = starts
        .iter()
        .zip(ends)
        .map(|(&(start, header), end)| (start..end, header))
        .collect();
    (Some(head), entries)
}

/// Where each line that reads exactly one of `headers` (trailing blanks allowed) starts.
fn entry_starts(text: &str, headers: &[&str]) -> Vec<(usize, usize)> {
    // Every header starts with `[[`, so only lines that do are compared.
    let line_starts = std::iter::once(0)
        .chain(memchr::memmem::find_iter(text.as_bytes(), "\n[[").map(|at| at + 1));
    line_starts
        .filter_map(|start| {
            let rest = &text[start..];
            let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            let line = rest[..end].trim_end();
            headers
                .iter()
                .position(|h| *h == line)
                .map(|header| (start, header))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_start_only_at_lines_that_are_exactly_a_header() {
        let text = "a = 1\n[[x]]\nb = 2\n [[x]]\n[[x]] # note\n[[y]]  \r\nc = 3\n[[x.z]]\n[[x]]";
        let starts = entry_starts(text, &["[[x]]", "[[y]]"]);
        let lines: Vec<(&str, usize)> = starts
            .iter()
            .map(|&(at, h)| (text[at..].lines().next().unwrap(), h))
            .collect();
        assert_eq!(lines, [("[[x]]", 0), ("[[y]]  ", 1), ("[[x]]", 0)]);
        assert_eq!(entry_starts("[[y]]\n", &["[[x]]", "[[y]]"]), [(0, 1)]);
    }
}
