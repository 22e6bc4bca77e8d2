//! Dotted version numbers (`3.13`, `1.27.2`, `24`): how they order and when two agree.

/// Compares dotted versions on their common components: `3.11` agrees with `3.11.9`, not with `3.1`.
pub fn versions_agree(a: &str, b: &str) -> bool {
    a.split('.').zip(b.split('.')).all(|(x, y)| x == y)
}

/// Numeric components of a version, for ordering (`3.11` → [3, 11]; non-digits end a component).
/// A component without leading digits, or with more than fit in a `u64`, counts as 0.
pub fn version_key(version: &str) -> Vec<u64> {
    version
        .split('.')
        .map(|p| {
            p.bytes()
                .take_while(u8::is_ascii_digit)
                .try_fold(0u64, |n, d| {
                    n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
                })
                .unwrap_or(0)
        })
        .collect()
}

/// Whether `found` (a version a project declares, such as `3.11.9`) names the line `offered` (`3.11`):
/// equal, or `offered` followed by a dot.
pub fn is_within_line(found: &str, offered: &str) -> bool {
    found == offered
        || found
            .strip_prefix(offered)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_and_order() {
        assert!(versions_agree("3.11", "3.11.9"));
        assert!(!versions_agree("3.1", "3.11"));
        assert!(versions_agree("21", "21"));
        assert!(version_key("3.11") > version_key("3.9"));
        assert!(version_key("1.100") > version_key("1.99"));
        // Leading digits count; none, or too many for a u64, count as 0.
        assert_eq!(version_key("22-alpine.3rc1.x"), [22, 3, 0]);
        assert_eq!(version_key("99999999999999999999.1"), [0, 1]);
        assert_eq!(version_key(""), [0]);
    }

    #[test]
    fn a_line_holds_its_patch_releases_only() {
        assert!(is_within_line("3.12.4", "3.12"));
        assert!(is_within_line("3.12", "3.12"));
        assert!(!is_within_line("3.121", "3.12"));
        assert!(!is_within_line("3.1", "3.12"));
    }
}
