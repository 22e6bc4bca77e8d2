//! The data basepick works with: the knowledge crate's typed model, the defaults built into the binary,
//! and where a run takes its data from (`--data DIR`, `BASEPICK_DATA`, or the built-in set).

use std::path::PathBuf;

use include_dir::{Dir, include_dir};

pub use basepick_knowledge::params::{ParamError, ParamKey, Params};
pub use basepick_knowledge::*;

/// The default data, compiled into the binary so basepick runs from any directory.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/data");

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

/// Loads and validates the data of a source.
pub fn load(source: &DataSource) -> Result<Knowledge, LoadError> {
    Knowledge::from_files(&files(source)?).map_err(LoadError::Invalid)
}

/// The built-in data.
pub fn embedded() -> Result<Knowledge, LoadError> {
    load(&DataSource::Embedded)
}

/// Only the catalog of a source, for commands that need nothing else (`audit`): a problem in the tree
/// or a template does not stop them.
pub fn load_catalog(source: &DataSource) -> Result<Catalog, LoadError> {
    catalog_only(&files(source)?).map_err(LoadError::Invalid)
}

/// Only the lifecycle table of a source, for `audit`.
pub fn load_lifecycles(source: &DataSource) -> Result<Lifecycles, LoadError> {
    lifecycles_only(&files(source)?).map_err(LoadError::Invalid)
}

/// Only the native-dependency table of a source, for `detect`.
pub fn load_native(source: &DataSource) -> Result<NativeRules, LoadError> {
    let files = files(source)?;
    let mut problems = Problems::default();
    let text = files.get(NATIVE_DEPS_FILE).map_or("", String::as_str);
    NativeRules::parse(text, &mut problems).ok_or(LoadError::Invalid(problems))
}

/// The data files of a source. A data directory without `native_deps.toml` or `lifecycles.toml` keeps
/// the built-in table, so a team's catalog does not switch native-code detection or support dates off.
fn files(source: &DataSource) -> Result<DataFiles, LoadError> {
    match source {
        DataSource::Embedded => Ok(embedded_files()),
        DataSource::Dir(dir) => {
            let mut files = read_dir_files(dir)?;
            for name in [NATIVE_DEPS_FILE, LIFECYCLES_FILE] {
                if !files.contains_key(name)
                    && let Some(text) = EMBEDDED.get_file(name).and_then(|f| f.contents_utf8())
                {
                    files.insert(name.to_owned(), text.to_owned());
                }
            }
            Ok(files)
        }
    }
}

fn embedded_files() -> DataFiles {
    let mut files = DataFiles::new();
    collect_embedded(&EMBEDDED, &mut files);
    files
}

fn collect_embedded(dir: &Dir<'static>, files: &mut DataFiles) {
    for file in dir.files() {
        if let (Some(path), Some(text)) = (file.path().to_str(), file.contents_utf8()) {
            files.insert(path.replace('\\', "/"), text.to_owned());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, files);
    }
}
