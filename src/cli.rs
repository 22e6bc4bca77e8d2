//! Command-line arguments (clap derive). Only types here: `main.rs` dispatches them.

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::generate::Extra;
use crate::knowledge::{Date, Family};
use crate::listing::SortKey;
use crate::output::quiz::QuizFormat;
use crate::output::{AuditFormat, FailOn, RecommendFormat, ReportFormat, TableFormat, TreeFormat};
use crate::registry::scan::Severity;

/// Choose a container base image, understand why, and export a hardened Dockerfile.
///
/// Run without a command to open the interactive advisor.
#[derive(Debug, Parser)]
#[command(name = "basepick", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// Read images.toml, decision_tree.toml, families.toml, native_deps.toml, learn.toml, lifecycles.toml and templates/ from DIR instead of the built-in data
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
// Each subcommand's arguments are built only when it runs (or for help and completions), not on
// every start.
#[command(defer = true)]
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
    /// Audit a Dockerfile's base images: support, figures, better alternatives, root user, moving tags
    #[command(
        after_help = "Support is judged on --today (default: the clock) by the lifecycle table.\n\nExit codes: 0 nothing at or above --fail-on, 1 something (use it to gate CI), 2 the file cannot be read or parsed.\n\nExamples:\n  basepick audit Dockerfile\n  basepick audit build/Dockerfile --format sarif > basepick.sarif\n  basepick audit Dockerfile --fail-on error\n  basepick audit Dockerfile --fix --to python-distroless --write"
    )]
    Audit(AuditArgs),
    /// Pin every FROM image of a Dockerfile to the digest its registry serves now
    #[command(
        after_help = "Prints a unified diff; `image:tag` becomes `image:tag@sha256:…` (the tag stays for readers), the index digest for multi-platform images. Images named by a build argument are pinned in the ARG default. Credentials come from $DOCKER_CONFIG/config.json or ~/.docker/config.json.\n\nExit codes: 0 every image pinned, 1 an image could not be resolved (the others are still pinned), 2 the file cannot be read or parsed.\n\nExamples:\n  basepick pin Dockerfile\n  basepick pin Dockerfile --write\n  basepick pin Dockerfile --update --write"
    )]
    Pin(PinArgs),
    /// Measure catalog images in their registries and import scan reports and SBOMs into images.toml
    #[command(
        after_help = "Works on a team catalog (--data DIR). Reads each image's linux/amd64 manifest: compressed size (sum of layers), digest, platforms offered and build day; writes them as measured figures with the day (today, or --today) and source, keeping comments and layout. Shows the diff and asks before writing (--yes skips the question; without a terminal and without --yes nothing is written and the exit code is 1).\n\nWith --scan-report or --sbom and no IMAGE_ID, only the report is imported.\n\nExamples:\n  basepick refresh --data ./catalog\n  basepick refresh --data ./catalog python-3.13-slim node-22-slim --yes\n  basepick refresh --data ./catalog --image python-3.13-slim --scan-report trivy.json --sbom sbom.spdx.json"
    )]
    Refresh(RefreshArgs),
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
    /// Take the course in the terminal: lessons drawn from the data, "try it" in the advisor, a quiz
    #[command(
        after_help = "Keys: ↑/↓ choose, Enter open or answer, ←/→ previous or next, t try it in the advisor, Esc contents, q quit.\n\nExamples:\n  basepick learn\n  basepick learn --present          # one idea per screen, large headings, for a room\n  basepick learn --data ./team-data # the course teaches the team's own catalog"
    )]
    Learn(LearnArgs),
    /// Print a quiz: concept questions from learn.toml and scenarios generated from the decision tree
    #[command(
        after_help = "The same seed gives the same quiz. Exit codes: 0 printed, 1 nothing to ask (no concept questions and a catalog too small for scenarios).\n\nExamples:\n  basepick quiz --seed 7 --count 12 --format markdown > handout.md\n  basepick quiz --seed 1 --format json"
    )]
    Quiz(QuizArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The Dockerfile to audit
    #[arg(value_name = "DOCKERFILE")]
    pub dockerfile: PathBuf,
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Exit 1 when a finding is at least this severe
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Move the final stage to a better base: print the edited Dockerfile as a unified diff and what the move breaks
    #[arg(long)]
    pub fix: bool,
    /// With --fix: the image reference, catalog image id or tree leaf to move to (default: the first suggestion)
    #[arg(long, value_name = "IMAGE_OR_LEAF", requires = "fix")]
    pub to: Option<String>,
    /// With --fix: replace the Dockerfile (atomically) when the move breaks nothing; exit 1 otherwise
    #[arg(long, requires = "fix")]
    pub write: bool,
    /// With --write: replace the Dockerfile even when the move breaks something
    #[arg(long, requires = "write")]
    pub force: bool,
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

    /// Pin every FROM image to the digest its registry serves now (reads the registries)
    #[arg(long)]
    pub pin: bool,

    /// With --write: also write how to run the image, hardened to match it: compose.yaml (compose) or
    /// a Kubernetes manifest, k8s.yaml (k8s); repeat for both
    #[arg(long = "with", value_name = "FILE", requires = "write", value_parser = extra_names())]
    pub with: Vec<Extra>,
}

