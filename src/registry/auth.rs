//! Answering a registry's `WWW-Authenticate` challenge: a bearer token from the realm it names
//! (anonymous, or with the user's credentials), or HTTP Basic with the user's credentials.
//! Credentials come from Docker's `config.json` (`auths`, `credHelpers`, `credsStore`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use base64::Engine;
use docker_credential::{CredentialRetrievalError, DockerCredential};
use serde::Deserialize;

use super::client::{Client, TOKEN_LIMIT, Target, is_loopback};
use super::error::RegistryError;
use crate::knowledge::files;

/// Largest Docker config file read.
const CONFIG_FILE_LIMIT: u64 = 1024 * 1024;

/// What a registry asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Challenge {
    Basic,
    Bearer {
        realm: String,
        service: Option<String>,
    },
}

/// Tokens per repository, challenges per registry, credentials per registry.
#[derive(Debug)]
pub(crate) struct Auth {
    docker_config: Option<PathBuf>,
    tokens: Mutex<HashMap<Target, String>>,
    challenges: Mutex<HashMap<String, Challenge>>,
    credentials: Mutex<HashMap<String, Lookup>>,
}

/// The outcome of looking credentials up for one registry.
#[derive(Debug, Clone)]
enum Lookup {
    Found(Credential),
    None,
    /// The config names a helper or holds an entry that could not be used.
    Failed(String),
}

#[derive(Debug, Clone)]
enum Credential {
    Password(String, String),
    IdentityToken(String),
}

impl Auth {
    pub(crate) fn new(docker_config: Option<PathBuf>) -> Self {
        Auth {
            docker_config,
            tokens: Mutex::new(HashMap::new()),
            challenges: Mutex::new(HashMap::new()),
            credentials: Mutex::new(HashMap::new()),
        }
    }

    /// The `Authorization` value to send first: a token already fetched for the repository, or one
    /// fetched now when the registry challenged an earlier request.
    pub(crate) fn known(
        &self,
        client: &Client,
        target: &Target,
    ) -> Result<Option<String>, RegistryError> {
        if let Some(token) = lock(&self.tokens).get(target) {
            return Ok(Some(token.clone()));
        }
        let challenge = lock(&self.challenges).get(&target.host).cloned();
        match challenge {
            Some(c) => self.authorise(client, target, &c).map(Some),
            None => Ok(None),
        }
    }

    /// Answers a 401: parses the challenge and returns the `Authorization` value to retry with.
    pub(crate) fn answer(
        &self,
        client: &Client,
        target: &Target,
        header: Option<&str>,
    ) -> Result<String, RegistryError> {
        let challenge = header
            .and_then(parse_challenge)
            .ok_or_else(|| self.refused(target))?;
        lock(&self.challenges).insert(target.host.clone(), challenge.clone());
        self.authorise(client, target, &challenge)
    }

    fn authorise(
        &self,
        client: &Client,
        target: &Target,
        challenge: &Challenge,
    ) -> Result<String, RegistryError> {
        let value = match challenge {
            Challenge::Basic => match self.credential(&target.host) {
                Lookup::Found(Credential::Password(user, password)) => basic(&user, &password),
                _ => return Err(self.refused(target)),
            },
            Challenge::Bearer { realm, service } => {
                format!(
                    "Bearer {}",
                    self.token(client, target, realm, service.as_deref())?
                )
            }
        };
        lock(&self.tokens).insert(target.clone(), value.clone());
        Ok(value)
    }

    /// Fetches a pull token for the repository from the realm.
    fn token(
        &self,
        client: &Client,
        target: &Target,
        realm: &str,
        service: Option<&str>,
    ) -> Result<String, RegistryError> {
        let realm_host = realm
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default();
        let agent = client.agent_for(realm_host);
        let scope = format!("repository:{}:pull", target.repository);
        let credential = match self.credential(&target.host) {
            Lookup::Found(c) => Some(c),
            _ => None,
        };
        // Credentials go only to a realm reached over TLS or on this machine.
        let credential =
            credential.filter(|_| realm.starts_with("https://") || is_loopback(realm_host));
        let what = format!("a token for {}", target.repository);
        let result = match &credential {
            Some(Credential::IdentityToken(refresh)) => {
                let mut form = vec![
                    ("grant_type", "refresh_token"),
                    ("client_id", "basepick"),
                    ("scope", scope.as_str()),
                    ("refresh_token", refresh.as_str()),
                ];
                if let Some(s) = service {
                    form.push(("service", s));
                }
                agent.post(realm).send_form(form)
            }
            other => {
                let mut request = agent.get(realm).query("scope", &scope);
                if let Some(s) = service {
                    request = request.query("service", s);
                }
                if let Some(Credential::Password(user, password)) = other {
                    request = request.header("Authorization", &basic(user, password));
                }
                request.call()
            }
        };
        let mut response = result.map_err(|e| client.transport_error(realm_host, &e))?;
        match response.status().as_u16() {
            200 => {}
            401 | 403 => return Err(self.refused(target)),
            status => {
                return Err(RegistryError::Status {
                    registry: target.host.clone(),
                    status,
                    what,
                    retry: String::new(),
                });
            }
        }
        let malformed = |detail: String| RegistryError::Malformed {
            registry: target.host.clone(),
            what: what.clone(),
            detail,
        };
        let bytes = response
            .body_mut()
            .with_config()
            .limit(TOKEN_LIMIT)
            .read_to_vec()
            .map_err(|e| malformed(e.to_string()))?;
        let answer: TokenAnswer =
            serde_json::from_slice(&bytes).map_err(|e| malformed(e.to_string()))?;
        answer
            .token
            .or(answer.access_token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| malformed("it holds no token".to_owned()))
    }

