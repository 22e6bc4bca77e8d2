//! Node, the start command: what the image runs with plain node, read from package.json's scripts,
//! its `main`, npm's default and the files development scripts watch.

use super::apps::AppCtx;
use super::node::Manifest;
use super::start::words;
use super::{Evidence, Evidenced};

/// Scripts that, by convention, start the built app in production beside a `start` for development.
const PRODUCTION_SCRIPTS: [&str; 4] = ["start:prod", "start:production", "prod", "serve"];

/// Directories build scripts write compiled JavaScript to: a file there exists once the build stage
/// has run.
const BUILD_OUTPUTS: [&str; 4] = ["dist/", "build/", "out/", "lib/"];

/// The start command: `scripts.start` when it is a plain `node <file>`, the production script it
/// runs or stands beside (`npm run serve`, `start:prod`), or the file pm2 would start (any other
/// start script is named in a note); without one, the `main` file, what `npm start` runs (`server.js`), or the file a
/// development script watches.
pub(super) fn start(manifest: &Manifest, ctx: &mut AppCtx<'_>) -> Option<Evidenced<Vec<String>>> {
    if let Some((command, line)) = manifest.scripts.get("start") {
        let parsed = words(command);
        // `next start` is Next.js's production server: its command-line file runs under node.
        if let Some((w, _)) = &parsed
            && w.first().is_some_and(|c| c == "next")
            && w.get(1).is_some_and(|c| c == "start")
        {
            let mut out = vec![
                "node".to_owned(),
                "node_modules/next/dist/bin/next".to_owned(),
            ];
            out.extend(w.iter().skip(1).cloned());
            if !w
                .iter()
                .any(|a| a == "-p" || a == "--port" || a.starts_with("--port="))
            {
                out.extend(["-p".to_owned(), "{port}".to_owned()]);
            }
            let evidence = Evidence::new(&manifest.rel, format!("scripts.start runs {command}"))
                .at(*line)
                .key("scripts.start");
            return Some(Evidenced::new(out, evidence));
        }
        let file = parsed.as_ref().and_then(|(w, _)| node_file(w));
        let exists = file.as_ref().is_some_and(|f| present(ctx, f));
        if let (Some(file), true, Some((_, env))) = (file, exists, &parsed) {
            let mut detail = format!("scripts.start runs {command}");
            if !env.is_empty() {
                detail = format!("{detail} (the Dockerfile sets {} itself)", env.join(" "));
            }
            let evidence = Evidence::new(&manifest.rel, detail)
                .at(*line)
                .key("scripts.start");
            return Some(Evidenced::new(vec!["node".to_owned(), file], evidence));
        }
        if let Some(found) = production_script(manifest, command, ctx) {
            return Some(found);
        }
        if let Some(pm2) = parsed.and_then(|(w, _)| super::node_pm2::start(&w, ctx)) {
            let detail = format!("scripts.start runs {command}; {}", pm2.detail);
            let evidence = Evidence::new(&manifest.rel, detail)
                .at(*line)
                .key("scripts.start");
            return Some(Evidenced::new(pm2.command, evidence));
        }
        ctx.notes.push(format!(
            "{}:{}: scripts.start runs `{command}`, not a plain `node <file>`; pass --set start=… with the command the image should run",
            manifest.rel,
            line.unwrap_or(1)
        ));
        return None;
    }
    if let Some((main, line)) = &manifest.main {
        let file = main.trim_start_matches("./");
        if ctx.has(file) {
            let evidence = Evidence::new(
                &manifest.rel,
                format!("main = \"{main}\" and no start script"),
            )
            .at(*line)
            .key("main");
            return Some(Evidenced::new(
                vec!["node".to_owned(), file.to_owned()],
                evidence,
            ));
        }
    }
    // Without a start script, `npm start` runs `node server.js` when that file exists. A `main` that
    // exists comes first: where both are present, server.js is often a module main requires.
    if ctx.has("server.js") {
        // Evidence names files as the manifest is named: relative to the scanned directory.
        let dir = manifest
            .rel
            .strip_suffix("package.json")
            .unwrap_or_default();
        let evidence = Evidence::new(
            format!("{dir}server.js"),
            "no start script: npm start runs node server.js by default",
        );
        return Some(Evidenced::new(
            vec!["node".to_owned(), "server.js".to_owned()],
            evidence,
        ));
    }
    watched_entry(manifest, ctx)
}

