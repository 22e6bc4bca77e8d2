//! How the container runs, next to how it is built: `compose.yaml` and a Kubernetes manifest whose
//! settings match the image. Every run setting is decided here, once, into a [`RunConfig`] from the
//! plan and the Dockerfile rendered from it; the `compose.yaml.j2` and `k8s.yaml.j2` templates only
//! lay it out (they get `run` and nothing else, so they cannot re-derive anything).

mod dockerfile;
mod settings;

use std::str::FromStr;

use serde::Serialize;

use super::Plan;
use super::stage::CREATED_UID;
use super::{RenderError, environment, render_one};
use crate::knowledge::Knowledge;
use crate::knowledge::templates::{COMPOSE_TEMPLATE, KUBERNETES_TEMPLATE};

pub use dockerfile::{HealthCheck, final_digest, final_user, health_check};
pub use settings::{Resources, Writable, is_rails};

/// The lowest UID the run settings accept: numbers below it are often taken by accounts on the host
/// (distributions hand out 1000 upwards to people and below 1000 to services).
pub const MIN_UID: u32 = 10000;

/// A file written next to the Dockerfile on request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Extra {
    /// `compose.yaml`: one service, built from the Dockerfile.
    Compose,
    /// `k8s.yaml`: Namespace, Deployment, Service and NetworkPolicy.
    Kubernetes,
}

impl Extra {
    pub const ALL: [Extra; 2] = [Extra::Compose, Extra::Kubernetes];

    /// The name `--with` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Extra::Compose => "compose",
            Extra::Kubernetes => "k8s",
        }
    }

    /// The file written.
    pub fn file_name(self) -> &'static str {
        match self {
            Extra::Compose => "compose.yaml",
            Extra::Kubernetes => "k8s.yaml",
        }
    }

    pub(crate) fn template(self) -> &'static str {
        match self {
            Extra::Compose => COMPOSE_TEMPLATE,
            Extra::Kubernetes => KUBERNETES_TEMPLATE,
        }
    }
}

impl FromStr for Extra {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Extra::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| format!("`{s}` is not compose or k8s"))
    }
}

/// The numeric user and group the container runs as, and why that one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunUser {
    pub uid: u32,
    pub gid: u32,
    /// The reason, as comment lines.
    pub why: Vec<String>,
}

/// How the orchestrator checks the application: over TCP, or over HTTP where the image's own health
/// check fetches a page. Never by running a command in the container, which needs a shell or a tool
/// that many of these images do not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Probe {
    pub http_path: Option<String>,
    /// How long the application may take to start before the checks count.
    pub startup_seconds: u32,
}

/// Every setting of the run files, decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunConfig {
    /// The compose service (the image name of `docker build -t`).
    pub name: String,
    /// The same name as Kubernetes accepts it (a DNS label).
    pub k8s_name: String,
    /// The recommendation, for the header.
    pub title: String,
    /// What the Dockerfile's final stage is built from, and whether that is pinned by digest.
    pub base: String,
    /// The digest the base is pinned to, when it is.
    pub base_digest: Option<String>,
    pub user: RunUser,
    /// The port clients use.
    pub port: u16,
    /// The port the process listens on inside the container (fixed by some images).
    pub container_port: u16,
    /// PHP-FPM answers FastCGI, not HTTP.
    pub fastcgi: bool,
    pub writable: Vec<Writable>,
    pub probe: Probe,
    /// The image has a HEALTHCHECK of its own (compose runs it).
    pub image_health_check: bool,
    pub resources: Resources,
    /// The image reference for Kubernetes: a placeholder, since only a pushed image has a digest.
    pub image: String,
    /// Things the user must know before running it.
    pub notes: Vec<String>,
}

/// The image reference left for the user to fill in: an unmistakable registry and an all-zero digest.
fn image_placeholder(k8s_name: &str) -> String {
    format!("registry.example.com/{k8s_name}@sha256:{}", "0".repeat(64))
}

/// An image name as a Kubernetes object name: lowercase letters, digits and `-`, starting with a
/// letter, at most 63 characters.
fn k8s_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert_str(0, "app-");
    }
    out.truncate(63);
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "app".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn run_user(plan: &Plan, dockerfile: &str) -> RunUser {
    let lines = |text: &[&str]| text.iter().map(|s| (*s).to_owned()).collect();
    match final_user(dockerfile) {
        Some((uid, gid)) if uid >= MIN_UID => RunUser {
            uid,
            gid: gid.filter(|g| *g >= MIN_UID).unwrap_or(uid),
            why: if uid == plan.image.uid {
                lines(&["the image's own non-root user, which the Dockerfile keeps."])
            } else {
                lines(&[
                    "the non-root user the Dockerfile creates (the image itself starts as root).",
                ])
            },
        },
        found => RunUser {
            uid: CREATED_UID,
            gid: CREATED_UID,
            why: vec![
                match found {
                    Some((uid, _)) => format!(
                        "the Dockerfile's USER is {uid}, and numbers under {MIN_UID} may belong to accounts on the host."
                    ),
                    None => "the Dockerfile names no numeric user.".to_owned(),
                },
                format!(
                    "{CREATED_UID} can still read the application: the Dockerfile leaves its files owned by root"
                ),
                "and readable by everyone.".to_owned(),
            ],
        },
    }
}

