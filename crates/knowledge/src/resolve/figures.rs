//! An image's figures: finite and not negative, measured ones dated, estimates not dressed up as
//! measurements, scanner counts naming their scanner.

use std::ops::Range;

use toml::Spanned;

use crate::IMAGES_FILE;
use crate::catalog::VulnRange;
use crate::diagnostics::{Problem, Problems, Rule};
use crate::figures::{Figure, FigureKind, ScanInfo};
use crate::raw::catalog::{ImageEntry, SizeEntry};

/// The resolved figures of one image.
pub struct Figures {
    pub compressed: Figure<f64>,
    pub digest: Option<String>,
    pub created: Option<crate::date::Date>,
    pub uncompressed: Option<Figure<f64>>,
    pub packages: Figure<u32>,
    pub vulns: Figure<VulnRange>,
    pub scan: Option<ScanInfo>,
}

struct Check<'a> {
    id: &'a str,
    src: &'a str,
    problems: &'a mut Problems,
}

impl Check<'_> {
    fn fail(&mut self, span: Range<usize>, message: &str) {
        self.problems.push(
            Problem::error(
                Rule::BadFigure,
                IMAGES_FILE,
                format!("image `{}`: {message}", self.id),
            )
            .at(self.src, span),
        );
    }

    /// What every figure must satisfy, whatever it counts.
    fn provenance(
        &mut self,
        what: &str,
        span: Range<usize>,
        kind: FigureKind,
        measured: Option<crate::date::Date>,
        source: &str,
    ) {
        if source.trim().is_empty() {
            self.fail(
                span.clone(),
                &format!("{what} has an empty `source`; say where it comes from"),
            );
        }
        match kind {
            FigureKind::Measured if measured.is_none() => self.fail(
                span,
                &format!("{what} is marked measured but has no `measured` date"),
            ),
            FigureKind::Measured if looks_estimated(source) => self.fail(
                span,
                &format!("{what} is marked measured but its source describes an estimate; set kind = \"estimate\""),
            ),
            FigureKind::Estimate | FigureKind::Illustrative if measured.is_some() => self.fail(
                span,
                &format!("{what} is an {} but carries a `measured` date; only measured figures have one", kind.as_str()),
            ),
            _ => {}
        }
    }

    /// A size; its source text is taken from `entry`.
    fn size(&mut self, what: &str, entry: &mut Spanned<SizeEntry>) -> Figure<f64> {
        let span = entry.span();
        let e = entry.get_mut();
        if !e.mb.is_finite() || e.mb < 0.0 {
            self.fail(
                span.clone(),
                &format!(
                    "{what} {} MB is not a size; give a finite number of 0 or more",
                    e.mb
                ),
            );
        }
        if e.kind == FigureKind::Illustrative {
            self.fail(
                span.clone(),
                &format!("{what} cannot be illustrative; it is measured or an estimate"),
            );
        }
        if e.digest.is_some() && e.kind != FigureKind::Measured {
            self.fail(
                span.clone(),
                &format!("{what} names the digest it was measured on, but is not marked measured"),
            );
        }
        self.provenance(what, span, e.kind, e.measured, &e.source);
        Figure {
            value: e.mb,
            kind: e.kind,
            source: std::mem::take(&mut e.source).into(),
            measured: e.measured,
        }
    }
}

/// Sources that describe a method rather than a reading.
fn looks_estimated(source: &str) -> bool {
    ["estimate", "approximat", "guess", "assumed"]
        .iter()
        .any(|word| {
            source
                .as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        })
}

/// Resolves and checks the figures, recording every problem; the figures are returned either way, so
/// one bad number does not hide the image from the rest of the checks. Their text is taken from
/// `entry`.
pub fn resolve(entry: &mut ImageEntry, id: &str, src: &str, problems: &mut Problems) -> Figures {
    let mut check = Check { id, src, problems };
    let compressed = check.size("compressed size", &mut entry.compressed);
    let uncompressed = entry
        .uncompressed
        .as_mut()
        .map(|u| check.size("uncompressed size", u));
    let packages = {
        let span = entry.packages.span();
        let p = entry.packages.get_mut();
        if p.kind == FigureKind::Illustrative {
            check.fail(
                span.clone(),
                "package count cannot be illustrative; it is measured or an estimate",
            );
        }
        check.provenance("package count", span, p.kind, p.measured, &p.source);
        Figure {
            value: p.count,
            kind: p.kind,
            source: std::mem::take(&mut p.source).into(),
            measured: p.measured,
        }
    };
    let (vulns, scan) = {
        let span = entry.vulns.span();
        let v = entry.vulns.get_mut();
        if v.min > v.max {
            check.problems.push(
                Problem::error(
                    Rule::BadRange,
                    IMAGES_FILE,
                    format!(
                        "image `{}`: vulns min {} is greater than max {}",
                        check.id, v.min, v.max
                    ),
                )
                .at(src, span.clone()),
            );
        }
        check.provenance(
            "vulnerability count",
            span.clone(),
            v.kind,
            v.measured,
            &v.source,
        );
        let scan = match (v.kind, &mut v.scanner, v.database, &mut v.severity) {
            (FigureKind::Measured, Some(scanner), Some(database), Some(severity)) => {
                Some(ScanInfo {
                    scanner: std::mem::take(scanner).into(),
                    database,
                    severity: std::mem::take(severity).into(),
                })
            }
            (FigureKind::Measured, ..) => {
                check.fail(
                    span,
                    "a measured vulnerability count names its `scanner`, `database` date and `severity` floor",
                );
                None
            }
            (_, None, None, None) => None,
            _ => {
                check.fail(
                    span,
                    "`scanner`, `database` and `severity` belong to measured vulnerability counts only",
                );
                None
            }
        };
        let figure = Figure {
            value: VulnRange {
                min: v.min,
                max: v.max,
            },
            kind: v.kind,
            source: std::mem::take(&mut v.source).into(),
            measured: v.measured,
        };
        (figure, scan)
    };
    let c = entry.compressed.get_mut();
    Figures {
        compressed,
        digest: c.digest.take(),
        created: c.created,
        uncompressed,
        packages,
        vulns,
        scan,
    }
}