    /// The error for a registry that refused access, with what the user can do about it.
    pub(crate) fn refused(&self, target: &Target) -> RegistryError {
        let server = credential_server(&target.host);
        let hint = match self.credential(&target.host) {
            Lookup::Found(_) => format!("; the credentials for {server} were refused"),
            Lookup::Failed(why) => {
                format!("; the credentials for {server} could not be read: {why}")
            }
            Lookup::None => format!(
                "; log in with `docker login {server}` (basepick reads $DOCKER_CONFIG/config.json or ~/.docker/config.json), or check the image name"
            ),
        };
        RegistryError::Unauthorised {
            registry: target.host.clone(),
            repository: target.repository.clone(),
            hint,
        }
    }

    fn credential(&self, host: &str) -> Lookup {
        if let Some(found) = lock(&self.credentials).get(host) {
            return found.clone();
        }
        let found = self.look_up(host);
        lock(&self.credentials).insert(host.to_owned(), found.clone());
        found
    }

    fn look_up(&self, host: &str) -> Lookup {
        let Some(dir) = &self.docker_config else {
            return Lookup::None;
        };
        let path = dir.join("config.json");
        let bytes = match files::read_bytes(&path, CONFIG_FILE_LIMIT) {
            Ok(b) => b,
            Err(e) if e.is_not_found() => return Lookup::None,
            Err(e) => return Lookup::Failed(format!("{}: {e}", path.display())),
        };
        match docker_credential::get_credential_from_reader(
            bytes.as_slice(),
            &credential_server(host),
        ) {
            Ok(DockerCredential::UsernamePassword(u, p)) => {
                Lookup::Found(Credential::Password(u, p))
            }
            Ok(DockerCredential::IdentityToken(t)) => Lookup::Found(Credential::IdentityToken(t)),
            Err(CredentialRetrievalError::NoCredentialConfigured) => Lookup::None,
            Err(e) => Lookup::Failed(format!("{} ({})", e, path.display())),
        }
    }
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    token: Option<String>,
    access_token: Option<String>,
}

/// The key Docker files a registry's credentials under: Docker Hub's historical URL, else the host.
fn credential_server(host: &str) -> String {
    if host == crate::knowledge::imageref::DOCKER_HUB_API {
        "https://index.docker.io/v1/".to_owned()
    } else {
        host.to_owned()
    }
}

fn basic(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere cannot leave a token cache in a state worth refusing.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Parses `Bearer realm="…",service="…",scope="…"` or `Basic realm="…"`.
pub(crate) fn parse_challenge(header: &str) -> Option<Challenge> {
    let header = header.trim();
    let (scheme, params) = header.split_once(' ').unwrap_or((header, ""));
    let params = parse_params(params);
    match scheme.to_ascii_lowercase().as_str() {
        "basic" => Some(Challenge::Basic),
        "bearer" => Some(Challenge::Bearer {
            realm: params.get("realm").filter(|r| !r.is_empty())?.clone(),
            service: params.get("service").cloned(),
        }),
        _ => None,
    }
}

/// `key="value", key=value` pairs; quoted values may hold commas.
fn parse_params(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else {
            break;
        };
        let key = key
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            }
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim(), &after[end..])
        };
        out.insert(key, value.to_owned());
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bearer_and_basic_challenges() {
        let hub = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull""#;
        assert_eq!(
            parse_challenge(hub),
            Some(Challenge::Bearer {
                realm: "https://auth.docker.io/token".to_owned(),
                service: Some("registry.docker.io".to_owned()),
            })
        );
        let multi = r#"Bearer realm="https://ghcr.io/token", scope="repository:a/b:pull,push",service=ghcr.io"#;
        let Some(Challenge::Bearer { service, .. }) = parse_challenge(multi) else {
            panic!("bearer expected");
        };
        assert_eq!(service.as_deref(), Some("ghcr.io"));
        assert_eq!(
            parse_challenge(r#"Basic realm="basic-realm""#),
            Some(Challenge::Basic)
        );
        assert_eq!(parse_challenge("Bearer service=\"x\""), None);
        assert_eq!(parse_challenge("Negotiate"), None);
    }

    #[test]
    fn credentials_come_from_the_docker_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"auths": {"127.0.0.1:5000": {"auth": "dXNlcjpzZWNyZXQ="}}}"#,
        )
        .unwrap();
        let auth = Auth::new(Some(dir.path().to_owned()));
        assert!(matches!(
            auth.credential("127.0.0.1:5000"),
            Lookup::Found(Credential::Password(u, p)) if u == "user" && p == "secret"
        ));
        assert!(matches!(auth.credential("quay.io"), Lookup::None));
        let none = Auth::new(Some(dir.path().join("missing")));
        assert!(matches!(none.credential("quay.io"), Lookup::None));
    }

    #[test]
    fn docker_hub_credentials_use_the_index_url() {
        assert_eq!(
            credential_server("registry-1.docker.io"),
            "https://index.docker.io/v1/"
        );
        assert_eq!(credential_server("ghcr.io"), "ghcr.io");
    }
}
