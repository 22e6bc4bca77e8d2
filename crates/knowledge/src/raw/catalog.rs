//! `images.toml` as written, with the spans diagnostics point at.

use serde::Deserialize;
use toml::Spanned;

use crate::IMAGES_FILE;
use crate::catalog::{Family, Libc, PackageManager, Pin, Shell};
use crate::date::Date;
use crate::diagnostics::Problems;
use crate::figures::FigureKind;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    pub review_date: Date,
    #[serde(rename = "image", default)]
    pub images: Vec<ImageEntry>,
}

/// The part of `images.toml` that starts at one `[[image]]` line and ends before the next.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImageChunk {
    #[serde(rename = "image")]
    images: Vec<ImageEntry>,
}

/// Parses `images.toml` one `[[image]]` entry at a time, which takes a fraction of the memory a
/// parse of the whole file holds at once (its tokens and table tree) and less time. Splitting at
/// every line that reads exactly `[[image]]` gives the same entries as the whole file: outside a
/// multi-line string such a line can only start the next image, and a split inside one leaves a
/// string unterminated, which fails to parse. On any failure the whole file is parsed instead, so
/// every problem is reported exactly as before.
pub fn parse(text: Option<&str>, problems: &mut Problems) -> Option<CatalogFile> {
    text.and_then(by_entry)
        .or_else(|| super::parse(IMAGES_FILE, text, true, problems))
}

/// Below this size a catalog is parsed on the calling thread: starting threads would cost more than
/// they save (the built-in catalog is about 120 KB).
pub const PARALLEL_BYTES: usize = 1024 * 1024;

fn by_entry(text: &str) -> Option<CatalogFile> {
    let threads = if text.len() < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    };
    by_entry_on(text, threads)
}

fn by_entry_on(text: &str, threads: usize) -> Option<CatalogFile> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "[[image]]" {
            starts.push(at);
        }
        at += line.len();
    }
    let head_end = starts.first().copied().unwrap_or(text.len());
    let mut file: CatalogFile = toml::from_str(&text[..head_end]).ok()?;
    // Images in the head (an inline array) followed by `[[image]]` tables is a TOML error the
    // whole-file parse reports.
    if !file.images.is_empty() && !starts.is_empty() {
        return None;
    }
    let mut bounds: Vec<(usize, usize)> = starts
        .iter()
        .copied()
        .zip(starts.iter().skip(1).copied().chain([text.len()]))
        .collect();
    if threads <= 1 {
        file.images = entries(text, &bounds)?;
        return Some(file);
    }
    // Entries are independent, so a large catalog is parsed in contiguous runs on every core and
    // the runs are joined in file order.
    let per_thread = bounds.len().div_ceil(threads);
    let runs: Vec<Vec<(usize, usize)>> = std::iter::from_fn(|| {
        (!bounds.is_empty()).then(|| bounds.drain(..per_thread.min(bounds.len())).collect())
    })
    .collect();
    let parsed: Vec<Option<Vec<ImageEntry>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| scope.spawn(|| entries(text, run)))
            .collect();
        // A panic while parsing goes on as it would have on this thread.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for run in parsed {
        file.images.extend(run?);
    }
    Some(file)
}

/// The entries between each pair of bounds, their spans made relative to the whole file.
fn entries(text: &str, bounds: &[(usize, usize)]) -> Option<Vec<ImageEntry>> {
    let mut images = Vec::with_capacity(bounds.len());
    for &(start, end) in bounds {
        let chunk: ImageChunk = toml::from_str(&text[start..end]).ok()?;
        images.extend(chunk.images.into_iter().map(|e| e.shifted(start)));
    }
    Some(images)
}

fn shift<T>(s: Spanned<T>, by: usize) -> Spanned<T> {
    let span = s.span();
    Spanned::new(span.start + by..span.end + by, s.into_inner())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    pub id: Spanned<String>,
    pub reference: Spanned<String>,
    /// Other references that name the same image (`python:3.13-slim` for `python:3.13-slim-trixie`).
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub name: String,
    pub family: Family,
    #[serde(default)]
    pub runtimes: Vec<String>,
    #[serde(default)]
    pub runtime_version: Option<String>,
    pub os: String,
    /// Platforms the reference is published for (`linux/amd64`, …), when known.
    #[serde(default)]
    pub platforms: Vec<String>,
    pub shell: Shell,
    pub package_manager: PackageManager,
    pub libc: Libc,
    pub user: String,
    pub uid: u32,
    #[serde(default)]
    pub listen_port: Option<u16>,
    #[serde(default)]
    pub supported_until: Option<Date>,
    #[serde(default)]
    pub support_rule: Option<SupportRuleEntry>,
    #[serde(default)]
    pub successor: Option<Spanned<String>>,
    #[serde(default)]
    pub pin: Pin,
    #[serde(default)]
    pub version_pattern: Option<String>,
    #[serde(default)]
    pub versions: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    pub source: String,
    /// Compressed size of the linux/amd64 image: what a pull transfers.
    pub compressed: Spanned<SizeEntry>,
    /// Size on disk once unpacked.
    #[serde(default)]
    pub uncompressed: Option<Spanned<SizeEntry>>,
    pub packages: Spanned<CountEntry>,
    pub vulns: Spanned<VulnEntry>,
}

