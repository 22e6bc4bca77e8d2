//! The JSON contract scripts rely on: views of the core's types with stable field names. The core's
//! own types are free to change shape; these are not. Images are shown as [`ImageView`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::advisor::{Alternative, Amount, Change, Deltas, Outcome, TrailStep};
use crate::generate::{Decision, Plan, Readiness};
use crate::knowledge::{Catalog, ImageView, Libc, Shell};
use crate::present;

/// The difference an alternative makes. Sizes and package counts say whether they are exact (both
/// figures measured); vulnerability differences appear only between comparable scanner counts.
#[derive(Debug, Serialize)]
pub struct DeltasJson {
    pub size_mb: AmountJson,
    pub packages: AmountJson,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vulns: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<ChangeJson<Shell>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub libc: Option<ChangeJson<Libc>>,
    pub unsupported: bool,
    pub same_image: bool,
}

#[derive(Debug, Serialize)]
pub struct AmountJson {
    pub value: f64,
    /// True when both figures were measured.
    pub exact: bool,
}

impl From<Amount> for AmountJson {
    fn from(a: Amount) -> Self {
        AmountJson {
            value: a.value,
            exact: a.exact,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ChangeJson<T> {
    pub from: T,
    pub to: T,
}

impl<T: Copy> From<Change<T>> for ChangeJson<T> {
    fn from(c: Change<T>) -> Self {
        ChangeJson {
            from: c.from,
            to: c.to,
        }
    }
}

impl From<&Deltas> for DeltasJson {
    fn from(d: &Deltas) -> Self {
        DeltasJson {
            size_mb: d.size_mb.into(),
            packages: d.packages.into(),
            vulns: d.vulns,
            shell: d.shell.map(Into::into),
            libc: d.libc.map(Into::into),
            unsupported: d.unsupported,
            same_image: d.same_image,
        }
    }
}

/// An alternative: the image's fields, the deltas and the deltas in words.
#[derive(Debug, Serialize)]
pub struct AlternativeJson<'a> {
    #[serde(flatten)]
    pub image: ImageView<'a>,
    pub deltas: DeltasJson,
    pub summary: Vec<String>,
}

impl<'a> AlternativeJson<'a> {
    pub fn new(alt: &Alternative<'a>, catalog: &'a Catalog) -> Self {
        AlternativeJson {
            image: ImageView::new(alt.image, catalog),
            deltas: (&alt.deltas).into(),
            summary: present::describe(&alt.deltas),
        }
    }
}

/// A recommendation (`basepick recommend --format json`).
#[derive(Debug, Serialize)]
pub struct OutcomeJson<'a> {
    pub leaf: &'a str,
    pub title: &'a str,
    pub runtime: &'a str,
    pub image: ImageView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub builder: Option<ImageView<'a>>,
    pub alternatives: Vec<AlternativeJson<'a>>,
    pub trail: &'a [TrailStep],
    pub why: &'a str,
    pub template: &'a str,
    pub unused: &'a BTreeMap<String, String>,
    /// How the Dockerfile was planned, when one was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dockerfile: Option<PlanJson<'a>>,
}

/// What the Dockerfile uses and why: each decision with its source, and the notes to act on.
#[derive(Debug, Serialize)]
pub struct PlanJson<'a> {
    pub decisions: &'a [Decision],
    pub notes: &'a [String],
    /// Whether the Dockerfile would build from the scanned project (with `--detect`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_check: Option<&'a Readiness>,
}

impl<'a> OutcomeJson<'a> {
    pub fn new(outcome: &'a Outcome<'a>, catalog: &'a Catalog) -> Self {
        OutcomeJson {
            leaf: &outcome.leaf.id,
            title: &outcome.leaf.title,
            runtime: &outcome.leaf.runtime,
            image: ImageView::new(outcome.image, catalog),
            builder: outcome.builder.map(|b| ImageView::new(b, catalog)),
            alternatives: outcome
                .alternatives
                .iter()
                .map(|a| AlternativeJson::new(a, catalog))
                .collect(),
            trail: &outcome.trail,
            why: &outcome.leaf.why,
            template: &outcome.leaf.template,
            unused: &outcome.unused,
            dockerfile: None,
        }
    }

    /// Adds how the Dockerfile was planned.
    #[must_use]
    pub fn with_plan(mut self, plan: Option<&'a Plan>, build_check: Option<&'a Readiness>) -> Self {
        self.dockerfile = plan.map(|p| PlanJson {
            decisions: &p.decisions,
            notes: &p.notes,
            build_check,
        });
        self
    }
}
