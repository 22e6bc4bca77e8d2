//! `basepick pin`, `basepick refresh` and `--pin`: the commands that read registries.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::{CliError, ExitCode, today};
use crate::cli::{Cli, ExportArgs, PinArgs, RefreshArgs};
use crate::export;
use crate::generate::Artifacts;
use crate::knowledge::{Date, files};
use crate::registry::refresh::{self, Measured};
use crate::registry::sbom::{self, PackageFigures};
use crate::registry::scan::{self, VulnFigures};
use crate::registry::{self, Client, Outcome, Skip, catalog};

/// Largest Dockerfile read by `pin`.
const MAX_DOCKERFILE_BYTES: u64 = 1024 * 1024;
/// Largest images.toml read by `refresh`.
const MAX_CATALOG_BYTES: u64 = 8 * 1024 * 1024;
/// Largest scan report or SBOM read (a full Trivy report of a large image runs to tens of MB).
const MAX_REPORT_BYTES: u64 = 128 * 1024 * 1024;

fn unreadable(path: &Path, message: impl std::fmt::Display, code: ExitCode) -> CliError {
    CliError::Input {
        message: format!("cannot read {}: {message}", path.display()),
        code,
    }
}

/// `recommend --pin` pins the file it writes, so it needs `--write`.
pub(super) fn check_pin(export: &ExportArgs) -> Result<(), CliError> {
    if export.pin && export.write.is_none() {
        return Err(CliError::Usage(
            "--pin pins the Dockerfile written with --write DIR; pass --write too".to_owned(),
        ));
    }
    Ok(())
}

/// `--pin`: the rendered Dockerfile with every stage pinned (unchanged without `--pin`).
pub(super) fn pinned_if(pin: bool, artifacts: Artifacts) -> Result<Artifacts, CliError> {
    if !pin {
        return Ok(artifacts);
    }
    let client = Client::from_env();
    let (dockerfile, _) = registry::pin_text(&artifacts.dockerfile, &client)?;
    Ok(Artifacts {
        dockerfile,
        ..artifacts
    })
}

/// `basepick pin DOCKERFILE`: the diff on stdout, what happened to each image on stderr.
pub(super) fn pin(
    args: &PinArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let path = &args.dockerfile;
    let text = files::read_text(path, MAX_DOCKERFILE_BYTES).map_err(|e| unreadable(path, e, 2))?;
    let client = Client::from_env();
    let report =
        registry::pin_dockerfile(&text, &client, args.update).map_err(|e| CliError::Input {
            message: format!("{}:{}: {}", path.display(), e.line, e.message),
            code: 2,
        })?;
    let name = path.display().to_string();
    out.write_all(registry::unified_diff(&text, &report.text, &name).as_bytes())?;
    let mut failed = 0;
    for stage in &report.stages {
        let note = match &stage.outcome {
            Outcome::Pinned { digest } => format!("pinned to {digest}"),
            Outcome::Updated { to, .. } => format!("its tag moved; now {to}"),
            Outcome::Current { .. } => "already pinned to what its tag serves".to_owned(),
            Outcome::AlreadyPinned { .. } => "already pinned (--update refreshes it)".to_owned(),
            Outcome::Skipped(Skip::DigestOnly) => {
                "pinned by digest without a tag; left as is".to_owned()
            }
            Outcome::Skipped(Skip::Scratch | Skip::Stage) => continue,
            Outcome::Failed(f) => {
                failed += 1;
                writeln!(err, "basepick: {name}:{}: {}: {f}", stage.line, stage.image)?;
                continue;
            }
        };
        writeln!(err, "{name}:{}: {}: {note}", stage.line, stage.image)?;
    }
    if args.write && report.text != text {
        export::replace_file(path, &text, &report.text)?;
        writeln!(err, "wrote {name}")?;
    }
    Ok(u8::from(failed > 0))
}

