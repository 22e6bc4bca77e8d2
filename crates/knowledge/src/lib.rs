//! Everything basepick knows, parsed once from `data/` into typed, resolved structures: the catalog, the
//! decision tree, family profiles, native dependencies and templates.
//!
//! Files are parsed into `raw` structures that keep source spans, then resolved: ids become indices,
//! references are followed, and every rule of the schema is checked, with every problem reported at once
//! (file, line, column and the offending line). What resolution guarantees — a choice leads somewhere, a
//! leaf's image exists — is carried by the types and never checked again.

mod bytes;
pub mod catalog;
pub mod date;
mod deferred;
pub mod diagnostics;
pub mod families;
pub mod figures;
pub mod files;
mod id_map;
pub mod imageref;
pub mod learn;
pub mod lifecycle;
pub mod native;
mod parallel;
pub mod params;
mod raw;
pub mod rendered;
mod resolve;
pub mod runtimes;
mod strings;
pub mod support;
pub mod templates;
mod text;
pub mod tree;
pub mod version;
pub mod view;

use std::path::{Path, PathBuf};

pub use bytes::{BytesError, Parts};
pub use catalog::{Catalog, Family, Image, ImageIdx, Libc, PackageManager, Pin, Shell, VulnRange};
pub use date::Date;
pub use deferred::Deferred;
pub use diagnostics::{LineIndex, Location, Problem, Problems, Rule, Severity};
pub use families::{Families, FamilyProfile, Tip};
pub use figures::{Figure, FigureKind, ScanInfo, SupportRule};
pub use imageref::ImageRef;
pub use learn::{ConceptQuestion, Learn, Lesson, Topic};
pub use lifecycle::{Lifecycles, Lookup, PolicyEnd, Product, ProductKind, Retired, Support};
pub use native::{Ecosystem, NATIVE_DEPS_FILE, NativeRule, NativeRules};
pub use rendered::Rendered;
pub use resolve::{DataFiles, abi_mismatch};
pub use strings::TableTooLarge;
pub use templates::Templates;
pub use text::Text;
pub use tree::{
    AnswerKey, Choice, Leaf, LeafIdx, Question, QuestionIdx, Target, Tree, diagram_name,
};
pub use view::ImageView;

pub const IMAGES_FILE: &str = "images.toml";
pub const TREE_FILE: &str = "decision_tree.toml";
pub const FAMILIES_FILE: &str = "families.toml";
pub const TEMPLATES_DIR: &str = "templates";
pub const LEARN_FILE: &str = "learn.toml";
pub const LIFECYCLES_FILE: &str = "lifecycles.toml";

/// The top-level data files a data directory may hold.
pub const DATA_FILES: &[&str] = &[
    IMAGES_FILE,
    TREE_FILE,
    FAMILIES_FILE,
    NATIVE_DEPS_FILE,
    LEARN_FILE,
    LIFECYCLES_FILE,
];

/// Largest data file read from a directory (the embedded data is far smaller).
pub const MAX_DATA_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Warn this many days ahead of an image's end of support.
pub const END_OF_SUPPORT_WARNING_DAYS: i64 = 90;

/// Measured figures older than this many months are reported as stale by default.
pub const MAX_FIGURE_AGE_MONTHS: u32 = 12;

/// Why data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("data directory {} does not exist", path.display())]
    MissingDir { path: PathBuf },
    #[error("{} is not a directory; --data takes the directory holding images.toml and decision_tree.toml", path.display())]
    NotADir { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: files::ReadError,
    },
    #[error("{}", invalid_summary(.0))]
    Invalid(Problems),
    #[error("the built-in data cannot be read back: {0}")]
    Embedded(#[from] BytesError),
}

fn invalid_summary(problems: &Problems) -> String {
    let n = problems.errors().count();
    format!(
        "{problems}the data has {n} error{}",
        if n == 1 { "" } else { "s" }
    )
}

/// The validated, resolved data set. The parts few commands use are [`Deferred`]: the built-in data
/// reads them back only when first asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Knowledge {
    pub catalog: Catalog,
    pub tree: Tree,
    pub families: Families,
    pub native: Deferred<NativeRules>,
    pub templates: Templates,
    /// The course and its concept questions (`learn.toml`); its problems never stop the rest.
    pub learn: Deferred<Learn>,
    /// Release and end-of-support dates of runtimes, servers and distributions.
    pub lifecycles: Deferred<Lifecycles>,
}

impl Knowledge {
    /// Parses, resolves and validates a set of files keyed by their path relative to the data directory.
    pub fn from_files(files: &DataFiles) -> Result<Self, Problems> {
        resolve::knowledge(files)
    }

