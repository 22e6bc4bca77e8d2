//! `check-build` as text: one line per problem, with the Dockerfile line it belongs to.

use std::fmt::Write as _;

use crate::generate::BuildCheck;
use crate::generate::readiness::Readiness;

/// The problems of a readiness check, indented, one per line.
pub fn problems_text(readiness: &Readiness) -> String {
    let mut out = String::new();
    for p in &readiness.problems {
        let at = p.line.map(|l| format!("line {l}: ")).unwrap_or_default();
        let _ = writeln!(out, "  {at}{}", p.message);
    }
    if readiness.partial {
        let _ = writeln!(
            out,
            "  (the project is larger than {} entries; only part of it was checked)",
            crate::generate::readiness::MAX_CONTEXT_ENTRIES
        );
    }
    out
}

/// One line saying whether the build will get past its `COPY`s, then the problems.
pub fn summary_text(readiness: &Readiness) -> String {
    let n = readiness.problems.len();
    let head = if n == 0 {
        format!(
            "ready: every COPY source is in the build context ({} files reach it)\n",
            readiness.context_files
        )
    } else {
        format!(
            "{n} problem{} that would stop the build:\n",
            if n == 1 { "" } else { "s" }
        )
    };
    head + &problems_text(readiness)
}

pub fn render_text(check: &BuildCheck) -> String {
    let ignore = check.dockerignore.as_ref().map_or_else(
        || "no .dockerignore".to_owned(),
        |p| format!("{} applied", p.display()),
    );
    format!(
        "{} against the build context {} ({ignore})\n{}",
        check.dockerfile.display(),
        check.context.display(),
        summary_text(&check.readiness)
    )
}
