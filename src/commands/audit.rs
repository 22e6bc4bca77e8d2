//! `basepick audit DOCKERFILE`: the report in text, JSON or SARIF, the exit code by `--fail-on`, and
//! with `--fix` the move to a better base as a diff (written in place with `--write`).

use std::io::Write;

use super::{CliError, ExitCode, source, today};
use crate::audit::{self, Context, Severity};
use crate::cli::{AuditArgs, Cli};
use crate::knowledge;
use crate::output::{self, AuditFormat, FailOn};

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
    let source = source(cli);
    let catalog = knowledge::load_catalog(&source)?;
    let lifecycles = knowledge::load_lifecycles(&source)?;
    let cx = Context {
        catalog: &catalog,
        lifecycles: &lifecycles,
        day: today(cli),
    };
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
