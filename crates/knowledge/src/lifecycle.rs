//! The lifecycle table (`lifecycles.toml`), resolved: for each runtime, web server and distribution, its
//! version lines with their release and end-of-support dates, and Google distroless's support rules.
//! Lookups answer "which line is `3.11.9`", "which release is `bookworm`" and "is this line supported
//! on day D, and what replaces it".

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diagnostics::Location;
use crate::figures::SupportRule;
use crate::text::Text;
use crate::version::{is_within_line, version_key};

/// A line this close to its end of support "ends soon".
pub const ENDS_SOON_DAYS: i64 = 90;

/// A successor should have at least this much support left, when one does.
pub const SUCCESSOR_MIN_DAYS: i64 = 365;

/// What a product is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProductKind {
    Runtime,
    Server,
    Distribution,
}

/// Every product, the distroless rules and the retired image repositories.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Lifecycles {
    pub products: Vec<Product>,
    pub distroless: Option<Distroless>,
    pub retired: Vec<Retired>,
}

/// An image repository its publisher stopped updating (`openjdk`): its tags get no more fixes,
/// whatever the support of the runtime or distribution inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Retired {
    /// The repository as a `FROM` line names it, without a registry (`openjdk`, `adoptopenjdk`).
    pub repository: Text,
    /// The last day its tags were updated.
    pub updates_until: Date,
    /// Tag words (between `-` or `_`) of tags that are still updated (`ea` for OpenJDK's
    /// early-access builds).
    pub except: Vec<Text>,
    /// What its publisher points to instead.
    pub replacement: Text,
    pub source: Text,
}

/// One runtime, server or distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Product {
    /// `python`, `node`, `debian`, `rhel` …
    pub id: Text,
    pub name: Text,
    pub kind: ProductKind,
    /// The phase after `security_until`, when there is one (`Debian LTS`).
    pub extended: Option<Text>,
    /// Whether the official images keep receiving that phase without a subscription.
    pub extended_free: bool,
    /// Oldest version first.
    pub lines: Vec<Line>,
}

/// One version line (`3.11`, `18`, `12`, `22.04`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Line {
    pub version: Text,
    pub codename: Option<Text>,
    pub released: Option<Date>,
    pub active_until: Option<Date>,
    /// End of free security fixes from the project: the end of support.
    pub security_until: Option<Date>,
    pub extended_until: Option<Date>,
    /// `Some(false)` for lines of a product that marks its long-term lines (odd Node, Java feature
    /// releases, .NET STS, Ubuntu interim releases).
    pub lts: Option<bool>,
    pub channel: Option<Text>,
    /// A date comes from a schedule or cadence rather than an announcement; `basis` says which.
    pub estimate: bool,
    pub basis: Option<Text>,
    pub source: Text,
    pub defined_at: Option<Location>,
}

