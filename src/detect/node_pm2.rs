//! pm2 in a start script (`pm2 start ecosystem.config.json --no-daemon`, `pm2-runtime app.js`). In a
//! container pm2 only stands between the init process and node, and the orchestrator restarts and
//! scales instead, so the image runs the file pm2 would start with plain node.

use super::apps::AppCtx;
use super::start::words;

/// What pm2 would run, as a node command line, and where that was read.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Pm2Start {
    pub command: Vec<String>,
    pub detail: String,
}

const SCRIPT_EXTENSIONS: [&str; 3] = [".js", ".cjs", ".mjs"];

/// The file a pm2 start script runs: one given on the command line, or the single app of an ecosystem
/// file. None for anything else, or when the file does not exist.
pub(super) fn start(script_words: &[String], ctx: &mut AppCtx<'_>) -> Option<Pm2Start> {
    let rest = match script_words {
        [pm2, sub, rest @ ..] if pm2 == "pm2" && sub == "start" => rest,
        [runtime, sub, rest @ ..] if is_runtime(runtime) && sub == "start" => rest,
        [runtime, rest @ ..] if is_runtime(runtime) => rest,
        _ => return None,
    };
    let target = rest.first().filter(|t| !t.starts_with('-'))?;
    let target = target.trim_start_matches("./");
    if is_script(target) {
        return ctx.has(target).then(|| Pm2Start {
            command: vec!["node".to_owned(), target.to_owned()],
            detail: format!("pm2 starts {target}, which the image runs with node"),
        });
    }
    let text = ctx.read(target)?;
    let app = if target.ends_with(".json") {
        json_app(&text)
    } else if is_js(target) {
        js_app(&text)
    } else {
        None
    }?;
    if !ctx.has(&app.script) {
        return None;
    }
    let mut command = vec!["node".to_owned()];
    command.extend(app.node_args);
    command.push(app.script.clone());
    command.extend(app.args);
    let detail = match app.instances {
        None => format!("{target} has pm2 run {}", app.script),
        Some(n) => format!(
            "{target} has pm2 run {} in {n} instances; the image runs one, scale with replicas instead",
            app.script
        ),
    };
    Some(Pm2Start { command, detail })
}

fn is_runtime(word: &str) -> bool {
    word == "pm2-runtime" || word == "pm2-docker"
}

fn is_js(path: &str) -> bool {
    SCRIPT_EXTENSIONS.iter().any(|e| path.ends_with(e))
}

/// A script pm2 is given directly, not an ecosystem file.
fn is_script(path: &str) -> bool {
    is_js(path) && !path.contains("ecosystem.config")
}

/// One app of an ecosystem file.
#[derive(Debug, Default, PartialEq, Eq)]
struct App {
    script: String,
    args: Vec<String>,
    node_args: Vec<String>,
    /// pm2's `instances` when it starts more than one.
    instances: Option<String>,
}

/// The single app of an ecosystem file in JSON (`{"apps": [...]}`, or the list itself) that node runs.
fn json_app(text: &str) -> Option<App> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let apps = match &value {
        serde_json::Value::Array(apps) => apps,
        other => other.get("apps")?.as_array()?,
    };
    let [app] = apps.as_slice() else {
        return None;
    };
    let runs_node = app
        .get("interpreter")
        .and_then(serde_json::Value::as_str)
        .is_none_or(|i| i == "node");
    if !runs_node || app.get("cwd").is_some() {
        return None;
    }
    let script = app.get("script")?.as_str()?.trim_start_matches("./");
    if !is_js(script) {
        return None;
    }
    // 0, -1 and "max" mean one per CPU.
    let instances = app
        .get("instances")
        .filter(|n| n.as_u64() != Some(1))
        .map(|n| n.as_str().map_or_else(|| n.to_string(), str::to_owned));
    Some(App {
        script: script.to_owned(),
        args: arguments(app.get("args"))?,
        node_args: arguments(app.get("node_args").or_else(|| app.get("interpreter_args")))?,
        instances,
    })
}

/// Arguments as a list or as one string of words; None when they need a shell to mean the same.
fn arguments(value: Option<&serde_json::Value>) -> Option<Vec<String>> {
    match value {
        None => Some(Vec::new()),
        Some(serde_json::Value::String(s)) => {
            words(s).filter(|(_, env)| env.is_empty()).map(|(w, _)| w)
        }
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect(),
        Some(_) => None,
    }
}

/// The app of an ecosystem file in JavaScript (`module.exports = { apps: [{ script: "app.js" }] }`),
/// which is not run: only a file naming exactly one script, with no other settings that change how
/// node starts, is read.
fn js_app(text: &str) -> Option<App> {
    let scripts: Vec<&str> = text
        .match_indices("script")
        .filter_map(|(at, _)| {
            let rest = text[at + "script".len()..].trim_start_matches(['"', '\'']);
            let rest = rest.trim_start().strip_prefix(':')?.trim_start();
            let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            rest[1..].split(quote).next()
        })
        .collect();
    let changes_start = ["args", "interpreter", "cwd", "instances"]
        .iter()
        .any(|key| text.contains(key));
    match scripts.as_slice() {
        [script] if !changes_start && is_js(script) => Some(App {
            script: script.trim_start_matches("./").to_owned(),
            ..App::default()
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_app_of_a_json_ecosystem_file_is_read_with_its_arguments() {
        let app = json_app(
            r#"{"apps": [{"name": "app", "script": "./src/index.js", "args": "--port 3000",
                "node_args": ["--max-old-space-size=512"], "instances": 1, "env": {"NODE_ENV": "production"}}]}"#,
        )
        .unwrap();
        assert_eq!(app.script, "src/index.js");
        assert_eq!(app.args, ["--port", "3000"]);
        assert_eq!(app.node_args, ["--max-old-space-size=512"]);
        assert_eq!(app.instances, None);
        let clustered = json_app(r#"[{"script": "server.js", "instances": "max"}]"#).unwrap();
        assert_eq!(clustered.instances.as_deref(), Some("max"));
    }

    #[test]
    fn ecosystem_files_node_cannot_run_alone_give_nothing() {
        // Two apps, another interpreter, a working directory, a script that is not JavaScript, or
        // arguments that need a shell.
        for text in [
            r#"{"apps": [{"script": "a.js"}, {"script": "b.js"}]}"#,
            r#"{"apps": [{"script": "a.py", "interpreter": "python3"}]}"#,
            r#"{"apps": [{"script": "a.js", "cwd": "api"}]}"#,
            r#"{"apps": [{"script": "npm", "args": "start"}]}"#,
            r#"{"apps": [{"script": "a.js", "args": "--x $HOME"}]}"#,
            "not json",
        ] {
            assert_eq!(json_app(text), None, "{text}");
        }
    }

    #[test]
    fn a_js_ecosystem_file_is_read_only_when_it_names_one_script_and_nothing_else() {
        let one = "module.exports = {\n  apps: [{\n    name: 'api',\n    script: './server.js',\n    env: { NODE_ENV: 'production' },\n  }],\n};\n";
        assert_eq!(js_app(one).unwrap().script, "server.js");
        let two = "module.exports = { apps: [{ script: 'a.js' }, { script: 'b.js' }] };";
        assert_eq!(js_app(two), None);
        let clustered = "module.exports = { apps: [{ script: 'a.js', instances: 'max' }] };";
        assert_eq!(js_app(clustered), None);
    }
}
