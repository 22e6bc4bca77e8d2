//! From what the readers found per directory to apps: which directory each finding belongs to, each
//! ecosystem's last step, and the main runtime of each app by its role.

use std::collections::BTreeMap;
use std::path::Path;

use super::scan::{Found, Scan};
use super::walk::Limits;
use super::{
    AssetBuild, DetectedApp, DetectedRuntime, Detection, Evidence, Evidenced, NativeRules,
};

/// How a runtime ranks in its directory: role, depth of its first evidence, amount of evidence,
/// registry order.
type Rank = (u8, usize, std::cmp::Reverse<usize>, usize);

/// What a runtime does in its directory, which decides the main runtime of an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// Runs the app.
    App,
    /// Only builds front-end assets (Node tooling next to a backend).
    Assets(Evidenced<AssetBuild>),
    /// Builds a static site that a web server serves.
    StaticSite(Evidenced<AssetBuild>),
    /// Development tooling only (formatters, linters), no build and no server.
    Tooling,
}

/// One runtime of one app while it is being completed.
#[derive(Debug)]
pub(crate) struct Draft {
    pub runtime: &'static str,
    /// The directory of each part, relative to the root, and what was found there.
    pub parts: Vec<(String, Found)>,
    pub out: DetectedRuntime,
    pub role: Role,
}

impl Draft {
    /// The facts of every part.
    pub fn facts(&self) -> impl Iterator<Item = (&str, &super::scan::Fact)> {
        self.parts
            .iter()
            .flat_map(|(dir, f)| f.facts.iter().map(move |fact| (dir.as_str(), fact)))
    }
}

/// What an ecosystem's last step may look at: the app's directory and its files.
pub(crate) struct AppCtx<'a> {
    pub root: &'a Path,
    /// The app's directory relative to the root (`""` for the root).
    pub dir: &'a str,
    /// Every file below the app's directory, relative to it.
    pub files: Vec<&'a str>,
    pub limits: Limits,
    pub rules: &'a NativeRules,
    pub notes: &'a mut Vec<String>,
}

impl AppCtx<'_> {
    /// A path inside the app as a path relative to the root, for evidence.
    pub fn rel(&self, path: &str) -> String {
        if self.dir.is_empty() {
            path.to_owned()
        } else {
            format!("{}/{path}", self.dir)
        }
    }

    /// A path relative to the root as a path inside the app.
    pub fn inside<'p>(&self, rel: &'p str) -> &'p str {
        if self.dir.is_empty() {
            rel
        } else if rel == self.dir {
            ""
        } else {
            rel.strip_prefix(self.dir)
                .and_then(|r| r.strip_prefix('/'))
                .unwrap_or(rel)
        }
    }

    /// Whether the walk found this file inside the app.
    pub fn has(&self, path: &str) -> bool {
        self.files.contains(&path)
    }

    /// Whether a regular file exists at this path inside the app (also in directories the walk skips).
    pub fn exists(&self, path: &str) -> bool {
        std::fs::metadata(self.root.join(self.rel(path))).is_ok_and(|m| m.is_file())
    }

    /// Reads a regular file inside the app within the size limit, noting why when it cannot.
    pub fn read(&mut self, path: &str) -> Option<String> {
        let rel = self.rel(path);
        match crate::knowledge::files::read_text(&self.root.join(&rel), self.limits.max_file_bytes)
        {
            Ok(text) => Some(text),
            Err(e) if e.is_not_found() => None,
            Err(e) => {
                self.notes.push(format!("skipped {rel}: {e}"));
                None
            }
        }
    }
}

fn is_within(ancestor: &str, dir: &str) -> bool {
    ancestor.is_empty()
        || dir == ancestor
        || dir
            .strip_prefix(ancestor)
            .is_some_and(|r| r.starts_with('/'))
}

fn depth_of(dir: &str) -> usize {
    if dir.is_empty() {
        0
    } else {
        dir.matches('/').count() + 1
    }
}

