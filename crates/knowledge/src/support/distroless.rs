//! Support of distroless images: Google's policy for the Debian release they are built on, and the
//! language line inside.

use super::{Part, by_date, embedded, versioned};
use crate::runtimes;
use crate::{Date, Image, Lifecycles, PolicyEnd, Support, Text};

/// `python3-debian12`, `nodejs20-debian12`, `static-debian13`: the distroless policy, and the language
/// line inside where the name or the catalog says which.
pub(super) fn distroless_parts(
    name: &str,
    entry: Option<&Image>,
    lc: &Lifecycles,
    day: Date,
    parts: &mut Vec<Part>,
) {
    let Some((image, debian)) = name
        .rsplit_once("-debian")
        .filter(|(_, v)| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
    else {
        return;
    };
    let source = lc
        .distroless
        .as_ref()
        .map(|d| d.source.clone())
        .unwrap_or_default();
    let what = format!("distroless {image} on Debian {debian}");
    let policy = match lc.distroless_end(image, debian) {
        Some(PolicyEnd::On(end)) => Part {
            product: Text::from_static("distroless"),
            what,
            from: "repository",
            support: by_date(end, day),
            estimate: false,
            basis: None,
            source,
            rule: None,
            replacement: None,
        },
        Some(PolicyEnd::Pending(rule)) => Part {
            product: Text::from_static("distroless"),
            what,
            from: "repository",
            support: Support::Supported { until: None },
            estimate: false,
            basis: Some(rule.basis.clone()),
            source,
            rule: Some(rule),
            replacement: None,
        },
        None => Part {
            product: Text::from_static("distroless"),
            what,
            from: "repository",
            support: Support::Unknown,
            estimate: false,
            basis: Some(Text::from_static("no distroless rule covers this image")),
            source,
            rule: None,
            replacement: None,
        },
    };
    parts.push(policy);
    // The language line: from the name (`nodejs20`, `java21`) when it names a whole line, else from
    // the catalog entry (`python3` ships 3.11 on Debian 12, 3.13 on Debian 13).
    let words = [image];
    let from_entry = entry.and_then(|e| {
        let runtime = e.runtimes.first()?;
        Some((
            runtimes::get(runtime)?.lifecycle?,
            e.runtime_version.as_deref()?,
        ))
    });
    let language = [embedded(&words), from_entry]
        .into_iter()
        .flatten()
        .find_map(|(id, version)| {
            let product = lc.product(id)?;
            product.line(version).map(|_| (product, version))
        });
    if let Some((product, version)) = language {
        parts.push(versioned(product, version, "repository", day));
    }
}
