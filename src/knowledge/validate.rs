//! Whole-data validation: every rule of the data schema, each problem located where possible.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use toml::Spanned;

use super::catalog::{Catalog, Image, Libc, Pin};
use super::date::Date;
use super::diagnostics::{Problem, Problems, Rule};
use super::families::Families;
use minijinja::Environment;

use super::templates::{self, CONTEXT_VARIABLES, Templates};
use super::tree::{Target, Tree};
use super::{FAMILIES_FILE, IMAGES_FILE, TEMPLATES_DIR, TREE_FILE};
use crate::params::{self, ParamKey};

/// Warn this many days ahead of an image's end of support.
pub const END_OF_SUPPORT_WARNING_DAYS: i64 = 90;

/// The raw text of the files, to locate problems.
pub struct Sources<'a> {
    pub images: &'a str,
    pub tree: &'a str,
}

/// Checks everything and returns the compiled templates, so rendering later does not parse them again.
pub fn run(
    catalog: Option<&Catalog>,
    tree: Option<&Tree>,
    families: &Families,
    templates: &Templates,
    sources: &Sources<'_>,
    today: Date,
    problems: &mut Problems,
) -> Option<Environment<'static>> {
    if let Some(catalog) = catalog {
        check_catalog(catalog, sources.images, today, problems);
    }
    if let Some(tree) = tree {
        let mut v = TreeCheck {
            tree,
            src: sources.tree,
            problems,
        };
        v.ids();
        v.targets();
        v.reachability_and_cycles();
        v.answer_keys();
        v.params();
        if let Some(catalog) = catalog {
            v.leaves(catalog, templates);
        }
    }
    check_families(families, problems);
    check_templates(templates, problems)
}

fn err_at(rule: Rule, file: &str, src: &str, span: std::ops::Range<usize>, msg: String) -> Problem {
    Problem::error(rule, file, msg).at(src, span)
}

