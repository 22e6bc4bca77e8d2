//! Go: go.mod (module, go directive, requirements), go.work, main packages and cgo in the sources.

use super::apps::{AppCtx, Draft};
use super::scan::Fact;
use super::walk::FileRef;
use super::{Evidence, Evidenced, Rank, Scan};

const RT: &str = "go";

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    match file.name.as_str() {
        "go.mod" => go_mod(file, scan),
        "go.work" => scan.manifest(RT, file, Evidence::new(&file.rel, "Go workspace file")),
        name if name.ends_with(".go") => {
            scan.source(RT, file);
            if !name.ends_with("_test.go") {
                go_source(file, scan);
            }
        }
        _ => return false,
    }
    true
}

/// The parts of a go.mod file basepick uses.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct GoMod {
    pub module: Option<(usize, String)>,
    pub go: Option<(usize, String)>,
    pub requires: Vec<(usize, String)>,
}

pub(crate) fn parse_go_mod(text: &str) -> GoMod {
    let mut out = GoMod::default();
    let mut in_require = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        let n = i + 1;
        if in_require {
            if line.starts_with(')') {
                in_require = false;
            } else if let Some(path) = line.split_whitespace().next() {
                out.requires.push((n, path.to_owned()));
            }
            continue;
        }
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("module"), Some(path)) => {
                out.module = Some((n, path.trim_matches('"').to_owned()));
            }
            (Some("go"), Some(version)) => out.go = Some((n, version.to_owned())),
            (Some("require"), Some("(")) => in_require = true,
            (Some("require"), Some(path)) => out.requires.push((n, path.to_owned())),
            _ => {}
        }
    }
    out
}

fn go_mod(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manager(RT, file, 0, "go", Evidence::new(&file.rel, "Go modules"));
    let Some(text) = scan.read(file) else {
        scan.manifest(
            RT,
            file,
            Evidence::new(&file.rel, "Go module file (unreadable)"),
        );
        return;
    };
    let parsed = parse_go_mod(&text);
    let marker = match &parsed.module {
        Some((line, module)) => Evidence::new(&file.rel, format!("Go module {module}"))
            .at(Some(*line))
            .key("module"),
        None => Evidence::new(&file.rel, "Go module file without a module line"),
    };
    if let Some((_, module)) = &parsed.module {
        scan.fact(RT, file, Fact::GoModule(module.clone(), marker.clone()));
    }
    scan.manifest(RT, file, marker);
    if let Some((line, version)) = parsed.go {
        let evidence = Evidence::new(&file.rel, format!("go directive: {version}"))
            .at(Some(line))
            .key("go");
        scan.version(RT, file, 0, version, evidence);
    }
    for (line, path) in parsed.requires {
        if let Some(rule) = scan.rules.lookup_go_module(&path) {
            let rule = rule.clone();
            scan.native_rule(RT, file, Rank::Manifest, &rule, &path, Some(line));
        }
    }
}

/// Looks for a main package and for cgo in the import section of a Go source file.
fn go_source(file: &FileRef, scan: &mut Scan<'_>) {
    let Some(text) = scan.read(file) else { return };
    if let Some(line) = text
        .lines()
        .position(|l| l.split("//").next().unwrap_or("").trim() == "package main")
    {
        let dir = file.rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let evidence = Evidence::new(&file.rel, "package main").at(Some(line + 1));
        scan.fact(RT, file, Fact::GoMain(dir, evidence));
    }
    if let Some((line, marker)) = cgo_import(&text, |l| scan.rules.is_go_source_marker(l)) {
        let evidence = Evidence::new(&file.rel, format!("{marker}: the package uses cgo"))
            .at(Some(line))
            .key(marker);
        scan.native_plain(RT, file, Rank::Source, evidence);
    }
}

/// The binary name `go build` gives a module: its last path element, without a major-version suffix.
fn binary_of(module: &str) -> &str {
    let mut parts = module.trim_end_matches('/').rsplit('/');
    let last = parts.next().unwrap_or(module);
    let is_major =
        last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    if is_major {
        parts.next().unwrap_or(last)
    } else {
        last
    }
}

