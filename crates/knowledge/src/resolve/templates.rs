//! Templates: each must parse, and use only the variables and parameters the renderer provides.

use crate::TEMPLATES_DIR;
use crate::diagnostics::{Problem, Problems, Rule};
use crate::params::ParamKey;
use crate::templates::{self, Templates};

pub fn check(templates: &Templates, problems: &mut Problems) {
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
            return;
        }
    };
    for (name, src) in templates.iter() {
        let Ok(template) = env.get_template(name) else {
            continue;
        };
        let variables = templates::context_variables(name);
        let used = template.undeclared_variables(true);
        let mut unknown: Vec<String> = used
            .iter()
            .filter(|var| !provided(var, variables))
            .cloned()
            .collect();
        unknown.sort();
        let mut no_field: Vec<(&String, String)> = used
            .iter()
            .filter(|var| provided(var, variables))
            .filter_map(|var| {
                unknown_field(var, templates::context_objects(name)).map(|why| (var, why))
            })
            .collect();
        no_field.sort();
        for (var, why) in no_field {
            let problem = Problem::error(
                Rule::UnknownPlaceholder,
                format!("{TEMPLATES_DIR}/{name}"),
                format!("placeholder `{var}`: {why}"),
            );
            problems.push(match find_span(src, var) {
                Some(span) => problem.at(src, span),
                None => problem,
            });
        }
        for var in unknown {
            let top = var.split('.').next().unwrap_or(&var).to_owned();
            let span = find_span(src, &var).or_else(|| find_span(src, &top));
            let problem = Problem::error(
                Rule::UnknownPlaceholder,
                format!("{TEMPLATES_DIR}/{name}"),
                format!(
                    "placeholder `{var}` is provided by no one; this template gets {}",
                    offered(variables)
                ),
            );
            problems.push(match span {
                Some(span) => problem.at(src, span),
                None => problem,
            });
        }
    }
}

/// The variables a template gets, in words for a message.
fn offered(variables: &[&str]) -> String {
    if variables.contains(&"params") {
        format!(
            "{} and params.{{{}}}",
            variables.join(", "),
            ParamKey::ALL.map(ParamKey::as_str).join(",")
        )
    } else {
        variables.join(", ")
    }
}

fn find_span(src: &str, needle: &str) -> Option<std::ops::Range<usize>> {
    src.find(needle).map(|i| i..i + needle.len())
}

/// Why a dotted placeholder names no field: the first object on its path without the next name
/// among its fields (`image.colour`: `image` has no field `colour`).
fn unknown_field(var: &str, objects: &[(&str, &[&str])]) -> Option<String> {
    let parts: Vec<&str> = var.split('.').collect();
    for i in 1..parts.len() {
        let object = parts[..i].join(".");
        let (_, fields) = objects.iter().find(|(path, _)| *path == object)?;
        if !fields.contains(&parts[i]) {
            return Some(format!(
                "`{object}` has no field `{}`; its fields: {}",
                parts[i],
                fields.join(", ")
            ));
        }
    }
    None
}

/// Functions minijinja provides to every template.
const BUILTIN_FUNCTIONS: &[&str] = &["range", "dict", "namespace", "debug"];

fn provided(var: &str, variables: &[&str]) -> bool {
    let mut parts = var.split('.');
    let top = parts.next().unwrap_or_default();
    if BUILTIN_FUNCTIONS.contains(&top) {
        return true;
    }
    match top {
        "params" if variables.contains(&"params") => {
            parts.next().is_none_or(|k| ParamKey::parse(k).is_some())
        }
        _ => variables.contains(&top),
    }
}
