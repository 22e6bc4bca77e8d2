//! Node, the app's side: whether package.json runs a server or only builds front-end assets (or a
//! static site), the build command and its output, and the start command when it is a plain `node`.

use super::apps::{AppCtx, Draft, Role};
use super::node::Manifest;
use super::scan::Fact;
use super::{AssetBuild, Evidence, Evidenced};

/// Dependencies that mean the package runs a server.
const SERVER_DEPS: &[&str] = &[
    "express",
    "fastify",
    "koa",
    "@hapi/hapi",
    "hapi",
    "restify",
    "@nestjs/core",
    "next",
    "nuxt",
    "@remix-run/serve",
    "@remix-run/node",
    "@sveltejs/adapter-node",
    "@astrojs/node",
    "socket.io",
    "hono",
    "polka",
    "@adonisjs/core",
    "@apollo/server",
    "apollo-server",
    "@strapi/strapi",
    "sails",
    "json-server",
];

/// Start scripts that run a development server of a front-end build tool, not an app server.
const DEV_SERVERS: &[&str] = &[
    "react-scripts start",
    "ng serve",
    "vite",
    "vue-cli-service serve",
    "parcel",
    "webpack serve",
    "webpack-dev-server",
    "gatsby develop",
];

/// Build tools whose output is a static site, with the directory they write to by default.
const SITE_BUILDERS: &[(&str, &str)] = &[
    ("vite build", "dist"),
    ("react-scripts build", "build"),
    ("vue-cli-service build", "dist"),
    ("parcel build", "dist"),
    ("astro build", "dist"),
    ("gatsby build", "public"),
];

pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let manifest = draft.facts().find_map(|(dir, fact)| match fact {
        Fact::Node(m) if dir == ctx.dir => Some((**m).clone()),
        _ => None,
    });
    let Some(manifest) = manifest else { return };
    let manager = draft
        .out
        .package_manager
        .as_ref()
        .map_or_else(|| "npm".to_owned(), |m| m.value.clone());
    let dev_server = manifest
        .scripts
        .get("start")
        .is_some_and(|(s, _)| DEV_SERVERS.iter().any(|d| s.trim_start().starts_with(d)));
    let server_deps = manifest
        .deps
        .iter()
        .any(|d| SERVER_DEPS.contains(&d.as_str()));
    let main = manifest
        .main
        .as_ref()
        .is_some_and(|(m, _)| ctx.has(m.trim_start_matches("./")));
    // A front-end dev server as `start` does not make an app server; anything else does.
    if server_deps || main || !dev_server {
        let start = super::node_start::start(&manifest, ctx);
        let server =
            start.is_some() || server_deps || main || manifest.scripts.contains_key("start");
        draft.out.start = start;
        if server {
            // A server with a build script (TypeScript, Next.js) builds in its own build stage.
            draft.out.assets = build(&manifest, &manager, ctx)
                .filter(|(b, _)| b.evidence.key.as_deref() == Some("scripts.build"))
                .map(|(b, _)| b);
            return;
        }
    }
    draft.role = match build(&manifest, &manager, ctx) {
        Some((build, true)) => Role::StaticSite(build),
        Some((build, false)) => Role::Assets(build),
        None => Role::Tooling,
    };
}

