//! Runs one CLI command: load what it needs, call the library, write the output. Errors are typed
//! here and turned into messages and exit codes at the edge (`report`).

mod args;
mod audit;
mod check_data;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use serde_json::json;

use crate::advisor::AnswerError;
use crate::audit::AuditError;
use crate::cli::{Cli, Command};
use crate::detect::{DetectError, Detection, ProjectAnswers};
use crate::export::ExportError;
use crate::generate::{self, CheckError, GenerateError, PlanError, RenderError};
use crate::knowledge::{self, DataSource, Date, Knowledge, LoadError, ParamError};
use crate::listing;
use crate::output::{self, AuditFormat, RecommendFormat, ReportFormat, TableFormat, TreeFormat};
use crate::registry::PinError;

mod pin_refresh;

pub mod learn;

pub use args::{argument_error, refuse_misplaced};

/// Exit status of a command: 0 ok, 1 failure, 2 usage or bad answer.
pub type ExitCode = u8;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Answer(#[from] AnswerError),
    #[error(transparent)]
    Param(#[from] ParamError),
    #[error(transparent)]
    Render(RenderError),
    #[error(transparent)]
    Plan(PlanError),
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("unknown leaf `{leaf}`; valid leaves: {}", valid.join(", "))]
    UnknownLeaf { leaf: String, valid: Vec<String> },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    Detect(#[from] DetectError),
    #[error("{} holds {} apps and none at its top level; choose one with {}", dir.display(), apps.len(), output::detect::choice_hint(apps))]
    SeveralApps {
        dir: PathBuf,
        /// `(path to pass to --detect, runtime)` of each app.
        apps: Vec<(PathBuf, String)>,
    },
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Pin(#[from] PinError),
    /// An input file that cannot be used; the message names it.
    #[error("{message}")]
    Input { message: String, code: ExitCode },
    #[error(transparent)]
    Migrate(#[from] crate::audit::migrate::MigrateError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error(transparent)]
    Quiz(#[from] crate::learn::QuizError),
    #[error(transparent)]
    Runtime(#[from] listing::UnknownRuntime),
}

impl From<GenerateError> for CliError {
    fn from(e: GenerateError) -> Self {
        match e {
            GenerateError::Plan(PlanError::Param(p)) => CliError::Param(p),
            GenerateError::Plan(p) => CliError::Plan(p),
            GenerateError::Render(r) => CliError::Render(r),
        }
    }
}

impl CliError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Answer(_)
            | CliError::Param(_)
            | CliError::UnknownLeaf { .. }
            | CliError::Usage(_)
            | CliError::Plan(_)
            | CliError::Detect(_)
            | CliError::SeveralApps { .. }
            | CliError::Audit(_)
            | CliError::Migrate(_)
            | CliError::Check(_)
            | CliError::Runtime(_) => 2,
            CliError::Load(_)
            | CliError::Render(_)
            | CliError::Export(_)
            | CliError::Output(_)
            | CliError::Quiz(_)
            | CliError::Pin(_) => 1,
            CliError::Input { code, .. } => *code,
        }
    }

    /// The error as a JSON value: `{"error": {"kind": …, "message": …, …}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let message = self.to_string();
        let body = match self {
            CliError::Answer(AnswerError::MissingAnswer {
                question,
                prompt,
                choices,
            }) => {
                json!({"kind": "missing_answer", "question": question, "prompt": prompt, "choices": choices, "message": message})
            }
            CliError::Answer(AnswerError::UnknownQuestion { question, valid }) => {
                json!({"kind": "unknown_question", "question": question, "valid": valid, "message": message})
            }
            CliError::Answer(AnswerError::UnknownChoice {
                question,
                choice,
                valid,
            }) => {
                json!({"kind": "unknown_choice", "question": question, "choice": choice, "valid": valid, "message": message})
            }
            CliError::Answer(e) => json!({"kind": e.kind(), "message": message}),
            CliError::Load(LoadError::Invalid(problems)) => {
                json!({"kind": "invalid_data", "problems": problems, "message": message})
            }
            CliError::Load(_) => json!({"kind": "data_unreadable", "message": message}),
            CliError::Param(_) => json!({"kind": "bad_parameter", "message": message}),
            CliError::Render(_) => json!({"kind": "template", "message": message}),
            CliError::Plan(PlanError::SeveralCandidates { candidates, .. }) => {
                json!({"kind": "several_candidates", "candidates": candidates, "message": message})
            }
            CliError::Plan(_) => json!({"kind": "unsafe_name", "message": message}),
            CliError::Export(ExportError::Exists { path }) => {
                json!({"kind": "exists", "path": path, "message": message})
            }
            CliError::Export(_) => json!({"kind": "export", "message": message}),
            CliError::UnknownLeaf { leaf, valid } => {
                json!({"kind": "unknown_leaf", "leaf": leaf, "valid": valid, "message": message})
            }
            CliError::Usage(_) => json!({"kind": "usage", "message": message}),
            CliError::Output(_) => json!({"kind": "io", "message": message}),
            CliError::Detect(_) => json!({"kind": "unreadable_dir", "message": message}),
            CliError::SeveralApps { apps, .. } => {
                json!({"kind": "several_apps", "apps": output::detect::choices_json(apps), "message": message})
            }
            CliError::Audit(AuditError::Parse { error, .. }) => {
                json!({"kind": "dockerfile_syntax", "line": error.line, "message": message})
            }
            CliError::Audit(_)
            | CliError::Check(CheckError::Read { .. })
            | CliError::Input { .. } => {
                json!({"kind": "unreadable_file", "message": message})
            }
            CliError::Check(CheckError::Parse { error, .. }) => {
                json!({"kind": "dockerfile_syntax", "line": error.line, "message": message})
            }
            CliError::Check(CheckError::Scan { .. }) => {
                json!({"kind": "unreadable_dir", "message": message})
            }
            CliError::Quiz(e) => {
                json!({"kind": "nothing_to_ask", "reasons": e.reasons, "message": message})
            }
            CliError::Pin(_) => json!({"kind": "registry", "message": message}),
            CliError::Migrate(_) => json!({"kind": "cannot_move", "message": message}),
            CliError::Runtime(listing::UnknownRuntime { runtime, valid }) => {
                json!({"kind": "unknown_runtime", "runtime": runtime, "valid": valid, "message": message})
            }
        };
        json!({ "error": body })
    }
}

/// Whether errors should be written as JSON on stdout.
fn wants_json(cli: &Cli) -> bool {
    match &cli.command {
        Some(Command::Recommend(a)) => a.format == RecommendFormat::Json,
        Some(Command::Images(a)) => a.format == TableFormat::Json,
        Some(Command::Tree { format }) => *format == TreeFormat::Json,
        Some(Command::Quiz(a)) => a.format == output::quiz::QuizFormat::Json,
        Some(Command::Detect { format, .. } | Command::CheckBuild { format, .. }) => {
            *format == ReportFormat::Json
        }
        Some(Command::Audit(a)) => a.format != AuditFormat::Text,
        _ => false,
    }
}

/// Whether stdout is a report for people, whose control characters are escaped (not JSON, and not
/// a file's contents: a Dockerfile, a completion script, a diff to apply).
fn for_people(cli: &Cli) -> bool {
    match &cli.command {
        Some(Command::Dockerfile { export, .. }) => export.write.is_some(),
        Some(Command::Completions { .. } | Command::Pin(_) | Command::Refresh(_)) | None => false,
        Some(_) => !wants_json(cli),
    }
}

/// Runs a parsed command line (not the TUI) and reports errors; returns the exit code. Control
/// characters from files and data never reach the terminal: stderr is always escaped, and so is
/// stdout when it is [`for_people`].
pub fn run(cli: &Cli, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    let mut err = crate::present::Escaping::new(err);
    let result = if for_people(cli) {
        let mut shown = crate::present::Escaping::new(&mut *out);
        let result = dispatch(cli, &mut shown, &mut err);
        shown.flush().map_err(CliError::from).and(result)
    } else {
        dispatch(cli, out, &mut err)
    };
    let code = match result {
        Ok(code) => code,
        // The reader went away (`basepick images | head`): stop quietly, as other tools do.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => report(&e, wants_json(cli), out, &mut err),
    };
    let _ = err.flush();
    code
}

/// Writes an error as JSON on stdout or as text on stderr; returns its exit code.
pub fn report(e: &CliError, json: bool, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    // Nothing useful is left to do if even the error cannot be written.
    let _ = if json {
        output::write_json(out, &e.to_json())
    } else {
        writeln!(
            err,
            "basepick: {}",
            crate::present::escape_lines(e.to_string().trim_end())
        )
    };
    e.exit_code()
}

fn source(cli: &Cli) -> DataSource {
    DataSource::from_option(cli.data.clone())
}

/// Loads the data the command line names, kept until the process ends.
pub fn load(cli: &Cli) -> Result<&'static Knowledge, LoadError> {
    Ok(keep(knowledge::load(&source(cli))?))
}

