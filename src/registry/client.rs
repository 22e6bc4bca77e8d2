//! The HTTP side of the distribution API: one blocking client with timeouts, bounded bodies, retries
//! with backoff on 429 and 5xx (honouring `Retry-After`) and the registry's authentication challenge.
//! Plain HTTP is used only for registries on the loopback interface.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use ureq::Agent;
use ureq::http::Response;

use super::auth::Auth;
use super::error::RegistryError;
use super::wire::{header, not_found_detail, retry_after, status_error, transient};

/// Largest manifest or index read (real ones are a few KiB; a multi-platform index rarely 100 KiB).
pub const MANIFEST_LIMIT: u64 = 4 * 1024 * 1024;
/// Largest image configuration blob read.
pub const CONFIG_LIMIT: u64 = 4 * 1024 * 1024;
/// Largest token response read.
pub(crate) const TOKEN_LIMIT: u64 = 1024 * 1024;

/// How the client talks to registries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Longest a whole request (connect, send, read) may take.
    pub timeout: Duration,
    /// Longest a connection may take to open.
    pub connect_timeout: Duration,
    /// Tries per request when the registry answers 429 or 5xx, or drops the connection.
    pub attempts: u32,
    /// The first wait before trying again; it doubles with each try.
    pub backoff: Duration,
    /// The longest `Retry-After` honoured; a registry asking for more is reported instead.
    pub max_wait: Duration,
    /// Largest manifest accepted.
    pub manifest_limit: u64,
    /// Directory holding Docker's `config.json` (credentials); `None` reads none.
    pub docker_config: Option<PathBuf>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            attempts: 3,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_mins(1),
            manifest_limit: MANIFEST_LIMIT,
            docker_config: None,
        }
    }
}

impl ClientConfig {
    /// The defaults, with credentials from `$DOCKER_CONFIG` or `~/.docker`, as the Docker CLI reads them.
    pub fn from_env() -> Self {
        let docker_config = std::env::var_os("DOCKER_CONFIG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".docker")));
        ClientConfig {
            docker_config,
            ..ClientConfig::default()
        }
    }
}

/// A registry and a repository on it, as requests address them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Target {
    /// Host and port, e.g. `registry-1.docker.io` or `127.0.0.1:5000`.
    pub host: String,
    /// The API repository, e.g. `library/python`.
    pub repository: String,
}

impl Target {
    /// `http` for loopback registries, `https` for every other.
    pub fn scheme(&self) -> &'static str {
        if is_loopback(&self.host) {
            "http"
        } else {
            "https"
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!(
            "{}://{}/v2/{}/{path}",
            self.scheme(),
            self.host,
            self.repository
        )
    }
}

