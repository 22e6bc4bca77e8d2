//! Importing a scanner's verdict: Trivy or Grype JSON reports become a vulnerability count at or
//! above a severity floor, with the scanner's name and version and its database date.
//!
//! A vulnerability is counted once however many packages it affects (scanners list it per package),
//! at the highest severity any entry gives it.

use std::collections::HashMap;

use serde_json::Value;

use crate::knowledge::Date;

/// Severity levels, lowest first; `Unknown` and Grype's `Negligible` sort below `Low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Unknown,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// The floors a user may choose.
    pub const FLOORS: [&'static str; 4] = ["low", "medium", "high", "critical"];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Unknown => "unknown",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Reads a scanner's severity word (any case); anything unrecognised is `Unknown`.
    pub fn from_word(word: &str) -> Severity {
        match word.to_ascii_lowercase().as_str() {
            "low" => Severity::Low,
            "medium" | "moderate" => Severity::Medium,
            "high" | "important" => Severity::High,
            "critical" => Severity::Critical,
            _ => Severity::Unknown,
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match Severity::from_word(s) {
            Severity::Unknown => Err(format!(
                "`{s}` is not a severity floor; use one of {}",
                Severity::FLOORS.join(", ")
            )),
            floor => Ok(floor),
        }
    }
}

/// What a report says about an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnFigures {
    /// Distinct vulnerabilities at or above the floor.
    pub count: u64,
    pub floor: Severity,
    /// `trivy 0.58.1`, `grype 0.87.0`; just the name when the report does not say its version.
    pub scanner: String,
    /// The scanner's name alone (`trivy`, `grype`).
    pub tool: &'static str,
    /// When the vulnerability database was built, when the report says.
    pub database: Option<Date>,
}

/// Why a report could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("it is not JSON: {0}")]
    NotJson(String),
    #[error("it is neither a Trivy nor a Grype JSON report")]
    UnknownReport,
    #[error("it is neither an SPDX nor a CycloneDX JSON SBOM")]
    UnknownSbom,
}

/// Reads a Trivy or Grype JSON report.
pub fn read_report(bytes: &[u8], floor: Severity) -> Result<VulnFigures, ReportError> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| ReportError::NotJson(e.to_string()))?;
    let (tool, entries, version, database) = if doc.get("matches").is_some() {
        grype(&doc)
    } else if doc.get("Results").is_some() || doc.get("SchemaVersion").is_some() {
        trivy(&doc)
    } else {
        return Err(ReportError::UnknownReport);
    };
    let mut worst: HashMap<String, Severity> = HashMap::new();
    for (id, severity) in entries {
        let slot = worst.entry(id).or_insert(severity);
        *slot = (*slot).max(severity);
    }
    let count = worst.values().filter(|s| **s >= floor).count() as u64;
    Ok(VulnFigures {
        count,
        floor,
        scanner: match version {
            Some(v) => format!("{tool} {}", v.trim_start_matches('v')),
            None => tool.to_owned(),
        },
        tool,
        database,
    })
}

type Parsed = (
    &'static str,
    Vec<(String, Severity)>,
    Option<String>,
    Option<Date>,
);

fn trivy(doc: &Value) -> Parsed {
    let entries = items(doc.get("Results"))
        .flat_map(|r| items(r.get("Vulnerabilities")))
        .filter_map(|v| {
            Some((
                text(v.get("VulnerabilityID"))?,
                Severity::from_word(&text(v.get("Severity")).unwrap_or_default()),
            ))
        })
        .collect();
    let info = doc.get("Trivy");
    let version = info.and_then(|t| text(t.get("Version")));
    let database = info.and_then(|t| {
        day(t.pointer("/VulnerabilityDB/UpdatedAt"))
            .or_else(|| day(t.pointer("/Server/VulnerabilityDB/UpdatedAt")))
    });
    ("trivy", entries, version, database)
}

fn grype(doc: &Value) -> Parsed {
    let entries = items(doc.get("matches"))
        .filter_map(|m| {
            let v = m.get("vulnerability")?;
            Some((
                text(v.get("id"))?,
                Severity::from_word(&text(v.get("severity")).unwrap_or_default()),
            ))
        })
        .collect();
    let descriptor = doc.get("descriptor");
    let version = descriptor.and_then(|d| text(d.get("version")));
    // Grype has moved the build date: db.built (schema 5), db.status.built (schema 6).
    let database = descriptor.and_then(|d| {
        day(d.pointer("/db/status/built"))
            .or_else(|| day(d.pointer("/db/built")))
            .or_else(|| day(d.pointer("/db/dataAge")))
    });
    ("grype", entries, version, database)
}

