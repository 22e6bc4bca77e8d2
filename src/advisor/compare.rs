//! How an alternative compares with the recommendation: the differences that matter when choosing.

use crate::knowledge::{Image, Libc, Shell};

/// How an alternative differs from the recommendation (alternative minus recommendation).
#[derive(Debug, Clone, PartialEq)]
pub struct Deltas {
    pub size_mb: f64,
    pub packages: i64,
    /// Difference of the middles of the typical vulnerability ranges.
    pub vulns: f64,
    /// The shell, when the two images differ in it.
    pub shell: Option<Change<Shell>>,
    pub libc: Option<Change<Libc>>,
    /// True when the alternative is past its end of support on the data's review date.
    pub unsupported: bool,
}

/// A value that differs between the recommendation and an alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change<T> {
    pub from: T,
    pub to: T,
}

impl Deltas {
    pub fn between(recommended: &Image, alternative: &Image, unsupported: bool) -> Self {
        fn change<T: PartialEq>(from: T, to: T) -> Option<Change<T>> {
            (from != to).then_some(Change { from, to })
        }
        Deltas {
            size_mb: round1(alternative.size_mb - recommended.size_mb),
            packages: i64::from(alternative.packages) - i64::from(recommended.packages),
            vulns: alternative.vulns.mid() - recommended.vulns.mid(),
            shell: change(recommended.shell, alternative.shell),
            libc: change(recommended.libc, alternative.libc),
            unsupported,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
