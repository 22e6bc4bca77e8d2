//! Runs one CLI command: load what it needs, call the library, write the output. Errors are typed
//! here and turned into messages and exit codes at the edge (`report`).

mod audit;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use serde_json::json;

use crate::advisor::{self, AnswerError, Outcome};
use crate::audit::AuditError;
use crate::cli::{Cli, Command, ExportArgs, RecommendArgs};
use crate::detect::{DetectError, ProjectAnswers};
use crate::export::{self, ExportError, Overwrite};
use crate::generate::{self, Artifacts, RenderError};
use crate::knowledge::{self, DataSource, Date, Knowledge, LoadError, ParamError, Problems};
use crate::listing;
use crate::output::json::OutcomeJson;
use crate::output::{self, AuditFormat, RecommendFormat, ReportFormat, TableFormat, TreeFormat};

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
    Export(#[from] ExportError),
    #[error("unknown leaf `{leaf}`; valid leaves: {}", valid.join(", "))]
    UnknownLeaf { leaf: String, valid: Vec<String> },
    #[error("{0}")]
    Usage(String),
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
    #[error(transparent)]
    Detect(#[from] DetectError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Migrate(#[from] crate::audit::migrate::MigrateError),
}

impl From<RenderError> for CliError {
    fn from(e: RenderError) -> Self {
        match e {
            RenderError::Param(p) => CliError::Param(p),
            other @ RenderError::Template { .. } => CliError::Render(other),
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
            | CliError::Detect(_)
            | CliError::Audit(_)
            | CliError::Migrate(_) => 2,
            CliError::Load(_) | CliError::Render(_) | CliError::Export(_) | CliError::Output(_) => {
                1
            }
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
            CliError::Audit(AuditError::Parse { error, .. }) => {
                json!({"kind": "dockerfile_syntax", "line": error.line, "message": message})
            }
            CliError::Audit(_) => json!({"kind": "unreadable_file", "message": message}),
            CliError::Migrate(_) => json!({"kind": "cannot_move", "message": message}),
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
        Some(Command::Detect { format, .. }) => *format == ReportFormat::Json,
        Some(Command::Audit(a)) => a.format != AuditFormat::Text,
        _ => false,
    }
}

/// Runs a parsed command line (not the TUI) and reports errors; returns the exit code.
pub fn run(cli: &Cli, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    match dispatch(cli, out, err) {
        Ok(code) => code,
        // The reader went away (`basepick images | head`): stop quietly, as other tools do.
        Err(CliError::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => report(&e, wants_json(cli), out, err),
    }
}

/// Writes an error as JSON on stdout or as text on stderr; returns its exit code.
pub fn report(e: &CliError, json: bool, out: &mut impl Write, err: &mut impl Write) -> ExitCode {
    // Nothing useful is left to do if even the error cannot be written.
    let _ = if json {
        output::write_json(out, &e.to_json())
    } else {
        writeln!(err, "basepick: {}", e.to_string().trim_end())
    };
    e.exit_code()
}

fn source(cli: &Cli) -> DataSource {
    DataSource::from_option(cli.data.clone())
}

/// Loads the data the command line names.
pub fn load(cli: &Cli) -> Result<Knowledge, LoadError> {
    knowledge::load(&source(cli))
}

/// The day support is judged on: `--today`, else the clock.
pub fn today(cli: &Cli) -> Date {
    cli.today.unwrap_or_else(Date::today)
}

fn dispatch(cli: &Cli, out: &mut impl Write, err: &mut impl Write) -> Result<ExitCode, CliError> {
    let Some(command) = &cli.command else {
        return Err(CliError::Usage("no command given".to_owned()));
    };
    match command {
        Command::Recommend(args) => recommend(cli, &load(cli)?, args, out),
        Command::Images(args) => {
            let knowledge = load(cli)?;
            if args.families {
                output::images::write_families(out, &knowledge.families, args.format)?;
            } else {
                let filter = listing::Filter {
                    runtime: args.runtime.as_deref(),
                    family: args.family,
                    sort: args.sort,
                    all: args.all,
                };
                let day = knowledge.status_day(today(cli));
                let images = listing::select(&knowledge, &filter, day);
                output::images::write(out, &images, &knowledge.catalog, args.format, day)?;
            }
            Ok(0)
        }
        Command::Tree { format } => {
            output::tree::write(out, &load(cli)?, *format)?;
            Ok(0)
        }
        Command::Dockerfile { leaf, export } => {
            let knowledge = load(cli)?;
            let outcome = leaf_outcome(&knowledge, leaf)?;
            emit(&knowledge, &outcome, export, out)
        }
        Command::Detect { dir, format } => detect(cli, dir, *format, out),
        Command::Audit(args) => audit::run(cli, args, out),
        Command::CheckData => check_data(cli, out, err),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "basepick", out);
            Ok(0)
        }
    }
}

fn recommend(
    cli: &Cli,
    knowledge: &Knowledge,
    args: &RecommendArgs,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let detected = match &args.detect {
        Some(dir) => detected_answers(cli, dir)?,
        None => ProjectAnswers::default(),
    };
    let outcome = advisor::recommend_detected(knowledge, &args.answers, &detected.answers)?;
    let export = &args.export;
    let overrides = generate::with_detected(&outcome, detected.version.as_deref(), &export.set);
    // Parameters are checked whenever they are given, so a typo never passes silently.
    let artifacts = if export.write.is_some() || !overrides.is_empty() {
        let params = generate::params_for(knowledge, &outcome, &overrides)?;
        Some(generate::render(knowledge, &outcome, &params)?)
    } else {
        None
    };
    let written = match (&export.write, &artifacts) {
        (Some(dir), Some(artifacts)) => write_artifacts(dir, artifacts, export.force)?,
        _ => Vec::new(),
    };
    print_outcome(out, knowledge, &outcome, args.format)?;
    if args.format != RecommendFormat::Json {
        report_written(out, &written)?;
    }
    Ok(0)
}

fn print_outcome(
    out: &mut impl Write,
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    format: RecommendFormat,
) -> std::io::Result<()> {
    match format {
        RecommendFormat::Text => output::recommend::write_text(out, outcome),
        RecommendFormat::Json => {
            output::write_json(out, &OutcomeJson::new(outcome, &knowledge.catalog))
        }
        RecommendFormat::Markdown => output::recommend::write_markdown(out, outcome),
    }
}

/// The outcome of a leaf chosen by id; an unknown id lists the valid ones.
fn leaf_outcome<'k>(knowledge: &'k Knowledge, leaf_id: &str) -> Result<Outcome<'k>, CliError> {
    advisor::leaf_outcome(knowledge, leaf_id).ok_or_else(|| CliError::UnknownLeaf {
        leaf: leaf_id.to_owned(),
        valid: knowledge.tree.leaves.iter().map(|l| l.id.clone()).collect(),
    })
}

