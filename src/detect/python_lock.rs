//! Which packages of a Python lockfile the app installs at run time: the project's own dependencies and
//! theirs, leaving out development, documentation and test groups and extras nobody asked for.

use std::collections::{BTreeMap, BTreeSet};

use super::python::RT;
use super::requirements::requirement_name;
use super::text::line_containing;
use super::walk::FileRef;
use super::{Ecosystem, Evidence, Rank, Scan, parse_toml, pep503, toml_table};

/// One locked package: its dependencies, and its extras' dependencies.
#[derive(Debug, Default)]
struct Node {
    deps: Vec<(String, Vec<String>)>,
    extras: BTreeMap<String, Vec<(String, Vec<String>)>>,
}

pub(crate) fn toml_lock(file: &FileRef, scan: &mut Scan<'_>, tool: &str) {
    let what = format!("{tool} lockfile");
    scan.marker(RT, file, Evidence::new(&file.rel, &what));
    scan.manager(RT, file, 0, tool, Evidence::new(&file.rel, &what));
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_toml(scan, file, &text) else {
        return;
    };
    if let Some(spec) = doc.get("requires-python").and_then(toml::Value::as_str) {
        super::python::constraint_version(file, scan, &text, "requires-python", spec, 5);
    }
    let roots = if tool == "poetry" {
        sibling_roots(file, scan)
    } else {
        Vec::new()
    };
    let runtime = runtime_packages(tool, &doc, &roots);
    let packages = doc.get("package").and_then(toml::Value::as_array);
    for package in packages.into_iter().flatten() {
        let Some(name) = package.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        if runtime.as_ref().is_some_and(|r| !r.contains(&pep503(name))) {
            continue;
        }
        if let Some(rule) = scan.rules.lookup(Ecosystem::Python, name) {
            let rule = rule.clone();
            let line = line_containing(&text, &format!("name = \"{name}\""));
            scan.native_rule(RT, file, Rank::Lockfile, &rule, &pep503(name), line);
        }
    }
}

/// The main dependencies of the pyproject.toml next to a lockfile, the roots of its production graph.
fn sibling_roots(file: &FileRef, scan: &mut Scan<'_>) -> Vec<String> {
    let path = file.path.with_file_name("pyproject.toml");
    if !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
        return Vec::new();
    }
    let rel = match file.rel.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/pyproject.toml"),
        None => "pyproject.toml".to_owned(),
    };
    let sibling = FileRef {
        path,
        rel,
        name: "pyproject.toml".to_owned(),
        depth: file.depth,
    };
    let Some(doc) = scan
        .read(&sibling)
        .and_then(|t| t.parse::<toml::Table>().ok())
    else {
        return Vec::new();
    };
    let mut roots: Vec<String> = toml_table(&doc, &["tool", "poetry", "dependencies"])
        .map(|t| {
            t.keys()
                .filter(|k| *k != "python")
                .map(|k| pep503(k))
                .collect()
        })
        .unwrap_or_default();
    if let Some(list) = toml_table(&doc, &["project"])
        .and_then(|p| p.get("dependencies"))
        .and_then(toml::Value::as_array)
    {
        roots.extend(
            list.iter()
                .filter_map(toml::Value::as_str)
                .filter_map(requirement_name)
                .map(|n| pep503(&n)),
        );
    }
    roots
}

/// The names (PEP 503) a lockfile installs for production, or `None` when the file does not say
/// enough to tell (then every package counts).
pub(crate) fn runtime_packages(
    tool: &str,
    doc: &toml::Table,
    roots: &[String],
) -> Option<BTreeSet<String>> {
    let packages = doc.get("package").and_then(toml::Value::as_array)?;
    match tool {
        "pdm" => by_group(packages, "groups", "default"),
        "poetry" => by_group(packages, "category", "main")
            .or_else(|| by_group(packages, "groups", "main"))
            .or_else(|| {
                walk(
                    &graph(packages, tool),
                    roots.iter().map(|r| (r.clone(), Vec::new())),
                )
            }),
        "uv" => {
            let graph = graph(packages, tool);
            let project_roots: Vec<(String, Vec<String>)> = packages
                .iter()
                .filter(|p| {
                    p.get("source")
                        .and_then(toml::Value::as_table)
                        .is_some_and(|s| s.contains_key("editable") || s.contains_key("virtual"))
                })
                .filter_map(|p| p.get("name").and_then(toml::Value::as_str))
                .map(|n| (pep503(n), Vec::new()))
                .collect();
            if project_roots.is_empty() {
                return None;
            }
            walk(&graph, project_roots.into_iter())
        }
        _ => None,
    }
}

/// Packages whose `field` (a string or an array) holds `value`; `None` when no package has the field.
fn by_group(packages: &[toml::Value], field: &str, value: &str) -> Option<BTreeSet<String>> {
    let mut any = false;
    let mut out = BTreeSet::new();
    for package in packages {
        let Some(name) = package.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        let Some(groups) = package.get(field) else {
            continue;
        };
        any = true;
        let member = match groups {
            toml::Value::String(s) => s == value,
            toml::Value::Array(a) => a.iter().any(|g| g.as_str() == Some(value)),
            _ => false,
        };
        if member {
            out.insert(pep503(name));
        }
    }
    any.then_some(out)
}

