//! How a Python app starts, inferred only from what the project holds: the Procfile's web process, a
//! Django project served by gunicorn or uvicorn, a Streamlit script, or a Flask or FastAPI app object in
//! a well-known module, served by the server its dependencies install.

use std::collections::BTreeSet;

use super::apps::{AppCtx, Draft};
use super::scan::Fact;
use super::start::{PORT, owned, procfile_web};
use super::{Evidence, Evidenced};

/// Modules an app object is looked for in, relative to the app's directory.
const ENTRY_FILES: &[&str] = &[
    "app.py",
    "main.py",
    "wsgi.py",
    "asgi.py",
    "server.py",
    "app/main.py",
    "app/__init__.py",
    "app/app.py",
    "src/main.py",
    "src/app.py",
];

/// Python web frameworks and whether they speak WSGI (else ASGI).
const FRAMEWORKS: &[(&str, &str, bool)] = &[
    ("flask", "Flask", true),
    ("fastapi", "FastAPI", false),
    ("starlette", "Starlette", false),
    ("quart", "Quart", false),
];

pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let mut deps: BTreeSet<String> = BTreeSet::new();
    for (_, fact) in draft.facts() {
        if let Fact::PythonDeps(names) = fact {
            deps.extend(names.iter().cloned());
        }
    }
    let has = |name: &str| {
        deps.iter()
            .any(|d| d == name || d.starts_with(&format!("{name}[")))
    };
    let asgi_server = has("uvicorn")
        || deps
            .iter()
            .any(|d| d.starts_with("fastapi[") && (d.contains("standard") || d.contains("all")));
    let wsgi_server = has("gunicorn");
    if let Some(web) = procfile_web(ctx) {
        draft.out.start = Some(web);
        return;
    }
    if ctx.has("manage.py") {
        draft.out.start = django(ctx, wsgi_server, asgi_server);
        return;
    }
    if has("streamlit")
        && let Some(start) = streamlit(ctx)
    {
        draft.out.start = Some(start);
        return;
    }
    let mut candidates: Vec<String> = ENTRY_FILES.iter().map(|f| (*f).to_owned()).collect();
    candidates.extend(
        ctx.files
            .iter()
            .filter(|f| {
                f.strip_prefix("src/").is_some_and(|r| {
                    r.matches('/').count() == 1
                        && (r.ends_with("/__init__.py")
                            || r.ends_with("/main.py")
                            || r.ends_with("/app.py"))
                })
            })
            .map(|f| (*f).to_owned()),
    );
    for file in candidates {
        if !ctx.has(&file) {
            continue;
        }
        let Some(text) = ctx.read(&file) else {
            continue;
        };
        let Some((framework, wsgi, var, line)) = app_object(&text) else {
            continue;
        };
        let module = module_of(&file);
        let target = format!("{module}:{var}");
        let evidence = |server: &str| {
            Evidence::new(
                ctx.rel(&file),
                format!(
                    "{framework} app `{var}` served by {server}, which the dependencies install"
                ),
            )
            .at(Some(line))
            .key(target.clone())
        };
        let start = if wsgi && wsgi_server {
            let words = vec![
                "gunicorn".to_owned(),
                "--bind".to_owned(),
                format!("0.0.0.0:{PORT}"),
                target.clone(),
            ];
            Some(Evidenced::new(words, evidence("gunicorn")))
        } else if !wsgi && asgi_server {
            let mut words = owned(&["uvicorn"]);
            words.push(target.clone());
            words.extend(owned(&["--host", "0.0.0.0", "--port", PORT]));
            Some(Evidenced::new(words, evidence("uvicorn")))
        } else {
            None
        };
        if start.is_none() {
            let server = if wsgi { "gunicorn" } else { "uvicorn" };
            ctx.notes.push(format!(
                "{}:{line}: {framework} app `{target}` found, but no {server} in the dependencies to serve it; pass --set start=…",
                ctx.rel(&file)
            ));
        }
        draft.out.start = start;
        return;
    }
}

/// `app/main.py` → `app.main`, `src/pkg/__init__.py` → `pkg`.
fn module_of(file: &str) -> String {
    let file = file
        .strip_prefix("src/")
        .filter(|r| r.contains('/'))
        .unwrap_or(file);
    let file = file.strip_suffix(".py").unwrap_or(file);
    let file = file.strip_suffix("/__init__").unwrap_or(file);
    file.replace('/', ".")
}

/// The framework, whether it is WSGI, the variable holding the app, and its line: a module-level
/// `name = Flask(…)`, or `app = …` in a module importing the framework.
pub(crate) fn app_object(text: &str) -> Option<(&'static str, bool, String, usize)> {
    let (_, class, wsgi) = FRAMEWORKS.iter().find(|(module, _, _)| {
        text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with(&format!("from {module} import"))
                || l.starts_with(&format!("import {module}"))
        })
    })?;
    let mut fallback = None;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#']) {
            continue;
        }
        let Some((var, value)) = line.split_once('=') else {
            continue;
        };
        let var = var.trim().split(':').next().unwrap_or("").trim();
        if var.is_empty()
            || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || value.starts_with('=')
        {
            continue;
        }
        let value = value.trim();
        if value.starts_with(&format!("{class}(")) || value.contains(&format!(".{class}(")) {
            return Some((class, *wsgi, var.to_owned(), i + 1));
        }
        if fallback.is_none() && matches!(var, "app" | "application") {
            fallback = Some((class, *wsgi, var.to_owned(), i + 1));
        }
    }
    fallback.map(|(c, w, v, l)| (*c, w, v, l))
}