/// What a version names in a product's table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup<'a> {
    /// The version is this line or a release of it (`3.11.9` → 3.11).
    Line(&'a Line),
    /// A shorter version spanning several lines (`python:3` → the newest 3.x); judged by that line.
    Floating(&'a Line),
    /// Not listed, but a newer long-term line has already ended, so this one has too: by that day at
    /// the latest.
    EndedBefore(&'a Line),
    /// Newer than every line, or between lines with nothing to go by.
    Unknown,
}

/// Support of a line on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Support {
    Supported {
        #[serde(skip_serializing_if = "Option::is_none")]
        until: Option<Date>,
    },
    EndsSoon {
        until: Date,
        days: i64,
    },
    Ended {
        /// The end date; when `exact` is false, support ended on this day at the latest.
        since: Date,
        exact: bool,
        /// End of a free extended phase (Debian LTS) that is still running on the day.
        #[serde(skip_serializing_if = "Option::is_none")]
        extended_until: Option<Date>,
        /// The line to move to.
        #[serde(skip_serializing_if = "Option::is_none")]
        successor: Option<String>,
    },
    Unknown,
}

impl Support {
    /// The day support ends or ended, when known.
    pub fn end(&self) -> Option<Date> {
        match self {
            Support::Supported { until } => *until,
            Support::EndsSoon { until, .. } => Some(*until),
            Support::Ended { since, .. } => Some(*since),
            Support::Unknown => None,
        }
    }

    pub fn is_ended(&self) -> bool {
        matches!(self, Support::Ended { .. })
    }
}

impl Lifecycles {
    /// The retirement of `repository` (or of a repository under it: `adoptopenjdk/openjdk11`),
    /// unless the tag, split into `words`, is one still updated.
    pub fn retirement_of(&self, repository: &str, words: &[&str]) -> Option<&Retired> {
        self.retired.iter().find(|r| {
            let named = repository
                .strip_prefix(r.repository.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
            named && !words.iter().any(|w| r.except.iter().any(|e| e == w))
        })
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The release a codename names (`bookworm` → Debian 12, `jammy` → Ubuntu 22.04).
    pub fn by_codename(&self, codename: &str) -> Option<(&Product, &Line)> {
        self.products.iter().find_map(|p| {
            p.lines
                .iter()
                .find(|l| {
                    l.codename
                        .as_deref()
                        .is_some_and(|c| c.eq_ignore_ascii_case(codename))
                })
                .map(|l| (p, l))
        })
    }

    /// The distribution and version an OS id of the catalog names (`debian13`, `alpine3.24`,
    /// `ubuntu24.04`, `ubi9`), when the table has that product.
    pub fn os<'a>(&self, os: &'a str) -> Option<(&Product, &'a str)> {
        let split = os.find(|c: char| c.is_ascii_digit())?;
        let (name, version) = os.split_at(split);
        let id = if name == "ubi" { "rhel" } else { name };
        let product = self
            .product(id)
            .filter(|p| p.kind == ProductKind::Distribution)?;
        Some((product, version))
    }

    /// When a distroless image (`python3`, `nodejs20`, `static`) on a Debian release (`12`) ends
    /// under the distroless rules, when a rule covers it.
    pub fn distroless_end(&self, image: &str, debian: &str) -> Option<PolicyEnd> {
        let policy = self.distroless.as_ref()?;
        let rule = policy
            .rules
            .iter()
            .find(|r| r.debian == debian && r.images.iter().any(|p| pattern_matches(p, image)))?;
        Some(match rule.end {
            RuleEnd::Month(end) => PolicyEnd::On(end),
            RuleEnd::AfterNextRelease { months } => {
                let tracked = self.product(&policy.tracks)?;
                let next = tracked
                    .lines
                    .iter()
                    .find(|l| version_key(&l.version) > version_key(debian));
                match next.and_then(|l| l.released) {
                    Some(day) => PolicyEnd::On(day.add_months(months)),
                    None => PolicyEnd::Pending(SupportRule {
                        after: format!(
                            "{} {}",
                            tracked.id,
                            next.map_or("next", |l| l.version.as_str())
                        )
                        .into(),
                        months,
                        basis: format!(
                            "{months} months after {} {} is released (distroless policy)",
                            tracked.name,
                            next.map_or("the next release", |l| l.version.as_str())
                        )
                        .into(),
                    }),
                }
            }
        })
    }
}

/// `java*` matches `java21`; anything else matches itself.
fn pattern_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

impl Product {
    /// The line a version belongs to: the line itself or one of its releases.
    pub fn line(&self, version: &str) -> Option<&Line> {
        self.lines
            .iter()
            .filter(|l| is_within_line(version, &l.version))
            .max_by_key(|l| l.version.len())
    }

    /// What a version names in the table, judged on `day`.
    pub fn lookup(&self, version: &str, day: Date) -> Lookup<'_> {
        if let Some(line) = self.line(version) {
            return Lookup::Line(line);
        }
        if let Some(newest) = self
            .lines
            .iter()
            .filter(|l| l.released.is_some_and(|r| r <= day))
            .filter(|l| is_within_line(&l.version, version))
            .max_by_key(|l| version_key(&l.version))
        {
            return Lookup::Floating(newest);
        }
        let wanted = version_key(version);
        let evidence = self
            .lines
            .iter()
            .filter(|l| version_key(&l.version) > wanted && l.lts != Some(false))
            .min_by_key(|l| version_key(&l.version));
        match evidence {
            Some(l) if l.security_until.is_some_and(|end| end < day) => Lookup::EndedBefore(l),
            _ => Lookup::Unknown,
        }
    }

    /// Support of a looked-up version on `day`.
    pub fn support(&self, lookup: Lookup<'_>, day: Date) -> Support {
        match lookup {
            Lookup::Line(line) => self.status(line, day),
            // A moving tag follows new releases: when its newest known line has ended and the table
            // lists nothing newer, the table is behind the tag, and the tag's support is unknown.
            Lookup::Floating(line) => match self.status(line, day) {
                Support::Ended { .. } if self.newest_line() == Some(line) => Support::Unknown,
                other => other,
            },
            Lookup::EndedBefore(line) => Support::Ended {
                since: line.security_until.unwrap_or(day),
                exact: false,
                extended_until: None,
                successor: self.successor(line, day).map(|s| s.version.to_string()),
            },
            Lookup::Unknown => Support::Unknown,
        }
    }

    /// The line with the highest version.
    fn newest_line(&self) -> Option<&Line> {
        self.lines.iter().max_by_key(|l| version_key(&l.version))
    }

    /// Support of a line on `day`.
    pub fn status(&self, line: &Line, day: Date) -> Support {
        let Some(end) = line.security_until else {
            return Support::Unknown;
        };
        let days = day.days_until(end);
        if days < 0 {
            // A free extended phase (Debian LTS) counts: support ends when it does.
            let free = line.extended_until.filter(|_| self.extended_free);
            let (since, extended_until) = match free {
                Some(e) if e >= day => (end, Some(e)),
                Some(e) => (e, None),
                None => (end, None),
            };
            return Support::Ended {
                since,
                exact: true,
                extended_until,
                successor: self.successor(line, day).map(|s| s.version.to_string()),
            };
        }
        if days <= ENDS_SOON_DAYS {
            Support::EndsSoon { until: end, days }
        } else {
            Support::Supported { until: Some(end) }
        }
    }

    /// The line to move to from `line` on `day`: a newer, released, supported line (long-term ones only
    /// where the product marks them) — the oldest with at least [`SUCCESSOR_MIN_DAYS`] of support
    /// left, else the newest.
    pub fn successor(&self, line: &Line, day: Date) -> Option<&Line> {
        let from = version_key(&line.version);
        let candidates: Vec<&Line> = self
            .lines
            .iter()
            .filter(|l| version_key(&l.version) > from && l.lts != Some(false))
            .filter(|l| l.released.is_some_and(|r| r <= day))
            .filter(|l| l.security_until.is_some_and(|end| end >= day))
            .collect();
        candidates
            .iter()
            .copied()
            .filter(|l| {
                l.security_until
                    .is_some_and(|end| day.days_until(end) >= SUCCESSOR_MIN_DAYS)
            })
            .min_by_key(|l| version_key(&l.version))
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .max_by_key(|l| version_key(&l.version))
            })
    }
}

/// Google distroless's support rules, relative to the releases of `tracks` (Debian).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Distroless {
    pub tracks: Text,
    pub source: Text,
    pub rules: Vec<DistrolessRule>,
}

/// Images (a trailing `*` matches any suffix) on one Debian release, and when they end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct DistrolessRule {
    pub images: Vec<Text>,
    pub debian: Text,
    pub end: RuleEnd,
    /// The rule as the policy states it.
    pub policy: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleEnd {
    /// The last day of a month.
    Month(Date),
    /// So many months after the next release of the tracked distribution.
    AfterNextRelease { months: u32 },
}

/// When a distroless image ends: a day, or a rule whose day is not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyEnd {
    On(Date),
    /// No date yet: the rule, with `after` as the catalog writes it (`debian 14`).
    Pending(SupportRule),
}

#[cfg(test)]
mod tests;
