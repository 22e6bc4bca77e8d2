//! Everything basepick knows, loaded from `data/`: the catalog, the tree, family profiles and templates.
//!
//! The defaults are embedded in the binary; `--data DIR` (or `BASEPICK_DATA`) replaces them. Loading
//! parses every file, then validates the whole set at once so a user sees every problem in one go.

pub mod catalog;
pub mod date;
pub mod diagnostics;
pub mod families;
pub mod templates;
pub mod tree;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::de::DeserializeOwned;

pub use catalog::{Catalog, Family, Image, Libc, PackageManager, Pin, Shell, VulnRange};
pub use date::Date;
pub use diagnostics::{Location, Problem, Problems, Rule, Severity};
pub use families::{Families, FamilyProfile, Tip};
pub use templates::Templates;
pub use tree::{Choice, Leaf, Question, Target, Tree};

/// The default data, compiled into the binary so basepick runs from any directory.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

pub const IMAGES_FILE: &str = "images.toml";
pub const TREE_FILE: &str = "decision_tree.toml";
pub const FAMILIES_FILE: &str = "families.toml";
pub const TEMPLATES_DIR: &str = "templates";

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    Embedded,
    Dir(PathBuf),
}

impl DataSource {
    /// `--data DIR` when given, else the embedded defaults.
    pub fn from_option(dir: Option<PathBuf>) -> Self {
        dir.map_or(DataSource::Embedded, DataSource::Dir)
    }
}

impl std::fmt::Display for DataSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataSource::Embedded => f.write_str("built-in data"),
            DataSource::Dir(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Why the data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("data directory {} does not exist", path.display())]
    MissingDir { path: PathBuf },
    #[error("{} is not a directory; --data takes the directory holding images.toml and decision_tree.toml", path.display())]
    NotADir { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", invalid_summary(.0))]
    Invalid(Problems),
}

fn invalid_summary(problems: &Problems) -> String {
    let n = problems.errors().count();
    format!(
        "{problems}the data has {n} error{}",
        if n == 1 { "" } else { "s" }
    )
}

/// The validated data set.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub catalog: Catalog,
    pub tree: Tree,
    pub families: Families,
    pub templates: Templates,
    /// Problems that do not stop loading (images near their end of support).
    pub warnings: Problems,
    /// The templates, compiled once while validating them.
    environment: minijinja::Environment<'static>,
    /// The day support is judged on (the clock, unless `--today` says otherwise).
    today: Date,
}

impl Knowledge {
    /// Loads and validates the data, judging end-of-support warnings against today's date.
    pub fn load(source: &DataSource) -> Result<Self, LoadError> {
        Self::load_on(source, Date::today())
    }

    /// Loads and validates the data, judging end-of-support warnings against `today`.
    pub fn load_on(source: &DataSource, today: Date) -> Result<Self, LoadError> {
        let files = read_sources(source)?;
        Self::from_sources(&files, today)
    }

    /// The embedded defaults. They are validated by the test suite, so this cannot fail in a release.
    pub fn embedded() -> Result<Self, LoadError> {
        Self::load(&DataSource::Embedded)
    }

    /// Parses and validates a set of files keyed by their path relative to the data directory.
    pub fn from_sources(files: &BTreeMap<String, String>, today: Date) -> Result<Self, LoadError> {
        let mut problems = Problems::default();
        let catalog = parse::<Catalog>(files, IMAGES_FILE, true, &mut problems);
        let tree = parse::<Tree>(files, TREE_FILE, true, &mut problems);
        let families =
            parse::<Families>(files, FAMILIES_FILE, false, &mut problems).unwrap_or_default();
        let templates = Templates::new(
            files
                .iter()
                .filter_map(|(path, text)| {
                    let name = path.strip_prefix(TEMPLATES_DIR)?.strip_prefix('/')?;
                    Some((name.to_owned(), text.clone()))
                })
                .collect(),
        );
        let text = |name: &str| files.get(name).map_or("", String::as_str);
        let sources = validate::Sources {
            images: text(IMAGES_FILE),
            tree: text(TREE_FILE),
        };
        let environment = validate::run(
            catalog.as_ref(),
            tree.as_ref(),
            &families,
            &templates,
            &sources,
            today,
            &mut problems,
        );
        match (catalog, tree, environment) {
            (Some(catalog), Some(tree), Some(environment)) if !problems.has_errors() => {
                Ok(Knowledge {
                    catalog,
                    tree,
                    families,
                    templates,
                    warnings: problems,
                    environment,
                    today,
                })
            }
            _ => Err(LoadError::Invalid(problems)),
        }
    }

