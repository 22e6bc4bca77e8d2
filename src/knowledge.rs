//! The data basepick works with: the knowledge crate's typed model, the defaults built into the binary,
//! and where a run takes its data from (`--data DIR`, `BASEPICK_DATA`, or the built-in set).
//!
//! The built-in data is checked when basepick is built: `build.rs` loads `data/` with the same loader
//! `--data` uses (an invalid file fails the build with its located problems) and embeds the resolved
//! [`Knowledge`] in a compact binary form, so a run reads it back without parsing or checking
//! anything. Only `--data DIR` is parsed and validated at run time.

use std::path::PathBuf;

pub use basepick_knowledge::params::{ParamError, ParamKey, Params};
pub use basepick_knowledge::*;

/// The built-in data, resolved and validated by `build.rs`.
static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/knowledge.bin"));

/// The string table of the built-in data: as `include_str!` takes it, the compiler checks once
/// that it is UTF-8, and no run has to check its texts again.
static STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/knowledge.strings"));

/// The parts of the built-in data, none of them decoded yet.
fn embedded_parts() -> Result<Parts<'static>, BytesError> {
    Parts::read(EMBEDDED, STRINGS)
}

/// The built-in tables a data directory without its own keeps, so a team's catalog does not switch
/// native-code detection or support dates off.
const EMBEDDED_TABLES: [(&str, &str); 2] = [
    (
        NATIVE_DEPS_FILE,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/native_deps.toml"
        )),
    ),
    (
        LIFECYCLES_FILE,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/lifecycles.toml")),
    ),
];

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
    match source {
        DataSource::Embedded => embedded(),
        DataSource::Dir(dir) => Knowledge::from_files(&dir_files(dir)?).map_err(LoadError::Invalid),
    }
}

/// The built-in data, as validated when basepick was built.
pub fn embedded() -> Result<Knowledge, LoadError> {
    Ok(Knowledge::from_bytes(EMBEDDED, STRINGS)?)
}

/// The catalog of a source, for listings: of the built-in data only the catalog is read back; a data
/// directory is validated whole, as for every command but `audit` and `detect`.
pub fn load_listing(source: &DataSource) -> Result<Catalog, LoadError> {
    match source {
        DataSource::Embedded => embedded_catalog(),
        DataSource::Dir(_) => Ok(load(source)?.catalog),
    }
}

/// Only the catalog of a source: a problem in the tree or a template does not stop it.
pub fn load_catalog(source: &DataSource) -> Result<Catalog, LoadError> {
    match source {
        DataSource::Embedded => embedded_catalog(),
        DataSource::Dir(dir) => catalog_only(&dir_files(dir)?).map_err(LoadError::Invalid),
    }
}

/// Only the catalog block of the built-in data.
fn embedded_catalog() -> Result<Catalog, LoadError> {
    Ok(embedded_parts()?.catalog()?)
}

/// Only the catalog and the lifecycle table of a source, read once, for `audit`: a problem in the
/// tree or a template does not stop it.
pub fn load_for_audit(source: &DataSource) -> Result<(Catalog, Lifecycles), LoadError> {
    match source {
        DataSource::Embedded => {
            let parts = embedded_parts()?;
            Ok((parts.catalog()?, parts.lifecycles()?))
        }
        DataSource::Dir(dir) => {
            let files = dir_files(dir)?;
            let catalog = catalog_only(&files).map_err(LoadError::Invalid)?;
            let lifecycles = lifecycles_only(&files).map_err(LoadError::Invalid)?;
            Ok((catalog, lifecycles))
        }
    }
}

/// Only the native-dependency table of a source, for `detect`.
pub fn load_native(source: &DataSource) -> Result<NativeRules, LoadError> {
    match source {
        DataSource::Embedded => Ok(embedded_parts()?.native()?),
        DataSource::Dir(dir) => {
            let files = dir_files(dir)?;
            let mut problems = Problems::default();
            let text = files.get(NATIVE_DEPS_FILE).map_or("", String::as_str);
            NativeRules::parse(text, &mut problems).ok_or(LoadError::Invalid(problems))
        }
    }
}

