//! Registries that misbehave, served by a tiny server of the test's own: each gives a clear error
//! naming the registry, and nothing hangs or reads without bound.

use std::time::Duration;

use basepick::knowledge::ImageRef;
use basepick::registry::{Client, ClientConfig, RegistryError, sha256_digest};

use crate::fake_registry::{FakeRegistry, OCI_MANIFEST, Reply, manifest_body};

/// A client with short waits, so the tests stay quick.
fn client() -> Client {
    Client::new(ClientConfig {
        timeout: Duration::from_secs(1),
        connect_timeout: Duration::from_secs(1),
        attempts: 3,
        backoff: Duration::from_millis(10),
        max_wait: Duration::from_secs(2),
        ..ClientConfig::default()
    })
}

fn image(host: &str, repo_tag: &str) -> ImageRef {
    ImageRef::parse(&format!("{host}/{repo_tag}")).unwrap()
}

fn digest_of(server: &FakeRegistry) -> Result<String, RegistryError> {
    client().digest(&image(&server.host, "team/app:1"))
}

#[test]
fn a_registry_answering_html_is_not_a_registry() {
    let server = FakeRegistry::start(|_| {
        Reply::new(200, "text/html; charset=utf-8", "<html>Sign in</html>")
    });
    let err = digest_of(&server).unwrap_err();
    assert!(matches!(err, RegistryError::NotAManifest { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&format!("the registry {}", server.host)),
        "{message}"
    );
    assert!(message.contains("`text/html`"), "{message}");
}

#[test]
fn a_500_is_tried_again_then_reported() {
    let server = FakeRegistry::start(|_| Reply::new(500, "text/plain", "oops"));
    let err = digest_of(&server).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the registry {} answered HTTP 500 for manifest of {}/team/app:1; gave up after 3 tries",
            server.host, server.host
        )
    );
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|r| r.method == "HEAD" && r.target == "/v2/team/app/manifests/1")
    );
    assert!(
        seen[0]
            .header("accept")
            .is_some_and(|a| a.contains(OCI_MANIFEST))
    );
}

#[test]
fn a_passing_503_is_retried_and_retry_after_is_honoured() {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let body = manifest_body("a1");
    let expected = sha256_digest(body.as_bytes());
    let server = FakeRegistry::start(move |_| {
        if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Reply::new(503, "text/plain", "busy").header("Retry-After", "0")
        } else {
            Reply::new(200, OCI_MANIFEST, body.clone())
                .header("Docker-Content-Digest", &sha256_digest(body.as_bytes()))
        }
    });
    assert_eq!(digest_of(&server).unwrap(), expected);
    let methods: Vec<String> = server.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(
        methods,
        ["HEAD", "HEAD"],
        "the digest comes from the header"
    );
    // A registry asking for a longer wait than basepick allows is reported at once.
    let patient = FakeRegistry::start(|_| {
        Reply::new(429, "text/plain", "slow down").header("Retry-After", "120")
    });
    let err = digest_of(&patient).unwrap_err();
    assert!(err.to_string().contains("HTTP 429"), "{err}");
    assert!(err.to_string().contains("asked to wait 120 s"), "{err}");
    assert_eq!(patient.requests().len(), 1);
}