impl RunConfig {
    /// The run settings for a plan and the Dockerfile rendered from it.
    pub fn new(plan: &Plan, dockerfile: &str) -> RunConfig {
        let runtime = plan.leaf.runtime.as_str();
        let writable = settings::writable_paths(plan);
        let check = health_check(dockerfile);
        let k8s_name = k8s_name(&plan.app.name);
        // A digest set in the plan, or one the file was pinned to after rendering (`--pin`).
        let base_digest = plan
            .image
            .digest
            .clone()
            .or_else(|| final_digest(dockerfile));
        let base = match (&plan.image.digest, &base_digest) {
            (None, Some(pinned)) => format!("{}@{pinned}", plan.image.from),
            _ => plan.image.from.clone(),
        };
        let mut notes = Vec::new();
        if base_digest.is_none() {
            notes.push(format!(
                "the Dockerfile builds on {}, a tag that moves: pin it with --pin (or `basepick pin Dockerfile --write`, or `d` in the advisor) or --set digest=sha256:...",
                plan.image.reference
            ));
        }
        let container_port = plan.image.listen_port.unwrap_or(plan.app.port);
        if container_port < 1024 {
            notes.push(format!(
                "the application listens on port {container_port}: without capabilities, only Docker lets it bind a port under 1024; prefer one above (--set port=8080)"
            ));
        }
        if runtime == "php" && plan.files.iter().any(|f| f == "artisan") {
            notes.push(
                "Laravel writes to storage/ and bootstrap/cache/, which the read-only root filesystem refuses: mount volumes there (with storage/framework/cache, sessions and views created) before starting it"
                    .to_owned(),
            );
        }
        RunConfig {
            name: plan.app.name.clone(),
            image: image_placeholder(&k8s_name),
            k8s_name,
            title: plan.leaf.title.clone(),
            base,
            base_digest,
            user: run_user(plan, dockerfile),
            port: plan.app.port,
            container_port,
            fastcgi: runtime == "php",
            writable,
            probe: Probe {
                http_path: check.as_ref().and_then(|c| c.http_path.clone()),
                startup_seconds: settings::startup_seconds(runtime),
            },
            image_health_check: check.is_some(),
            resources: settings::resources(runtime),
            notes,
        }
    }

    /// Some of the writable directories hold data worth keeping.
    pub fn keeps_data(&self) -> bool {
        self.writable.iter().any(|w| w.keep)
    }

    /// What the user must fill in or decide in the files written for `with`, one line each.
    pub fn to_fill_in(&self, with: &[Extra]) -> Vec<String> {
        let mut out = Vec::new();
        let names: Vec<&str> = with.iter().map(|e| e.file_name()).collect();
        if !names.is_empty() {
            out.push(format!(
                "{}: the CPU and memory figures are placeholders; set them from what the application uses",
                names.join(" and ")
            ));
        }
        if with.contains(&Extra::Kubernetes) {
            out.push(
                "k8s.yaml: the image is a placeholder; push the image built from the Dockerfile and put its registry path and digest there"
                    .to_owned(),
            );
            out.push(
                "k8s.yaml: only DNS may leave the pod; add an egress rule for each service the application calls"
                    .to_owned(),
            );
            if self.keeps_data() {
                out.push(
                    "k8s.yaml: the emptyDir marked as data loses its files with the pod; replace it with a PersistentVolumeClaim"
                        .to_owned(),
                );
            }
        }
        out.extend(self.notes.iter().cloned());
        out
    }
}

/// What the run templates get: `run` (see `knowledge::templates::RUN_CONTEXT_VARIABLES`).
#[derive(Debug, Serialize)]
struct RunContext<'a> {
    run: &'a RunConfig,
}

/// The run files rendered for a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extras {
    pub config: RunConfig,
    /// Each requested file and its text, in the order of [`Extra::ALL`].
    pub rendered: Vec<(Extra, String)>,
}

impl Extras {
    pub fn get(&self, extra: Extra) -> Option<&str> {
        self.rendered
            .iter()
            .find(|(e, _)| *e == extra)
            .map(|(_, text)| text.as_str())
    }

    /// The files to export next to the Dockerfile.
    pub fn files(&self) -> Vec<crate::export::Artifact> {
        self.rendered
            .iter()
            .map(|(extra, text)| crate::export::Artifact {
                name: extra.file_name(),
                contents: text.clone(),
            })
            .collect()
    }

    /// What the user must fill in, one line each (for the CLI's and TUI's message).
    pub fn to_fill_in(&self) -> Vec<String> {
        let with: Vec<Extra> = self.rendered.iter().map(|(e, _)| *e).collect();
        self.config.to_fill_in(&with)
    }
}

/// Renders the run files `with` asks for (each once, whatever the repeats) for a plan and the
/// Dockerfile rendered from it. This is what the CLI's `--with` uses, and what the TUI's export
/// will call.
pub fn extras(
    knowledge: &Knowledge,
    plan: &Plan,
    dockerfile: &str,
    with: &[Extra],
) -> Result<Extras, RenderError> {
    let config = RunConfig::new(plan, dockerfile);
    let env = environment(&knowledge.templates)?;
    let context = RunContext { run: &config };
    let mut rendered = Vec::new();
    for extra in Extra::ALL {
        if !with.contains(&extra) {
            continue;
        }
        // A team's data directory written before these templates existed has none.
        if knowledge.templates.get(extra.template()).is_none() {
            return Err(RenderError::Template {
                name: extra.template().to_owned(),
                line: None,
                detail: format!(
                    "the data has no templates/{}, which --with {} needs",
                    extra.template(),
                    extra.as_str()
                ),
            });
        }
        rendered.push((extra, render_one(&env, extra.template(), &context)?));
    }
    Ok(Extras { config, rendered })
}

/// Renders one run file's template with `env` (for `check-data`, which renders every leaf with one
/// environment).
pub(super) fn render_in(
    env: &minijinja::Environment<'static>,
    config: &RunConfig,
    extra: Extra,
) -> Result<String, RenderError> {
    render_one(env, extra.template(), &RunContext { run: config })
}

#[cfg(test)]
mod tests;
