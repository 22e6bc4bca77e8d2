//! `--pin` on `dockerfile` and `recommend`: the generated file reaches the user with a literal digest
//! on every `FROM`, equal to what skopeo reports; when that is not possible nothing is written.
//!
//! The catalog is the built-in one with every reference moved onto the local registry, so the
//! templates render exactly as they do for users.

use std::path::{Path, PathBuf};
use std::process::Output;

use basepick::knowledge::{self, DataSource, Pin};

use crate::common::{basepick, text};
use crate::local_registry::{self, Layout, LocalRegistry};

/// The built-in data with every image reference, alias and version pattern on `host`, below `space/`
/// (each test its own, so tests running at once never push to the same tag).
pub(crate) fn data_on(host: &str, space: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    copy_dir(&source, dir.path());
    let catalog = dir.path().join("images.toml");
    let prefix = format!("{host}/{space}/");
    let moved: String = std::fs::read_to_string(&catalog)
        .unwrap()
        .lines()
        .map(|line| {
            let moved = if line.starts_with("aliases = [") {
                // Every quoted reference of the list.
                Some(
                    line.replace("[\"", &format!("[\"{prefix}"))
                        .replace(", \"", &format!(", \"{prefix}")),
                )
            } else {
                ["reference = \"", "version_pattern = \""]
                    .iter()
                    .find(|key| line.starts_with(*key) && !line.contains("\"scratch\""))
                    .map(|key| format!("{key}{prefix}{}", &line[key.len()..]))
            };
            moved.unwrap_or_else(|| line.to_owned()) + "\n"
        })
        .collect();
    std::fs::write(&catalog, moved).unwrap();
    // The moved data loads, and nothing still names a public registry.
    let k = knowledge::load(&DataSource::Dir(dir.path().to_owned())).unwrap();
    for image in k.catalog.images.iter().filter(|i| i.id != "scratch") {
        let names = std::iter::once(&image.reference).chain(&image.aliases);
        for name in names.map(ToString::to_string) {
            assert!(name.starts_with(&prefix), "{}: {name}", image.id);
        }
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn run(data: &Path, args: &[&str]) -> Output {
    let empty = tempfile::tempdir().unwrap();
    basepick()
        .env("DOCKER_CONFIG", empty.path())
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .unwrap()
}

/// The images after `FROM` (flags and stage names left out, `${ARG}` replaced by the ARG's default),
/// skipping `scratch` and stages.
fn from_images(dockerfile: &str) -> Vec<String> {
    let mut stages: Vec<String> = Vec::new();
    let mut defaults: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    for line in dockerfile.lines() {
        if let Some((name, value)) = line.strip_prefix("ARG ").and_then(|a| a.split_once('=')) {
            defaults.push((format!("${{{name}}}"), value.trim_matches('"').to_owned()));
        }
        let Some(rest) = line.strip_prefix("FROM ") else {
            continue;
        };
        let mut words: Vec<&str> = rest
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        if let Some((_, value)) = defaults.iter().find(|(name, _)| name == words[0]) {
            words[0] = value;
        }
        if let [_, as_kw, name] = words.as_slice()
            && as_kw.eq_ignore_ascii_case("as")
        {
            stages.push(name.to_string());
        }
        if words[0] != "scratch" && !stages.iter().any(|s| s == words[0]) {
            out.push(words[0].to_owned());
        }
    }
    out
}

/// Pushes a small image under every image the leaf's Dockerfile uses; returns those images.
fn push_images_of(r: &LocalRegistry, data: &Path, leaf: &str) -> Vec<String> {
    let plain = run(data, &["dockerfile", leaf]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    let images = from_images(&text(&plain.stdout));
    assert!(!images.is_empty());
    let layout = Layout::new();
    for (i, image) in images.iter().enumerate() {
        let repo_tag = image.strip_prefix(&format!("{}/", r.host)).unwrap();
        let name = format!("img{i}");
        layout.image(&name, "amd64", 2_000, 100 + i as u64);
        r.push(&layout, &name, repo_tag, false, false);
    }
    images
}

fn assert_pinned_as_skopeo_says(r: &LocalRegistry, dockerfile: &str, images: &[String]) {
    let pinned = from_images(dockerfile);
    assert_eq!(pinned.len(), images.len(), "{dockerfile}");
    for (image, pinned) in images.iter().zip(&pinned) {
        let repo_tag = image.strip_prefix(&format!("{}/", r.host)).unwrap();
        let digest = r.skopeo_digest(repo_tag);
        assert_eq!(pinned, &format!("{image}@{digest}"), "{dockerfile}");
    }
}

#[test]
fn dockerfile_pin_prints_every_stage_pinned() {
    let r = local_registry::open();
    let data = data_on(&r.host, "go");
    let images = push_images_of(r, data.path(), "go-static");
    let out = run(data.path(), &["dockerfile", "go-static", "--pin"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let dockerfile = text(&out.stdout);
    assert_pinned_as_skopeo_says(r, &dockerfile, &images);
    // Only the FROM lines differ from the unpinned file.
    let plain = text(&run(data.path(), &["dockerfile", "go-static"]).stdout);
    let changed = plain
        .lines()
        .zip(dockerfile.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, images.len());
    assert_eq!(plain.lines().count(), dockerfile.lines().count());
}

#[test]
fn recommend_pin_writes_a_pinned_dockerfile() {
    let r = local_registry::open();
    let data = data_on(&r.host, "rust");
    let images = push_images_of(r, data.path(), "rust-static");
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("docker");
    let answers = [
        "-a",
        "runtime=rust",
        "-a",
        "linking=static",
        "-a",
        "debug_shell=no",
    ];
    let mut args = vec!["recommend"];
    args.extend(answers);
    args.extend(["--pin", "--write", target.to_str().unwrap()]);
    let out = run(data.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(target.join("Dockerfile")).unwrap();
    assert_pinned_as_skopeo_says(r, &written, &images);
    // --pin without --write has nothing to pin.
    let mut bare = vec!["recommend"];
    bare.extend(answers);
    bare.push("--pin");
    let usage = run(data.path(), &bare);
    assert_eq!(usage.status.code(), Some(2));
    assert!(text(&usage.stderr).contains("pass --write too"));
}

#[test]
fn pin_that_cannot_complete_writes_nothing() {
    let r = local_registry::open();
    let data = data_on(&r.host, "python");
    // Nothing was pushed for the Python images: the registry has no such manifests.
    let out_dir = tempfile::tempdir().unwrap();
    let target: PathBuf = out_dir.path().join("docker");
    let out = run(
        data.path(),
        &[
            "dockerfile",
            "python-slim",
            "--pin",
            "--write",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("cannot pin every image:"), "{stderr}");
    assert!(
        stderr.contains(&format!("the registry {} has no manifest", r.host)),
        "{stderr}"
    );
    assert!(!target.exists(), "nothing written");
}

/// The leaves whose final image is published only under moving tags (`pin = "digest"`: Chainguard's
/// `latest`), which the templates render as `image:latest` with a DL3007 pragma.
fn moving_tag_leaves() -> Vec<String> {
    let k = crate::common::knowledge();
    let leaves: Vec<String> = k
        .tree
        .leaves
        .iter()
        .filter(|l| k.catalog.get(l.image).pin == Pin::Digest)
        .map(|l| l.id.to_string())
        .collect();
    assert!(leaves.len() >= 10, "{leaves:?}");
    leaves
}

/// hadolint, with the project's configuration, on pinned Dockerfiles `(name, text)` as users get them:
/// the images back on their own registries (the project allows only those), digests kept.
fn hadolint(moved: &str, dockerfiles: &[(String, String)]) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = dockerfiles
        .iter()
        .map(|(name, dockerfile)| {
            let path = dir.path().join(format!("{name}.Dockerfile"));
            std::fs::write(&path, dockerfile.replace(moved, "")).unwrap();
            path
        })
        .collect();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join(".hadolint.yaml");
    let out = std::process::Command::new("hadolint")
        .arg("--config")
        .arg(config)
        .args(&files)
        .output()
        .expect("hadolint runs (scripts/test installs it)");
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// `--pin` on every hardened leaf: each `latest`/`latest-dev` (and every build image) ends up with the
/// digest skopeo reads for it, and the pinned files still lint clean.
#[test]
fn pin_resolves_the_moving_tags_of_the_hardened_leaves() {
    let r = local_registry::open();
    let data = data_on(&r.host, "hardened");
    let mut pinned = Vec::new();
    for leaf in moving_tag_leaves() {
        let images = push_images_of(r, data.path(), &leaf);
        let last = images.last().unwrap();
        assert!(
            last.contains("/cgr.dev/chainguard/") && last.contains(":latest"),
            "{leaf}: {images:?}"
        );
        let out = run(data.path(), &["dockerfile", &leaf, "--pin"]);
        assert_eq!(out.status.code(), Some(0), "{leaf}: {}", text(&out.stderr));
        let dockerfile = text(&out.stdout);
        assert_pinned_as_skopeo_says(r, &dockerfile, &images);
        pinned.push((leaf, dockerfile));
    }
    hadolint(&format!("{}/hardened/", r.host), &pinned);
}

/// Digests given with `--set` are kept as given; `--pin` resolves only what is left.
#[test]
fn pin_keeps_the_digests_given_with_set() {
    let r = local_registry::open();
    let data = data_on(&r.host, "hardened-set");
    let images = push_images_of(r, data.path(), "python-hardened");
    let given = format!("sha256:{}", "ab".repeat(32));
    let set = format!("digest={given}");
    let out = run(
        data.path(),
        &["dockerfile", "python-hardened", "--set", &set, "--pin"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let pinned = from_images(&text(&out.stdout));
    let [build, last] = pinned.as_slice() else {
        panic!("{pinned:?}")
    };
    assert_eq!(last, &format!("{}@{given}", images[1]));
    let repo_tag = images[0].strip_prefix(&format!("{}/", r.host)).unwrap();
    assert_eq!(
        build,
        &format!("{}@{}", images[0], r.skopeo_digest(repo_tag))
    );
}

/// The header of every Dockerfile of a moving-tag image says to run `basepick pin Dockerfile --write`:
/// run as written, in the directory of the written files, it pins the file in place.
#[test]
fn the_pin_command_the_header_names_works_as_written() {
    let r = local_registry::open();
    let data = data_on(&r.host, "header");
    let images = push_images_of(r, data.path(), "node-hardened");
    let out_dir = tempfile::tempdir().unwrap();
    let written = run(
        data.path(),
        &[
            "dockerfile",
            "node-hardened",
            "--write",
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(written.status.code(), Some(0), "{}", text(&written.stderr));
    let path = out_dir.path().join("Dockerfile");
    let before = std::fs::read_to_string(&path).unwrap();
    let command = "basepick pin Dockerfile --write";
    assert!(before.contains(&format!("`{command}`")), "{before}");
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let empty = tempfile::tempdir().unwrap();
    let out = basepick()
        .current_dir(out_dir.path())
        .env("DOCKER_CONFIG", empty.path())
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("wrote Dockerfile"),
        "{}",
        text(&out.stderr)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_pinned_as_skopeo_says(r, &after, &images);
    hadolint(
        &format!("{}/header/", r.host),
        &[("node-hardened".to_owned(), after)],
    );
}