/// Tag of an image reference: `Some("")` for `name@digest`, `None` when neither tag nor digest is given.
fn reference_tag(reference: &str) -> Option<&str> {
    if reference.contains('@') {
        return Some("");
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    last.split_once(':').map(|(_, tag)| tag)
}

fn check_catalog(catalog: &Catalog, src: &str, today: Date, problems: &mut Problems) {
    let mut seen: HashSet<&str> = HashSet::new();
    let ids: HashSet<&str> = catalog.images.iter().map(Image::id).collect();
    for image in &catalog.images {
        let id = image.id();
        let at = |rule, span, msg| err_at(rule, IMAGES_FILE, src, span, msg);
        if !seen.insert(id) {
            problems.push(at(
                Rule::DuplicateId,
                image.id.span(),
                format!("image id `{id}` is used twice; ids must be unique"),
            ));
        }
        let reference = image.reference();
        match (reference_tag(reference), image.pin) {
            _ if reference == "scratch" => {}
            (Some("latest"), Pin::Digest) => {}
            (Some("latest"), Pin::Tag) => problems.push(at(
                Rule::FloatingTag,
                image.reference.span(),
                format!("image `{id}`: `{reference}` uses the `latest` tag; name a version tag, or set pin = \"digest\" when the registry publishes only `latest`"),
            )),
            (None | Some(""), _) if !reference.contains('@') => problems.push(at(
                Rule::FloatingTag,
                image.reference.span(),
                format!("image `{id}`: `{reference}` has no tag; name an explicit version tag"),
            )),
            _ => {}
        }
        if let Some(succ) = &image.successor
            && !ids.contains(succ.get_ref().as_str())
        {
            problems.push(at(
                Rule::UnknownReference,
                succ.span(),
                format!("image `{id}`: successor `{succ}` is not an image id in {IMAGES_FILE}"),
            ));
        }
        if image.vulns.min > image.vulns.max {
            problems.push(at(
                Rule::BadRange,
                image.id.span(),
                format!(
                    "image `{id}`: vulns min {} is greater than max {}",
                    image.vulns.min, image.vulns.max
                ),
            ));
        }
        check_versions(image, src, problems);
        if let Some(end) = image.supported_until {
            let left = today.days_until(end);
            if (0..=END_OF_SUPPORT_WARNING_DAYS).contains(&left) {
                problems.push(
                    Problem::warning(
                        Rule::NearEndOfSupport,
                        IMAGES_FILE,
                        format!("image `{id}` ({reference}) reaches its end of support on {end}, in {left} days"),
                    )
                    .at(src, image.id.span()),
                );
            }
        }
    }
}

fn check_versions(image: &Image, src: &str, problems: &mut Problems) {
    let id = image.id();
    let bad = |msg: String| err_at(Rule::BadVersions, IMAGES_FILE, src, image.id.span(), msg);
    match (&image.version_pattern, image.versions.is_empty()) {
        (None, true) => {}
        (None, false) => problems.push(bad(format!(
            "image `{id}`: `versions` needs a `version_pattern` to fill"
        ))),
        (Some(pattern), _) => {
            let Some(current) = &image.runtime_version else {
                problems.push(bad(format!(
                    "image `{id}`: `version_pattern` needs a `runtime_version`"
                )));
                return;
            };
            if !pattern.contains("{version}") {
                problems.push(bad(format!(
                    "image `{id}`: version_pattern `{pattern}` has no {{version}} placeholder"
                )));
            } else if pattern.replace("{version}", current) != image.reference() {
                problems.push(bad(format!(
                    "image `{id}`: version_pattern `{pattern}` with runtime_version {current} gives `{}`, not the reference `{}`",
                    pattern.replace("{version}", current),
                    image.reference()
                )));
            }
            if !image.versions.contains(current) {
                problems.push(bad(format!(
                    "image `{id}`: runtime_version {current} is missing from `versions`"
                )));
            }
            for v in &image.versions {
                if let Err(e) = params::validate(ParamKey::Version, v) {
                    problems.push(bad(format!("image `{id}`: {e}")));
                }
            }
        }
    }
}

struct TreeCheck<'a, 'p> {
    tree: &'a Tree,
    src: &'a str,
    problems: &'p mut Problems,
}

impl<'a> TreeCheck<'a, '_> {
    fn err(&mut self, rule: Rule, span: std::ops::Range<usize>, msg: String) {
        self.problems
            .push(err_at(rule, TREE_FILE, self.src, span, msg));
    }

    fn ids(&mut self) {
        let tree = self.tree;
        let mut questions = HashSet::new();
        for q in &tree.questions {
            if !questions.insert(q.id()) {
                self.err(
                    Rule::DuplicateId,
                    q.id.span(),
                    format!("question id `{}` is used twice; ids must be unique", q.id()),
                );
            }
            let mut choices = HashSet::new();
            for c in &q.choices {
                if !choices.insert(c.id()) {
                    self.err(
                        Rule::DuplicateId,
                        c.id.span(),
                        format!("question `{}` offers choice `{}` twice", q.id(), c.id()),
                    );
                }
            }
        }
        let mut leaves = HashSet::new();
        for l in &tree.leaves {
            if !leaves.insert(l.id()) {
                self.err(
                    Rule::DuplicateId,
                    l.id.span(),
                    format!("leaf id `{}` is used twice; ids must be unique", l.id()),
                );
            }
        }
    }

    fn targets(&mut self) {
        let tree = self.tree;
        if tree.question(tree.start()).is_none() {
            self.err(
                Rule::UnknownReference,
                tree.start.span(),
                format!("start names `{}`, which is not a question id", tree.start()),
            );
        }
        for q in &tree.questions {
            if q.choices.is_empty() {
                self.err(
                    Rule::NoChoices,
                    q.id.span(),
                    format!(
                        "question `{}` has no choices; add [[question.choice]] entries",
                        q.id()
                    ),
                );
            }
            if let Some(d) = &q.default
                && q.choice(d.get_ref()).is_none()
            {
                self.err(
                    Rule::UnknownReference,
                    d.span(),
                    format!(
                        "question `{}`: default `{d}` is not one of its choices ({})",
                        q.id(),
                        q.choice_ids().join(", ")
                    ),
                );
            }
            for c in &q.choices {
                match (&c.next, &c.leaf) {
                    (Some(_), Some(_)) | (None, None) => self.err(
                        Rule::ChoiceTarget,
                        c.id.span(),
                        format!(
                            "choice `{}` of question `{}` must have exactly one of `next` (a question) or `leaf`",
                            c.id(),
                            q.id()
                        ),
                    ),
                    (Some(next), None) if tree.question(next.get_ref()).is_none() => self.err(
                        Rule::UnknownReference,
                        next.span(),
                        format!("choice `{}` of question `{}`: next `{next}` is not a question id", c.id(), q.id()),
                    ),
                    (None, Some(leaf)) if tree.leaf(leaf.get_ref()).is_none() => self.err(
                        Rule::UnknownReference,
                        leaf.span(),
                        format!("choice `{}` of question `{}`: leaf `{leaf}` is not a leaf id", c.id(), q.id()),
                    ),
                    _ => {}
                }
            }
        }
    }

    fn reachability_and_cycles(&mut self) {
        let tree = self.tree;
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Visiting,
            Done,
        }
        let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
        let mut leaves_reached: HashSet<&str> = HashSet::new();
        let mut cycles: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        // Iterative DFS: (question id, index of the next choice to explore).
        let mut stack: Vec<(&str, usize)> = Vec::new();
        if tree.question(tree.start()).is_some() {
            stack.push((tree.start(), 0));
            marks.insert(tree.start(), Mark::Visiting);
        }
        while let Some((qid, i)) = stack.pop() {
            let Some(q) = tree.question(qid) else {
                continue;
            };
            let Some(choice) = q.choices.get(i) else {
                marks.insert(qid, Mark::Done);
                continue;
            };
            stack.push((qid, i + 1));
            match choice.target() {
                Some(Target::Question(next)) if tree.question(next).is_some() => {
                    match marks.get(next) {
                        None => {
                            marks.insert(next, Mark::Visiting);
                            stack.push((next, 0));
                        }
                        Some(Mark::Visiting) => {
                            let path: Vec<&str> = stack.iter().map(|(q, _)| *q).collect();
                            let from = path.iter().position(|q| *q == next).unwrap_or(0);
                            let mut ring = path[from..].to_vec();
                            ring.push(next);
                            let span = choice.next.as_ref().map_or(0..0, Spanned::span);
                            cycles.push((
                                span,
                                format!("the tree has a cycle: {}", ring.join(" → ")),
                            ));
                        }
                        Some(Mark::Done) => {}
                    }
                }
                Some(Target::Leaf(leaf)) => {
                    leaves_reached.insert(leaf);
                }
                _ => {}
            }
        }
        for (span, msg) in cycles {
            self.err(Rule::Cycle, span, msg);
        }
        for q in &tree.questions {
            if !marks.contains_key(q.id()) {
                self.err(
                    Rule::Unreachable,
                    q.id.span(),
                    format!(
                        "question `{}` is not reachable from start `{}`",
                        q.id(),
                        tree.start()
                    ),
                );
            }
        }
        for l in &tree.leaves {
            if !leaves_reached.contains(l.id()) {
                self.err(
                    Rule::Unreachable,
                    l.id.span(),
                    format!("leaf `{}` is not reachable: no choice leads to it", l.id()),
                );
            }
        }
    }

    /// Answer keys must be unambiguous: asked at most once on a path, with one set of choices per key.
    fn answer_keys(&mut self) {
        let tree = self.tree;
        let mut by_key: BTreeMap<&str, &super::tree::Question> = BTreeMap::new();
        for q in &tree.questions {
            match by_key.get(q.key()) {
                None => {
                    by_key.insert(q.key(), q);
                }
                Some(first) => {
                    let a: BTreeSet<&str> =
                        first.choices.iter().map(super::tree::Choice::id).collect();
                    let b: BTreeSet<&str> = q.choices.iter().map(super::tree::Choice::id).collect();
                    if a != b {
                        let span = q.asks.as_ref().map_or(q.id.span(), Spanned::span);
                        self.err(
                            Rule::AnswerKey,
                            span,
                            format!(
                                "question `{}` asks `{}` with choices ({}), but question `{}` asks it with ({}); one key, one set of choices",
                                q.id(),
                                q.key(),
                                q.choice_ids().join(", "),
                                first.id(),
                                first.choice_ids().join(", ")
                            ),
                        );
                    }
                }
            }
        }
        // A key asked twice on one path would make a scripted answer ambiguous.
        let mut reported: HashSet<&str> = HashSet::new();
        let (mut keys, mut nodes) = (Vec::new(), Vec::new());
        self.walk_keys(tree.start(), &mut keys, &mut nodes, &mut reported, 0);
    }

    fn walk_keys(
        &mut self,
        qid: &'a str,
        keys: &mut Vec<&'a str>,
        nodes: &mut Vec<&'a str>,
        reported: &mut HashSet<&'a str>,
        depth: usize,
    ) {
        let tree: &'a Tree = self.tree;
        let Some(q) = tree.question(qid) else { return };
        if depth > tree.questions.len() {
            return; // a cycle, reported elsewhere
        }
        if nodes.contains(&qid) {
            return; // a cycle, reported by its own rule
        }
        if keys.contains(&q.key()) {
            if reported.insert(qid) {
                let span = q.asks.as_ref().map_or(q.id.span(), Spanned::span);
                self.err(
                    Rule::AnswerKey,
                    span,
                    format!(
                        "question `{}` asks `{}`, which this path already asked; a key may appear once per path",
                        q.id(),
                        q.key()
                    ),
                );
            }
            return;
        }
        keys.push(q.key());
        nodes.push(qid);
        for c in &q.choices {
            if let Some(Target::Question(next)) = c.target() {
                self.walk_keys(next, keys, nodes, reported, depth + 1);
            }
        }
        keys.pop();
        nodes.pop();
    }

    fn params(&mut self) {
        let tree = self.tree;
        for (runtime, values) in &tree.params {
            for (key, value) in values {
                let problem = match ParamKey::parse(key) {
                    None => Some(format!(
                        "params.{runtime}: unknown parameter `{key}`; valid: {}",
                        ParamKey::ALL.map(ParamKey::as_str).join(", ")
                    )),
                    Some(k) => params::validate(k, value)
                        .err()
                        .map(|e| format!("params.{runtime}: {e}")),
                };
                if let Some(msg) = problem {
                    let span = find_span(self.src, &format!("[params.{runtime}]"));
                    self.err(Rule::BadParam, span, msg);
                }
            }
        }
    }

    fn leaves(&mut self, catalog: &Catalog, templates: &Templates) {
        let tree = self.tree;
        let image = |id: &str| catalog.images.iter().find(|i| i.id() == id);
        for leaf in &tree.leaves {
            let lid = leaf.id();
            let mut refs: Vec<(&str, &Spanned<String>)> = vec![("image", &leaf.image)];
            refs.extend(leaf.builder.iter().map(|b| ("builder", b)));
            refs.extend(leaf.alternatives.iter().map(|a| ("alternative", a)));
            for (role, r) in &refs {
                if image(r.get_ref()).is_none() {
                    self.err(
                        Rule::UnknownReference,
                        r.span(),
                        format!("leaf `{lid}`: {role} `{r}` is not an image id in {IMAGES_FILE}"),
                    );
                }
            }
            for (role, r) in refs.iter().take(if leaf.builder.is_some() { 2 } else { 1 }) {
                if let Some(img) = image(r.get_ref())
                    && !img.supported_on(catalog.review_date)
                {
                    let end = img
                        .supported_until
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    let successor = img
                        .successor
                        .as_ref()
                        .map(|s| format!("; use its successor `{s}`"))
                        .unwrap_or_default();
                    self.err(
                        Rule::UnsupportedLeaf,
                        r.span(),
                        format!(
                            "leaf `{lid}` recommends {role} `{}` ({}), which is out of support since {end}, before the data's review date {}{successor}",
                            img.id(),
                            img.reference(),
                            catalog.review_date
                        ),
                    );
                }
            }
            if let (Some(b), Some(img)) = (
                leaf.builder.as_ref().and_then(|b| image(b.get_ref())),
                image(leaf.image()),
            ) && let Some(why) = abi_mismatch(b, img)
            {
                let span = leaf.builder.as_ref().map_or(leaf.id.span(), Spanned::span);
                self.err(
                    Rule::AbiMismatch,
                    span,
                    format!(
                        "leaf `{lid}`: builder `{}` does not match image `{}`: {why}",
                        b.id(),
                        img.id()
                    ),
                );
            }
            if !templates.has_dockerfile(leaf.template()) {
                self.err(
                    Rule::UnknownReference,
                    leaf.template.span(),
                    format!(
                        "leaf `{lid}`: template `{}` has no file {TEMPLATES_DIR}/{}",
                        leaf.template(),
                        Templates::dockerfile_name(leaf.template())
                    ),
                );
            }
        }
    }
}

