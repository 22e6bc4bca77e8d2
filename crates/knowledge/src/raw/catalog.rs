//! `images.toml` as written, with the spans diagnostics point at.

use serde::Deserialize;
use toml::Spanned;

use super::chunks::{self, Chunked};
use super::events::Scratch;
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

impl Chunked for CatalogFile {
    type Entry = ImageEntry;
    const HEADERS: &'static [&'static str] = &["[[image]]"];

    fn head(text: &str, entries_follow: bool) -> Option<Self> {
        let file: CatalogFile = toml::from_str(text).ok()?;
        (file.images.is_empty() || !entries_follow).then_some(file)
    }

    fn entry(
        chunk: &str,
        _header: usize,
        offset: usize,
        scratch: &mut Scratch,
    ) -> Option<ImageEntry> {
        super::events::entry(chunk, "image", offset, scratch)
    }

    fn push(&mut self, entry: ImageEntry) {
        self.images.push(entry);
    }

    fn reserve(&mut self, _header: usize, entries: usize) {
        self.images.reserve(entries);
    }
}

/// Parses `images.toml` entry by entry (see [`chunks`](super::chunks)), or whole when that fails, so
/// that every problem is reported as a whole-file parse reports it.
pub fn parse(text: Option<&str>, problems: &mut Problems) -> Option<CatalogFile> {
    text.and_then(chunks::parse_one)
        .or_else(|| super::parse(IMAGES_FILE, text, true, problems))
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
        let chunked: CatalogFile = chunks::parse_one(text).unwrap();
        assert!(chunked.images.len() > 50);
        assert_eq!(format!("{chunked:?}"), format!("{:?}", whole(text)));
    }

    #[test]
    fn a_catalog_parsed_on_several_threads_keeps_its_order_and_spans() {
        let text = include_str!("../../../../data/images.toml");
        let (head, entries) = text.split_at(text.find("\n[[image]]\n").unwrap() + 1);
        // Enough copies of the built-in entries, with ids made unique, to pass PARALLEL_BYTES.
        let copies = crate::parallel::PARALLEL_BYTES / entries.len() + 1;
        let mut big = head.to_owned();
        for n in 0..copies {
            big.push_str(&entries.replace("id = \"", &format!("id = \"c{n}-")));
        }
        assert!(big.len() >= crate::parallel::PARALLEL_BYTES);
        let expected = format!("{:?}", whole(&big));
        // Three runs do not divide the entries evenly; eight is more runs than some machines have cores.
        for threads in [3, 8] {
            let chunked: CatalogFile = chunks::parse_one_on(&big, threads).unwrap();
            assert_eq!(chunked.images.len(), whole(text).images.len() * copies);
            assert_eq!(format!("{chunked:?}"), expected);
        }
        assert_eq!(
            format!("{:?}", chunks::parse_one::<CatalogFile>(&big).unwrap()),
            expected
        );
    }

    #[test]
    fn a_split_inside_a_string_or_an_inline_array_falls_back_to_the_whole_file() {
        let entry = "id = \"a\"\nreference = \"a:1\"\nname = \"A\"\nfamily = \"slim\"\nos = \"x\"\nshell = \"sh\"\npackage_manager = \"apk\"\nlibc = \"musl\"\nuser = \"root\"\nuid = 0\nsource = \"s\"\ncompressed = { mb = 1.0, kind = \"estimate\", source = \"s\" }\npackages = { count = 1, kind = \"estimate\", source = \"s\" }\nvulns = { min = 0, max = 1, kind = \"illustrative\", source = \"s\" }\n";
        let in_string = format!(
            "review_date = 2026-01-01\n[[image]]\n{entry}note = \"\"\"\n[[image]]\n\"\"\"\n"
        );
        assert!(chunks::parse_one::<CatalogFile>(&in_string).is_none());
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
        assert!(chunks::parse_one::<CatalogFile>(&mixed).is_none());
        let mut problems = Problems::default();
        assert!(parse(Some(&mixed), &mut problems).is_none());
        assert_eq!(problems.0.len(), 1, "{problems}");
    }
}
