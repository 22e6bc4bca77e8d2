//! `lifecycles.toml` → [`Lifecycles`]: product ids and versions unique, dates in order, every row with
//! a source, estimates with their basis, distroless rules pointing at releases that exist.

use std::collections::HashSet;
use std::ops::Range;

use crate::LIFECYCLES_FILE;
use crate::date::Date;
use crate::diagnostics::{LineIndex, Problem, Problems, Rule};
use crate::lifecycle::{Distroless, DistrolessRule, Lifecycles, Line, Product, Retired, RuleEnd};
use crate::raw::lifecycle::{
    DistrolessEntry, LifecycleFile, LineEntry, ProductEntry, RetiredEntry, RuleEntry,
};
use crate::text::{Text, texts};
use crate::version::version_key;

/// Resolves the table; every problem is recorded.
pub fn resolve(file: &LifecycleFile, src: &str, problems: &mut Problems) -> Lifecycles {
    let mut err = |rule, span: Range<usize>, msg: String| {
        problems.push(Problem::error(rule, LIFECYCLES_FILE, msg).at(src, span));
    };
    let index = LineIndex::new(src);
    let mut ids = HashSet::new();
    let mut codenames = HashSet::new();
    let mut products = Vec::with_capacity(file.products.len());
    for entry in &file.products {
        let id = entry.id.get_ref();
        if !ids.insert(id.as_str()) {
            err(
                Rule::DuplicateId,
                entry.id.span(),
                format!("product `{id}` is listed twice; merge its lines into one entry"),
            );
            continue;
        }
        let mut versions = HashSet::new();
        let mut lines = Vec::with_capacity(entry.lines.len());
        for line in &entry.lines {
            let version = line.version.get_ref();
            let span = line.version.span();
            if version.is_empty()
                || !version
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            {
                err(
                    Rule::BadVersions,
                    span.clone(),
                    format!(
                        "{id}: version `{version}` is not a dotted number such as 3.11 or 22.04"
                    ),
                );
                continue;
            }
            if !versions.insert(version.as_str()) {
                err(
                    Rule::DuplicateVersion,
                    span,
                    format!("{id} {version} is listed twice"),
                );
                continue;
            }
            if let Some(codename) = &line.codename
                && !codenames.insert(codename.get_ref().to_ascii_lowercase())
            {
                err(
                    Rule::DuplicateVersion,
                    codename.span(),
                    format!(
                        "codename `{codename}` names two releases",
                        codename = codename.get_ref()
                    ),
                );
            }
            for message in line_problems(entry, line) {
                let rule = message.0;
                err(rule, span.clone(), format!("{id} {version}: {}", message.1));
            }
            lines.push(resolved_line(entry, line, &index));
        }
        lines.sort_by_key(|l: &Line| version_key(&l.version));
        products.push(Product {
            id: id.clone().into(),
            name: entry.name.clone().into(),
            kind: entry.kind,
            extended: entry.extended.clone().map(Text::from),
            extended_free: entry.extended_free,
            lines,
        });
    }
    let mut lifecycles = Lifecycles {
        products,
        distroless: None,
        retired: retired(&file.retired, &mut err),
    };
    if let Some(d) = &file.distroless {
        lifecycles.distroless = Some(distroless(d, &lifecycles, &mut err));
    }
    lifecycles
}

/// Retired repositories: each named once, each with its source and replacement.
fn retired(
    entries: &[RetiredEntry],
    err: &mut impl FnMut(Rule, Range<usize>, String),
) -> Vec<Retired> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(entries.len());
    for entry in entries {
        let repository = entry.repository.get_ref();
        let span = entry.repository.span();
        if !seen.insert(repository.as_str()) {
            err(
                Rule::DuplicateId,
                span,
                format!("retired repository `{repository}` is listed twice"),
            );
            continue;
        }
        if entry.source.trim().is_empty() || entry.replacement.trim().is_empty() {
            err(
                Rule::MissingSource,
                span,
                format!(
                    "retired `{repository}`: give the notice it is read from (`source`) and what it points to instead (`replacement`)"
                ),
            );
            continue;
        }
        if let Some(word) = entry.except.iter().find(|w| {
            w.is_empty()
                || !w
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.')
        }) {
            err(
                Rule::BadPattern,
                span,
                format!(
                    "retired `{repository}`: except word `{word}` can never match: tags are compared word by word between `-` and `_`, in lower case"
                ),
            );
            continue;
        }
        out.push(Retired {
            repository: repository.clone().into(),
            updates_until: entry.updates_until,
            except: texts(&entry.except),
            replacement: entry.replacement.clone().into(),
            source: entry.source.clone().into(),
        });
    }
    out
}

