//! Python: requirement files, pyproject.toml, Pipfile, the lockfiles of poetry, uv, pipenv and pdm, and
//! the version files.

use std::path::Path;

use super::requirements::{parse_requirements, requirement_name};
use super::scan::Fact;
use super::text::{first_version, line_containing, line_of_key, version_floor};
use super::walk::FileRef;
use super::{Ecosystem, NativeFinding, pep503};
use super::{Evidence, Rank, Scan, parse_json, parse_toml, toml_str, toml_table};

pub(crate) const RT: &str = "python";

/// Words in a requirement file's name that mark it as not installed in production.
const NOT_RUNTIME: &[&str] = &["dev", "test", "lint", "doc", "ci", "local", "type"];

/// A dependency the project declares directly: a native finding when the table knows it (or knows it
/// brings native packages), and a name the start-command inference may use.
fn declared(scan: &mut Scan<'_>, file: &FileRef, name: &str, line: Option<usize>) {
    if let Some(rule) = scan.rules.lookup(Ecosystem::Python, name) {
        let rule = rule.clone();
        scan.native_rule(RT, file, Rank::Manifest, &rule, name, line);
    } else if let Some(entry) = scan.rules.transitive(Ecosystem::Python, name) {
        let brought: Vec<_> = entry
            .brings
            .iter()
            .filter_map(|b| scan.rules.lookup(Ecosystem::Python, b))
            .collect();
        let evidence = Evidence::new(
            &file.rel,
            format!("{name}: {} ({})", entry.reason, entry.brings.join(", ")),
        )
        .at(line)
        .key(name);
        let finding = NativeFinding::brought(evidence, &brought);
        scan.native(RT, file, Rank::Manifest, finding);
    }
}

/// Records the names a manifest declares, for the start-command inference.
fn names(scan: &mut Scan<'_>, file: &FileRef, names: Vec<String>) {
    if !names.is_empty() {
        scan.fact(RT, file, Fact::PythonDeps(names));
    }
}

/// How deep `-r other.txt` includes are followed.
const MAX_INCLUDE_DEPTH: usize = 5;

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    let name = file.name.as_str();
    match name {
        "pyproject.toml" => pyproject(file, scan),
        "Pipfile" => pipfile(file, scan),
        "Pipfile.lock" => pipfile_lock(file, scan),
        "poetry.lock" => super::python_lock::toml_lock(file, scan, "poetry"),
        "uv.lock" => super::python_lock::toml_lock(file, scan, "uv"),
        "pdm.lock" => super::python_lock::toml_lock(file, scan, "pdm"),
        "setup.py" | "setup.cfg" => {
            scan.manifest(
                RT,
                file,
                Evidence::new(&file.rel, "setuptools project file"),
            );
        }
        ".python-version" => version_file(file, scan, 0, "pins"),
        "runtime.txt" => {
            if scan
                .read(file)
                .is_some_and(|t| t.trim_start().starts_with("python-"))
            {
                version_file(file, scan, 1, "names");
            }
        }
        _ if is_requirements_file(file) => requirements_file(file, scan),
        _ => return false,
    }
    true
}

fn is_requirements_file(file: &FileRef) -> bool {
    let name = file.name.as_str();
    let in_requirements_dir = file
        .rel
        .rsplit('/')
        .nth(1)
        .is_some_and(|dir| dir == "requirements");
    (name.starts_with("requirements") && (name.ends_with(".txt") || name.ends_with(".in")))
        || (in_requirements_dir && name.ends_with(".txt"))
}

fn version_file(file: &FileRef, scan: &mut Scan<'_>, priority: u8, verb: &str) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Python version file"));
    let Some(text) = scan.read(file) else { return };
    let Some((line, version)) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| first_version(l).map(|v| (i + 1, v)))
    else {
        return;
    };
    let evidence = Evidence::new(&file.rel, format!("{verb} Python {version}")).at(Some(line));
    scan.version(RT, file, priority, version, evidence);
}