/// A dependency as the lockfile writes it: a name with its requested extras.
fn dependency(tool: &str, key: Option<&str>, value: &toml::Value) -> Option<(String, Vec<String>)> {
    let extras = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(toml::Value::as_str)
                    .map(pep503)
                    .collect()
            })
            .unwrap_or_default()
    };
    if tool == "uv" {
        let name = value.get("name")?.as_str()?;
        return Some((pep503(name), extras(value.get("extra"))));
    }
    // Poetry: `name = "version"` or `name = { version = "…", optional = true, extras = [...] }`.
    if value.get("optional").and_then(toml::Value::as_bool) == Some(true) {
        return None;
    }
    Some((pep503(key?), extras(value.get("extras"))))
}

fn graph(packages: &[toml::Value], tool: &str) -> BTreeMap<String, Node> {
    let mut out: BTreeMap<String, Node> = BTreeMap::new();
    for package in packages {
        let Some(name) = package.get("name").and_then(toml::Value::as_str) else {
            continue;
        };
        let node = out.entry(pep503(name)).or_default();
        match package.get("dependencies") {
            Some(toml::Value::Array(list)) => {
                node.deps
                    .extend(list.iter().filter_map(|d| dependency(tool, None, d)));
            }
            Some(toml::Value::Table(table)) => {
                node.deps.extend(
                    table
                        .iter()
                        .filter_map(|(k, v)| dependency(tool, Some(k), v)),
                );
            }
            _ => {}
        }
        let extras = package
            .get(if tool == "uv" {
                "optional-dependencies"
            } else {
                "extras"
            })
            .and_then(toml::Value::as_table);
        for (extra, list) in extras.into_iter().flatten() {
            let deps = list
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| match d {
                    toml::Value::String(s) => requirement_name(s).map(|n| (pep503(&n), Vec::new())),
                    other => dependency(tool, None, other),
                })
                .collect();
            node.extras.insert(pep503(extra), deps);
        }
    }
    out
}

fn walk(
    graph: &BTreeMap<String, Node>,
    roots: impl Iterator<Item = (String, Vec<String>)>,
) -> Option<BTreeSet<String>> {
    let mut stack: Vec<(String, Vec<String>)> = roots.collect();
    if stack.is_empty() {
        return None;
    }
    let mut seen: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    let mut out = BTreeSet::new();
    while let Some((name, extras)) = stack.pop() {
        if !seen.insert((name.clone(), extras.clone())) {
            continue;
        }
        out.insert(name.clone());
        let Some(node) = graph.get(&name) else {
            continue;
        };
        stack.extend(node.deps.iter().cloned());
        for extra in &extras {
            if let Some(deps) = node.extras.get(extra) {
                stack.extend(deps.iter().cloned());
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uv_lock_follows_the_project_and_requested_extras_only() {
        let doc: toml::Table = toml::from_str(
            r#"
[[package]]
name = "app"
source = { editable = "." }
dependencies = [{ name = "fastapi", extra = ["standard"] }]
[package.dev-dependencies]
dev = [{ name = "pytest" }]
[package.optional-dependencies]
data = [{ name = "pandas" }]

[[package]]
name = "fastapi"
dependencies = [{ name = "pydantic" }]
[package.optional-dependencies]
standard = [{ name = "uvicorn" }]
all = [{ name = "orjson" }]

[[package]]
name = "pydantic"
[[package]]
name = "uvicorn"
[[package]]
name = "orjson"
[[package]]
name = "pytest"
[[package]]
name = "pandas"
"#,
        )
        .unwrap();
        let got = runtime_packages("uv", &doc, &[]).unwrap();
        let names: Vec<&str> = got.iter().map(String::as_str).collect();
        assert_eq!(names, ["app", "fastapi", "pydantic", "uvicorn"]);
    }

    #[test]
    fn poetry_lock_by_category_group_or_from_the_roots() {
        let by_category: toml::Table = toml::from_str(
            "[[package]]\nname = \"numpy\"\ncategory = \"main\"\n[[package]]\nname = \"mypy\"\ncategory = \"dev\"\n",
        )
        .unwrap();
        let got = runtime_packages("poetry", &by_category, &[]).unwrap();
        assert!(got.contains("numpy") && !got.contains("mypy"));
        let by_graph: toml::Table = toml::from_str(
            "[[package]]\nname = \"flask\"\n[package.dependencies]\nmarkupsafe = \">=2\"\nasgiref = { version = \"*\", optional = true }\n[[package]]\nname = \"markupsafe\"\n[[package]]\nname = \"lxml\"\n",
        )
        .unwrap();
        let got = runtime_packages("poetry", &by_graph, &["flask".to_owned()]).unwrap();
        let names: Vec<&str> = got.iter().map(String::as_str).collect();
        assert_eq!(names, ["flask", "markupsafe"]);
        assert!(runtime_packages("poetry", &by_graph, &[]).is_none());
    }

    #[test]
    fn pdm_lock_by_group() {
        let doc: toml::Table = toml::from_str(
            "[[package]]\nname = \"numpy\"\ngroups = [\"default\"]\n[[package]]\nname = \"sphinx\"\ngroups = [\"doc\"]\n",
        )
        .unwrap();
        let got = runtime_packages("pdm", &doc, &[]).unwrap();
        assert_eq!(got.into_iter().collect::<Vec<_>>(), ["numpy"]);
    }
}
