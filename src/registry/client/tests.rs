use super::*;

#[test]
fn plain_http_only_on_loopback() {
    for host in [
        "localhost",
        "localhost:5000",
        "127.0.0.1:41234",
        "[::1]:5000",
    ] {
        assert!(is_loopback(host), "{host}");
    }
    for host in [
        "registry-1.docker.io",
        "127.0.0.2:5000",
        "localhost.example.com",
        "gcr.io",
    ] {
        assert!(!is_loopback(host), "{host}");
    }
    let t = Target {
        host: "ghcr.io".to_owned(),
        repository: "a/b".to_owned(),
    };
    assert_eq!(t.url("manifests/1"), "https://ghcr.io/v2/a/b/manifests/1");
}

#[test]
fn backoff_doubles() {
    let c = Client::new(ClientConfig {
        backoff: Duration::from_millis(100),
        ..ClientConfig::default()
    });
    assert_eq!(c.backoff(1), Duration::from_millis(100));
    assert_eq!(c.backoff(3), Duration::from_millis(400));
}
