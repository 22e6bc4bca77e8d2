//! Plain-text report of a detection.

use std::fmt::Write;

use crate::detect::{Detection, answers};
use crate::present::escape;

/// Renders a detection for a terminal: each runtime with its version, package manager, native
/// dependencies, evidence and implied answers, then the notes.
pub fn render_text(detection: &Detection) -> String {
    let mut out = String::new();
    if detection.runtimes.is_empty() {
        out.push_str(
            "No runtime detected: no manifest, lockfile or source file that basepick knows.\n",
        );
    }
    for (i, rt) in detection.runtimes.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let rank = if i == 0 { " (primary)" } else { "" };
        let _ = writeln!(out, "{}{rank}", rt.runtime);
        if let Some(v) = &rt.version {
            let _ = writeln!(
                out,
                "  version:          {}  ({})",
                escape(&v.value),
                escape(&v.evidence.to_string())
            );
        }
        if let Some(pm) = &rt.package_manager {
            let _ = writeln!(out, "  package manager:  {}  ({})", pm.value, pm.evidence);
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
            for e in &rt.native {
                let _ = writeln!(out, "    - {}", escape(&e.to_string()));
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
        let _ = writeln!(out, "  answers:          {}", implied.join(" "));
    }
    if !detection.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in &detection.notes {
            let _ = writeln!(out, "  - {}", escape(note));
        }
    }
    out
}