/// Whether a build stage produces something the final image can run: same runtime version, same libc,
/// and the same release when both are the same distribution.
fn abi_mismatch(builder: &Image, image: &Image) -> Option<String> {
    let shares_runtime = builder.runtimes.iter().any(|r| image.runtimes.contains(r));
    if shares_runtime
        && let (Some(b), Some(i)) = (&builder.runtime_version, &image.runtime_version)
        && b != i
    {
        return Some(format!("runtime version {b} vs {i}"));
    }
    if image.libc != Libc::None && builder.libc != Libc::None && builder.libc != image.libc {
        return Some(format!("libc {} vs {}", builder.libc, image.libc));
    }
    let distro = |os: &str| {
        os.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_owned()
    };
    if image.libc != Libc::None
        && distro(&builder.os) == distro(&image.os)
        && builder.os != image.os
    {
        return Some(format!("OS {} vs {}", builder.os, image.os));
    }
    None
}

fn find_span(src: &str, needle: &str) -> std::ops::Range<usize> {
    src.find(needle).map_or(0..0, |i| i..i + needle.len())
}

fn check_families(families: &Families, problems: &mut Problems) {
    let mut seen = HashSet::new();
    for p in &families.profiles {
        if !seen.insert(p.family) {
            problems.push(Problem::error(
                Rule::DuplicateId,
                FAMILIES_FILE,
                format!("family `{}` is described twice", p.family),
            ));
        }
    }
    let mut tips = HashSet::new();
    for t in &families.tips {
        if !tips.insert(t.id.as_str()) {
            problems.push(Problem::error(
                Rule::DuplicateId,
                FAMILIES_FILE,
                format!("tip id `{}` is used twice", t.id),
            ));
        }
    }
}

