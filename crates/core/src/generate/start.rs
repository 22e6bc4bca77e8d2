//! The start command, made to fit the runtime and the final image: a Python server on an image without
//! a shell or console scripts runs as `python3 -m <server>`, `$PORT` becomes the chosen port, a Node
//! script loses the `node` its image already starts.

/// Python servers and tools whose console script has a module of the same purpose.
const PYTHON_MODULES: &[(&str, &str)] = &[
    ("gunicorn", "gunicorn"),
    ("uvicorn", "uvicorn"),
    ("hypercorn", "hypercorn"),
    ("daphne", "daphne"),
    ("waitress-serve", "waitress"),
    ("granian", "granian"),
    ("celery", "celery"),
    ("flask", "flask"),
    ("streamlit", "streamlit"),
    ("fastapi", "fastapi"),
    ("gradio", "gradio"),
];

/// Replaces the port placeholders a start command may carry (`{port}`, `$PORT`, `${PORT}`).
fn with_port(words: &[String], port: u16) -> Vec<String> {
    let port = port.to_string();
    words
        .iter()
        .map(|w| {
            w.replace("{port}", &port)
                .replace("${PORT}", &port)
                .replace("$PORT", &port)
        })
        .collect()
}

/// The start command for `runtime`, ready for the final image; `shell_less` says whether that image
/// lacks a shell (and with it console scripts and PATH lookups of the build stage's tools).
/// Returns the words and, when the command had to be changed in a way worth knowing, a note.
pub fn normalise(
    runtime: &str,
    words: &[String],
    port: u16,
    shell_less: bool,
) -> (Vec<String>, Option<String>) {
    let words = with_port(words, port);
    match runtime {
        "python" => python(words, shell_less),
        "node" => (node(words), None),
        "ruby" => (ruby(words, port), None),
        _ => (words, None),
    }
}

fn is_python(word: &str) -> bool {
    word == "python"
        || word
            .strip_prefix("python3")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

fn python(mut words: Vec<String>, shell_less: bool) -> (Vec<String>, Option<String>) {
    let Some(first) = words.first().cloned() else {
        return (words, None);
    };
    if is_python(&first) {
        "python3".clone_into(&mut words[0]);
        return (words, None);
    }
    if first.ends_with(".py") || first == "-m" {
        words.insert(0, "python3".to_owned());
        return (words, None);
    }
    if !shell_less {
        return (words, None);
    }
    // Console scripts live in the build stage's bin/ with its interpreter in their first line: on a
    // shell-less image they cannot run, but the package's module can.
    let module = PYTHON_MODULES
        .iter()
        .find(|(script, _)| *script == first)
        .map(|(_, module)| (*module).to_owned());
    let note = module.is_none().then(|| {
        format!(
            "`{first}` is a console script, which cannot run on an image without a shell; it is started as `python3 -m {first}`: check that the package has that module"
        )
    });
    let module = module.unwrap_or(first);
    let mut out = vec!["python3".to_owned(), "-m".to_owned(), module];
    out.extend(words.into_iter().skip(1));
    (out, note)
}

/// Node commands as the script and its arguments: templates put `node` (or the image's own
/// entrypoint) in front.
fn node(words: Vec<String>) -> Vec<String> {
    match words.first().map(String::as_str) {
        Some("node" | "nodejs") => words.into_iter().skip(1).collect(),
        _ => words,
    }
}

/// A rackup file is served by Puma on the chosen port; anything else runs as given. A leading
/// `bundle exec` goes: the templates start every command through Bundler already.
fn ruby(mut words: Vec<String>, port: u16) -> Vec<String> {
    if words.len() > 2 && words[0] == "bundle" && words[1] == "exec" {
        words.drain(..2);
    }
    match words.first() {
        Some(file) if file.ends_with(".ru") => {
            let mut out = vec![
                "puma".to_owned(),
                "--bind".to_owned(),
                format!("tcp://0.0.0.0:{port}"),
            ];
            out.extend(words);
            out
        }
        _ => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn python_servers_run_as_modules_without_a_shell() {
        let (out, note) = normalise(
            "python",
            &w("gunicorn app:app --bind 0.0.0.0:$PORT"),
            8000,
            true,
        );
        assert_eq!(out, w("python3 -m gunicorn app:app --bind 0.0.0.0:8000"));
        assert!(note.is_none());
        let (out, _) = normalise("python", &w("gunicorn app:app"), 8000, false);
        assert_eq!(out, w("gunicorn app:app"));
        let (out, _) = normalise("python", &w("app.py --debug"), 8000, true);
        assert_eq!(out, w("python3 app.py --debug"));
        let (out, _) = normalise("python", &w("python manage.py runserver"), 8000, true);
        assert_eq!(out, w("python3 manage.py runserver"));
        let (out, note) = normalise("python", &w("myserver --port {port}"), 9000, true);
        assert_eq!(out, w("python3 -m myserver --port 9000"));
        assert!(note.is_some_and(|n| n.contains("console script")));
        let (out, _) = normalise("python", &w("waitress-serve app:app"), 8000, true);
        assert_eq!(out, w("python3 -m waitress app:app"));
    }

    #[test]
    fn node_loses_its_node_and_ruby_rackup_gets_puma() {
        assert_eq!(
            normalise("node", &w("node dist/server.js"), 3000, true).0,
            w("dist/server.js")
        );
        assert_eq!(
            normalise("ruby", &w("config.ru"), 3000, false).0,
            w("puma --bind tcp://0.0.0.0:3000 config.ru")
        );
        assert_eq!(
            normalise("ruby", &w("bin/rails server -b 0.0.0.0"), 3000, false).0,
            w("bin/rails server -b 0.0.0.0")
        );
        assert_eq!(
            normalise(
                "ruby",
                &w("bundle exec puma -C config/puma.rb"),
                3000,
                false
            )
            .0,
            w("puma -C config/puma.rb")
        );
    }
}