/// Whether a registry host (with or without port) is this machine.
pub fn is_loopback(host: &str) -> bool {
    let name = if host.starts_with('[') {
        host.split_once(']').map_or(host, |(h, _)| &h[1..])
    } else {
        host.split(':').next().unwrap_or(host)
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

/// A body read from a registry.
#[derive(Debug, Clone)]
pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    /// The media type from `Content-Type`, without parameters, lower case.
    pub content_type: Option<String>,
    /// `Docker-Content-Digest`, when the registry sent it.
    pub digest: Option<String>,
}

/// A registry client: share one across threads; it caches tokens per repository.
#[derive(Debug)]
pub struct Client {
    pub(crate) config: ClientConfig,
    remote: Agent,
    local: Agent,
    pub(crate) auth: Auth,
    /// Registries found unreachable or silent: later requests fail at once instead of waiting again.
    down: Mutex<HashMap<String, RegistryError>>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Self {
        let builder = || {
            Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(config.timeout))
                .timeout_connect(Some(config.connect_timeout))
                .user_agent(concat!("basepick/", env!("CARGO_PKG_VERSION")))
                .max_redirects(5)
        };
        // Another host may redirect blobs to storage, but never down to plain HTTP.
        let remote = builder().https_only(true).build().new_agent();
        let local = builder().proxy(None).build().new_agent();
        Client {
            auth: Auth::new(config.docker_config.clone()),
            config,
            remote,
            local,
            down: Mutex::new(HashMap::new()),
        }
    }

    /// A client configured from the environment (see [`ClientConfig::from_env`]).
    pub fn from_env() -> Self {
        Client::new(ClientConfig::from_env())
    }

    pub(crate) fn agent_for(&self, host: &str) -> &Agent {
        if is_loopback(host) {
            &self.local
        } else {
            &self.remote
        }
    }

    /// GETs `path` below the repository, answering the registry's challenge once and retrying
    /// 429/5xx; reads at most `limit` bytes. `what` names the object in errors.
    pub(crate) fn get(
        &self,
        target: &Target,
        path: &str,
        accept: &str,
        limit: u64,
        what: &str,
    ) -> Result<Fetched, RegistryError> {
        self.send(target, path, accept, Some(limit), what)
    }

    /// The same as a HEAD request: headers only (`bytes` stays empty).
    pub(crate) fn head(
        &self,
        target: &Target,
        path: &str,
        accept: &str,
        what: &str,
    ) -> Result<Fetched, RegistryError> {
        self.send(target, path, accept, None, what)
    }

    /// GET with a body limit, HEAD without.
    fn send(
        &self,
        target: &Target,
        path: &str,
        accept: &str,
        limit: Option<u64>,
        what: &str,
    ) -> Result<Fetched, RegistryError> {
        let down = |m: &Mutex<HashMap<String, RegistryError>>| {
            m.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&target.host)
                .cloned()
        };
        if let Some(e) = down(&self.down) {
            return Err(e);
        }
        let result = self.exchange(target, path, accept, limit, what);
        if let Err(e @ (RegistryError::Unreachable { .. } | RegistryError::Timeout { .. })) =
            &result
            && e.registry() == target.host
        {
            self.down
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(target.host.clone(), e.clone());
        }
        result
    }

    fn exchange(
        &self,
        target: &Target,
        path: &str,
        accept: &str,
        limit: Option<u64>,
        what: &str,
    ) -> Result<Fetched, RegistryError> {
        let url = target.url(path);
        let mut authorization = self.auth.known(self, target)?;
        let mut challenged = false;
        let mut attempt = 1;
        loop {
            let agent = self.agent_for(&target.host);
            let request = match limit {
                Some(_) => agent.get(&url),
                None => agent.head(&url),
            };
            let mut request = request.header("Accept", accept);
            if let Some(value) = &authorization {
                request = request.header("Authorization", value);
            }
            let response = match request.call() {
                Ok(r) => r,
                Err(e) => {
                    let error = self.transport_error(&target.host, &e);
                    if transient(&e) && attempt < self.config.attempts {
                        std::thread::sleep(self.backoff(attempt));
                        attempt += 1;
                        continue;
                    }
                    return Err(error);
                }
            };
            let status = response.status().as_u16();
            match status {
                200 => return self.read(target, response, limit, what),
                401 if !challenged => {
                    challenged = true;
                    let challenge = header(&response, "www-authenticate");
                    authorization = Some(self.auth.answer(self, target, challenge.as_deref())?);
                }
                401 | 403 => return Err(self.auth.refused(target)),
                404 => {
                    return Err(RegistryError::NotFound {
                        registry: target.host.clone(),
                        what: format!("{what}{}", not_found_detail(response)),
                    });
                }
                429 | 500..=599 => {
                    let asked = header(&response, "retry-after").and_then(|v| retry_after(&v));
                    let wait = asked.unwrap_or_else(|| self.backoff(attempt));
                    let retry = if attempt >= self.config.attempts {
                        format!("; gave up after {attempt} tries")
                    } else if wait > self.config.max_wait {
                        format!(
                            "; it asked to wait {} s before trying again, longer than basepick waits",
                            wait.as_secs()
                        )
                    } else {
                        std::thread::sleep(wait);
                        attempt += 1;
                        continue;
                    };
                    return Err(status_error(target, status, what, retry));
                }
                _ => return Err(status_error(target, status, what, String::new())),
            }
        }
    }

    fn read(
        &self,
        target: &Target,
        mut response: Response<ureq::Body>,
        limit: Option<u64>,
        what: &str,
    ) -> Result<Fetched, RegistryError> {
        let too_large = |limit| RegistryError::TooLarge {
            registry: target.host.clone(),
            what: what.to_owned(),
            limit,
        };
        let content_type = header(&response, "content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
        let digest = header(&response, "docker-content-digest");
        let Some(limit) = limit else {
            return Ok(Fetched {
                bytes: Vec::new(),
                content_type,
                digest,
            });
        };
        let announced = header(&response, "content-length").and_then(|v| v.parse::<u64>().ok());
        if announced.is_some_and(|n| n > limit) {
            return Err(too_large(limit));
        }
        let bytes = match response.body_mut().with_config().limit(limit).read_to_vec() {
            Ok(b) => b,
            Err(ureq::Error::BodyExceedsLimit(_)) => return Err(too_large(limit)),
            Err(e) => return Err(self.transport_error(&target.host, &e)),
        };
        Ok(Fetched {
            bytes,
            content_type,
            digest,
        })
    }

    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        self.config
            .backoff
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
    }

    /// A transport failure in words that name the registry.
    pub(crate) fn transport_error(&self, host: &str, e: &ureq::Error) -> RegistryError {
        let unreachable = |detail: String| RegistryError::Unreachable {
            registry: host.to_owned(),
            detail,
        };
        match e {
            ureq::Error::Timeout(_) => RegistryError::Timeout {
                registry: host.to_owned(),
                seconds: self.config.timeout.as_secs(),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                RegistryError::Timeout {
                    registry: host.to_owned(),
                    seconds: self.config.timeout.as_secs(),
                }
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                unreachable("connection refused (is it running, or are you offline?)".to_owned())
            }
            ureq::Error::HostNotFound => {
                unreachable("its name does not resolve (are you offline?)".to_owned())
            }
            // The system resolver's failure arrives as a plain I/O error.
            ureq::Error::Io(io) if io.to_string().contains("lookup address") => {
                unreachable("its name does not resolve (are you offline?)".to_owned())
            }
            other => unreachable(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests;