/// Every template must parse, and use only the variables and parameters the renderer provides.
fn check_templates(templates: &Templates, problems: &mut Problems) -> Option<Environment<'static>> {
    let env = match templates::environment(templates) {
        Ok(env) => env,
        Err(e) => {
            let name = e.name().unwrap_or("?").to_owned();
            let file = format!("{TEMPLATES_DIR}/{name}");
            let mut p = Problem::error(
                Rule::Syntax,
                &file,
                e.detail().unwrap_or("syntax error").to_owned(),
            );
            if let (Some(src), Some(range)) = (templates.get(&name), e.range()) {
                p = p.at(src, range);
            } else if let Some(line) = e.line() {
                p.message = format!("line {line}: {}", p.message);
            }
            problems.push(p);
            return None;
        }
    };
    for (name, src) in templates.iter() {
        let Ok(template) = env.get_template(name) else {
            continue;
        };
        let mut unknown: Vec<String> = template
            .undeclared_variables(true)
            .into_iter()
            .filter(|var| !provided(var))
            .collect();
        unknown.sort();
        for var in unknown {
            let top = var.split('.').next().unwrap_or(&var).to_owned();
            let span = find_span(src, &var);
            let span = if span.is_empty() {
                find_span(src, &top)
            } else {
                span
            };
            problems.push(
                Problem::error(
                    Rule::UnknownPlaceholder,
                    format!("{TEMPLATES_DIR}/{name}"),
                    format!(
                        "placeholder `{var}` is provided by no one; templates get {} and params.{{{}}}",
                        CONTEXT_VARIABLES.join(", "),
                        ParamKey::ALL.map(ParamKey::as_str).join(",")
                    ),
                )
                .at(src, span),
            );
        }
    }
    Some(env)
}

fn provided(var: &str) -> bool {
    let mut parts = var.split('.');
    let top = parts.next().unwrap_or_default();
    match top {
        "params" => parts.next().is_none_or(|k| ParamKey::parse(k).is_some()),
        _ => CONTEXT_VARIABLES.contains(&top),
    }
}