#[test]
fn an_unknown_media_type_is_named() {
    let schema1 = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    let server = FakeRegistry::start(move |_| Reply::new(200, schema1, "{}"));
    let err = digest_of(&server).unwrap_err();
    assert!(
        matches!(err, RegistryError::UnknownMediaType { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(schema1), "{err}");
}

#[test]
fn a_10_mb_manifest_is_refused_announced_or_not() {
    let big = vec![b' '; 10 * 1024 * 1024];
    let announced = {
        let big = big.clone();
        FakeRegistry::start(move |_| Reply::new(200, OCI_MANIFEST, big.clone()))
    };
    let err = digest_of(&announced).unwrap_err();
    assert!(
        matches!(
            err,
            RegistryError::TooLarge {
                limit: 4_194_304,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains(&announced.host), "{err}");
    let streamed = FakeRegistry::start(move |_| {
        let mut reply = Reply::new(200, OCI_MANIFEST, big.clone());
        reply.unannounced = true;
        reply
    });
    let err = digest_of(&streamed).unwrap_err();
    assert!(matches!(err, RegistryError::TooLarge { .. }), "{err:?}");
}

#[test]
fn a_slow_registry_times_out() {
    let server = FakeRegistry::start(|_| {
        let mut reply = Reply::new(200, OCI_MANIFEST, manifest_body("b2"));
        reply.delay = Duration::from_secs(4);
        reply
    });
    let err = digest_of(&server).unwrap_err();
    assert_eq!(
        err,
        RegistryError::Timeout {
            registry: server.host.clone(),
            seconds: 1
        }
    );
    assert_eq!(server.requests().len(), 1, "a timeout is not tried again");
    // Once silent, the registry is not asked again by the same client: other images fail at once.
    let c = client();
    assert!(c.digest(&image(&server.host, "team/a:1")).is_err());
    let err = c.digest(&image(&server.host, "team/b:1")).unwrap_err();
    assert!(matches!(err, RegistryError::Timeout { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn an_offline_registry_is_reported_without_retrying() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let host = format!("127.0.0.1:{port}");
    let err = client().digest(&image(&host, "team/app:1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot reach the registry {host}: connection refused (is it running, or are you offline?)"
        )
    );
}

/// A registry that refuses HEAD gets a GET, whose content is hashed and checked against the digest
/// the registry claims.
#[test]
fn a_digest_that_does_not_match_the_content_is_refused() {
    let server = FakeRegistry::start(|r| {
        if r.method == "HEAD" {
            return Reply::new(405, "text/plain", "");
        }
        Reply::new(200, OCI_MANIFEST, manifest_body("c3")).header(
            "Docker-Content-Digest",
            &format!("sha256:{}", "0".repeat(64)),
        )
    });
    let err = digest_of(&server).unwrap_err();
    assert!(
        matches!(err, RegistryError::DigestMismatch { .. }),
        "{err:?}"
    );
    let methods: Vec<String> = server.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["HEAD", "GET"]);
}

/// The anonymous token flow public registries use: a 401 naming a realm, a token from it, the
/// request again with the token; a second repository on the same registry gets its token first.
#[test]
fn bearer_tokens_are_fetched_from_the_realm_the_challenge_names() {
    let body = manifest_body("d4");
    let expected = sha256_digest(body.as_bytes());
    let realm = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let server = {
        let realm = realm.clone();
        FakeRegistry::start(move |r| {
            let realm = realm.get().cloned().unwrap_or_default();
            if r.target.starts_with("/token?") {
                let scope = if r.target.contains("scope=repository%3Ateam%2Fapp%3Apull") {
                    "app"
                } else {
                    "other"
                };
                return Reply::new(
                    200,
                    "application/json",
                    format!(r#"{{"token":"tok-{scope}"}}"#),
                );
            }
            match r.header("authorization") {
                Some("Bearer tok-app") if r.target.starts_with("/v2/team/app/") => {
                    Reply::new(200, OCI_MANIFEST, body.clone())
                }
                Some("Bearer tok-other") if r.target.starts_with("/v2/team/other/") => {
                    Reply::new(200, OCI_MANIFEST, body.clone())
                }
                _ => Reply::new(401, "application/json", r#"{"errors":[{"code":"UNAUTHORIZED"}]}"#).header(
                    "WWW-Authenticate",
                    &format!(r#"Bearer realm="{realm}",service="fake-registry",scope="repository:team/app:pull""#),
                ),
            }
        })
    };
    realm.set(format!("http://{}/token", server.host)).unwrap();
    let c = client();
    assert_eq!(
        c.digest(&image(&server.host, "team/app:1")).unwrap(),
        expected
    );
    assert_eq!(
        c.digest(&image(&server.host, "team/other:2")).unwrap(),
        expected
    );
    let seen = server.requests();
    let challenged = seen
        .iter()
        .filter(|r| r.header("authorization").is_none() && r.target.starts_with("/v2/"))
        .count();
    assert_eq!(
        challenged, 1,
        "only the first request meets the challenge: {seen:#?}"
    );
    let token_request = seen
        .iter()
        .find(|r| r.target.starts_with("/token?"))
        .unwrap();
    assert!(
        token_request.target.contains("service=fake-registry"),
        "{token_request:?}"
    );
    assert!(
        token_request.header("authorization").is_none(),
        "anonymous without credentials"
    );
}

#[test]
fn a_token_realm_gets_the_docker_config_credentials() {
    let body = manifest_body("e5");
    let realm = std::sync::Arc::new(std::sync::OnceLock::<String>::new());
    let server = {
        let realm = realm.clone();
        FakeRegistry::start(move |r| {
            if r.target.starts_with("/token?") {
                // "ci:hunter2" in base64
                return if r.header("authorization") == Some("Basic Y2k6aHVudGVyMg==") {
                    Reply::new(200, "application/json", r#"{"access_token":"private"}"#)
                } else {
                    Reply::new(401, "application/json", "{}")
                };
            }
            if r.header("authorization") == Some("Bearer private") {
                return Reply::new(200, OCI_MANIFEST, body.clone());
            }
            let realm = realm.get().cloned().unwrap_or_default();
            Reply::new(401, "application/json", "{}")
                .header("WWW-Authenticate", &format!(r#"Bearer realm="{realm}""#))
        })
    };
    realm.set(format!("http://{}/token", server.host)).unwrap();
    let docker = tempfile::tempdir().unwrap();
    std::fs::write(
        docker.path().join("config.json"),
        format!(
            r#"{{"auths":{{"{}":{{"auth":"Y2k6aHVudGVyMg=="}}}}}}"#,
            server.host
        ),
    )
    .unwrap();
    let with_credentials = Client::new(ClientConfig {
        docker_config: Some(docker.path().to_owned()),
        ..ClientConfig::default()
    });
    assert!(
        with_credentials
            .digest(&image(&server.host, "team/app:1"))
            .is_ok()
    );
    let err = client()
        .digest(&image(&server.host, "team/app:1"))
        .unwrap_err();
    assert!(matches!(err, RegistryError::Unauthorised { .. }), "{err:?}");
}