/// `basepick refresh`: measure, import, show the diff, ask, write.
pub(super) fn refresh(
    cli: &Cli,
    args: &RefreshArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let Some(dir) = &cli.data else {
        return Err(CliError::Usage(
            "refresh writes into a team catalog: pass --data DIR (or set BASEPICK_DATA)".to_owned(),
        ));
    };
    let path = dir.join("images.toml");
    let text = files::read_text(&path, MAX_CATALOG_BYTES).map_err(|e| unreadable(&path, e, 1))?;
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| unreadable(&path, e.to_string().trim_end(), 1))?;
    let listed = catalog::images(&doc);
    let known = |id: &str| -> Result<catalog::CatalogImage, CliError> {
        listed.iter().find(|i| i.id == id).cloned().ok_or_else(|| {
            CliError::Usage(format!(
                "{} has no image `{id}`; its images: {}",
                path.display(),
                listed
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    };
    let chosen: Vec<catalog::CatalogImage> = args
        .images
        .iter()
        .map(|id| known(id))
        .collect::<Result<_, _>>()?;
    let day = today(cli);
    // Reports are read before any network traffic, so a bad file fails fast.
    let imports = match &args.image {
        Some(id) => Some((known(id)?, read_imports(args)?)),
        None => None,
    };
    let mut targets = if !chosen.is_empty() {
        chosen
    } else if imports.is_some() {
        Vec::new()
    } else {
        listed.clone()
    };
    // `scratch` is the empty image: no registry serves it and there is nothing to measure.
    targets.retain(|i| !i.reference.eq_ignore_ascii_case("scratch"));
    let measured = measure(&targets);
    let mut failed = 0;
    for m in &measured {
        match &m.result {
            Ok(figures) => {
                catalog::write_measurement(&mut doc, &m.image, figures, day);
            }
            Err(e) => {
                failed += 1;
                writeln!(err, "basepick: {} ({}): {e}", m.image.id, m.image.reference)?;
            }
        }
    }
    if let Some((image, (packages, vulns))) = &imports {
        if let Some((figures, file)) = packages {
            catalog::write_packages(&mut doc, &image.id, figures, file, day);
        }
        if let Some((figures, database, file)) = vulns {
            catalog::write_vulns(&mut doc, &image.id, figures, *database, file, day);
        }
    }
    if !targets.is_empty() {
        writeln!(
            err,
            "measured {} of {} image{}",
            targets.len() - failed,
            targets.len(),
            if targets.len() == 1 { "" } else { "s" }
        )?;
    }
    let new = doc.to_string();
    let diff = registry::unified_diff(&text, &new, &path.display().to_string());
    out.write_all(diff.as_bytes())?;
    out.flush()?;
    if diff.is_empty() {
        writeln!(err, "{}: nothing to change", path.display())?;
        return Ok(u8::from(failed > 0));
    }
    let write = if args.yes {
        true
    } else if std::io::stdin().is_terminal() {
        confirm(std::io::stdin().lock(), err, &path)?
    } else {
        writeln!(
            err,
            "basepick: {} not written: stdin is not a terminal; pass --yes to write without asking",
            path.display()
        )?;
        return Ok(1);
    };
    if !write {
        writeln!(err, "{} left unchanged", path.display())?;
        return Ok(1);
    }
    export::replace_file(&path, &text, &new)?;
    writeln!(err, "wrote {}", path.display())?;
    Ok(u8::from(failed > 0))
}

type Imports = (
    Option<(PackageFigures, String)>,
    Option<(VulnFigures, Date, String)>,
);

fn read_imports(args: &RefreshArgs) -> Result<Imports, CliError> {
    let read = |path: &PathBuf| -> Result<(Vec<u8>, String), CliError> {
        let bytes =
            files::read_bytes(path, MAX_REPORT_BYTES).map_err(|e| unreadable(path, e, 1))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok((bytes, name))
    };
    let packages = match &args.sbom {
        Some(path) => {
            let (bytes, name) = read(path)?;
            let figures = sbom::read_sbom(&bytes).map_err(|e| unreadable(path, e, 1))?;
            Some((figures, name))
        }
        None => None,
    };
    let vulns = match &args.scan_report {
        Some(path) => {
            let (bytes, name) = read(path)?;
            let figures =
                scan::read_report(&bytes, args.severity).map_err(|e| unreadable(path, e, 1))?;
            let database = args.db_date.or(figures.database).ok_or_else(|| {
                unreadable(
                    path,
                    "the report does not say when its vulnerability database was built; pass --db-date YYYY-MM-DD",
                    1,
                )
            })?;
            Some((figures, database, name))
        }
        None => None,
    };
    Ok((packages, vulns))
}

/// Measures the images, with a progress bar when stderr is a terminal.
fn measure(targets: &[catalog::CatalogImage]) -> Vec<Measured> {
    if targets.is_empty() {
        return Vec::new();
    }
    let client = Client::from_env();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(targets.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
        {
            bar.set_style(style);
        }
        bar
    });
    // Drawn from this thread only: it holds stderr locked.
    let mut done = |m: &Measured| {
        if let Some(bar) = &bar {
            bar.set_message(m.image.id.clone());
            bar.inc(1);
        }
    };
    let measured = refresh::measure_all(&client, targets, &mut done);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    measured
}

/// Asks on stderr whether to write; only `y` or `yes` writes.
pub(super) fn confirm(
    input: impl BufRead,
    err: &mut impl Write,
    path: &Path,
) -> std::io::Result<bool> {
    write!(err, "Write these changes to {}? [y/N] ", path.display())?;
    err.flush()?;
    let mut answer = String::new();
    input.take(1024).read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_confirms() {
        for (input, expected) in [
            ("y\n", true),
            ("YES\n", true),
            ("\n", false),
            ("no\n", false),
            ("", false),
        ] {
            let mut err = Vec::new();
            let answer = confirm(input.as_bytes(), &mut err, Path::new("images.toml")).unwrap();
            assert_eq!(answer, expected, "{input:?}");
            assert_eq!(
                String::from_utf8(err).unwrap(),
                "Write these changes to images.toml? [y/N] "
            );
        }
    }
}
