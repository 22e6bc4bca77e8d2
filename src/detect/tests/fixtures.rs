//! The fixture projects of `tests/fixtures/projects`: what each must show.

use std::path::Path;

use super::detect;
use crate::detect::{Detection, answers};
use crate::output::detect::render_text;

pub(in crate::detect) fn fixture(name: &str) -> Detection {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name);
    detect(&dir)
}

/// What one fixture's primary app must show. `None` and empty lists mean "nothing found".
#[derive(Default)]
struct Expect {
    name: &'static str,
    runtime: &'static str,
    version: Option<&'static str>,
    manager: Option<&'static str>,
    native: &'static [&'static str],
    answers: &'static [&'static str],
    artifact: Option<&'static str>,
    candidates: &'static [&'static str],
    target: Option<&'static str>,
    start: Option<&'static str>,
    assets: Option<&'static str>,
    others: &'static [&'static str],
    glibc: bool,
    notes: usize,
}

fn check(e: &Expect) {
    let d = fixture(e.name);
    let report = render_text(&d);
    let name = e.name;
    assert_eq!(d.apps.len(), 1, "{name}:\n{report}");
    let app = &d.apps[0];
    let rt = &app.runtime;
    assert_eq!(rt, &d.runtimes[0], "{name}");
    assert_eq!(rt.runtime, e.runtime, "{name}:\n{report}");
    assert!(!rt.evidence.is_empty(), "{name}:\n{report}");
    let value = |v: &Option<crate::detect::Evidenced<String>>| v.as_ref().map(|v| v.value.clone());
    assert_eq!(
        value(&rt.version).as_deref(),
        e.version,
        "{name}:\n{report}"
    );
    assert_eq!(
        value(&rt.package_manager).as_deref(),
        e.manager,
        "{name}:\n{report}"
    );
    let keys: Vec<&str> = rt
        .native
        .iter()
        .filter_map(|n| n.evidence.key.as_deref())
        .collect();
    assert_eq!(keys, e.native, "{name}:\n{report}");
    let got: Vec<String> = answers(rt)
        .into_iter()
        .skip(1)
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(got, e.answers, "{name}:\n{report}");
    assert_eq!(
        value(&rt.artifact).as_deref(),
        e.artifact,
        "{name}:\n{report}"
    );
    let candidates: Vec<&str> = rt
        .artifact_candidates
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    assert_eq!(candidates, e.candidates, "{name}:\n{report}");
    assert_eq!(
        value(&rt.build_target).as_deref(),
        e.target,
        "{name}:\n{report}"
    );
    let start = rt.start.as_ref().map(|s| s.value.join(" "));
    assert_eq!(start.as_deref(), e.start, "{name}:\n{report}");
    let assets = rt.assets.as_ref().map(|a| {
        format!(
            "{} -> {}",
            a.value.command.join(" "),
            a.value.output.as_deref().unwrap_or("?")
        )
    });
    assert_eq!(assets.as_deref(), e.assets, "{name}:\n{report}");
    assert_eq!(app.others, e.others, "{name}:\n{report}");
    assert_eq!(rt.needs_glibc, e.glibc, "{name}:\n{report}");
    assert_eq!(d.notes.len(), e.notes, "{name}:\n{report}");
}