impl ImageEntry {
    /// The entry with every span moved `by` bytes on: spans of a chunk are relative to its start.
    /// Every `Spanned` field of the entry is listed here (a test compares with the whole-file parse).
    fn shifted(self, by: usize) -> ImageEntry {
        ImageEntry {
            id: shift(self.id, by),
            reference: shift(self.reference, by),
            aliases: self.aliases.into_iter().map(|a| shift(a, by)).collect(),
            successor: self.successor.map(|s| shift(s, by)),
            compressed: shift(self.compressed, by),
            uncompressed: self.uncompressed.map(|u| shift(u, by)),
            packages: shift(self.packages, by),
            vulns: shift(self.vulns, by),
            ..self
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeEntry {
    pub mb: f64,
    pub kind: FigureKind,
    #[serde(default)]
    pub measured: Option<Date>,
    /// The manifest that was measured.
    #[serde(default)]
    pub digest: Option<String>,
    /// When the measured image was built (its config's creation date).
    #[serde(default)]
    pub created: Option<Date>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountEntry {
    pub count: u32,
    pub kind: FigureKind,
    #[serde(default)]
    pub measured: Option<Date>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VulnEntry {
    pub min: u32,
    pub max: u32,
    pub kind: FigureKind,
    #[serde(default)]
    pub measured: Option<Date>,
    #[serde(default)]
    pub scanner: Option<String>,
    #[serde(default)]
    pub database: Option<Date>,
    #[serde(default)]
    pub severity: Option<String>,
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportRuleEntry {
    pub after: String,
    pub months: u32,
    pub basis: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> CatalogFile {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn entry_by_entry_gives_what_the_whole_file_gives_spans_included() {
        let text = include_str!("../../../../data/images.toml");
        let chunked = by_entry(text).unwrap();
        assert!(chunked.images.len() > 50);
        assert_eq!(format!("{chunked:?}"), format!("{:?}", whole(text)));
    }

    #[test]
    fn a_catalog_parsed_on_several_threads_keeps_its_order_and_spans() {
        let text = include_str!("../../../../data/images.toml");
        let (head, entries) = text.split_at(text.find("\n[[image]]\n").unwrap() + 1);
        // Enough copies of the built-in entries, with ids made unique, to pass PARALLEL_BYTES.
        let copies = PARALLEL_BYTES / entries.len() + 1;
        let mut big = head.to_owned();
        for n in 0..copies {
            big.push_str(&entries.replace("id = \"", &format!("id = \"c{n}-")));
        }
        assert!(big.len() >= PARALLEL_BYTES);
        let expected = format!("{:?}", whole(&big));
        // Three runs do not divide the entries evenly; eight is more runs than some machines have cores.
        for threads in [3, 8] {
            let chunked = by_entry_on(&big, threads).unwrap();
            assert_eq!(chunked.images.len(), whole(text).images.len() * copies);
            assert_eq!(format!("{chunked:?}"), expected);
        }
        assert_eq!(format!("{:?}", by_entry(&big).unwrap()), expected);
    }

    #[test]
    fn a_split_inside_a_string_or_an_inline_array_falls_back_to_the_whole_file() {
        let entry = "id = \"a\"\nreference = \"a:1\"\nname = \"A\"\nfamily = \"slim\"\nos = \"x\"\nshell = \"sh\"\npackage_manager = \"apk\"\nlibc = \"musl\"\nuser = \"root\"\nuid = 0\nsource = \"s\"\ncompressed = { mb = 1.0, kind = \"estimate\", source = \"s\" }\npackages = { count = 1, kind = \"estimate\", source = \"s\" }\nvulns = { min = 0, max = 1, kind = \"illustrative\", source = \"s\" }\n";
        let in_string = format!(
            "review_date = 2026-01-01\n[[image]]\n{entry}note = \"\"\"\n[[image]]\n\"\"\"\n"
        );
        assert!(by_entry(&in_string).is_none());
        let whole_file = whole(&in_string);
        assert_eq!(whole_file.images.len(), 1);
        assert_eq!(whole_file.images[0].note.as_deref(), Some("[[image]]\n"));
        let mut problems = Problems::default();
        let parsed = parse(Some(&in_string), &mut problems).unwrap();
        assert_eq!(format!("{parsed:?}"), format!("{whole_file:?}"));
        assert!(problems.0.is_empty());

        let mixed = format!(
            "review_date = 2026-01-01\nimage = [{{ {} }}]\n[[image]]\n{entry}",
            entry.trim_end().replace('\n', ", ")
        );
        assert!(by_entry(&mixed).is_none());
        let mut problems = Problems::default();
        assert!(parse(Some(&mixed), &mut problems).is_none());
        assert_eq!(problems.0.len(), 1, "{problems}");
    }
}