fn requirements_file(file: &FileRef, scan: &mut Scan<'_>) {
    let stem = file.name.trim_end_matches(".txt").trim_end_matches(".in");
    let runtime = !NOT_RUNTIME
        .iter()
        .any(|w| stem.split(['-', '_', '.']).any(|part| part.starts_with(w)));
    let evidence = Evidence::new(&file.rel, "pip requirements file");
    if runtime {
        scan.manifest(RT, file, evidence);
        scan.manager(
            RT,
            file,
            2,
            "pip",
            Evidence::new(&file.rel, "requirements file read by pip"),
        );
        read_requirements_file(file, scan, 0);
    } else {
        scan.marker(RT, file, evidence);
    }
}

fn read_requirements_file(file: &FileRef, scan: &mut Scan<'_>, depth: usize) {
    if !scan.parsed.insert(file.rel.clone()) {
        return;
    }
    let Some(text) = scan.read(file) else { return };
    let parsed = parse_requirements(&text);
    for req in &parsed.requirements {
        declared(scan, file, &req.name, Some(req.line));
    }
    names(
        scan,
        file,
        parsed
            .requirements
            .iter()
            .map(|r| spec_name(&r.spec))
            .collect(),
    );
    for (line, include) in parsed.includes {
        if depth >= MAX_INCLUDE_DEPTH {
            scan.note(format!(
                "{}:{line}: includes nested too deeply; not followed",
                file.rel
            ));
            break;
        }
        match included_file(scan.root, file, &include) {
            Some(next) => read_requirements_file(&next, scan, depth + 1),
            None => scan.note(format!(
                "{}:{line}: included file {include} is missing or outside the project",
                file.rel
            )),
        }
    }
}

/// Resolves an included requirements file relative to the including one, staying inside the root.
fn included_file(root: &Path, from: &FileRef, include: &str) -> Option<FileRef> {
    let mut parts: Vec<&str> = from.rel.split('/').collect();
    parts.pop();
    for part in include.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let rel = parts.join("/");
    let path = root.join(&rel);
    let real = std::fs::canonicalize(&path).ok()?;
    let root_real = std::fs::canonicalize(root).ok()?;
    if !real.starts_with(root_real) || !real.is_file() {
        return None;
    }
    Some(FileRef {
        name: parts.last()?.to_string(),
        depth: parts.len().saturating_sub(1),
        path,
        rel,
    })
}

/// Records the native packages among PEP 508 strings of a TOML array.
fn pep508_array(file: &FileRef, scan: &mut Scan<'_>, text: &str, values: Option<&toml::Value>) {
    let Some(array) = values.and_then(toml::Value::as_array) else {
        return;
    };
    let mut found = Vec::new();
    for spec in array.iter().filter_map(toml::Value::as_str) {
        let Some(name) = requirement_name(spec) else {
            continue;
        };
        let line =
            line_containing(text, &format!("\"{spec}\"")).or_else(|| line_containing(text, spec));
        declared(scan, file, &name, line);
        found.push(spec_name(spec));
    }
    names(scan, file, found);
}

/// Records the native packages among the keys of a dependency table (`name = "version"`).
fn dependency_keys(
    file: &FileRef,
    scan: &mut Scan<'_>,
    text: &str,
    table: Option<&toml::Table>,
    rank: Rank,
) {
    let Some(table) = table else { return };
    for name in table.keys().filter(|k| *k != "python") {
        if rank == Rank::Manifest {
            declared(scan, file, name, line_of_key(text, name));
        }
    }
    let found = table
        .iter()
        .filter(|(k, _)| *k != "python")
        .map(|(k, v)| {
            let extras: Vec<&str> = v
                .get("extras")
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(toml::Value::as_str).collect())
                .unwrap_or_default();
            if extras.is_empty() {
                pep503(k)
            } else {
                format!("{}[{}]", pep503(k), extras.join(","))
            }
        })
        .collect();
    names(scan, file, found);
}