#[test]
fn fixture_projects() {
    let cases = [
        Expect {
            name: "go",
            runtime: "go",
            version: Some("1.23"),
            manager: Some("go"),
            answers: &["linking=static"],
            artifact: Some("hello"),
            ..Expect::default()
        },
        Expect {
            name: "go-cgo",
            runtime: "go",
            version: Some("1.22.5"),
            manager: Some("go"),
            native: &["github.com/mattn/go-sqlite3", "import \"C\""],
            answers: &["linking=libc"],
            artifact: Some("notes"),
            ..Expect::default()
        },
        Expect {
            name: "go-cmd",
            runtime: "go",
            version: Some("1.24.2"),
            manager: Some("go"),
            answers: &["linking=static"],
            candidates: &["api", "worker"],
            ..Expect::default()
        },
        Expect {
            name: "go-cmd-single",
            runtime: "go",
            version: Some("1.25.0"),
            manager: Some("go"),
            answers: &["linking=static"],
            artifact: Some("server"),
            target: Some("./cmd/server"),
            ..Expect::default()
        },
        Expect {
            name: "rust",
            runtime: "rust",
            version: Some("1.80"),
            manager: Some("cargo"),
            answers: &["linking=static"],
            artifact: Some("greeter"),
            ..Expect::default()
        },
        Expect {
            name: "rust-workspace",
            runtime: "rust",
            version: Some("1.85"),
            manager: Some("cargo"),
            answers: &["linking=static"],
            artifact: Some("ledger"),
            target: Some("ledger-server"),
            notes: 1,
            ..Expect::default()
        },
        Expect {
            name: "rust-native",
            runtime: "rust",
            manager: Some("cargo"),
            native: &["libsqlite3-sys"],
            answers: &["linking=libc"],
            artifact: Some("notes"),
            ..Expect::default()
        },
        Expect {
            name: "cpp",
            runtime: "cpp",
            manager: Some("cmake"),
            answers: &["linking=libc"],
            artifact: Some("resizer"),
            target: Some("resizer"),
            ..Expect::default()
        },
        Expect {
            name: "python-numpy",
            runtime: "python",
            version: Some("3.11"),
            manager: Some("pip"),
            native: &["numpy", "pandas"],
            answers: &["c_extensions=yes"],
            start: Some("uvicorn app.main:app --host 0.0.0.0 --port {port}"),
            ..Expect::default()
        },
        Expect {
            name: "python-pure",
            runtime: "python",
            version: Some("3.12"),
            manager: Some("uv"),
            answers: &["c_extensions=no"],
            ..Expect::default()
        },
        Expect {
            name: "python-poetry",
            runtime: "python",
            version: Some("3.11"),
            manager: Some("poetry"),
            native: &["markupsafe"],
            answers: &["c_extensions=yes"],
            start: Some("gunicorn --bind 0.0.0.0:{port} app:app"),
            ..Expect::default()
        },
        Expect {
            name: "django",
            runtime: "python",
            version: Some("3.12"),
            manager: Some("pip"),
            answers: &["c_extensions=no"],
            start: Some("gunicorn --bind 0.0.0.0:{port} mysite.wsgi:application"),
            ..Expect::default()
        },
        Expect {
            name: "streamlit",
            runtime: "python",
            manager: Some("pip"),
            native: &["streamlit"],
            answers: &["c_extensions=yes"],
            start: Some(
                "streamlit run streamlit_app.py --server.port {port} --server.address 0.0.0.0",
            ),
            glibc: true,
            ..Expect::default()
        },
        Expect {
            name: "node",
            runtime: "node",
            version: Some("22.11.0"),
            manager: Some("npm"),
            answers: &["package_manager=npm"],
            start: Some("node src/server.js"),
            ..Expect::default()
        },
        Expect {
            name: "node-native",
            runtime: "node",
            manager: Some("pnpm"),
            native: &["bcrypt"],
            answers: &["package_manager=pnpm"],
            ..Expect::default()
        },
        Expect {
            name: "node-napi",
            runtime: "node",
            manager: Some("pnpm"),
            native: &["@node-rs/argon2", "@next/swc"],
            answers: &["package_manager=pnpm"],
            glibc: true,
            start: Some("node node_modules/next/dist/bin/next start -p {port}"),
            assets: Some("pnpm run build -> ?"),
            notes: 0,
            ..Expect::default()
        },
        Expect {
            name: "node-yarn-addon",
            runtime: "node",
            manager: Some("yarn"),
            native: &["bufferutil", "node-gyp-build"],
            answers: &["package_manager=yarn"],
            start: Some("node relay.js"),
            ..Expect::default()
        },
        Expect {
            name: "ruby",
            runtime: "ruby",
            version: Some("3.3.5"),
            manager: Some("bundler"),
            native: &["pg"],
            ..Expect::default()
        },
        Expect {
            name: "rails",
            runtime: "ruby",
            version: Some("3.3.5"),
            manager: Some("bundler"),
            native: &["pg", "puma", "nio4r"],
            start: Some("bin/rails server -b 0.0.0.0"),
            assets: Some("yarn run build -> app/assets/builds"),
            others: &["node"],
            ..Expect::default()
        },
        Expect {
            name: "java-maven",
            runtime: "java",
            version: Some("21"),
            manager: Some("maven"),
            answers: &["build_tool=maven"],
            artifact: Some("orders-1.0.0"),
            ..Expect::default()
        },
        Expect {
            name: "java-maven-release",
            runtime: "java",
            version: Some("17"),
            manager: Some("maven"),
            answers: &["build_tool=maven"],
            artifact: Some("billing-2.0.1"),
            ..Expect::default()
        },
        Expect {
            name: "java-gradle",
            runtime: "java",
            version: Some("17"),
            manager: Some("gradle"),
            answers: &["build_tool=gradle"],
            artifact: Some("reports"),
            ..Expect::default()
        },
        Expect {
            name: "php",
            runtime: "php",
            version: Some("8.3"),
            manager: Some("composer"),
            native: &["ext-intl"],
            start: Some("public/index.php"),
            ..Expect::default()
        },
        Expect {
            name: "laravel-vite",
            runtime: "php",
            version: Some("8.2"),
            manager: Some("composer"),
            native: &["ext-intl", "ext-pdo_pgsql"],
            start: Some("public/index.php"),
            assets: Some("npm run build -> public/build"),
            others: &["node"],
            ..Expect::default()
        },
        Expect {
            name: "dotnet",
            runtime: "dotnet",
            version: Some("8.0"),
            manager: Some("nuget"),
            artifact: Some("Inventory"),
            ..Expect::default()
        },
        Expect {
            name: "dotnet-solution",
            runtime: "dotnet",
            version: Some("8.0"),
            manager: Some("nuget"),
            artifact: Some("ShopApi"),
            target: Some("src/Shop.Api/Shop.Api.csproj"),
            ..Expect::default()
        },
        Expect {
            name: "static-site",
            runtime: "static",
            ..Expect::default()
        },
        Expect {
            name: "static-vite",
            runtime: "static",
            assets: Some("pnpm run build -> site"),
            others: &["node"],
            ..Expect::default()
        },
    ];
    for case in &cases {
        check(case);
    }
}
