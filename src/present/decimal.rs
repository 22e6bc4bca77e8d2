//! Sizes printed with no decimal or one, as `format!("{:.0}")` and `format!("{:.1}")` print them, but
//! through integers: `images` prints a size on every row, and formatting a float to a precision
//! converts its exact binary value to decimal, a slow path that also has to be paged in.

use std::fmt::Write;

/// Whether `value` is one this module prints through integers (`-0.0` is not: it prints as `-0`);
/// anything else goes to `format!`.
fn fast(value: f64) -> bool {
    value.is_sign_positive() && value < 1e15
}

/// `value` rounded to a whole number, as `{:.0}` rounds it (half to even on its exact value).
pub fn whole(value: f64) -> String {
    if !fast(value) {
        return format!("{value:.0}");
    }
    integer(value.round_ties_even()).to_string()
}

/// `value` with one decimal, as `{:.1}` rounds it. Ten times the value is rounded once when it is
/// computed; that can land on a half only when the exact product is a half or within that rounding
/// of one, and only that case goes to `format!`, which decides it on the exact value.
// The comparison with a half is exact on purpose: only an exact half is a tie.
#[allow(clippy::float_cmp)]
pub fn tenths(value: f64) -> String {
    let scaled = value * 10.0;
    if !fast(scaled) || scaled.fract() == 0.5 {
        return format!("{value:.1}");
    }
    let tenths = integer(scaled.round());
    let mut out = String::with_capacity(8);
    let _ = write!(out, "{}.{}", tenths / 10, tenths % 10);
    out
}

/// A whole, non-negative value below 10^15 as an integer, exactly.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn integer(whole: f64) -> u64 {
    whole as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value prints as the formatting macros print it, ties and values beside ties included.
    #[test]
    fn prints_what_format_prints() {
        let mut values = vec![
            0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.5, 1.05, 1.25, 1.35, 2.5, 3.5, 9.95,
        ];
        values.extend([
            9.999_999_999_999_998,
            1e15 - 1.0,
            1e15,
            3e20,
            -0.0,
            -2.5,
            -0.04,
        ]);
        values.extend([f64::MIN_POSITIVE, 0.1 + 0.2, 1e-320]);
        // Every tenth and hundredth up to 1,000, and each one's floating-point neighbours.
        for i in 0..100_000_u32 {
            let v = f64::from(i) / 100.0;
            values.extend([v, v.next_up(), v.next_down()]);
        }
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values.push(f64::from_bits(state >> 12 | 0x3FF0_0000_0000_0000) * 512.0 - 512.0);
        }
        for v in values {
            assert_eq!(whole(v), format!("{v:.0}"), "{v:e}");
            assert_eq!(tenths(v), format!("{v:.1}"), "{v:e}");
        }
    }
}
