//! Ruby (Gemfile, Gemfile.lock, version file, how a Rack or Rails app starts), PHP (Composer, required
//! extensions, the front controller), HTML pages, and source files of projects without a manifest.

use super::Ecosystem;
use super::apps::{AppCtx, Draft};
use super::start::{owned, procfile_web};
use super::text::{first_version, line_containing, line_of_key_after, version_floor};
use super::walk::FileRef;
use super::{Evidence, Evidenced, Rank, Scan, parse_json};

const RUBY: &str = "ruby";
const PHP: &str = "php";

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    let name = file.name.as_str();
    match name {
        "Gemfile" => gemfile(file, scan),
        "Gemfile.lock" => gemfile_lock(file, scan),
        ".ruby-version" => ruby_version_file(file, scan),
        "composer.json" => composer_json(file, scan),
        "composer.lock" => {
            scan.marker(PHP, file, Evidence::new(&file.rel, "Composer lockfile"));
            scan.manager(
                PHP,
                file,
                0,
                "composer",
                Evidence::new(&file.rel, "Composer lockfile"),
            );
        }
        _ if name.ends_with(".gemspec") => {
            scan.manifest(RUBY, file, Evidence::new(&file.rel, "gem specification"));
        }
        _ => return false,
    }
    true
}

/// Files that no reader claimed: HTML pages and source files count towards fallbacks.
pub(crate) fn count_source(file: &FileRef, scan: &mut Scan<'_>) {
    let Some((_, ext)) = file.name.rsplit_once('.') else {
        return;
    };
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => scan.html(file),
        "py" => scan.source("python", file),
        "rb" => scan.source(RUBY, file),
        "php" => scan.source(PHP, file),
        "c" | "cc" | "cpp" | "cxx" => scan.source("cpp", file),
        _ => {}
    }
}

fn gemfile(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manifest(RUBY, file, Evidence::new(&file.rel, "Gemfile"));
    scan.manager(
        RUBY,
        file,
        1,
        "bundler",
        Evidence::new(&file.rel, "Gemfile is read by Bundler"),
    );
    let Some(text) = scan.read(file) else { return };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        let Some((word, rest)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        let Some(arg) = first_string(rest) else {
            continue;
        };
        match word {
            "ruby" => {
                let value = version_floor(arg).unwrap_or_else(|| arg.to_owned());
                let evidence = Evidence::new(&file.rel, format!("ruby \"{arg}\""))
                    .at(Some(i + 1))
                    .key("ruby");
                // An exact pin wins over the lockfile; a range only when nothing better is known.
                let exact = arg.starts_with(|c: char| c.is_ascii_digit());
                scan.version(RUBY, file, if exact { 1 } else { 3 }, value, evidence);
            }
            "gem" => {
                if let Some(rule) = scan.rules.lookup(Ecosystem::Ruby, arg) {
                    let rule = rule.clone();
                    scan.native_rule(RUBY, file, Rank::Manifest, &rule, arg, Some(i + 1));
                }
            }
            _ => {}
        }
    }
}

/// The first quoted string of a Ruby argument list.
fn first_string(args: &str) -> Option<&str> {
    let args = args.trim_start();
    let quote = args.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &args[1..];
    rest.find(quote).map(|end| &rest[..end])
}

fn gemfile_lock(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RUBY, file, Evidence::new(&file.rel, "Bundler lockfile"));
    scan.manager(
        RUBY,
        file,
        0,
        "bundler",
        Evidence::new(&file.rel, "Bundler lockfile"),
    );
    let Some(text) = scan.read(file) else { return };
    let mut in_ruby_version = false;
    for (i, line) in text.lines().enumerate() {
        if in_ruby_version {
            in_ruby_version = false;
            if let Some(version) = line.trim().strip_prefix("ruby ").and_then(first_version) {
                let evidence = Evidence::new(&file.rel, format!("locked with {}", line.trim()))
                    .at(Some(i + 1));
                scan.version(RUBY, file, 2, version, evidence);
            }
        }
        if line == "RUBY VERSION" {
            in_ruby_version = true;
        }
        // Gems are listed under `specs:` with four spaces; their own dependencies get six.
        let Some(spec) = line.strip_prefix("    ") else {
            continue;
        };
        if spec.starts_with(' ') {
            continue;
        }
        let name = spec.split_whitespace().next().unwrap_or("");
        if let Some(rule) = scan.rules.lookup(Ecosystem::Ruby, name) {
            let rule = rule.clone();
            scan.native_rule(RUBY, file, Rank::Lockfile, &rule, name, Some(i + 1));
        }
    }
}

fn ruby_version_file(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RUBY, file, Evidence::new(&file.rel, "Ruby version file"));
    let Some(text) = scan.read(file) else { return };
    if let Some(version) = first_version(&text) {
        let evidence = Evidence::new(&file.rel, format!("pins Ruby {}", text.trim())).at(Some(1));
        scan.version(RUBY, file, 0, version, evidence);
    }
}

fn composer_json(file: &FileRef, scan: &mut Scan<'_>) {
    scan.manifest(PHP, file, Evidence::new(&file.rel, "Composer manifest"));
    scan.manager(
        PHP,
        file,
        1,
        "composer",
        Evidence::new(&file.rel, "Composer manifest"),
    );
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_json(scan, file, &text) else {
        return;
    };
    let Some(require) = doc.get("require").and_then(serde_json::Value::as_object) else {
        return;
    };
    for (name, spec) in require {
        let spec = spec.as_str().unwrap_or("");
        let line = line_of_key_after(&text, "require", name);
        if name == "php" {
            let value = version_floor(spec).unwrap_or_else(|| spec.to_owned());
            let evidence = Evidence::new(&file.rel, format!("require php \"{spec}\""))
                .at(line)
                .key("require.php");
            scan.version(PHP, file, 0, value, evidence);
        } else if let Some(ext) = name.strip_prefix("ext-") {
            let evidence = Evidence::new(
                &file.rel,
                format!("{name}: needs the PHP extension {ext} in the image"),
            )
            .at(line.or_else(|| line_containing(&text, name)))
            .key(name.clone());
            scan.native_plain(PHP, file, Rank::Manifest, evidence);
            scan.at(PHP, file).extensions.push(ext.to_owned());
        }
    }
}

/// How a Ruby or PHP app starts: the Procfile's web process, Rails' server, a Rack config, or the PHP
/// front controller.
pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    if draft.runtime == PHP {
        for script in ["public/index.php", "index.php"] {
            if ctx.has(script) {
                let evidence = Evidence::new(ctx.rel(script), "front controller served by PHP-FPM");
                draft.out.start = Some(Evidenced::new(vec![script.to_owned()], evidence));
                break;
            }
        }
        return;
    }
    if let Some(web) = procfile_web(ctx) {
        draft.out.start = Some(web);
    } else if ctx.has("bin/rails") && ctx.has("config.ru") {
        let evidence = Evidence::new(
            ctx.rel("bin/rails"),
            "Rails app: bin/rails starts its server",
        );
        draft.out.start = Some(Evidenced::new(
            owned(&["bin/rails", "server", "-b", "0.0.0.0"]),
            evidence,
        ));
    } else if ctx.has("config.ru") {
        let evidence = Evidence::new(ctx.rel("config.ru"), "Rack app configuration");
        draft.out.start = Some(Evidenced::new(owned(&["config.ru"]), evidence));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ruby_strings() {
        assert_eq!(first_string("\"nokogiri\", \"~> 1.16\""), Some("nokogiri"));
        assert_eq!(first_string("'pg'"), Some("pg"));
        assert_eq!(first_string(":path"), None);
    }
}