#[derive(Debug, Args)]
pub struct PinArgs {
    /// The Dockerfile to pin
    #[arg(value_name = "DOCKERFILE")]
    pub dockerfile: PathBuf,

    /// Write the pinned file in place (atomically, keeping its permissions)
    #[arg(long)]
    pub write: bool,

    /// Also replace digests already written with what their tags point at now
    #[arg(long)]
    pub update: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("import").args(["scan_report", "sbom"]).multiple(true)))]
pub struct RefreshArgs {
    /// Only these images (ids in images.toml); default: every image
    #[arg(value_name = "IMAGE_ID")]
    pub images: Vec<String>,

    /// Write the changes without asking
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Import a Trivy or Grype JSON report as the vulnerability count of --image
    #[arg(long, value_name = "FILE", requires = "image")]
    pub scan_report: Option<PathBuf>,

    /// Import an SPDX or CycloneDX JSON SBOM as the package count of --image
    #[arg(long, value_name = "FILE", requires = "image")]
    pub sbom: Option<PathBuf>,

    /// The image (id in images.toml) the report or SBOM describes
    #[arg(long, value_name = "ID", requires = "import")]
    pub image: Option<String>,

    /// Count vulnerabilities at or above this severity: low, medium, high or critical
    #[arg(long, value_name = "LEVEL", default_value = "medium", value_parser = parse_severity)]
    pub severity: Severity,

    /// The vulnerability database's date (YYYY-MM-DD), for a report that does not record it (given, it wins)
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "scan_report")]
    pub db_date: Option<Date>,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// For a room: one idea per screen, large headings, arrow keys and a progress bar
    #[arg(long)]
    pub present: bool,

    #[command(flatten)]
    pub quiz: QuizDraw,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    #[command(flatten)]
    pub draw: QuizDraw,

    #[arg(long, value_enum, default_value_t = QuizFormat::Text)]
    pub format: QuizFormat,
}

/// Which questions a quiz asks.
#[derive(Debug, Clone, Copy, Args)]
pub struct QuizDraw {
    /// Draw the questions with this seed (the same seed gives the same quiz); random when left out
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Number of questions
    #[arg(long, value_name = "N", default_value_t = crate::learn::quiz::DEFAULT_COUNT, value_parser = clap::value_parser!(u16).range(1..=200).map(usize::from))]
    pub count: usize,
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

fn parse_severity(text: &str) -> Result<Severity, String> {
    text.parse()
}

fn parse_assignment(text: &str) -> Result<(String, String), String> {
    crate::knowledge::params::split_assignment(text)
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .map_err(|e| e.to_string())
}
