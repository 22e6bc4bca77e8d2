//! How an alternative compares with the recommendation. A difference is exact only between two
//! measured figures; with an estimate on either side it is approximate, and vulnerability counts are
//! compared only when one scanner measured both the same way.

use crate::knowledge::{Figure, Image, Libc, Shell};

/// A difference and whether it can be trusted as a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    pub value: f64,
    /// True when both figures were measured; false when either is an estimate.
    pub exact: bool,
}

impl Amount {
    fn between<T: Copy + Into<f64>>(from: &Figure<T>, to: &Figure<T>) -> Self {
        Amount {
            value: round1(to.value.into() - from.value.into()),
            exact: from.is_measured() && to.is_measured(),
        }
    }
}

/// How an alternative differs from the recommendation (alternative minus recommendation).
#[derive(Debug, Clone, PartialEq)]
pub struct Deltas {
    /// Compressed size, MB.
    pub size_mb: Amount,
    pub packages: Amount,
    /// Difference of measured vulnerability counts, when one scanner counted both at the same floor.
    pub vulns: Option<f64>,
    /// The shell, when the two images differ in it.
    pub shell: Option<Change<Shell>>,
    pub libc: Option<Change<Libc>>,
    /// True when the alternative is past its end of support on the data's review date.
    pub unsupported: bool,
    /// True when the alternative is the very same image under another tag.
    pub same_image: bool,
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
        let same_image = recommended.id == alternative.id
            || recommended.is_named_by(&alternative.reference)
            || alternative.is_named_by(&recommended.reference);
        let vulns = match (&recommended.scan, &alternative.scan) {
            (Some(a), Some(b))
                if a == b && recommended.vulns.is_measured() && alternative.vulns.is_measured() =>
            {
                Some(alternative.vulns_mid() - recommended.vulns_mid())
            }
            _ => None,
        };
        Deltas {
            size_mb: Amount::between(&recommended.compressed, &alternative.compressed),
            packages: Amount::between(&recommended.packages, &alternative.packages),
            vulns,
            shell: change(recommended.shell, alternative.shell),
            libc: change(recommended.libc, alternative.libc),
            unsupported,
            same_image,
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
