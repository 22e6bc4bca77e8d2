//! Project detection: read a project directory and infer its apps and, for each, the answers it implies
//! (runtime, version, package manager, native dependencies) and the facts a Dockerfile needs (files to
//! copy, what the build produces, how the app starts), each with the evidence it rests on.
//!
//! [`scan`] walks the directory within [`Limits`] and hands every file it recognises to the reader for
//! its ecosystem; [`apps`] then groups what was found by directory, lets each ecosystem complete its
//! findings, and picks each app's main runtime by role. Problems with single files (unreadable, too big,
//! binary, malformed, not a regular file) become notes; only an unusable root directory is an error.

mod answers;
mod apps;
mod cpp;
mod dotnet;
mod facts;
mod files_list;
mod go;
mod java;
mod java_build;
mod model;
mod node;
mod node_lock;
mod node_pm2;
mod node_role;
mod node_start;
mod python;
mod python_lock;
mod python_start;
mod requirements;
mod ruby_php;
mod rust;
mod rust_build;
mod scan;
mod start;
mod text;
mod walk;
mod xml;

use std::path::{Path, PathBuf};

pub use crate::knowledge::native::{Ecosystem, NativeRule, NativeRules, normalise, pep503};
pub use answers::{ProjectAnswers, answers, evidence_for};
pub use facts::{facts_of, project_facts};
pub use model::{
    AssetBuild, DetectedApp, DetectedRuntime, Detection, Evidence, Evidenced, NativeFinding,
};
pub use requirements::{Requirement, Requirements, parse_requirements, requirement_name};
pub use walk::Limits;

use scan::Scan;
pub(crate) use scan::{Rank, parse_json, parse_toml, toml_str, toml_table};

/// Why a directory could not be scanned at all.
#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("{} does not exist", path.display())]
    NotFound { path: PathBuf },
    #[error("{} is not a directory; detect scans a project directory", path.display())]
    NotADir { path: PathBuf },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Scans a project directory within the default [`Limits`].
pub fn scan(dir: &Path, rules: &NativeRules) -> Result<Detection, DetectError> {
    scan_with(dir, rules, &Limits::default())
}

/// Scans a project directory within the given limits.
pub fn scan_with(
    dir: &Path,
    rules: &NativeRules,
    limits: &Limits,
) -> Result<Detection, DetectError> {
    let mut notes = Vec::new();
    let files = walk::walk(dir, limits, &mut notes)?;
    let mut scan = Scan::new(rules, *limits, dir, notes);
    scan.files = files.iter().map(|f| f.rel.clone()).collect();
    for file in &files {
        let handled = python::visit(file, &mut scan)
            || node::visit(file, &mut scan)
            || go::visit(file, &mut scan)
            || rust::visit(file, &mut scan)
            || java::visit(file, &mut scan)
            || dotnet::visit(file, &mut scan)
            || cpp::visit(file, &mut scan)
            || ruby_php::visit(file, &mut scan);
        if !handled {
            ruby_php::count_source(file, &mut scan);
        }
    }
    Ok(apps::finish(scan))
}

/// Each ecosystem's last step on one runtime of an app.
fn finalize(draft: &mut apps::Draft, ctx: &mut apps::AppCtx<'_>) {
    match draft.runtime {
        "rust" => rust_build::finalize(draft, ctx),
        "go" => go::finalize(draft, ctx),
        "dotnet" => dotnet::finalize(draft, ctx),
        "java" => java_build::finalize(draft, ctx),
        "cpp" => cpp::finalize(draft, ctx),
        "node" => node_role::finalize(draft, ctx),
        "python" => python_start::finalize(draft, ctx),
        "ruby" | "php" => ruby_php::finalize(draft, ctx),
        _ => {}
    }
}

#[cfg(test)]
mod tests;