/// The file a development script runs under a watcher (`nodemon -L src/index.js`, `node --watch
/// app.js`): the same file is what production starts with plain node.
fn watched_entry(manifest: &Manifest, ctx: &AppCtx<'_>) -> Option<Evidenced<Vec<String>>> {
    ["dev", "watch", "serve"].iter().find_map(|script| {
        let (command, line) = manifest.scripts.get(*script)?;
        let (w, _) = words(command)?;
        let watcher = match w.first().map(String::as_str) {
            Some("nodemon") => !w.iter().any(|a| a == "--exec" || a == "-x"),
            Some("node") => w.iter().any(|a| a == "--watch"),
            _ => false,
        };
        if !watcher {
            return None;
        }
        let file = w
            .iter()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .map(|a| a.trim_start_matches("./"))
            .find(|a| [".js", ".mjs", ".cjs"].iter().any(|e| a.ends_with(e)) && ctx.has(a))?;
        let evidence = Evidence::new(
            &manifest.rel,
            format!("scripts.{script} runs {command}; production runs the same file with node"),
        )
        .at(*line)
        .key(format!("scripts.{script}"));
        Some(Evidenced::new(
            vec!["node".to_owned(), file.to_owned()],
            evidence,
        ))
    })
}

/// The production script behind a start script that is not plain node: the one it runs
/// (`npm run serve`, `yarn serve`, `pnpm run serve`), else a conventional production script
/// (`start:prod`), when that is a plain `node <file>` whose file exists or the build writes.
fn production_script(
    manifest: &Manifest,
    start: &str,
    ctx: &AppCtx<'_>,
) -> Option<Evidenced<Vec<String>>> {
    let runs = words(start).and_then(|(w, _)| run_target(&w));
    let built = |file: &str| {
        manifest.scripts.contains_key("build") && BUILD_OUTPUTS.iter().any(|d| file.starts_with(d))
    };
    runs.into_iter()
        .chain(PRODUCTION_SCRIPTS.iter().map(|s| (*s).to_owned()))
        .find_map(|name| {
            let (command, line) = manifest.scripts.get(&name)?;
            let file = node_file(&words(command)?.0)?;
            if !(present(ctx, &file) || built(&file)) {
                return None;
            }
            let evidence = Evidence::new(
                &manifest.rel,
                format!("scripts.start runs {start}; scripts.{name} runs {command}"),
            )
            .at(*line)
            .key(format!("scripts.{name}"));
            Some(Evidenced::new(vec!["node".to_owned(), file], evidence))
        })
}

/// The file of a plain `node <file>` command.
fn node_file(words: &[String]) -> Option<String> {
    match words {
        [node, file] if node == "node" => Some(file.trim_start_matches("./").to_owned()),
        _ => None,
    }
}

/// Whether the file node would load is in the app (`node server` loads `server.js`).
fn present(ctx: &AppCtx<'_>, file: &str) -> bool {
    ctx.has(file) || ctx.has(&format!("{file}.js"))
}

/// The script a package manager is told to run: `npm run serve`, `yarn serve`, `pnpm run serve`,
/// `bun run serve`.
fn run_target(words: &[String]) -> Option<String> {
    match words {
        [manager, run, script]
            if matches!(manager.as_str(), "npm" | "pnpm" | "yarn" | "bun") && run == "run" =>
        {
            Some(script.clone())
        }
        [manager, script]
            if matches!(manager.as_str(), "pnpm" | "yarn") && !script.starts_with('-') =>
        {
            Some(script.clone())
        }
        _ => None,
    }
}