    /// Only the catalog, parsed and checked on its own, for commands that need nothing else (`audit`):
    /// a problem in the tree or a template does not stop them.
    pub fn load_catalog(source: &DataSource, today: Date) -> Result<Catalog, LoadError> {
        let files = read_sources(source)?;
        let mut problems = Problems::default();
        let catalog = parse::<Catalog>(&files, IMAGES_FILE, true, &mut problems);
        let sources = validate::Sources {
            images: files.get(IMAGES_FILE).map_or("", String::as_str),
            tree: "",
        };
        validate::run(
            catalog.as_ref(),
            None,
            &Families::default(),
            &Templates::default(),
            &sources,
            today,
            &mut problems,
        );
        match catalog {
            Some(catalog) if !problems.has_errors() => Ok(catalog),
            _ => Err(LoadError::Invalid(problems)),
        }
    }

    /// The compiled templates, ready to render.
    pub fn environment(&self) -> &minijinja::Environment<'static> {
        &self.environment
    }

    pub fn image(&self, id: &str) -> Option<&Image> {
        self.catalog.images.iter().find(|i| i.id() == id)
    }

    /// The day on which "supported" is judged: the data's review date.
    pub fn review_date(&self) -> Date {
        self.catalog.review_date
    }

    /// The day listings judge support on: today, or the review date if the clock is behind it,
    /// so an image that went out of support after the review shows up as such.
    pub fn status_day(&self) -> Date {
        self.today.max(self.review_date())
    }
}

/// Parses one TOML file, recording a located problem when it fails.
fn parse<T: DeserializeOwned>(
    files: &BTreeMap<String, String>,
    name: &str,
    required: bool,
    problems: &mut Problems,
) -> Option<T> {
    let Some(text) = files.get(name) else {
        if required {
            problems.push(Problem::error(
                Rule::MissingFile,
                name,
                format!("{name} is missing from the data directory"),
            ));
        }
        return None;
    };
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(err) => {
            let message = err.message().trim().to_owned();
            let rule = if message.starts_with("unknown field") {
                Rule::UnknownKey
            } else {
                Rule::Syntax
            };
            let problem = Problem::error(rule, name, message);
            problems.push(match err.span() {
                Some(span) => problem.at(text, span),
                None => problem,
            });
            None
        }
    }
}

/// Reads every data file of a source into memory, keyed by relative path.
fn read_sources(source: &DataSource) -> Result<BTreeMap<String, String>, LoadError> {
    match source {
        DataSource::Embedded => Ok(embedded_files()),
        DataSource::Dir(dir) => read_dir_sources(dir),
    }
}

fn embedded_files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    collect_embedded(&EMBEDDED, &mut files);
    files
}

fn collect_embedded(dir: &Dir<'static>, files: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let (Some(path), Some(text)) = (file.path().to_str(), file.contents_utf8()) {
            files.insert(path.replace('\\', "/"), text.to_owned());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}

fn read_dir_sources(dir: &Path) -> Result<BTreeMap<String, String>, LoadError> {
    let meta = std::fs::metadata(dir).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::MissingDir {
            path: dir.to_owned(),
        },
        _ => LoadError::Io {
            path: dir.to_owned(),
            source,
        },
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADir {
            path: dir.to_owned(),
        });
    }
    let mut files = BTreeMap::new();
    for name in [IMAGES_FILE, TREE_FILE, FAMILIES_FILE] {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                files.insert(name.to_owned(), text);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(LoadError::Io { path, source }),
        }
    }
    let templates = dir.join(TEMPLATES_DIR);
    let entries = match std::fs::read_dir(&templates) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        Err(source) => {
            return Err(LoadError::Io {
                path: templates,
                source,
            });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Io {
            path: templates.clone(),
            source,
        })?;
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".j2") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        files.insert(format!("{TEMPLATES_DIR}/{name}"), text);
    }
    Ok(files)
}
