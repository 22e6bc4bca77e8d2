//! Figures with their provenance: every number in the catalog says whether it was measured (and when,
//! and where) or estimated (and how), so comparisons can tell a real difference from a guess.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::text::Text;

/// How a figure was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// Read from the image itself or a published measurement of it, on a known day.
    Measured,
    /// Worked out from related measurements; the source says how.
    Estimate,
    /// A typical range for the kind of image, not a measurement of this one (vulnerability counts that
    /// no scanner produced).
    Illustrative,
}

impl FigureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Measured => "measured",
            FigureKind::Estimate => "estimate",
            FigureKind::Illustrative => "illustrative",
        }
    }
}

/// A value and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static, T: Deserialize<'de>"))]
pub struct Figure<T> {
    pub value: T,
    pub kind: FigureKind,
    /// The file, report or method behind the value.
    pub source: Text,
    /// The day it was measured (measured figures always have one).
    pub measured: Option<Date>,
}

impl<T: Copy> Figure<T> {
    pub fn is_measured(&self) -> bool {
        self.kind == FigureKind::Measured
    }

    /// The value when it was measured, for comparisons that must be exact.
    pub fn measured_value(&self) -> Option<T> {
        self.is_measured().then_some(self.value)
    }
}

/// The scanner run behind measured vulnerability counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct ScanInfo {
    /// Tool and version, e.g. `trivy 0.58.1`.
    pub scanner: Text,
    /// The day of the vulnerability database the scanner used.
    pub database: Date,
    /// The lowest severity counted (`low`, `medium`, `high`, `critical`).
    pub severity: Text,
}

/// When an image stops being supported: a published date, a rule whose date is not known yet, or both
/// (the date then is an upper bound).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct SupportRule {
    /// The release whose publication starts the clock, e.g. `debian 14`.
    pub after: Text,
    /// Months after that release.
    pub months: u32,
    /// Who says so, in a few words.
    pub basis: Text,
}

impl std::fmt::Display for SupportRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = if self.months == 1 { "month" } else { "months" };
        write!(f, "{} {unit} after {} is released", self.months, self.after)
    }
}