/// Data a command uses until the process ends is never freed: the system takes the memory back at
/// exit in one step, where dropping it would free thousands of small allocations one by one (about
/// 70 µs, a tenth of a `recommend` run).
fn keep<T>(data: T) -> &'static T {
    Box::leak(Box::new(data))
}

/// The day support is judged on: `--today`, else the clock.
pub fn today(cli: &Cli) -> Date {
    cli.today.unwrap_or_else(Date::today)
}

mod recommend;

use recommend::{emit, leaf_outcome, recommend};

fn dispatch(cli: &Cli, out: &mut impl Write, err: &mut impl Write) -> Result<ExitCode, CliError> {
    let Some(command) = &cli.command else {
        return Err(CliError::Usage("no command given".to_owned()));
    };
    refuse_misplaced(cli)?;
    match command {
        Command::Recommend(args) => recommend(cli, load(cli)?, args, out),
        Command::Images(args) => {
            if args.families {
                let knowledge = load(cli)?;
                let day = knowledge.status_day(today(cli));
                output::images::write_families(out, knowledge, args.format, day)?;
            } else {
                let catalog = keep(knowledge::load_listing(&source(cli))?);
                let filter = listing::Filter {
                    runtime: args.runtime.as_deref(),
                    family: args.family,
                    sort: args.sort,
                    all: args.all,
                };
                filter.check(catalog)?;
                let day = catalog.status_day(today(cli));
                let images = listing::select(catalog, &filter, day);
                output::images::write(out, &images, catalog, args.format, day)?;
            }
            Ok(0)
        }
        Command::Tree { format } => {
            output::tree::write(out, load(cli)?, *format)?;
            Ok(0)
        }
        Command::Dockerfile { leaf, export } => {
            let knowledge = load(cli)?;
            let outcome = leaf_outcome(knowledge, leaf)?;
            emit(cli, knowledge, &outcome, export, out)
        }
        Command::Detect { dir, format } => detect(cli, dir, *format, out),
        Command::Audit(args) => audit::run(cli, args, out),
        Command::Learn(_) => Err(CliError::Usage(learn::NEEDS_TERMINAL.to_owned())),
        Command::Quiz(args) => learn::quiz(cli, args, out),
        Command::CheckBuild {
            dir,
            dockerfile,
            format,
        } => check_build(dir, dockerfile.as_deref(), *format, out),
        Command::Pin(args) => pin_refresh::pin(args, out, err),
        Command::Refresh(args) => pin_refresh::refresh(cli, args, out, err),
        Command::CheckData { max_age } => check_data::check_data(cli, *max_age, out, err),
        Command::Completions { shell } => {
            // clap_complete panics when its writer fails: render first, then write like any output.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "basepick", &mut script);
            out.write_all(&script)?;
            Ok(0)
        }
    }
}

