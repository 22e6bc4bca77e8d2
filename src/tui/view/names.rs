//! Short image names for narrow columns: a registry and namespace such as `gcr.io/distroless/` become a
//! code such as `gd/`, and a legend says what each code stands for. Docker Hub names are short already
//! and stay as they are.

use crate::knowledge::{Image, ImageRef};

/// Codes for the prefixes of a set of images.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// `(code, prefix)`, in first-seen order; codes end in `/`, as prefixes do.
    pub legend: Vec<(String, String)>,
}

impl Names {
    /// Codes for every prefix among `images`, unique within them.
    pub fn for_images(images: &[&Image]) -> Self {
        let refs: Vec<&ImageRef> = images.iter().map(|i| &i.reference).collect();
        Names::for_refs(&refs)
    }

    /// Codes for every prefix among `refs`, unique within them.
    pub fn for_refs(refs: &[&ImageRef]) -> Self {
        let mut names = Names::default();
        for reference in refs {
            let Some(prefix) = prefix(reference) else {
                continue;
            };
            if names.legend.iter().any(|(_, p)| *p == prefix) {
                continue;
            }
            let base = code(&prefix);
            let mut candidate = base.clone();
            let mut n = 2;
            while names
                .legend
                .iter()
                .any(|(c, _)| *c == format!("{candidate}/"))
            {
                candidate = format!("{base}{n}");
                n += 1;
            }
            names.legend.push((format!("{candidate}/"), prefix));
        }
        names
    }

    /// The reference with its prefix replaced by its code.
    pub fn short(&self, reference: &ImageRef) -> String {
        let full = reference.to_string();
        for (code, prefix) in &self.legend {
            if let Some(rest) = full.strip_prefix(prefix.as_str()) {
                return format!("{code}{rest}");
            }
        }
        full
    }

    /// The legend as a line: `gd/ = gcr.io/distroless/  cc/ = cgr.dev/chainguard/`, each entry held
    /// together by no-break spaces so that wrapping never splits one.
    pub fn legend_text(&self) -> String {
        self.legend
            .iter()
            .map(|(code, prefix)| format!("{code}\u{a0}=\u{a0}{prefix}"))
            .collect::<Vec<_>>()
            .join("  ")
    }
}

/// The part of a reference worth shortening: the registry and the namespace, when it has a registry.
fn prefix(reference: &ImageRef) -> Option<String> {
    let registry = reference.registry.as_ref()?;
    let namespace = reference
        .repository
        .rsplit_once('/')
        .map(|(ns, _)| format!("{ns}/"))
        .unwrap_or_default();
    Some(format!("{registry}/{namespace}"))
}

/// Initials of the registry and each namespace part, with the last part's trailing digits (so that
/// `ubi9` and `ubi10` under one registry get different codes): `gcr.io/distroless/` → `gd`.
fn code(prefix: &str) -> String {
    let parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
    let mut code: String = parts.iter().filter_map(|p| p.chars().next()).collect();
    if let Some(last) = parts.last().filter(|_| parts.len() > 1) {
        let digits: String = last
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        code.push_str(&digits);
    }
    code
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(refs: &[&str]) -> (Names, Vec<ImageRef>) {
        let parsed: Vec<ImageRef> = refs.iter().map(|r| ImageRef::parse(r).unwrap()).collect();
        let borrowed: Vec<&ImageRef> = parsed.iter().collect();
        (Names::for_refs(&borrowed), parsed)
    }

    #[test]
    fn codes_that_clash_get_a_number() {
        let (n, r) = names(&[
            "gcr.io/distroless/a:1",
            "gcr.io/dx/b:1",
            "cgr.dev/chainguard/c:1",
        ]);
        let short: Vec<String> = r.iter().map(|r| n.short(r)).collect();
        assert_eq!(short, ["gd/a:1", "gd2/b:1", "cc/c:1"]);
    }

    #[test]
    fn registry_prefixes_become_codes_and_hub_names_stay() {
        let (n, r) = names(&[
            "gcr.io/distroless/python3-debian13:nonroot",
            "cgr.dev/chainguard/python:latest",
            "registry.access.redhat.com/ubi9/ubi-micro:9.8",
            "registry.access.redhat.com/ubi10/ubi-micro:10.2",
            "python:3.13-slim-trixie",
            "nginxinc/nginx-unprivileged:1.30-alpine",
        ]);
        let short: Vec<String> = r.iter().map(|r| n.short(r)).collect();
        assert_eq!(
            short,
            [
                "gd/python3-debian13:nonroot",
                "cc/python:latest",
                "ru9/ubi-micro:9.8",
                "ru10/ubi-micro:10.2",
                "python:3.13-slim-trixie",
                "nginxinc/nginx-unprivileged:1.30-alpine",
            ]
        );
        assert!(
            n.legend_text()
                .replace('\u{a0}', " ")
                .starts_with("gd/ = gcr.io/distroless/  cc/ = cgr.dev/chainguard/")
        );
    }
}
