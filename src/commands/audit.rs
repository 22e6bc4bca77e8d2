//! `basepick audit DOCKERFILE`: the report in text, JSON or SARIF, the exit code by `--fail-on`, and
//! with `--fix` the move to a better base as a diff (written in place with `--write`).

use std::io::Write;

use serde_json::json;

use super::{CliError, ExitCode, source, today};
use crate::audit::{self, Context, Severity, migrate};
use crate::cli::{AuditArgs, Cli};
use crate::export;
use crate::knowledge::{self, LoadError};
use crate::output::{self, AuditFormat, FailOn};
use crate::present::{escape, escape_lines};

/// The severity `--fail-on` names.
pub fn threshold(fail_on: FailOn) -> Severity {
    match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    }
}

/// Audits the Dockerfile; 0 when nothing reaches `--fail-on`, 1 when something does.
pub fn run(cli: &Cli, args: &AuditArgs, out: &mut impl Write) -> Result<ExitCode, CliError> {
    if args.fix {
        return fix(cli, args, out);
    }
    let source = source(cli);
    let (catalog, lifecycles) = super::keep(knowledge::load_for_audit(&source)?);
    let cx = Context::new(catalog, lifecycles, today(cli));
    let report = audit::audit_file(&args.dockerfile, &cx)?;
    let shown = args.dockerfile.display().to_string();
    match args.format {
        AuditFormat::Text => out.write_all(output::audit::render_text(&report).as_bytes())?,
        AuditFormat::Json => output::write_json(out, &output::audit::AuditJson::new(&report))?,
        AuditFormat::Sarif => {
            output::write_json(out, &output::audit_sarif::sarif(&report, &shown))?;
        }
    }
    Ok(report.exit_code(threshold(args.fail_on)))
}

/// `--fix`: the diff and what the move breaks; with `--write`, the Dockerfile replaced in place when
/// nothing breaks (or with `--force`).
fn fix(cli: &Cli, args: &AuditArgs, out: &mut impl Write) -> Result<ExitCode, CliError> {
    if args.format == AuditFormat::Sarif {
        return Err(CliError::Usage(
            "--fix prints a diff as text or JSON, not SARIF".to_owned(),
        ));
    }
    let k = super::load(cli)?;
    let lifecycles = k.lifecycles.get().map_err(LoadError::from)?;
    let cx = Context::new(&k.catalog, lifecycles, today(cli));
    let text = audit::read_dockerfile(&args.dockerfile)?;
    let report = audit::audit(&text, &cx).map_err(|error| audit::AuditError::Parse {
        path: args.dockerfile.clone(),
        error,
    })?;
    let plan = migrate::plan(&text, &report, k, &cx, args.to.as_deref())?;
    let name = args.dockerfile.file_name().map_or_else(
        || "Dockerfile".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let diff = plan.diff(&name);
    let blocked = args.write && !plan.breaks.is_empty() && !args.force;
    let written = args.write && !blocked;
    if written {
        export::replace_file(&args.dockerfile, &plan.before, &plan.after)?;
    }
    if args.format == AuditFormat::Json {
        output::write_json(
            out,
            &json!({"changes": plan.changes, "breaks": plan.breaks, "diff": diff, "written": written}),
        )?;
    } else {
        out.write_all(escape_lines(&diff).as_bytes())?;
        if plan.breaks.is_empty() {
            writeln!(out, "\nThe move breaks nothing basepick can see.")?;
        } else {
            writeln!(out, "\nWhat the move breaks ({}):", plan.breaks.len())?;
            for b in &plan.breaks {
                writeln!(
                    out,
                    "  line {}: {}\n    fix: {}",
                    b.line,
                    escape(&b.what),
                    escape(&b.fix)
                )?;
            }
        }
        let shown = args.dockerfile.display();
        if written {
            writeln!(out, "\nwrote {shown}")?;
        } else if blocked {
            writeln!(
                out,
                "\nnothing written: fix what the move breaks first, or add --force"
            )?;
        } else {
            writeln!(out, "\nnothing written; add --write to replace {shown}")?;
        }
    }
    Ok(u8::from(blocked))
}