/// `basepick detect DIR`: scan a project and print what it implies.
fn detect(
    cli: &Cli,
    dir: &Path,
    format: ReportFormat,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let detection = scan_project(cli, dir)?;
    match format {
        ReportFormat::Text => out.write_all(output::detect::render_text(&detection).as_bytes())?,
        ReportFormat::Json => output::write_json(out, &detection)?,
    }
    Ok(0)
}

/// Scans a project directory with the native-dependency table of the data source.
pub fn scan_project(cli: &Cli, dir: &Path) -> Result<Detection, CliError> {
    let rules = keep(knowledge::load_native(&source(cli))?);
    Ok(crate::detect::scan(dir, rules)?)
}

/// Scans `dir` and turns its main app into answers and facts, each with its evidence.
pub fn detected_answers(cli: &Cli, dir: &Path) -> Result<ProjectAnswers, CliError> {
    Ok(ProjectAnswers::of(&scan_project(cli, dir)?))
}

/// `basepick check-build DIR`: 0 when the build would get past every `COPY`, 1 when not.
fn check_build(
    dir: &Path,
    dockerfile: Option<&Path>,
    format: ReportFormat,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let check = generate::check_project(dir, dockerfile, None, &[])?;
    match format {
        ReportFormat::Text => out.write_all(output::build_check::render_text(&check).as_bytes())?,
        ReportFormat::Json => output::write_json(out, &check)?,
    }
    Ok(u8::from(!check.readiness.is_ready()))
}
