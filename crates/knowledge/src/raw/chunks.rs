//! Data files parsed one `[[…]]` entry at a time, on every core once they are large.
//!
//! A parse of a whole file holds its tokens, events and table tree at once: about 30 bytes for
//! every byte of text, so a 6 MB catalog needed close to 200 MB. Parsing each entry on its own
//! holds one entry's worth, and entries are independent, so large files are parsed in contiguous
//! runs on several threads and the runs are joined in file order.
//!
//! A file is split at every line that reads exactly one of its entry headers (`[[image]]`). Outside
//! a multi-line string such a line can only start the next entry; a split inside one leaves the
//! string unterminated, which fails to parse. Every failure makes the caller parse the whole file
//! instead, so problems are always reported as a whole-file parse reports them.

use std::ops::Range;

/// Below this many bytes in all, files are parsed on the calling thread: starting threads would
/// cost more than they save (the built-in catalog is about 120 KB).
pub const PARALLEL_BYTES: usize = 1024 * 1024;

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
    fn entry(chunk: &str, header: usize, offset: usize) -> Option<Self::Entry>;
    fn push(&mut self, entry: Self::Entry);
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

fn threads_for(bytes: usize) -> usize {
    if bytes < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    }
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
    let parsed = run_in_order(&jobs, threads, |job| {
        let (start, end) = (job.range.start, job.range.end);
        match job.side {
            Side::A => Parsed::A(A::entry(&text_a[start..end], job.header, start)),
            Side::B => Parsed::B(B::entry(&text_b[start..end], job.header, start)),
        }
    });
    for entry in parsed {
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
    let line_starts = std::iter::once(0).chain(text.match_indices("\n[[").map(|(at, _)| at + 1));
    line_starts
        .filter_map(|start| {
            let rest = &text[start..];
            let line = rest.find('\n').map_or(rest, |end| &rest[..end]).trim_end();
            headers
                .iter()
                .position(|h| *h == line)
                .map(|header| (start, header))
        })
        .collect()
}

/// `parse` applied to every job, on up to `threads` threads, each taking a contiguous run of jobs
/// of about the same number of bytes; the results come back in job order.
fn run_in_order<T: Send>(jobs: &[Job], threads: usize, parse: impl Fn(&Job) -> T + Sync) -> Vec<T> {
    if threads <= 1 || jobs.len() < 2 {
        return jobs.iter().map(&parse).collect();
    }
    let total: usize = jobs.iter().map(|j| j.range.len()).sum();
    let share = total.div_ceil(threads).max(1);
    let mut runs: Vec<&[Job]> = Vec::with_capacity(threads);
    let (mut from, mut bytes) = (0, 0);
    for (i, job) in jobs.iter().enumerate() {
        bytes += job.range.len();
        if bytes >= share && runs.len() + 1 < threads {
            runs.push(&jobs[from..=i]);
            (from, bytes) = (i + 1, 0);
        }
    }
    runs.push(&jobs[from..]);
    let parse = &parse;
    let Some((last, others)) = runs.split_last() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter()
            .map(|run| scope.spawn(move || run.iter().map(parse).collect::<Vec<T>>()))
            .collect();
        // The calling thread takes the last run rather than waiting idle.
        let mine: Vec<T> = last.iter().map(parse).collect();
        let mut all = Vec::with_capacity(jobs.len());
        for handle in handles {
            // A panic while parsing goes on as it would have on this thread.
            all.extend(
                handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all.extend(mine);
        all
    })
}

/// A span moved `by` bytes on.
pub fn shift<T>(s: toml::Spanned<T>, by: usize) -> toml::Spanned<T> {
    let span = s.span();
    toml::Spanned::new(span.start + by..span.end + by, s.into_inner())
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

    #[test]
    fn runs_keep_job_order_whatever_the_thread_count() {
        let jobs: Vec<Job> = (0..23)
            .map(|i| Job {
                side: Side::A,
                range: i * 10..i * 10 + 1 + i % 7,
                header: i,
            })
            .collect();
        let expected: Vec<usize> = (0..23).collect();
        for threads in [1, 2, 3, 8, 40] {
            assert_eq!(
                run_in_order(&jobs, threads, |j| j.header),
                expected,
                "{threads} threads"
            );
        }
    }
}