/// The data files of a directory, with the built-in tables it does not have itself.
fn dir_files(dir: &std::path::Path) -> Result<DataFiles, LoadError> {
    let mut files = read_dir_files(dir)?;
    for (name, text) in EMBEDDED_TABLES {
        files
            .entry(name.to_owned())
            .or_insert_with(|| text.to_owned());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
    }

    #[test]
    fn the_embedded_data_is_what_loading_data_gives() {
        let embedded = embedded().unwrap();
        let loaded = load(&DataSource::Dir(data_dir())).unwrap();
        // Part by part first, so a difference names where it is.
        assert!(embedded.catalog == loaded.catalog, "catalog differs");
        assert!(embedded.tree == loaded.tree, "tree differs");
        assert!(embedded.families == loaded.families, "families differ");
        assert!(embedded.native == loaded.native, "native table differs");
        assert!(embedded.templates == loaded.templates, "templates differ");
        assert!(embedded.learn == loaded.learn, "learn differs");
        assert!(
            embedded.lifecycles == loaded.lifecycles,
            "lifecycles differ"
        );
        assert!(embedded == loaded);
        assert!(loaded.learn.get().unwrap().problems.0.is_empty());
        // Locations survive the round trip, the width of the mark included.
        let located = embedded.catalog.images[0].defined_at.as_ref().unwrap();
        assert!(located.line > 1 && located.width > 1, "{located:?}");
    }

    #[test]
    fn the_partial_loaders_give_the_parts_of_the_embedded_data() {
        let k = embedded().unwrap();
        assert!(load_catalog(&DataSource::Embedded).unwrap() == k.catalog);
        let (catalog, lifecycles) = load_for_audit(&DataSource::Embedded).unwrap();
        assert!(catalog == k.catalog && &lifecycles == k.lifecycles.get().unwrap());
        assert!(&load_native(&DataSource::Embedded).unwrap() == k.native.get().unwrap());
        assert!(load_listing(&DataSource::Embedded).unwrap() == k.catalog);
    }

    #[test]
    fn a_listing_of_a_data_directory_still_validates_all_of_it() {
        // The catalog of this fixture is valid; its tree is not.
        let dir = data_dir().join("../tests/fixtures/invalid/answer-key");
        assert!(catalog_only(&dir_files(&dir).unwrap()).is_ok());
        assert!(matches!(
            load_listing(&DataSource::Dir(dir)),
            Err(LoadError::Invalid(_))
        ));
    }

    #[test]
    fn the_embedded_text_is_read_in_place() {
        let k = embedded().unwrap();
        let inside = |text: &str| STRINGS.as_bytes().as_ptr_range().contains(&text.as_ptr());
        let image = &k.catalog.images[0];
        assert!(inside(&image.id) && inside(&image.compressed.source));
        assert!(inside(&image.reference.repository));
        assert!(inside(&k.tree.leaves[0].why) && inside(&k.tree.start_question().prompt));
        let (_, template) = k.templates.iter().next().unwrap();
        assert!(inside(template));
        // Data parsed from files owns its text.
        let loaded = load(&DataSource::Dir(data_dir())).unwrap();
        assert!(!inside(&loaded.catalog.images[0].id));
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let (mut bytes, strings) = embedded().unwrap().to_bytes().unwrap();
        bytes.truncate(bytes.len() / 2);
        let strings: &'static str = strings.leak();
        assert!(Knowledge::from_bytes(bytes.leak(), strings).is_err());
        assert!(Knowledge::from_bytes(&[], strings).is_err());
        // Texts that point outside their table.
        let (bytes, _) = embedded().unwrap().to_bytes().unwrap();
        assert!(Knowledge::from_bytes(bytes.leak(), "short").is_err());
    }

    #[test]
    fn the_build_reports_invalid_data_as_check_data_does() {
        // build.rs loads data/ with Knowledge::load_dir; check-data --data DIR with load.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path();
        std::fs::create_dir_all(copy.join("templates")).unwrap();
        for entry in std::fs::read_dir(data_dir())
            .unwrap()
            .chain(std::fs::read_dir(data_dir().join("templates")).unwrap())
        {
            let path = entry.unwrap().path();
            if path.is_file() {
                let rel = path.strip_prefix(data_dir()).unwrap();
                std::fs::copy(&path, copy.join(rel)).unwrap();
            }
        }
        let tree = std::fs::read_to_string(copy.join(TREE_FILE)).unwrap();
        let broken = tree.replacen("next = \"go_linking\"", "next = \"nowhere\"", 1);
        assert_ne!(broken, tree);
        std::fs::write(copy.join(TREE_FILE), broken).unwrap();
        let (Err(LoadError::Invalid(build)), Err(LoadError::Invalid(check))) = (
            Knowledge::load_dir(copy),
            load(&DataSource::Dir(copy.to_owned())),
        ) else {
            panic!("the broken copy must be invalid both ways");
        };
        assert_eq!(build, check);
        assert!(build.to_string().contains("nowhere"), "{build}");
    }
}