/// The front-end build: `scripts.build`, else a gulp or webpack setup; and whether its output is a
/// static site (a known site builder writing to a known directory).
fn build(
    manifest: &Manifest,
    manager: &str,
    ctx: &mut AppCtx<'_>,
) -> Option<(Evidenced<AssetBuild>, bool)> {
    let uses = |name: &str| {
        manifest
            .dev_deps
            .iter()
            .chain(&manifest.deps)
            .any(|d| d == name)
    };
    let exec = |tool: &str| -> Vec<String> {
        let prefix: &[&str] = match manager {
            "pnpm" => &["pnpm", "exec"],
            "yarn" => &["yarn"],
            "bun" => &["bunx"],
            _ => &["npx"],
        };
        prefix
            .iter()
            .map(|w| (*w).to_owned())
            .chain([tool.to_owned()])
            .collect()
    };
    let (command, script, evidence) = if let Some((script, line)) = manifest.scripts.get("build") {
        let evidence = Evidence::new(&manifest.rel, format!("scripts.build runs {script}"))
            .at(*line)
            .key("scripts.build");
        (
            vec![manager.to_owned(), "run".to_owned(), "build".to_owned()],
            script.clone(),
            evidence,
        )
    } else if uses("gulp")
        && ["gulpfile.js", "gulpfile.mjs", "gulpfile.ts"]
            .iter()
            .any(|f| ctx.has(f))
    {
        let evidence = Evidence::new(&manifest.rel, "gulp builds the front-end assets (gulpfile)")
            .key("devDependencies.gulp");
        (exec("gulp"), String::new(), evidence)
    } else if uses("webpack")
        && ["webpack.config.js", "webpack.config.mjs"]
            .iter()
            .any(|f| ctx.has(f))
    {
        let evidence = Evidence::new(
            &manifest.rel,
            "webpack builds the front-end assets (webpack.config)",
        )
        .key("devDependencies.webpack");
        (exec("webpack"), String::new(), evidence)
    } else {
        return None;
    };
    let configured = vite_out_dir(ctx);
    let output = if uses("laravel-vite-plugin") {
        Some("public/build".to_owned())
    } else if let Some(dir) =
        flag_value(&script, "--outdir").or_else(|| flag_value(&script, "--out-dir"))
    {
        Some(dir)
    } else if script.contains("vite build") && configured.is_some() {
        configured
    } else if script.contains("ng build") {
        angular_output(ctx)
    } else {
        SITE_BUILDERS
            .iter()
            .find(|(b, _)| script.contains(b))
            .map(|(_, dir)| (*dir).to_owned())
    };
    let site = (SITE_BUILDERS.iter().any(|(b, _)| script.contains(b))
        || script.contains("ng build"))
        && output.is_some()
        && !uses("laravel-vite-plugin");
    let build = AssetBuild {
        manager: manager.to_owned(),
        command,
        output,
    };
    Some((Evidenced::new(build, evidence), site))
}

/// `--outdir=dir` or `--outdir dir` in a command.
fn flag_value(script: &str, flag: &str) -> Option<String> {
    let mut words = script.split_whitespace();
    while let Some(word) = words.next() {
        if let Some(value) = word.strip_prefix(flag) {
            let value = match value.strip_prefix('=') {
                Some(v) => v.to_owned(),
                None if value.is_empty() => words.next()?.to_owned(),
                None => continue,
            };
            return Some(
                value
                    .trim_matches(['"', '\''])
                    .trim_start_matches("./")
                    .to_owned(),
            );
        }
    }
    None
}

/// The first `outputPath` of angular.json, when it is a plain string (Angular writes the browser files
/// to its `browser/` subdirectory since version 17, which the configuration then says).
fn angular_output(ctx: &mut AppCtx<'_>) -> Option<String> {
    if !ctx.has("angular.json") {
        return None;
    }
    let doc: serde_json::Value = serde_json::from_str(&ctx.read("angular.json")?).ok()?;
    let projects = doc.get("projects")?.as_object()?;
    projects.values().find_map(|p| {
        let path = p.pointer("/architect/build/options/outputPath")?.as_str()?;
        Some(path.trim_start_matches("./").to_owned())
    })
}

/// `build.outDir` of the Vite configuration, when it is a plain string.
fn vite_out_dir(ctx: &mut AppCtx<'_>) -> Option<String> {
    let config = [
        "vite.config.ts",
        "vite.config.js",
        "vite.config.mjs",
        "vite.config.mts",
    ]
    .into_iter()
    .find(|f| ctx.has(f))?;
    let text = ctx.read(config)?;
    let rest = text
        .split_once("outDir")?
        .1
        .trim_start()
        .strip_prefix(':')?
        .trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let value = rest[1..].split(quote).next()?;
    (!value.is_empty() && !value.contains('$')).then(|| value.trim_start_matches("./").to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_flags() {
        assert_eq!(
            flag_value(
                "esbuild app/javascript/*.* --bundle --outdir=app/assets/builds",
                "--outdir"
            )
            .as_deref(),
            Some("app/assets/builds")
        );
        assert_eq!(flag_value("vite build --outDir out", "--outdir"), None);
        assert_eq!(
            flag_value("tool --outdir ./public/js", "--outdir").as_deref(),
            Some("public/js")
        );
    }
}
