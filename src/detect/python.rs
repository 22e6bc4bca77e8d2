//! Python: requirement files, pyproject.toml, Pipfile, the lockfiles of poetry, uv, pipenv and pdm, and
//! the version files.

use std::path::Path;

use super::requirements::{parse_requirements, requirement_name};
use super::text::{first_version, line_containing, line_of_key, version_floor};
use super::walk::FileRef;
use super::{Ecosystem, pep503};
use super::{Evidence, Rank, Scan, parse_json, parse_toml, toml_str, toml_table};

const RT: &str = "python";

/// How deep `-r other.txt` includes are followed.
const MAX_INCLUDE_DEPTH: usize = 5;

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    let name = file.name.as_str();
    match name {
        "pyproject.toml" => pyproject(file, scan),
        "Pipfile" => pipfile(file, scan),
        "Pipfile.lock" => pipfile_lock(file, scan),
        "poetry.lock" => toml_lock(file, scan, "poetry"),
        "uv.lock" => toml_lock(file, scan, "uv"),
        "pdm.lock" => toml_lock(file, scan, "pdm"),
        "setup.py" | "setup.cfg" => {
            scan.marker(
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
    scan.marker(RT, file, Evidence::new(&file.rel, "pip requirements file"));
    scan.manager(
        RT,
        file,
        2,
        "pip",
        Evidence::new(&file.rel, "requirements file read by pip"),
    );
    read_requirements_file(file, scan, 0);
}

fn read_requirements_file(file: &FileRef, scan: &mut Scan<'_>, depth: usize) {
    if !scan.parsed.insert(file.rel.clone()) {
        return;
    }
    let Some(text) = scan.read(file) else { return };
    let parsed = parse_requirements(&text);
    for req in &parsed.requirements {
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, &req.name) {
            let rule = rule.clone();
            scan.native_rule(RT, file, Rank::Manifest, &rule, &req.name, Some(req.line));
        }
    }
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
    for spec in array.iter().filter_map(toml::Value::as_str) {
        let Some(name) = requirement_name(spec) else {
            continue;
        };
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, &name) {
            let rule = rule.clone();
            let line = line_containing(text, &format!("\"{spec}\""))
                .or_else(|| line_containing(text, spec));
            scan.native_rule(RT, file, Rank::Manifest, &rule, &name, line);
        }
    }
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
    for name in table.keys() {
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, name) {
            let rule = rule.clone();
            scan.native_rule(RT, file, rank, &rule, name, line_of_key(text, name));
        }
    }
}

fn pyproject(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Python project file"));
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
    if let Some(extras) = project
        .and_then(|p| p.get("optional-dependencies"))
        .and_then(toml::Value::as_table)
    {
        for values in extras.values() {
            pep508_array(file, scan, &text, Some(values));
        }
    }
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

fn constraint_version(
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
    scan.marker(RT, file, Evidence::new(&file.rel, "Pipfile"));
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
    for name in default.keys() {
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, name) {
            let rule = rule.clone();
            let line = line_containing(&text, &format!("\"{name}\":"));
            scan.native_rule(RT, file, Rank::Lockfile, &rule, name, line);
        }
    }
}

fn toml_lock(file: &FileRef, scan: &mut Scan<'_>, tool: &str) {
    let what = format!("{tool} lockfile");
    scan.marker(RT, file, Evidence::new(&file.rel, &what));
    scan.manager(RT, file, 0, tool, Evidence::new(&file.rel, &what));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_toml(scan, file, &text) else {
        return;
    };
    if let Some(spec) = doc.get("requires-python").and_then(toml::Value::as_str) {
        constraint_version(file, scan, &text, "requires-python", spec, 5);
    }
    let packages = doc.get("package").and_then(toml::Value::as_array);
    for package in packages.into_iter().flatten() {
        let Some(name) = package.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, name) {
            let rule = rule.clone();
            let line = line_containing(&text, &format!("name = \"{name}\""));
            scan.native_rule(RT, file, Rank::Lockfile, &rule, &pep503(name), line);
        }
    }
}
