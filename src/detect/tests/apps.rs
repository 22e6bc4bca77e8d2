//! Fixture projects with several apps, front ends, broken manifests, and the files a Dockerfile copies.

use super::fixture;
use crate::output::detect::render_text;

#[test]
fn fixture_monorepo_lists_its_apps_and_each_subdirectory_is_one() {
    let d = fixture("monorepo");
    let apps = super::app_runtimes(&d);
    assert_eq!(
        apps,
        [
            ("services/api", "python"),
            ("services/billing", "dotnet"),
            ("services/web", "node")
        ],
        "{}",
        render_text(&d)
    );
    assert!(d.needs_choice());
    assert!(d.primary_app().is_none() && d.runtimes.is_empty());
    assert!(render_text(&d).contains("This directory holds 3 apps"));
    for (dir, runtime) in apps {
        let one = fixture(&format!("monorepo/{dir}"));
        assert_eq!(one.apps.len(), 1, "{dir}");
        assert_eq!(one.apps[0].dir, "", "{dir}");
        assert_eq!(one.primary().unwrap().runtime, runtime, "{dir}");
    }
    let api = &d.apps[0].runtime;
    assert_eq!(api.evidence[0].file, "services/api/pyproject.toml");
    assert_eq!(api.files, ["pyproject.toml", "uv.lock"]);
}

#[test]
fn fixture_mixed_keeps_the_root_app_and_names_the_front_end() {
    let d = fixture("mixed");
    let apps = super::app_runtimes(&d);
    assert_eq!(
        apps,
        [("", "python"), ("frontend", "static")],
        "{}",
        render_text(&d)
    );
    let py = &d.runtimes[0];
    assert_eq!(
        py.native[0].evidence.key.as_deref(),
        Some("psycopg2-binary")
    );
    assert_eq!(py.native[0].evidence.line, Some(7));
    let site = &d.apps[1].runtime;
    assert_eq!(site.assets.as_ref().unwrap().value.manager, "yarn");
    assert_eq!(
        site.assets.as_ref().unwrap().evidence.file,
        "frontend/package.json"
    );
}

#[test]
fn fixture_broken_manifests_are_notes() {
    let d = fixture("broken");
    let ids: Vec<&str> = d.runtimes.iter().map(|r| r.runtime.as_str()).collect();
    assert_eq!(ids, ["python", "node"], "{}", render_text(&d));
    assert_eq!(d.notes.len(), 2, "{:?}", d.notes);
    assert!(d.notes[0].starts_with("package.json:6:"), "{:?}", d.notes);
    assert!(d.notes[1].starts_with("pyproject.toml:"), "{:?}", d.notes);
}

#[test]
fn fixture_files_list_what_exists_for_the_dockerfile() {
    let files = |name: &str| fixture(name).runtimes[0].files.clone();
    assert_eq!(files("python-poetry"), ["poetry.lock", "pyproject.toml"]);
    assert_eq!(
        files("django"),
        [".python-version", "manage.py", "requirements.txt"]
    );
    assert_eq!(
        files("dotnet-solution"),
        ["Directory.Build.props", "Shop.sln", "global.json"]
    );
    assert_eq!(
        files("rust-workspace"),
        ["Cargo.lock", "Cargo.toml", "rust-toolchain.toml"]
    );
    assert_eq!(
        files("laravel-vite"),
        [
            "artisan",
            "composer.json",
            "composer.lock",
            "package-lock.json",
            "package.json"
        ]
    );
    let rust = fixture("rust-workspace");
    let toolchain = rust.runtimes[0].toolchain.as_ref().unwrap();
    assert_eq!(toolchain.value, "1.86.0");
    assert_eq!(toolchain.evidence.file, "rust-toolchain.toml");
    assert_eq!(rust.runtimes[0].target_of("ledger"), Some("ledger-server"));
    let go = fixture("go-cmd");
    assert_eq!(go.runtimes[0].target_of("worker"), Some("./cmd/worker"));
    assert_eq!(
        fixture("laravel-vite").runtimes[0].extensions,
        ["intl", "pdo_pgsql"]
    );
}