/// What is wrong with one line's dates, source and basis.
fn line_problems(product: &ProductEntry, line: &LineEntry) -> Vec<(Rule, String)> {
    let mut out = Vec::new();
    let dates = [
        ("released", line.released),
        ("active_until", line.active_until),
        ("security_until", line.security_until),
        ("extended_until", line.extended_until),
    ];
    let known: Vec<(&str, Date)> = dates
        .iter()
        .filter_map(|(name, d)| d.map(|d| (*name, d)))
        .collect();
    for pair in known.windows(2) {
        if let [(a, da), (b, db)] = pair
            && da > db
        {
            out.push((
                Rule::DatesOutOfOrder,
                format!("{a} {da} comes after {b} {db}; the dates must follow released ≤ active_until ≤ security_until ≤ extended_until"),
            ));
        }
    }
    let has_source = |s: &Option<String>| s.as_deref().is_some_and(|s| !s.trim().is_empty());
    if !has_source(&line.source) && !has_source(&product.source) {
        out.push((
            Rule::MissingSource,
            "no source: give the line or its product a `source`".to_owned(),
        ));
    }
    if line.estimate && line.basis.as_deref().is_none_or(|b| b.trim().is_empty()) {
        out.push((
            Rule::MissingSource,
            "an estimate needs its `basis`: which date is estimated, and from what".to_owned(),
        ));
    }
    if line.security_until.is_none() && !line.estimate {
        out.push((
            Rule::MissingDate,
            "no security_until: give the end of support, or mark the line `estimate` with its basis".to_owned(),
        ));
    }
    out
}

fn resolved_line(product: &ProductEntry, line: &LineEntry, index: &LineIndex<'_>) -> Line {
    Line {
        version: line.version.get_ref().clone().into(),
        codename: line
            .codename
            .as_ref()
            .map(|c| c.get_ref().to_ascii_lowercase().into()),
        released: line.released,
        active_until: line.active_until,
        security_until: line.security_until,
        extended_until: line.extended_until,
        lts: line.lts,
        channel: line.channel.clone().map(Text::from),
        estimate: line.estimate,
        basis: line.basis.clone().map(Text::from),
        source: line
            .source
            .clone()
            .or_else(|| product.source.clone())
            .unwrap_or_default()
            .into(),
        defined_at: Some(index.locate(line.version.span())),
    }
}

fn distroless(
    entry: &DistrolessEntry,
    lifecycles: &Lifecycles,
    err: &mut impl FnMut(Rule, Range<usize>, String),
) -> Distroless {
    let tracks = entry.tracks.get_ref();
    let tracked = lifecycles.product(tracks);
    if tracked.is_none() {
        err(
            Rule::UnknownProduct,
            entry.tracks.span(),
            format!("distroless: tracks `{tracks}`, which is not a product of the table"),
        );
    }
    let rules = entry
        .rules
        .iter()
        .filter_map(|rule| {
            let debian = rule.debian.get_ref();
            if let Some(p) = tracked
                && p.line(debian).is_none_or(|l| l.version != *debian)
            {
                err(
                    Rule::UnknownReference,
                    rule.debian.span(),
                    format!("distroless: {} {debian} is not a line of the table", p.name),
                );
            }
            if rule.images.get_ref().is_empty() {
                err(
                    Rule::BadRange,
                    rule.images.span(),
                    "distroless: a rule needs at least one image".to_owned(),
                );
            }
            let end = rule_end(rule, err)?;
            Some(DistrolessRule {
                images: texts(rule.images.get_ref()),
                debian: debian.clone().into(),
                end,
                policy: rule.policy.clone().into(),
            })
        })
        .collect();
    Distroless {
        tracks: tracks.clone().into(),
        source: entry.source.clone().into(),
        rules,
    }
}

fn rule_end(rule: &RuleEntry, err: &mut impl FnMut(Rule, Range<usize>, String)) -> Option<RuleEnd> {
    match (&rule.end_month, rule.after_next_debian_months) {
        (Some(month), None) => {
            let parsed = month
                .get_ref()
                .split_once('-')
                .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u8>().ok()?)))
                .and_then(|(y, m)| Date::end_of_month(y, m));
            if parsed.is_none() {
                err(
                    Rule::BadRange,
                    month.span(),
                    format!(
                        "distroless: end_month `{}` is not a month such as 2026-09",
                        month.get_ref()
                    ),
                );
            }
            parsed.map(RuleEnd::Month)
        }
        (None, Some(months)) => Some(RuleEnd::AfterNextRelease { months }),
        _ => {
            err(
                Rule::BadRange,
                rule.debian.span(),
                "distroless: a rule needs exactly one of end_month and after_next_debian_months"
                    .to_owned(),
            );
            None
        }
    }
}
