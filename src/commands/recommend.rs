//! `recommend` and `dockerfile`: the advice, the plan behind the Dockerfile, the files written, and
//! with a project at hand, whether the Dockerfile would build from it.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CliError, ExitCode, pin_refresh, scan_project, today};
use crate::advisor::{self, Outcome};
use crate::cli::{Cli, ExportArgs, RecommendArgs};
use crate::detect::ProjectAnswers;
use crate::export::{self, ExportError, Overwrite};
use crate::generate::{self, Artifacts, Extras, Plan, PlanInput, ProjectFacts, Readiness};
use crate::knowledge::Knowledge;
use crate::output::json::OutcomeJson;
use crate::output::{self, RecommendFormat};

pub(super) fn recommend(
    cli: &Cli,
    knowledge: &Knowledge,
    args: &RecommendArgs,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let detected = match &args.detect {
        Some(dir) => {
            let detection = scan_project(cli, dir)?;
            // A directory of several apps and none at its root: the user must pick one.
            if detection.needs_choice() {
                return Err(CliError::SeveralApps {
                    dir: dir.clone(),
                    apps: detection
                        .apps
                        .iter()
                        .map(|a| (dir.join(&a.dir), a.runtime.runtime.clone()))
                        .collect(),
                });
            }
            ProjectAnswers::of(&detection)
        }
        None => ProjectAnswers::default(),
    };
    let outcome = advisor::recommend_detected(knowledge, &args.answers, &detected.answers)?;
    let export = &args.export;
    pin_refresh::check_pin(export)?;
    // The plan is made whenever files are wanted or parameters given, so a typo never passes
    // silently; with --detect it is made anyway, to report what the Dockerfile would use.
    let generated = if export.write.is_some() || !export.set.is_empty() || detected.facts.is_some()
    {
        let (plan, artifacts) = generate_files(
            cli,
            knowledge,
            &outcome,
            detected.facts.as_ref(),
            &export.set,
        )?;
        Some((plan, pin_refresh::pinned_if(export.pin, artifacts)?))
    } else {
        None
    };
    let extras = match &generated {
        Some((plan, artifacts)) => run_files(knowledge, plan, artifacts, export)?,
        None => None,
    };
    // With a project at hand, the Dockerfile is checked against it: would `docker build` get past
    // every COPY with this .dockerignore?
    let build_check = match (&args.detect, &generated) {
        (Some(dir), Some((plan, artifacts))) => Some(generate::check_text(
            dir,
            &dir.join("Dockerfile"),
            &artifacts.dockerfile,
            &artifacts.dockerignore,
            &plan.entry_files(),
        )?),
        _ => None,
    };
    let written = match (&export.write, &generated) {
        (Some(dir), Some((_, artifacts))) => {
            write_artifacts(dir, artifacts, extras.as_ref(), export.force)?
        }
        _ => Vec::new(),
    };
    let plan = generated.as_ref().map(|(plan, _)| plan);
    print_outcome(
        out,
        knowledge,
        &outcome,
        plan,
        build_check.as_ref(),
        args.format,
        !written.is_empty(),
    )?;
    if args.format != RecommendFormat::Json {
        report_written(out, &written)?;
        report_fill_in(out, extras.as_ref())?;
        if let (Some(project), Some(target), Some(plan)) = (&args.detect, &export.write, plan) {
            let compose = extras
                .as_ref()
                .is_some_and(|e| e.get(generate::Extra::Compose).is_some());
            write_build_hint(out, project, target, &plan.app.name, compose)?;
        }
    }
    Ok(0)
}

/// How to build what was written: from the project directory, which is the build context.
fn write_build_hint(
    out: &mut impl Write,
    project: &Path,
    target: &Path,
    name: &str,
    compose: bool,
) -> std::io::Result<()> {
    // compose.yaml builds from its own directory, so it moves with the Dockerfile.
    let files = if compose {
        "Dockerfile, .dockerignore and compose.yaml"
    } else {
        "Dockerfile and .dockerignore"
    };
    let same = match (project.canonicalize(), target.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        writeln!(out, "build:   docker build -t {name} {}", project.display())
    } else {
        writeln!(
            out,
            "build:   move {files} into {} (the build context), then: docker build -t {name} {}",
            project.display(),
            project.display()
        )
    }
}