fn emit(
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    export: &ExportArgs,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let params = generate::params_for(knowledge, outcome, &export.set)?;
    let artifacts = generate::render(knowledge, outcome, &params)?;
    match &export.write {
        Some(dir) => {
            let written = write_artifacts(dir, &artifacts, export.force)?;
            report_written(out, &written)?;
        }
        None => out.write_all(artifacts.dockerfile.as_bytes())?,
    }
    Ok(0)
}

fn write_artifacts(
    dir: &Path,
    artifacts: &Artifacts,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let policy = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    export::write(dir, &artifacts.files(), policy)
}

fn report_written(out: &mut impl Write, written: &[PathBuf]) -> std::io::Result<()> {
    for path in written {
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}

fn check_data(cli: &Cli, out: &mut impl Write, err: &mut impl Write) -> Result<ExitCode, CliError> {
    let source = source(cli);
    match knowledge::load(&source) {
        Ok(k) => {
            write_problems(err, &k.support_warnings(today(cli)))?;
            write_problems(err, &crate::audit::catalog_check(&k.catalog, &k.lifecycles))?;
            writeln!(
                out,
                "{source}: ok — {} images, {} questions, {} leaves, {} templates, {} lifecycle lines (reviewed {})",
                k.catalog.images.len(),
                k.tree.questions.len(),
                k.tree.leaves.len(),
                k.templates.iter().count(),
                k.lifecycles
                    .products
                    .iter()
                    .map(|p| p.lines.len())
                    .sum::<usize>(),
                k.review_date()
            )?;
            Ok(0)
        }
        Err(LoadError::Invalid(problems)) => {
            write_problems(out, &problems)?;
            let n = problems.errors().count();
            writeln!(out, "{source}: {n} error{}", if n == 1 { "" } else { "s" })?;
            Ok(1)
        }
        Err(e) => Err(e.into()),
    }
}

fn write_problems(out: &mut impl Write, problems: &Problems) -> std::io::Result<()> {
    for p in &problems.0 {
        writeln!(out, "{p}\n")?;
    }
    Ok(())
}

/// `basepick detect DIR`: scan a project and print what it implies.
fn detect(
    cli: &Cli,
    dir: &Path,
    format: ReportFormat,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let rules = knowledge::load_native(&source(cli))?;
    let detection = crate::detect::scan(dir, &rules)?;
    match format {
        ReportFormat::Text => out.write_all(output::detect::render_text(&detection).as_bytes())?,
        ReportFormat::Json => output::write_json(out, &detection)?,
    }
    Ok(0)
}

/// Scans `dir` and turns its main runtime into answers, evidence and a version.
pub fn detected_answers(cli: &Cli, dir: &Path) -> Result<ProjectAnswers, CliError> {
    let rules = knowledge::load_native(&source(cli))?;
    let detection = crate::detect::scan(dir, &rules)?;
    Ok(ProjectAnswers::of(&detection))
}
