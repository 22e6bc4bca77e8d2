//! A Dockerfile stage's image as templates see it: the catalog facts they use and the exact text to
//! put after `FROM`, for the chosen runtime version and digest.

use serde::Serialize;

use crate::knowledge::{Family, Image, ImageRef, Libc, PackageManager, ParamError, Pin, Shell};

/// UID templates create for images whose default user is root (as `docker init` does).
pub const CREATED_UID: u32 = 10001;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StagePlan {
    pub id: String,
    pub name: String,
    /// The tag for the chosen version (`python:3.12-slim-trixie`).
    pub reference: String,
    /// What follows `FROM`: the reference, with `@digest` when one is pinned.
    pub from: String,
    pub family: Family,
    pub os: String,
    pub package_manager: PackageManager,
    pub libc: Libc,
    pub uid: u32,
    /// The numeric UID the stage runs as: the image's own non-root user, or [`CREATED_UID`] created
    /// by the template on images that default to root.
    pub run_uid: u32,
    pub has_shell: bool,
    pub shell: Shell,
    /// Words to put before the command in ENTRYPOINT: tini where the template installs it.
    pub init: Vec<&'static str>,
    pub listen_port: Option<u16>,
    /// The image is published only under a moving tag (`latest`): pin its digest.
    pub floating: bool,
    pub digest: Option<String>,
    pub runtime_version: Option<String>,
}

/// tini's path in the distribution's package, on images where the template installs it.
fn init_words(image: &Image) -> Vec<&'static str> {
    match image.package_manager {
        PackageManager::Apt => vec!["/usr/bin/tini", "--"],
        PackageManager::Apk => vec!["/sbin/tini", "--"],
        _ => Vec::new(),
    }
}

/// The reference of an image for a runtime version (`None` keeps the image's own).
pub fn reference_for(image: &Image, version: Option<&str>) -> Result<ImageRef, ParamError> {
    match (version, &image.runtime_version) {
        (Some(v), Some(_)) => {
            image
                .reference_for_version(v)
                .ok_or_else(|| ParamError::UnsupportedVersion {
                    value: v.to_owned(),
                    image: image.reference.to_string(),
                    choices: image.offered_versions(),
                })
        }
        _ => Ok(image.reference.clone()),
    }
}

impl StagePlan {
    pub fn new(
        image: &Image,
        version: Option<&str>,
        digest: Option<&str>,
    ) -> Result<Self, ParamError> {
        let reference = reference_for(image, version)?;
        let from = match digest {
            Some(d) => reference.with_digest(d).to_string(),
            None => reference.to_string(),
        };
        let runtime_version = match (version, &image.runtime_version) {
            (Some(v), Some(_)) => Some(v.to_owned()),
            (_, own) => own.as_deref().map(str::to_owned),
        };
        Ok(StagePlan {
            id: image.id.to_string(),
            name: image.name.to_string(),
            reference: reference.to_string(),
            from,
            family: image.family,
            os: image.os.to_string(),
            package_manager: image.package_manager,
            libc: image.libc,
            uid: image.uid,
            run_uid: if image.uid == 0 {
                CREATED_UID
            } else {
                image.uid
            },
            has_shell: image.has_shell(),
            shell: image.shell,
            init: init_words(image),
            listen_port: image.listen_port,
            floating: image.pin == Pin::Digest,
            digest: digest.map(str::to_owned),
            runtime_version,
        })
    }
}
