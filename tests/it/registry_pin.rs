//! `basepick pin` against a real registry on 127.0.0.1: digests equal what skopeo reports, for a
//! plain image, a multi-platform index, Docker schema 2, an ARG default, a tag that moves, a missing
//! tag and a registry that needs credentials.

use std::process::Output;

use crate::common::{basepick, text};
use crate::local_registry::{self, Layout, PASSWORD, dockerfile, leftovers};

/// Runs `basepick pin` with a Docker config directory (none: an empty one).
fn pin(args: &[&str], docker_config: Option<&std::path::Path>) -> Output {
    let empty = tempfile::tempdir().unwrap();
    basepick()
        .env("DOCKER_CONFIG", docker_config.unwrap_or(empty.path()))
        .arg("pin")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn pins_every_stage_to_the_digest_skopeo_reports() {
    let r = local_registry::open();
    let app = r.image("team/app:1");
    let multi = r.image("team/multi:1");
    let docker = r.image("team/docker:1");
    let original = format!(
        "# syntax=docker/dockerfile:1\nARG BASE={multi}\nFROM --platform=$BUILDPLATFORM {app} AS build\nRUN true\n\nFROM ${{BASE}}\nCOPY --from=build /payload.bin /\nFROM build AS test\nFROM scratch\nFROM {docker}\n"
    );
    let (_dir, path) = dockerfile(&original);
    let out = pin(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let app_digest = r.skopeo_digest("team/app:1");
    let multi_digest = r.skopeo_digest("team/multi:1");
    let docker_digest = r.skopeo_digest("team/docker:1");
    // Three different manifests: the index, the OCI image and its Docker schema 2 conversion.
    assert_ne!(app_digest, multi_digest);
    assert_ne!(app_digest, docker_digest);
    let name = path.display().to_string();
    let expected = format!(
        "--- {name}\n+++ {name}\n@@ -1,10 +1,10 @@\n # syntax=docker/dockerfile:1\n-ARG BASE={multi}\n-FROM --platform=$BUILDPLATFORM {app} AS build\n+ARG BASE={multi}@{multi_digest}\n+FROM --platform=$BUILDPLATFORM {app}@{app_digest} AS build\n RUN true\n \n FROM ${{BASE}}\n COPY --from=build /payload.bin /\n FROM build AS test\n FROM scratch\n-FROM {docker}\n+FROM {docker}@{docker_digest}\n"
    );
    assert_eq!(text(&out.stdout), expected);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(":3: {app}: pinned to {app_digest}")),
        "{stderr}"
    );
    // Without --write nothing changes on disk.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[cfg(unix)]
#[test]
fn write_is_atomic_keeps_the_mode_and_a_second_run_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let r = local_registry::open();
    let app = r.image("team/app:1");
    let (_dir, path) = dockerfile(&format!("FROM {app}\nUSER 65532\n"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = pin(&["--write", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let digest = r.skopeo_digest("team/app:1");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("FROM {app}@{digest}\nUSER 65532\n")
    );
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(leftovers(&path).is_empty());
    let again = pin(&["--write", path.to_str().unwrap()], None);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stdout), "", "nothing left to pin");
    assert!(text(&again.stderr).contains("already pinned (--update refreshes it)"));
}

#[test]
fn update_follows_a_tag_that_moved() {
    let r = local_registry::open();
    let layout = Layout::new();
    layout.image("first", "amd64", 1_000, 10);
    layout.image("second", "amd64", 1_000, 11);
    r.push(&layout, "first", "moving/app:stable", false, false);
    let first = r.skopeo_digest("moving/app:stable");
    let image = r.image("moving/app:stable");
    let (_dir, path) = dockerfile(&format!("FROM {image}\n"));
    assert_eq!(
        pin(&["--write", path.to_str().unwrap()], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("FROM {image}@{first}\n")
    );

    r.push(&layout, "second", "moving/app:stable", false, false);
    let second = r.skopeo_digest("moving/app:stable");
    assert_ne!(first, second, "the tag moved");
    // Without --update the pin stays.
    let kept = pin(&["--write", path.to_str().unwrap()], None);
    assert_eq!(text(&kept.stdout), "");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("FROM {image}@{first}\n")
    );
    let moved = pin(&["--update", "--write", path.to_str().unwrap()], None);
    assert_eq!(moved.status.code(), Some(0), "{}", text(&moved.stderr));
    assert!(
        text(&moved.stdout).contains(&format!("-FROM {image}@{first}\n+FROM {image}@{second}\n"))
    );
    assert!(text(&moved.stderr).contains(&format!("its tag moved; now {second}")));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("FROM {image}@{second}\n")
    );
    let current = pin(&["--update", path.to_str().unwrap()], None);
    assert!(text(&current.stderr).contains("already pinned to what its tag serves"));
}

#[test]
fn a_missing_tag_fails_alone_and_the_other_images_are_still_pinned() {
    let r = local_registry::open();
    let app = r.image("team/app:1");
    let missing = r.image("team/app:no-such-tag");
    let (_dir, path) = dockerfile(&format!("FROM {missing} AS a\nFROM {app}\n"));
    let out = pin(&["--write", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "basepick: {}:1: {missing}: the registry {} has no manifest",
            path.display(),
            r.host
        )),
        "{stderr}"
    );
    let digest = r.skopeo_digest("team/app:1");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("FROM {missing} AS a\nFROM {app}@{digest}\n")
    );
}

#[test]
fn a_private_registry_needs_the_credentials_from_the_docker_config() {
    let r = local_registry::private();
    let image = r.image("private/app:1");
    let (_dir, path) = dockerfile(&format!("FROM {image}\n"));
    let anonymous = pin(&[path.to_str().unwrap()], None);
    assert_eq!(anonymous.status.code(), Some(1));
    let stderr = text(&anonymous.stderr);
    assert!(
        stderr.contains(&format!(
            "the registry {} refused access to private/app",
            r.host
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("docker login {}", r.host)),
        "{stderr}"
    );

    let wrong = r.docker_config("not-the-password");
    let refused = pin(&[path.to_str().unwrap()], Some(wrong.path()));
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains(&format!("the credentials for {} were refused", r.host))
    );

    let right = r.docker_config(PASSWORD);
    let out = pin(&[path.to_str().unwrap()], Some(right.path()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let digest = r.skopeo_digest("private/app:1");
    assert!(text(&out.stdout).contains(&format!("+FROM {image}@{digest}\n")));
}

#[test]
fn unresolvable_and_unreadable_dockerfiles() {
    let (_dir, path) = dockerfile("ARG BASE\nFROM ${BASE}\n");
    let out = pin(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("build argument BASE has no default value"));
    let (_dir, bad) = dockerfile("RUN true\n");
    let out = pin(&[bad.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(&format!("{}:1: no FROM instruction", bad.display())),
        "{}",
        text(&out.stderr)
    );
    let out = pin(&["/dev/null/nothing"], None);
    assert_eq!(out.status.code(), Some(2));
}