    /// Reads and validates a data directory.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        Self::from_files(&read_dir_files(dir)?).map_err(LoadError::Invalid)
    }

    pub fn image(&self, idx: ImageIdx) -> &Image {
        self.catalog.get(idx)
    }

    pub fn leaf(&self, idx: LeafIdx) -> &Leaf {
        self.tree.leaf(idx)
    }

    /// The image with this id.
    pub fn image_by_id(&self, id: &str) -> Option<&Image> {
        self.catalog.by_id(id)
    }

    /// The day the data was reviewed; leaves may not recommend images out of support on it.
    pub fn review_date(&self) -> Date {
        self.catalog.review_date
    }

    /// The day listings judge support on: see [`Catalog::status_day`].
    pub fn status_day(&self, today: Date) -> Date {
        self.catalog.status_day(today)
    }

    /// Problems that depend on the day the data is checked: images within
    /// [`END_OF_SUPPORT_WARNING_DAYS`] of their end (warning), measured figures older than
    /// `max_age_months` (warning), and dates after `today` (error: a measurement cannot come from the
    /// future).
    pub fn dated_problems(&self, today: Date, max_age_months: u32) -> Problems {
        let mut problems = Problems::default();
        let oldest = today.months_before(max_age_months);
        for image in &self.catalog.images {
            let mut push = |problem: Problem| {
                let mut problem = problem;
                problem.location.clone_from(&image.defined_at);
                problems.push(problem);
            };
            if let Some(end) = image.supported_until {
                let left = today.days_until(end);
                if (0..=END_OF_SUPPORT_WARNING_DAYS).contains(&left) {
                    push(Problem::warning(
                        Rule::NearEndOfSupport,
                        IMAGES_FILE,
                        format!(
                            "image `{}` ({}) reaches its end of support on {end}, in {left} days",
                            image.id, image.reference
                        ),
                    ));
                }
            }
            let dates = [
                ("compressed size", image.compressed.measured),
                (
                    "uncompressed size",
                    image.uncompressed.as_ref().and_then(|u| u.measured),
                ),
                ("package count", image.packages.measured),
                ("vulnerability count", image.vulns.measured),
            ];
            for (what, date) in dates {
                let Some(date) = date else { continue };
                if date > today {
                    push(Problem::error(
                        Rule::FutureDate,
                        IMAGES_FILE,
                        format!(
                            "image `{}`: {what} is dated {date}, after today ({today})",
                            image.id
                        ),
                    ));
                } else if date < oldest {
                    push(Problem::warning(
                        Rule::StaleFigure,
                        IMAGES_FILE,
                        format!(
                            "image `{}`: {what} was measured on {date}, more than {max_age_months} months ago; measure it again (basepick refresh)",
                            image.id
                        ),
                    ));
                }
            }
        }
        if self.catalog.review_date > today {
            problems.push(Problem::error(
                Rule::FutureDate,
                IMAGES_FILE,
                format!(
                    "review_date {} is after today ({today})",
                    self.catalog.review_date
                ),
            ));
        }
        problems
    }
}

/// Only the catalog of a data set, checked on its own.
pub fn catalog_only(files: &DataFiles) -> Result<Catalog, Problems> {
    resolve::catalog_only(files)
}

/// Only the lifecycle table of a data set, checked on its own (empty when the file is absent).
pub fn lifecycles_only(files: &DataFiles) -> Result<Lifecycles, Problems> {
    resolve::lifecycles_only(files)
}

/// Reads every data file of a directory: the top-level TOML files that exist and `templates/*.j2`.
/// Only regular files are read, each within [`MAX_DATA_FILE_BYTES`].
pub fn read_dir_files(dir: &Path) -> Result<DataFiles, LoadError> {
    let meta = std::fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::MissingDir {
            path: dir.to_owned(),
        },
        _ => LoadError::Unreadable {
            path: dir.to_owned(),
            source: source.into(),
        },
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADir {
            path: dir.to_owned(),
        });
    }
    let read = |path: &Path| {
        files::read_text(path, MAX_DATA_FILE_BYTES).map_err(|source| LoadError::Unreadable {
            path: path.to_owned(),
            source,
        })
    };
    let mut out = DataFiles::new();
    for name in DATA_FILES {
        let path = dir.join(name);
        match read(&path) {
            Ok(text) => {
                out.insert((*name).to_owned(), text);
            }
            Err(LoadError::Unreadable { source, .. }) if source.is_not_found() => {}
            Err(e) => return Err(e),
        }
    }
    let templates = dir.join(TEMPLATES_DIR);
    let entries = match std::fs::read_dir(&templates) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(source) => {
            return Err(LoadError::Unreadable {
                path: templates,
                source: source.into(),
            });
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Unreadable {
            path: templates.clone(),
            source: source.into(),
        })?;
        if let Some(name) = entry.file_name().to_str()
            && name.ends_with(".j2")
        {
            names.push(name.to_owned());
        }
    }
    names.sort();
    for name in names {
        let text = read(&templates.join(&name))?;
        out.insert(format!("{TEMPLATES_DIR}/{name}"), text);
    }
    Ok(out)
}