#[test]
fn a_front_end_dev_server_as_start_still_makes_a_static_site() {
    let dir = super::project(&[
        (
            "web/package.json",
            r#"{"scripts": {"start": "react-scripts start", "build": "react-scripts build"},
                "dependencies": {"react": "18"}, "devDependencies": {"react-scripts": "5"}}"#,
        ),
        ("web/public/index.html", "<div id=root></div>"),
        (
            "api/Cargo.toml",
            "[package]\nname = \"api\"\nversion = \"0.1.0\"\n",
        ),
        ("api/src/main.rs", "fn main() {}"),
    ]);
    let d = super::detect(dir.path());
    let apps = super::app_runtimes(&d);
    assert_eq!(
        apps,
        [("api", "rust"), ("web", "static")],
        "{}",
        render_text(&d)
    );
    let site = &d.apps[1].runtime;
    assert_eq!(
        site.assets.as_ref().unwrap().value.output.as_deref(),
        Some("build")
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);
    let api = &d.apps[0].runtime;
    assert_eq!(
        api.artifact.as_ref().unwrap().value,
        "api",
        "a crate in a subdirectory"
    );
}

/// Without a start script: `main` when it exists (server.js is often a module it requires), else what
/// `npm start` runs (server.js), then the file a watcher runs in development; a watcher told to run another program, or a file that is missing, gives
/// nothing rather than a guess.
#[test]
fn node_start_without_a_start_script() {
    let start = |files: &[(&str, &str)]| {
        let dir = super::project(files);
        let d = super::detect(dir.path());
        let rt = d.primary().unwrap().clone();
        rt.start
            .map(|s| (s.value.join(" "), s.evidence.file, s.evidence.key))
    };
    let pkg = |body: &str| format!("{{\"name\": \"a\", {body}}}");
    let with_main = pkg(r#""main": "index.js""#);
    assert_eq!(
        start(&[
            ("api/package.json", &with_main),
            ("api/index.js", ""),
            ("api/server.js", ""),
        ]),
        Some((
            "node index.js".to_owned(),
            "api/package.json".to_owned(),
            Some("main".to_owned())
        ))
    );
    assert_eq!(
        start(&[("api/package.json", &with_main), ("api/server.js", "")]),
        Some((
            "node server.js".to_owned(),
            "api/server.js".to_owned(),
            None
        ))
    );
    let dev =
        pkg(r#""main": "index.js", "scripts": {"dev": "nodemon -L --watch src src/index.js"}"#);
    assert_eq!(
        start(&[("package.json", &dev), ("src/index.js", "")]),
        Some((
            "node src/index.js".to_owned(),
            "package.json".to_owned(),
            Some("scripts.dev".to_owned())
        ))
    );
    let watch = pkg(r#""scripts": {"watch": "node --watch ./app.mjs"}"#);
    assert_eq!(
        start(&[("package.json", &watch), ("app.mjs", "")]).map(|s| s.0),
        Some("node app.mjs".to_owned())
    );
    let exec = pkg(r#""scripts": {"dev": "nodemon --exec ts-node src/index.js"}"#);
    assert_eq!(
        start(&[("package.json", &exec), ("src/index.js", "")]),
        None
    );
    let missing = pkg(r#""main": "index.js", "scripts": {"dev": "nodemon src/index.js"}"#);
    assert_eq!(start(&[("package.json", &missing)]), None);
    let plain_node = pkg(r#""scripts": {"dev": "node src/index.js"}"#);
    assert_eq!(
        start(&[("package.json", &plain_node), ("src/index.js", "")]),
        None
    );
}

/// A start script that runs pm2 starts the file pm2 would run, with plain node: a script it is
/// given, or the single app of its ecosystem file (arguments and instance count included); an
/// ecosystem of several apps, or a file that is missing, gives nothing.
#[test]
fn node_start_under_pm2() {
    let start = |start_script: &str, files: &[(&str, &str)]| {
        let manifest =
            format!("{{\"name\": \"a\", \"scripts\": {{\"start\": \"{start_script}\"}}}}");
        let mut all = vec![("package.json", manifest.as_str())];
        all.extend_from_slice(files);
        let dir = super::project(&all);
        let d = super::detect(dir.path());
        let rt = d.primary().unwrap().clone();
        let notes = d.notes.join("\n");
        (
            rt.start.map(|s| (s.value.join(" "), s.evidence.detail)),
            notes,
        )
    };
    let ecosystem = r#"{"apps": [{"name": "app", "script": "src/index.js", "args": ["--port", "3000"], "instances": "max"}]}"#;
    let (found, _) = start(
        "pm2 start ecosystem.config.json --no-daemon",
        &[("ecosystem.config.json", ecosystem), ("src/index.js", "")],
    );
    let (command, detail) = found.unwrap();
    assert_eq!(command, "node src/index.js --port 3000");
    assert!(
        detail.contains("ecosystem.config.json") && detail.contains("max instances"),
        "{detail}"
    );
    let (found, _) = start("pm2-runtime start ./server.js", &[("server.js", "")]);
    assert_eq!(found.unwrap().0, "node server.js");
    let js = "module.exports = { apps: [{ name: 'api', script: 'api.js' }] };";
    let (found, _) = start(
        "pm2 start ecosystem.config.js",
        &[("ecosystem.config.js", js), ("api.js", "")],
    );
    assert_eq!(found.unwrap().0, "node api.js");
    let two = r#"{"apps": [{"script": "a.js"}, {"script": "b.js"}]}"#;
    let (found, notes) = start(
        "pm2 start ecosystem.config.json",
        &[("ecosystem.config.json", two), ("a.js", ""), ("b.js", "")],
    );
    assert_eq!(found, None);
    assert!(notes.contains("not a plain `node <file>`"), "{notes}");
    let (found, _) = start(
        "pm2 start ecosystem.config.json",
        &[("ecosystem.config.json", ecosystem)],
    );
    assert_eq!(found, None, "src/index.js does not exist");
}

/// Why no start command was found is told only from the app the Dockerfile is for: a front end's
/// start script in a subdirectory says nothing about the API at the top level.
#[test]
fn the_start_note_comes_from_the_primary_app() {
    let note = |files: &[(&str, &str)]| {
        let dir = super::project(files);
        crate::detect::facts::project_facts(&super::detect(dir.path())).and_then(|f| f.start_note)
    };
    let api = (
        "pyproject.toml",
        "[project]\nname = \"api\"\ndependencies = [\"fastapi\"]\n",
    );
    let front = (
        "frontend/package.json",
        r#"{"name": "web", "scripts": {"start": "nuxt start", "build": "nuxt build"}, "dependencies": {"nuxt": "3"}}"#,
    );
    assert_eq!(note(&[api, front]), None);
    let procfile = ("Procfile", "web: alembic upgrade head; uvicorn api:app\n");
    let why = note(&[api, front, procfile]).unwrap();
    assert!(why.starts_with("Procfile:1:"), "{why}");
}

/// A start script for development beside a production one: the production script's plain
/// `node <file>` is taken, whether the start script runs it (`npm run serve`) or it stands beside it
/// under a conventional name (`start:prod`), and its file may be one the build writes.
#[test]
fn node_start_from_the_production_script() {
    let start = |scripts: &str, files: &[(&str, &str)]| {
        let manifest = format!("{{\"name\": \"a\", \"scripts\": {{{scripts}}}}}");
        let mut all = vec![("package.json", manifest.as_str())];
        all.extend_from_slice(files);
        let dir = super::project(&all);
        let d = super::detect(dir.path());
        let rt = d.primary().unwrap().clone();
        rt.start
            .map(|s| (s.value.join(" "), s.evidence.key.unwrap_or_default()))
    };
    let nest = r#""build": "nest build", "start": "nest start", "start:prod": "node dist/main""#;
    assert_eq!(
        start(nest, &[("src/main.ts", "")]),
        Some(("node dist/main".to_owned(), "scripts.start:prod".to_owned()))
    );
    let serve = r#""build": "tsc", "start": "npm run serve", "serve": "node dist/server.js""#;
    assert_eq!(
        start(serve, &[("src/server.ts", "")]),
        Some(("node dist/server.js".to_owned(), "scripts.serve".to_owned()))
    );
    let yarn = r#""start": "yarn serve", "serve": "node app.js""#;
    assert_eq!(
        start(yarn, &[("app.js", "")]).map(|s| s.0),
        Some("node app.js".to_owned())
    );
    // Without a build, a file that is not there is not started; nor is a script that is not node.
    let unbuilt = r#""start": "nest start", "start:prod": "node dist/main""#;
    assert_eq!(start(unbuilt, &[("src/main.ts", "")]), None);
    let other = r#""build": "tsc", "start": "npm run serve", "serve": "ts-node src/server.ts""#;
    assert_eq!(start(other, &[("src/server.ts", "")]), None);
}