/// Names the binary: the main package at the app's root, else the ones under `cmd/`.
pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let mut module: Option<(String, Evidence)> = None;
    let mut mains: Vec<(String, Evidence)> = Vec::new();
    for (dir, fact) in draft.facts() {
        match fact {
            Fact::GoModule(path, evidence) if dir == ctx.dir => {
                module = Some((path.clone(), evidence.clone()));
            }
            Fact::GoMain(main_dir, evidence)
                if !mains.iter().any(|(d, _)| d == ctx.inside(main_dir)) =>
            {
                mains.push((ctx.inside(main_dir).to_owned(), evidence.clone()));
            }
            _ => {}
        }
    }
    if let Some((_, evidence)) = mains.iter().find(|(d, _)| d.is_empty() || *d == ctx.dir) {
        let (name, why) = match &module {
            Some((path, _)) => (
                binary_of(path).to_owned(),
                format!(
                    "main package at the module root; go build names the binary after module {path}"
                ),
            ),
            None => return,
        };
        let mut evidence = evidence.clone();
        evidence.detail = why;
        draft.out.artifact = Some(Evidenced::new(name, evidence));
        return;
    }
    let mut commands: Vec<Evidenced<String>> = mains
        .iter()
        .filter_map(|(dir, evidence)| {
            let name = dir.strip_prefix("cmd/").filter(|n| !n.contains('/'))?;
            let mut evidence = evidence.clone();
            evidence.detail = format!("main package in {dir}");
            evidence.key = Some(format!("./{dir}"));
            Some(Evidenced::new(name.to_owned(), evidence))
        })
        .collect();
    commands.sort_by(|a, b| a.value.cmp(&b.value));
    if commands.len() == 1 {
        let only = commands.remove(0);
        let target = only.evidence.key.clone().unwrap_or_default();
        draft.out.build_target = Some(Evidenced::new(target, only.evidence.clone()));
        draft.out.artifact = Some(only);
    } else {
        draft.out.artifact_candidates = commands;
    }
}

/// The first import matching a cgo marker, normalised to `import "path"`, and its line. Grouped imports
/// count; reading stops at the first declaration after the imports.
pub(crate) fn cgo_import(text: &str, is_marker: impl Fn(&str) -> bool) -> Option<(usize, String)> {
    let mut in_group = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let spec = if in_group {
            if line.starts_with(')') {
                in_group = false;
                continue;
            }
            format!("import {line}")
        } else if line == "import (" {
            in_group = true;
            continue;
        } else if line.starts_with("import ") {
            line.to_owned()
        } else if ["func ", "type ", "var ", "const "]
            .iter()
            .any(|k| line.starts_with(k))
        {
            break;
        } else {
            continue;
        };
        let spec = spec.split("//").next().unwrap_or("").trim().to_owned();
        if is_marker(&spec) {
            return Some((i + 1, spec));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_mod_parts() {
        let text = "module example.com/app // the app\n\ngo 1.22.3\n\nrequire github.com/x/y v1.0.0\nrequire (\n\tgithub.com/mattn/go-sqlite3 v1.14.22 // indirect\n\tgolang.org/x/sys v0.20.0\n)\n";
        let m = parse_go_mod(text);
        assert_eq!(m.module, Some((1, "example.com/app".to_owned())));
        assert_eq!(m.go, Some((3, "1.22.3".to_owned())));
        let paths: Vec<&str> = m.requires.iter().map(|(_, p)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "github.com/x/y",
                "github.com/mattn/go-sqlite3",
                "golang.org/x/sys"
            ]
        );
        assert_eq!(m.requires[1].0, 7);
    }

    #[test]
    fn binary_names_follow_the_module_path() {
        assert_eq!(binary_of("github.com/rs/curlie"), "curlie");
        assert_eq!(binary_of("example.com/tool/v2"), "tool");
        assert_eq!(binary_of("app"), "app");
        assert_eq!(binary_of("example.com/v"), "v");
    }

    #[test]
    fn cgo_imports_single_and_grouped() {
        let marker = |l: &str| l == "import \"C\"";
        let single = "package db\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc f() {}\n";
        assert_eq!(
            cgo_import(single, marker),
            Some((4, "import \"C\"".to_owned()))
        );
        let grouped = "package db\n\nimport (\n\t\"fmt\"\n\t\"C\"\n)\n";
        assert_eq!(cgo_import(grouped, marker).map(|(l, _)| l), Some(5));
        let body = "package db\n\nfunc f() {\n\ts := `\nimport \"C\"\n`\n}\n";
        assert_eq!(cgo_import(body, marker), None);
    }
}