pub(crate) fn items(v: Option<&Value>) -> impl Iterator<Item = &Value> {
    v.and_then(Value::as_array).into_iter().flatten()
}

pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The day of an RFC 3339 timestamp (or a bare date).
fn day(v: Option<&Value>) -> Option<Date> {
    let s = v?.as_str()?;
    Date::parse(s.get(..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRIVY: &str = r#"{"SchemaVersion":2,"Trivy":{"Version":"0.58.1","VulnerabilityDB":{"UpdatedAt":"2026-11-20T06:12:40Z"}},
      "ArtifactName":"python:3.13-slim","Results":[
        {"Target":"python (debian 13.2)","Vulnerabilities":[
          {"VulnerabilityID":"CVE-1","PkgName":"libc6","Severity":"HIGH"},
          {"VulnerabilityID":"CVE-1","PkgName":"libc-bin","Severity":"HIGH"},
          {"VulnerabilityID":"CVE-2","PkgName":"zlib","Severity":"LOW"},
          {"VulnerabilityID":"CVE-3","PkgName":"perl","Severity":"MEDIUM"},
          {"VulnerabilityID":"CVE-4","PkgName":"tar","Severity":"UNKNOWN"}]},
        {"Target":"Python","Class":"lang-pkgs"}]}"#;

    const GRYPE: &str = r#"{"matches":[
        {"vulnerability":{"id":"CVE-9","severity":"Critical"},"artifact":{"name":"openssl"}},
        {"vulnerability":{"id":"CVE-8","severity":"Negligible"},"artifact":{"name":"bash"}},
        {"vulnerability":{"id":"CVE-7","severity":"Medium"},"artifact":{"name":"a"}},
        {"vulnerability":{"id":"CVE-7","severity":"High"},"artifact":{"name":"b"}}],
      "descriptor":{"name":"grype","version":"0.87.0","db":{"status":{"built":"2026-11-19T01:02:03Z","schemaVersion":"v6.0.2"}}}}"#;

    #[test]
    fn counts_distinct_trivy_vulnerabilities_at_the_floor() {
        let r = read_report(TRIVY.as_bytes(), Severity::Medium).unwrap();
        assert_eq!(r.count, 2);
        assert_eq!(r.scanner, "trivy 0.58.1");
        assert_eq!(r.database, Date::parse("2026-11-20"));
        assert_eq!(
            read_report(TRIVY.as_bytes(), Severity::Low).unwrap().count,
            3
        );
        assert_eq!(
            read_report(TRIVY.as_bytes(), Severity::Critical)
                .unwrap()
                .count,
            0
        );
    }

    #[test]
    fn counts_grype_matches_at_their_worst_severity() {
        let r = read_report(GRYPE.as_bytes(), Severity::High).unwrap();
        assert_eq!(r.count, 2, "CVE-9 critical and CVE-7 high");
        assert_eq!(r.scanner, "grype 0.87.0");
        assert_eq!(r.database, Date::parse("2026-11-19"));
        let old = r#"{"matches":[],"descriptor":{"name":"grype","version":"0.74.0","db":{"built":"2024-01-02T00:00:00Z"}}}"#;
        assert_eq!(
            read_report(old.as_bytes(), Severity::Low).unwrap().database,
            Date::parse("2024-01-02")
        );
    }

    #[test]
    fn older_trivy_reports_lack_version_and_database() {
        let r = read_report(br#"{"SchemaVersion":2,"Results":[]}"#, Severity::Medium).unwrap();
        assert_eq!(
            (r.scanner.as_str(), r.database, r.count),
            ("trivy", None, 0)
        );
    }

    #[test]
    fn refuses_other_json() {
        assert_eq!(
            read_report(b"{\"spdxVersion\":\"SPDX-2.3\"}", Severity::Low),
            Err(ReportError::UnknownReport)
        );
        assert!(matches!(
            read_report(b"<html>", Severity::Low),
            Err(ReportError::NotJson(_))
        ));
        assert!("urgent".parse::<Severity>().is_err());
        assert_eq!("HIGH".parse::<Severity>(), Ok(Severity::High));
    }
}