fn django(ctx: &mut AppCtx<'_>, gunicorn: bool, uvicorn: bool) -> Option<Evidenced<Vec<String>>> {
    let text = ctx.read("manage.py")?;
    let (line, settings) = text.lines().enumerate().find_map(|(i, l)| {
        l.contains("DJANGO_SETTINGS_MODULE").then_some(())?;
        let value = quoted_strings(l).into_iter().find(|s| s.contains('.'))?;
        Some((i + 1, value.to_owned()))
    })?;
    let project = settings
        .strip_suffix(".settings")
        .unwrap_or(settings.split('.').next()?);
    let project_dir = project.replace('.', "/");
    let evidence = |file: &str, server: &str| {
        Evidence::new(
            ctx.rel("manage.py"),
            format!("Django project {project} ({file}) served by {server}, which the dependencies install"),
        )
        .at(Some(line))
        .key("DJANGO_SETTINGS_MODULE")
    };
    if gunicorn && ctx.has(&format!("{project_dir}/wsgi.py")) {
        let words = vec![
            "gunicorn".to_owned(),
            "--bind".to_owned(),
            format!("0.0.0.0:{PORT}"),
            format!("{project}.wsgi:application"),
        ];
        return Some(Evidenced::new(
            words,
            evidence(&format!("{project_dir}/wsgi.py"), "gunicorn"),
        ));
    }
    if uvicorn && ctx.has(&format!("{project_dir}/asgi.py")) {
        let mut words = owned(&["uvicorn"]);
        words.push(format!("{project}.asgi:application"));
        words.extend(owned(&["--host", "0.0.0.0", "--port", PORT]));
        return Some(Evidenced::new(
            words,
            evidence(&format!("{project_dir}/asgi.py"), "uvicorn"),
        ));
    }
    ctx.notes.push(format!(
        "{}: Django project {project}, but no gunicorn or uvicorn in the dependencies (manage.py runserver is for development); pass --set start=…",
        ctx.rel("manage.py")
    ));
    None
}

/// The quoted strings of a line of Python.
fn quoted_strings(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find(['"', '\'']) {
        let quote = &rest[start..=start];
        let body = &rest[start + 1..];
        let Some(end) = body.find(quote) else { break };
        out.push(&body[..end]);
        rest = &body[end + 1..];
    }
    out
}

/// `streamlit run` on the script at the app's root that imports streamlit.
fn streamlit(ctx: &mut AppCtx<'_>) -> Option<Evidenced<Vec<String>>> {
    let mut scripts: Vec<String> = ctx
        .files
        .iter()
        .filter(|f| !f.contains('/') && f.ends_with(".py"))
        .map(|f| (*f).to_owned())
        .collect();
    scripts.sort_by_key(|f| (f != "streamlit_app.py", f != "app.py", f.clone()));
    for script in scripts {
        let Some(text) = ctx.read(&script) else {
            continue;
        };
        let Some(line) = text.lines().position(|l| {
            let l = l.trim_start();
            l.starts_with("import streamlit") || l.starts_with("from streamlit")
        }) else {
            continue;
        };
        let evidence = Evidence::new(
            ctx.rel(&script),
            "Streamlit script run by streamlit, which the dependencies install",
        )
        .at(Some(line + 1));
        let mut words = owned(&["streamlit", "run"]);
        words.push(script);
        words.extend(owned(&[
            "--server.port",
            PORT,
            "--server.address",
            "0.0.0.0",
        ]));
        return Some(Evidenced::new(words, evidence));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_objects_of_flask_and_fastapi() {
        let flask = "from flask import Flask\n\napp = Flask(__name__)\n";
        assert_eq!(
            app_object(flask),
            Some(("Flask", true, "app".to_owned(), 3))
        );
        let fastapi = "import os\nfrom fastapi import FastAPI\nfrom .api import get_application\n\napp = get_application()\n";
        assert_eq!(
            app_object(fastapi),
            Some(("FastAPI", false, "app".to_owned(), 5))
        );
        let typed = "import fastapi\napi: FastAPI = fastapi.FastAPI()\n";
        assert_eq!(
            app_object(typed),
            Some(("FastAPI", false, "api".to_owned(), 2))
        );
        assert_eq!(app_object("import os\napp = 1\n"), None);
        assert_eq!(
            app_object("from flask import Flask\ndef f():\n    app = Flask(x)\n"),
            None
        );
    }

    #[test]
    fn modules_of_files() {
        assert_eq!(module_of("app.py"), "app");
        assert_eq!(module_of("app/main.py"), "app.main");
        assert_eq!(module_of("src/pkg/__init__.py"), "pkg");
        assert_eq!(module_of("src/main.py"), "src.main");
    }
}