fn pyproject(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manifest(RT, file, Evidence::new(&file.rel, "Python project file"));
    // Without a lockfile or a tool's configuration, pip installs the project from this file.
    let evidence = Evidence::new(&file.rel, "project file installed by pip");
    scan.manager(RT, file, 3, "pip", evidence);
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_toml(scan, file, &text) else {
        return;
    };
    if let Some(spec) = toml_str(&doc, &["project", "requires-python"]) {
        constraint_version(file, scan, &text, "requires-python", spec, 2);
    }
    if let Some(spec) = toml_str(&doc, &["tool", "poetry", "dependencies", "python"]) {
        constraint_version(file, scan, &text, "python", spec, 4);
    }
    let project = toml_table(&doc, &["project"]);
    pep508_array(
        file,
        scan,
        &text,
        project.and_then(|p| p.get("dependencies")),
    );
    // Optional extras and dependency groups (dev, docs, test) are not installed by default.
    dependency_keys(
        file,
        scan,
        &text,
        toml_table(&doc, &["tool", "poetry", "dependencies"]),
        Rank::Manifest,
    );
    for tool in ["poetry", "pdm", "uv", "hatch"] {
        if toml_table(&doc, &["tool", tool]).is_some() {
            let line = line_containing(&text, &format!("[tool.{tool}"));
            let evidence = Evidence::new(&file.rel, format!("configures {tool}"))
                .at(line)
                .key(format!("tool.{tool}"));
            scan.manager(RT, file, 1, tool, evidence);
        }
    }
}

pub(crate) fn constraint_version(
    file: &FileRef,
    scan: &mut Scan<'_>,
    text: &str,
    key: &str,
    spec: &str,
    priority: u8,
) {
    let value = version_floor(spec).unwrap_or_else(|| spec.to_owned());
    let evidence = Evidence::new(&file.rel, format!("{key} = \"{spec}\""))
        .at(line_of_key(text, key))
        .key(key);
    scan.version(RT, file, priority, value, evidence);
}

fn pipfile(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manifest(RT, file, Evidence::new(&file.rel, "Pipfile"));
    scan.manager(
        RT,
        file,
        1,
        "pipenv",
        Evidence::new(&file.rel, "Pipfile is read by pipenv"),
    );
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_toml(scan, file, &text) else {
        return;
    };
    for key in ["python_full_version", "python_version"] {
        if let Some(spec) = toml_str(&doc, &["requires", key]) {
            constraint_version(file, scan, &text, key, spec, 3);
            break;
        }
    }
    dependency_keys(
        file,
        scan,
        &text,
        toml_table(&doc, &["packages"]),
        Rank::Manifest,
    );
}

fn pipfile_lock(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "pipenv lockfile"));
    scan.manager(
        RT,
        file,
        0,
        "pipenv",
        Evidence::new(&file.rel, "pipenv lockfile"),
    );
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_json(scan, file, &text) else {
        return;
    };
    let Some(default) = doc.get("default").and_then(|d| d.as_object()) else {
        return;
    };
    names(scan, file, default.keys().map(|k| pep503(k)).collect());
    for name in default.keys() {
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, name) {
            let rule = rule.clone();
            let line = line_containing(&text, &format!("\"{name}\":"));
            scan.native_rule(RT, file, Rank::Lockfile, &rule, name, line);
        }
    }
}

/// A requirement's name in PEP 503 form, with its extras (`uvicorn[standard]`).
fn spec_name(spec: &str) -> String {
    let name = requirement_name(spec)
        .map(|n| pep503(&n))
        .unwrap_or_default();
    let extras = spec
        .split_once('[')
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(e, _)| e.replace(' ', "").to_ascii_lowercase());
    match extras {
        Some(e) if !e.is_empty() && !name.is_empty() => format!("{name}[{e}]"),
        _ => name,
    }
}