/// Turns a finished scan into apps.
pub(crate) fn finish(mut scan: Scan<'_>) -> Detection {
    fallbacks(&mut scan);
    let drafts = group(std::mem::take(&mut scan.found));
    let mut by_dir: BTreeMap<String, Vec<Draft>> = BTreeMap::new();
    for ((dir, _), draft) in drafts {
        by_dir.entry(dir).or_default().push(draft);
    }
    let mut notes = std::mem::take(&mut scan.notes);
    let mut apps: Vec<(DetectedApp, Vec<DetectedRuntime>)> = Vec::new();
    for (dir, mut drafts) in by_dir {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let files: Vec<&str> = scan
            .files
            .iter()
            .filter_map(|f| f.strip_prefix(prefix.as_str()))
            .collect();
        let mut ctx = AppCtx {
            root: scan.root,
            dir: &dir,
            files,
            limits: scan.limits,
            rules: scan.rules,
            notes: &mut notes,
        };
        let known = super::files_list::known_files(&ctx);
        let has_index = ctx.has("index.html");
        for draft in &mut drafts {
            draft.out.files.clone_from(&known);
            super::finalize(draft, &mut ctx);
            draft.out.needs_glibc = draft.out.native.iter().any(|n| n.needs_glibc);
        }
        apps.push(app_of(dir, drafts, &known, has_index));
    }
    apps.sort_by(|(a, _), (b, _)| (!a.dir.is_empty(), &a.dir).cmp(&(!b.dir.is_empty(), &b.dir)));
    let mut detection = Detection {
        apps: Vec::new(),
        runtimes: Vec::new(),
        notes,
    };
    let primary = match apps.as_slice() {
        [_] => Some(0),
        [(first, _), ..] if first.dir.is_empty() => Some(0),
        _ => None,
    };
    for (i, (app, runtimes)) in apps.into_iter().enumerate() {
        if primary == Some(i) {
            detection.runtimes = runtimes;
        }
        detection.apps.push(app);
    }
    detection
}

/// Source files and HTML pages count only when no manifest names any runtime.
fn fallbacks(scan: &mut Scan<'_>) {
    let any = |scan: &Scan<'_>| scan.found.values().any(|f| !f.markers.is_empty());
    if !any(scan) {
        for (runtime, (count, first)) in std::mem::take(&mut scan.sources) {
            let detail = format!(
                "{count} source file{} and no manifest",
                if count == 1 { "" } else { "s" }
            );
            let found = scan.found.entry((String::new(), runtime)).or_default();
            found.root = true;
            found.markers.push((0, Evidence::new(first, detail)));
        }
    }
    if !any(scan) && !scan.html.is_empty() {
        let mut pages = std::mem::take(&mut scan.html);
        pages.sort_by_key(|e| (!e.file.ends_with("index.html"), e.file.matches('/').count()));
        pages.truncate(5);
        let found = scan.found.entry((String::new(), "static")).or_default();
        found.root = true;
        found.markers.extend(pages.into_iter().map(|e| (0, e)));
    }
}