/// Plans and renders the files for an outcome.
fn generate_files(
    cli: &Cli,
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    facts: Option<&ProjectFacts>,
    overrides: &[(String, String)],
) -> Result<(Plan, Artifacts), CliError> {
    Ok(generate::generate(PlanInput {
        knowledge,
        outcome,
        facts,
        overrides,
        today: today(cli),
    })?)
}

fn print_outcome(
    out: &mut impl Write,
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    plan: Option<&Plan>,
    build_check: Option<&Readiness>,
    format: RecommendFormat,
    written: bool,
) -> std::io::Result<()> {
    match format {
        RecommendFormat::Text => {
            output::recommend::write_text(out, outcome)?;
            if let Some(p) = plan {
                output::recommend::write_plan_text(out, p)?;
            }
            if let Some(check) = build_check {
                write!(
                    out,
                    "\nBuild check against the project: {}",
                    output::build_check::summary_text(check)
                )?;
            }
            if !written {
                output::recommend::write_dockerfile_hint(out, outcome, plan.is_some())?;
            }
            Ok(())
        }
        RecommendFormat::Json => output::write_json(
            out,
            &OutcomeJson::new(outcome, &knowledge.catalog).with_plan(plan, build_check),
        ),
        RecommendFormat::Markdown => output::recommend::write_markdown(out, outcome),
    }
}

/// The outcome of a leaf chosen by id; an unknown id lists the valid ones.
pub(super) fn leaf_outcome<'k>(
    knowledge: &'k Knowledge,
    leaf_id: &str,
) -> Result<Outcome<'k>, CliError> {
    advisor::leaf_outcome(knowledge, leaf_id).ok_or_else(|| CliError::UnknownLeaf {
        leaf: leaf_id.to_owned(),
        valid: knowledge
            .tree
            .leaves
            .iter()
            .map(|l| l.id.to_string())
            .collect(),
    })
}

pub(super) fn emit(
    cli: &Cli,
    knowledge: &Knowledge,
    outcome: &Outcome<'_>,
    export: &ExportArgs,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let (plan, artifacts) = generate_files(cli, knowledge, outcome, None, &export.set)?;
    let artifacts = pin_refresh::pinned_if(export.pin, artifacts)?;
    match &export.write {
        Some(dir) => {
            let extras = run_files(knowledge, &plan, &artifacts, export)?;
            let written = write_artifacts(dir, &artifacts, extras.as_ref(), export.force)?;
            output::recommend::write_plan_text(out, &plan)?;
            report_written(out, &written)?;
            report_fill_in(out, extras.as_ref())?;
        }
        None => out.write_all(artifacts.dockerfile.as_bytes())?,
    }
    Ok(0)
}

/// The run files `--with` asks for (compose.yaml, k8s.yaml), if any.
fn run_files(
    knowledge: &Knowledge,
    plan: &Plan,
    artifacts: &Artifacts,
    export: &ExportArgs,
) -> Result<Option<Extras>, CliError> {
    if export.with.is_empty() {
        return Ok(None);
    }
    generate::extras(knowledge, plan, &artifacts.dockerfile, &export.with)
        .map(Some)
        .map_err(CliError::Render)
}

/// Writes the Dockerfile, .dockerignore and the run files in one export: all of them or none.
fn write_artifacts(
    dir: &Path,
    artifacts: &Artifacts,
    extras: Option<&Extras>,
    force: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    let policy = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let mut files = export::Artifact::files_of(artifacts.clone());
    files.extend(extras.map(Extras::files).unwrap_or_default());
    export::write(dir, &files, policy)
}

/// What the user must fill in before running the files written by `--with`.
fn report_fill_in(out: &mut impl Write, extras: Option<&Extras>) -> std::io::Result<()> {
    let Some(extras) = extras else {
        return Ok(());
    };
    writeln!(out, "before you run it:")?;
    for line in extras.to_fill_in() {
        writeln!(out, "  - {line}")?;
    }
    Ok(())
}

fn report_written(out: &mut impl Write, written: &[PathBuf]) -> std::io::Result<()> {
    for path in written {
        writeln!(out, "wrote {}", path.display())?;
    }
    Ok(())
}
