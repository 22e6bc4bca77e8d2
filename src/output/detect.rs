//! Plain-text report of a detection.

use std::fmt::Write;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::detect::{DetectedRuntime, Detection, Evidenced, answers};
use crate::present::{app_summary, escape};

/// The apps to choose from, for the message of `recommend --detect` on a directory holding several:
/// `--detect DIR/a (node), --detect DIR/b (python)`.
pub fn choice_hint(apps: &[(PathBuf, String)]) -> String {
    apps.iter()
        .map(|(path, runtime)| {
            format!(
                "--detect {} ({runtime})",
                escape(&path.display().to_string())
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The same as JSON: `[{"detect": path, "runtime": id}, …]`.
pub fn choices_json(apps: &[(PathBuf, String)]) -> Value {
    apps.iter()
        .map(|(path, runtime)| json!({"detect": path, "runtime": runtime}))
        .collect()
}

/// Renders a detection for a terminal: the apps when there are several, then the primary app's
/// runtimes with everything found and the evidence behind it, then the notes.
pub fn render_text(detection: &Detection) -> String {
    let mut out = String::new();
    if detection.apps.is_empty() {
        out.push_str(
            "No runtime detected: no manifest, lockfile or source file that basepick knows.\n",
        );
    }
    if detection.apps.len() > 1 {
        apps_list(&mut out, detection);
    }
    if let Some(app) = detection.primary_app() {
        if detection.apps.len() > 1 {
            out.push('\n');
        }
        if !app.dir.is_empty() {
            let _ = writeln!(out, "App in {}:", escape(&app.dir));
        }
        for (i, rt) in detection.runtimes.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            runtime(&mut out, rt, i == 0);
        }
    }
    if !detection.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in &detection.notes {
            let _ = writeln!(out, "  - {}", escape(note));
        }
    }
    out
}

fn apps_list(out: &mut String, detection: &Detection) {
    let _ = writeln!(out, "This directory holds {} apps:", detection.apps.len());
    let width = detection
        .apps
        .iter()
        .map(|a| escape(a.shown_dir()).len())
        .max()
        .unwrap_or(1);
    for app in &detection.apps {
        let _ = writeln!(
            out,
            "  {:width$}  {}",
            escape(app.shown_dir()),
            escape(&app_summary(app))
        );
    }
    if detection.needs_choice() {
        out.push_str(
            "Detect or recommend for one of them with its directory: `basepick detect DIR/<dir>`, \
             `basepick recommend --detect DIR/<dir>`.\n",
        );
    } else {
        out.push_str(
            "The app at the top level is described below; pass a subdirectory for one of the others.\n",
        );
    }
}

fn line<T>(
    out: &mut String,
    label: &str,
    value: Option<&Evidenced<T>>,
    show: impl Fn(&T) -> String,
) {
    if let Some(v) = value {
        let _ = writeln!(
            out,
            "  {label:<17} {}  ({})",
            escape(&show(&v.value)),
            escape(&v.evidence.to_string())
        );
    }
}

fn runtime(out: &mut String, rt: &DetectedRuntime, primary: bool) {
    let rank = if primary { " (primary)" } else { "" };
    let _ = writeln!(out, "{}{rank}", rt.runtime);
    line(out, "version:", rt.version.as_ref(), Clone::clone);
    line(
        out,
        "package manager:",
        rt.package_manager.as_ref(),
        Clone::clone,
    );
    line(out, "toolchain:", rt.toolchain.as_ref(), Clone::clone);
    line(out, "artifact:", rt.artifact.as_ref(), Clone::clone);
    if !rt.artifact_candidates.is_empty() {
        out.push_str("  artifact:         one of several; pass --set app_name=…\n");
        for c in &rt.artifact_candidates {
            let _ = writeln!(
                out,
                "    - {}  ({})",
                escape(&c.value),
                escape(&c.evidence.to_string())
            );
        }
    }
    line(out, "build target:", rt.build_target.as_ref(), Clone::clone);
    line(out, "start:", rt.start.as_ref(), |w| w.join(" "));
    line(out, "assets:", rt.assets.as_ref(), |a| match &a.output {
        Some(dir) => format!("{} → {dir}", a.command.join(" ")),
        None => a.command.join(" "),
    });
    if !rt.extensions.is_empty() {
        let _ = writeln!(
            out,
            "  extensions:       {}",
            escape(&rt.extensions.join(", "))
        );
    }
    if !rt.files.is_empty() {
        let _ = writeln!(out, "  files:            {}", escape(&rt.files.join(" ")));
    }
    if rt.native.is_empty() {
        out.push_str("  native code:      none found\n");
    } else {
        let glibc = if rt.needs_glibc { ", needs glibc" } else { "" };
        let _ = writeln!(
            out,
            "  native code:      {} finding(s){glibc}",
            rt.native.len()
        );
        for n in &rt.native {
            let mut flags = Vec::new();
            if n.needs_glibc {
                flags.push("glibc only");
            }
            if n.builds_from_source {
                flags.push("builds from source");
            }
            if n.musl_builds {
                flags.push("musl builds too");
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", flags.join(", "))
            };
            let _ = writeln!(out, "    - {}{flags}", escape(&n.evidence.to_string()));
        }
    }
    out.push_str("  evidence:\n");
    for e in &rt.evidence {
        let _ = writeln!(out, "    - {}", escape(&e.to_string()));
    }
    let implied: Vec<String> = answers(rt)
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let _ = writeln!(out, "  answers:          {}", escape(&implied.join(" ")));
}