/// Assigns what was found in each directory to an app: the outermost directory above it (or itself)
/// holding a manifest of the same runtime. Findings with no such directory join the only app of their
/// runtime, or stand on their own when the runtime has no manifest anywhere.
fn group(
    found: BTreeMap<(String, &'static str), Found>,
) -> BTreeMap<(String, &'static str), Draft> {
    let mut roots: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for ((dir, runtime), f) in &found {
        if f.root {
            roots.entry(runtime).or_default().push(dir.clone());
        }
    }
    let mut drafts: BTreeMap<(String, &'static str), Draft> = BTreeMap::new();
    for ((dir, runtime), f) in found {
        let candidates = roots.get(runtime).map_or(&[][..], Vec::as_slice);
        let owner = candidates
            .iter()
            .filter(|r| is_within(r, &dir))
            .min_by_key(|r| depth_of(r))
            .cloned()
            .or_else(|| match candidates {
                [only] => Some(only.clone()),
                [] if !f.markers.is_empty() => Some(dir.clone()),
                _ => None,
            });
        let Some(owner) = owner else { continue };
        drafts
            .entry((owner, runtime))
            .or_insert_with(|| Draft {
                runtime,
                parts: Vec::new(),
                out: DetectedRuntime::default(),
                role: Role::App,
            })
            .parts
            .push((dir, f));
    }
    drafts.retain(|_, d| d.parts.iter().any(|(_, f)| !f.markers.is_empty()));
    for draft in drafts.values_mut() {
        draft.out = base(draft.runtime, &mut draft.parts);
    }
    drafts
}

/// What every runtime reports, merged over the parts of an app: markers, version, package manager,
/// native findings, toolchain, extensions.
fn base(runtime: &str, parts: &mut [(String, Found)]) -> DetectedRuntime {
    let mut markers: Vec<(usize, Evidence)> = Vec::new();
    let mut versions = Vec::new();
    let mut managers = Vec::new();
    let mut native = Vec::new();
    let mut toolchain: Option<(usize, Evidenced<String>)> = None;
    let mut extensions = Vec::new();
    for (dir, f) in parts.iter_mut() {
        markers.append(&mut f.markers);
        versions.append(&mut f.versions);
        managers.append(&mut f.managers);
        native.append(&mut f.native);
        extensions.append(&mut f.extensions);
        if let Some(t) = f.toolchain.take()
            && toolchain.as_ref().is_none_or(|(d, _)| depth_of(dir) < *d)
        {
            toolchain = Some((depth_of(dir), t));
        }
    }
    // Closest to the root first; at one level, manifests before lockfiles and dotfiles (`.nvmrc`).
    markers.sort_by_key(|(depth, e)| {
        let name = e.file.rsplit('/').next().unwrap_or_default();
        let lockfile = name.contains(".lock") || name.contains("-lock.") || name.ends_with(".lock");
        (*depth, name.starts_with('.'), lockfile)
    });
    let pick = |mut list: Vec<((usize, u8), Evidenced<String>)>| {
        list.sort_by_key(|(key, _)| *key);
        list.into_iter().next().map(|(_, v)| v)
    };
    native.sort_by_key(|(key, _)| *key);
    // One finding per package; what a lockfile adds about a package the manifest names is kept.
    let mut merged: Vec<super::NativeFinding> = Vec::new();
    for (_, n) in native {
        let key = |f: &super::NativeFinding| {
            f.evidence
                .key
                .clone()
                .unwrap_or_else(|| f.evidence.detail.clone())
        };
        match merged.iter_mut().find(|m| key(m) == key(&n)) {
            Some(first) => {
                first.musl_builds |= n.musl_builds;
                first.builds_from_source |= n.builds_from_source;
                first.needs_glibc = (first.needs_glibc || n.needs_glibc) && !first.musl_builds;
            }
            None => merged.push(n),
        }
    }
    let native = merged;
    extensions.sort();
    extensions.dedup();
    DetectedRuntime {
        runtime: runtime.to_owned(),
        version: pick(versions),
        package_manager: pick(managers),
        toolchain: toolchain.map(|(_, t)| t),
        extensions,
        native,
        evidence: markers.into_iter().map(|(_, e)| e).collect(),
        ..DetectedRuntime::default()
    }
}

/// The app of one directory: the main runtime by role, then by how close and how plentiful its
/// evidence is; a front-end build becomes the main runtime's `assets`.
fn app_of(
    dir: String,
    mut drafts: Vec<Draft>,
    known: &[String],
    has_index: bool,
) -> (DetectedApp, Vec<DetectedRuntime>) {
    let has_backend = drafts
        .iter()
        .any(|d| d.role == Role::App && !matches!(d.runtime, "cpp" | "static"));
    let assets = drafts.iter().find_map(|d| match &d.role {
        Role::Assets(build) | Role::StaticSite(build) if has_backend => Some(build.clone()),
        _ => None,
    });
    let site = drafts.iter().find_map(|d| match &d.role {
        Role::StaticSite(build) if !has_backend => Some(build.clone()),
        _ => None,
    });
    if let Some(build) = site {
        drafts.retain(|d| d.runtime != "static");
        let mut evidence = vec![build.evidence.clone()];
        if has_index {
            let page = if dir.is_empty() {
                "index.html".to_owned()
            } else {
                format!("{dir}/index.html")
            };
            evidence.push(Evidence::new(page, "entry page of the site"));
        }
        drafts.push(Draft {
            runtime: "static",
            parts: Vec::new(),
            out: DetectedRuntime {
                runtime: "static".to_owned(),
                files: known.to_vec(),
                assets: Some(build),
                evidence,
                ..DetectedRuntime::default()
            },
            role: Role::App,
        });
    }
    let rank = |d: &Draft| -> Rank {
        let role = match (&d.role, d.runtime) {
            (Role::App, "cpp") if drafts.len() > 1 => 1,
            (Role::App, _) => 0,
            _ => 2,
        };
        let depth = d
            .out
            .evidence
            .first()
            .map_or(usize::MAX, |e| e.file.matches('/').count());
        let count = d.out.evidence.len() + d.out.native.len();
        (
            role,
            depth,
            std::cmp::Reverse(count),
            crate::runtime::order(d.runtime),
        )
    };
    let mut ranked: Vec<(Rank, DetectedRuntime)> =
        drafts.iter().map(|d| (rank(d), d.out.clone())).collect();
    ranked.sort_by_key(|(r, _)| *r);
    let mut runtimes: Vec<DetectedRuntime> = ranked.into_iter().map(|(_, r)| r).collect();
    if let (Some(build), Some(main)) = (assets, runtimes.first_mut())
        && main.assets.is_none()
        && main.runtime != "node"
    {
        main.assets = Some(build);
    }
    let others = runtimes.iter().skip(1).map(|r| r.runtime.clone()).collect();
    let main = runtimes.first().cloned().unwrap_or_default();
    (
        DetectedApp {
            dir,
            runtime: main,
            others,
        },
        runtimes,
    )
}
