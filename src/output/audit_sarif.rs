//! `basepick audit --format sarif`: SARIF 2.1.0, so code-scanning tools show each finding on its line.
//! One rule per finding kind; a result's level follows the finding's severity (info → `note`).

use std::fmt::Write;

use serde_json::{Value, json};

use crate::audit::{Audit, FindingKind, Severity};

/// The schema the output follows (OASIS SARIF 2.1.0, errata 01).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: `/` separators, anything outside the unreserved set
/// percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The SARIF log of one audit of the Dockerfile at `path`.
pub fn sarif(audit: &Audit, path: &str) -> Value {
    let rules: Vec<Value> = FindingKind::ALL
        .iter()
        .map(|k| {
            json!({
                "id": k.as_str(),
                "shortDescription": {"text": k.describe()},
            })
        })
        .collect();
    let artifact = uri(path);
    let results: Vec<Value> = audit
        .findings
        .iter()
        .map(|f| {
            let index = FindingKind::ALL
                .iter()
                .position(|k| *k == f.kind)
                .unwrap_or(0);
            let mut location = json!({"physicalLocation": {"artifactLocation": {"uri": artifact}}});
            if let Some(line) = f.line {
                location["physicalLocation"]["region"] = json!({"startLine": line});
            }
            json!({
                "ruleId": f.kind.as_str(),
                "ruleIndex": index,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [location],
            })
        })
        .collect();
    let mut properties = json!({
        "judgedOn": audit.judged_on.to_string(),
        "catalogReviewDate": audit.review_date.to_string(),
    });
    if let Some(reference) = &audit.final_reference {
        properties["finalImage"] = json!(reference);
    }
    if let Some(alt) = audit.alternatives.first() {
        properties["suggestedBase"] = json!(alt.reference);
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "basepick",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "artifacts": [{"location": {"uri": artifact}}],
            "results": results,
            "properties": properties,
        }],
    })
}
