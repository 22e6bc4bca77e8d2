//! Command-line arguments (clap derive). Only types here: `main.rs` dispatches them.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::generate::Extra;
use crate::knowledge::{Date, Family};
use crate::listing::SortKey;
use crate::output::{RecommendFormat, ReportFormat, TableFormat, TreeFormat};

/// Choose a container base image, understand why, and export a hardened Dockerfile.
///
/// Run without a command to open the interactive advisor.
#[derive(Debug, Parser)]
#[command(name = "basepick", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Read images.toml, decision_tree.toml, families.toml, native_deps.toml and templates/ from DIR instead of the built-in data
    #[arg(long, global = true, env = "BASEPICK_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,

    /// Judge end of support as of DATE (YYYY-MM-DD) instead of today, for reproducible reports
    #[arg(long, global = true, env = "BASEPICK_TODAY", value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,

    /// Open the advisor with answers inferred from the project in DIR pre-selected (see `basepick detect`)
    #[arg(long, value_name = "DIR")]
    pub detect: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk the decision tree with answers given as KEY=CHOICE and print the recommendation
    #[command(
        after_help = "Examples:\n  basepick recommend -a runtime=python -a c_extensions=yes -a debug_shell=no\n  basepick recommend -a runtime=go -a linking=static -a debug_shell=no --format json\n  basepick recommend -a runtime=node -a debug_shell=no --write ./docker\n  basepick recommend --detect . --write . --with compose --with k8s"
    )]
    Recommend(RecommendArgs),
    /// List the image catalog
    Images(ImagesArgs),
    /// Print the decision tree
    Tree {
        #[arg(long, value_enum, default_value_t = TreeFormat::Text)]
        format: TreeFormat,
    },
    /// Print or write the hardened Dockerfile of a leaf of the tree
    Dockerfile {
        /// Leaf id (see `basepick tree`)
        leaf: String,
        #[command(flatten)]
        export: ExportArgs,
    },
    /// Scan a project directory: runtime, version, package manager and native dependencies, with evidence
    #[command(
        after_help = "Each answer names the file (and line or key) it comes from. Exit codes: 0 scanned, 2 the directory cannot be read.\n\nExamples:\n  basepick detect\n  basepick detect ./services/api --format json"
    )]
    Detect {
        /// Project directory to scan
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Audit a Dockerfile's base images: figures, support, better alternatives, root user, latest tags
    #[command(
        after_help = "Exit codes: 0 nothing flagged, 1 something flagged (use it to gate CI), 2 the file cannot be read or parsed.\n\nExamples:\n  basepick audit Dockerfile\n  basepick audit build/Dockerfile --format json"
    )]
    Audit {
        /// The Dockerfile to audit
        #[arg(value_name = "DOCKERFILE")]
        dockerfile: PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Check that a Dockerfile can build from its project: every COPY source in the build context once
    /// .dockerignore has applied, no FROM needing a build argument without a default, build wrappers present
    #[command(
        after_help = "Nothing is built and nothing needs Docker. Exit codes: 0 ready, 1 problems found, 2 the files cannot be read or parsed.\n\nExamples:\n  basepick check-build\n  basepick check-build ./services/api --dockerfile ./services/api/docker/Dockerfile --format json"
    )]
    CheckBuild {
        /// The build context: the directory `docker build` is given
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
        /// The Dockerfile, when it is not DIR/Dockerfile
        #[arg(long, short = 'f', value_name = "FILE")]
        dockerfile: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Validate the data files and report every problem
    CheckData {
        /// Warn about measured figures older than this many months
        #[arg(long, value_name = "MONTHS", default_value_t = crate::knowledge::MAX_FIGURE_AGE_MONTHS)]
        max_age: u32,
    },
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// An answer, as QUESTION=CHOICE; repeat for each question (`basepick tree` lists them)
    #[arg(short, long = "answer", value_name = "QUESTION=CHOICE", value_parser = parse_answer)]
    pub answers: Vec<(String, String)>,

    /// Infer answers from the project in DIR (runtime, C extensions, package manager…); --answer wins
    #[arg(long, value_name = "DIR")]
    pub detect: Option<PathBuf>,

    #[arg(long, value_enum, default_value_t = RecommendFormat::Text)]
    pub format: RecommendFormat,

    #[command(flatten)]
    pub export: ExportArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Set a Dockerfile parameter: app_name, port, start, version or digest
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_assignment)]
    pub set: Vec<(String, String)>,

    /// Write Dockerfile and .dockerignore into DIR instead of printing
    #[arg(long, value_name = "DIR")]
    pub write: Option<PathBuf>,

    /// With --write: replace files that already exist
    #[arg(long, requires = "write")]
    pub force: bool,

    /// With --write: also write how to run the image, hardened to match it: compose.yaml (compose) or
    /// a Kubernetes manifest, k8s.yaml (k8s); repeat for both
    #[arg(long = "with", value_name = "FILE", requires = "write", value_parser = extra_names())]
    pub with: Vec<Extra>,
}

#[derive(Debug, Args)]
pub struct ImagesArgs {
    /// Only images serving this runtime (go, rust, cpp, python, node, ruby, java, php, dotnet, static)
    #[arg(long)]
    pub runtime: Option<String>,

    /// Only images of this family
    #[arg(long, value_parser = family_names())]
    pub family: Option<Family>,

    /// Sort by this column (smallest first)
    #[arg(long, value_parser = sort_names())]
    pub sort: Option<SortKey>,

    /// Include images past their end of support
    #[arg(long)]
    pub all: bool,

    /// Show the family comparison (alpine vs slim vs distroless …) and the troubleshooting tips instead
    #[arg(long, conflicts_with_all = ["runtime", "family", "sort", "all"])]
    pub families: bool,

    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// `--family`: one of the catalog's families, listed in `--help` and completions.
fn family_names() -> impl TypedValueParser<Value = Family> {
    PossibleValuesParser::new(Family::ALL.iter().map(|f| f.as_str()))
        .try_map(|s| s.parse::<Family>())
}

/// `--with`: compose or k8s.
fn extra_names() -> impl TypedValueParser<Value = Extra> {
    PossibleValuesParser::new(Extra::ALL.map(Extra::as_str)).try_map(|s| s.parse::<Extra>())
}

/// `--sort`: one of the listing's sort keys.
fn sort_names() -> impl TypedValueParser<Value = SortKey> {
    PossibleValuesParser::new(SortKey::ALL.map(SortKey::as_str)).try_map(|s| s.parse::<SortKey>())
}

fn parse_answer(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
            Ok((k.trim().to_owned(), v.trim().to_owned()))
        }
        _ => Err(format!(
            "`{text}` is not QUESTION=CHOICE (for example runtime=python)"
        )),
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date of the form YYYY-MM-DD"))
}

fn parse_assignment(text: &str) -> Result<(String, String), String> {
    crate::knowledge::params::split_assignment(text)
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .map_err(|e| e.to_string())
}
