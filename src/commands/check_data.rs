//! `basepick check-data`: every problem of the data, errors on stdout (exit 1), warnings on stderr.
//! A data directory also has every leaf rendered, so a template that fails only at render time (a
//! loop that does not end, a value that keeps growing) is found here.

use std::io::Write;

use super::{CliError, ExitCode, source, today};
use crate::cli::Cli;
use crate::knowledge::{self, LoadError, Problems};

pub(super) fn check_data(
    cli: &Cli,
    max_age: u32,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let source = source(cli);
    match knowledge::load(&source).map(super::keep) {
        Ok(k) => {
            let learn = k.learn.get().map_err(LoadError::from)?;
            let lifecycles = k.lifecycles.get().map_err(LoadError::from)?;
            let mut dated = k.dated_problems(today(cli), max_age);
            dated.0.extend(learn.problems.0.iter().cloned());
            // A data directory has every leaf rendered under the render limits. The built-in data
            // is not: it cannot change after the build, and the test suite renders all its leaves.
            if let knowledge::DataSource::Dir(_) = source {
                dated.0.extend(crate::generate::rehearse(k, today(cli)).0);
            }
            if dated.has_errors() {
                write_problems(out, &dated)?;
                let n = dated.errors().count();
                writeln!(out, "{source}: {n} error{}", if n == 1 { "" } else { "s" })?;
                return Ok(1);
            }
            write_problems(err, &dated)?;
            // The built-in catalog was checked against its lifecycle table when basepick was
            // built (build.rs), as of its review date; nothing about it can have changed since.
            if let knowledge::DataSource::Dir(_) = source {
                write_problems(err, &crate::audit::catalog_check(&k.catalog, lifecycles))?;
            }
            writeln!(
                out,
                "{source}: ok — {} images, {} questions, {} leaves, {} templates, {} lifecycle lines, {} lessons, {} concept questions (reviewed {})",
                k.catalog.images.len(),
                k.tree.questions.len(),
                k.tree.leaves.len(),
                k.templates.iter().count(),
                lifecycles
                    .products
                    .iter()
                    .map(|p| p.lines.len())
                    .sum::<usize>(),
                learn.lessons.len(),
                learn.questions.len(),
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
