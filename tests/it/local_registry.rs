//! A real registry on 127.0.0.1 for the tests: Debian's `docker-registry` (the CNCF distribution
//! registry) on a free port with its storage in a temporary directory; images built with `umoci` and
//! pushed with `skopeo`; digests read back with `skopeo inspect` to compare with basepick's.
//!
//! Stopping: the registry runs under a small shell that waits on a pipe from the test process, and
//! when the pipe closes stops the registry and removes its storage. `Drop` closes it; and when the
//! test binary ends in any way (pass, failure, panic, even SIGKILL) the operating system closes it
//! too, so the shared registries in `static`s, which are never dropped, stop with the tests.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tempfile::TempDir;

pub const USER: &str = "tester";
pub const PASSWORD: &str = "s3cret-pass";

/// When the seeded images were built (their configuration's `created`).
pub const CREATED: &str = "2026-11-20T08:00:00Z";

pub struct LocalRegistry {
    /// `127.0.0.1:PORT`
    pub host: String,
    /// Whether pulls need `USER`/`PASSWORD`.
    pub auth: bool,
    watchdog: Child,
    pipe: Option<ChildStdin>,
    pub dir: TempDir,
}

impl Drop for LocalRegistry {
    fn drop(&mut self) {
        drop(self.pipe.take()); // the watchdog stops the registry and exits
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.watchdog.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.watchdog.kill();
        let _ = self.watchdog.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

pub fn run(cmd: &mut Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| {
        panic!("{cmd:?}: {e} (scripts/test installs docker-registry, umoci, skopeo and htpasswd)")
    });
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl LocalRegistry {
    /// Starts a registry (with htpasswd authentication when `auth`) and waits until it answers.
    pub fn start(auth: bool) -> LocalRegistry {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::try_start(auth) {
                Ok(r) => return r,
                Err(e) => last = e, // the port was taken in between: try another
            }
        }
        panic!("the test registry did not start: {last}");
    }

    fn try_start(auth: bool) -> Result<LocalRegistry, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let host = format!("127.0.0.1:{}", free_port());
        let mut config = format!(
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: {host}\n",
            dir.path().join("storage").display()
        );
        if auth {
            let htpasswd = run(Command::new("htpasswd").args(["-Bbn", USER, PASSWORD]));
            std::fs::write(dir.path().join("htpasswd"), htpasswd).map_err(|e| e.to_string())?;
            let htpasswd = dir.path().join("htpasswd");
            let _ = write!(
                config,
                "auth:\n  htpasswd:\n    realm: basepick-test\n    path: {}\n",
                htpasswd.display()
            );
        }
        let config_path = dir.path().join("config.yml");
        std::fs::write(&config_path, config).map_err(|e| e.to_string())?;
        let log =
            std::fs::File::create(dir.path().join("registry.log")).map_err(|e| e.to_string())?;
        let mut watchdog = Command::new("sh")
            .args([
                "-c",
                r#"docker-registry serve "$1" & pid=$!; read _; kill "$pid"; wait "$pid"; rm -rf "$2""#,
                "watchdog",
            ])
            .arg(&config_path)
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("docker-registry: {e}"))?;
        let pipe = watchdog.stdin.take();
        let registry = LocalRegistry {
            host,
            auth,
            watchdog,
            pipe,
            dir,
        };
        registry.wait_until_ready()?;
        Ok(registry)
    }

    fn wait_until_ready(&self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(mut s) = std::net::TcpStream::connect(&self.host) {
                use std::io::Write;
                let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                let _ = write!(s, "GET /v2/ HTTP/1.0\r\nHost: {}\r\n\r\n", self.host);
                let mut head = [0u8; 12];
                if s.read_exact(&mut head).is_ok() {
                    let status = String::from_utf8_lossy(&head[9..12]).into_owned();
                    if status == "200" || status == "401" {
                        return Ok(());
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = std::fs::read_to_string(self.dir.path().join("registry.log")).unwrap_or_default();
        Err(format!("{} never answered; log:\n{log}", self.host))
    }

    /// `HOST/repo:tag`
    pub fn image(&self, repo_tag: &str) -> String {
        format!("{}/{repo_tag}", self.host)
    }

    fn creds(&self) -> Vec<String> {
        if self.auth {
            vec!["--creds".to_owned(), format!("{USER}:{PASSWORD}")]
        } else {
            Vec::new()
        }
    }

    /// Pushes `name` from an OCI layout as `repo:tag`; `all` copies every image of an index;
    /// `docker` converts to Docker's schema 2 media types.
    pub fn push(&self, layout: &Layout, name: &str, repo_tag: &str, all: bool, docker: bool) {
        let mut cmd = Command::new("skopeo");
        cmd.args([
            "--insecure-policy",
            "copy",
            "--quiet",
            "--dest-tls-verify=false",
        ]);
        if self.auth {
            cmd.args(["--dest-creds", &format!("{USER}:{PASSWORD}")]);
        }
        if all {
            cmd.arg("--all");
        }
        if docker {
            cmd.args(["--format", "v2s2"]);
        }
        cmd.arg(format!("oci:{}:{name}", layout.dir.display()))
            .arg(format!("docker://{}", self.image(repo_tag)));
        run(&mut cmd);
    }

    /// The digest `skopeo inspect` reports for `repo:tag` (for an index: the index's digest).
    pub fn skopeo_digest(&self, repo_tag: &str) -> String {
        let out = run(Command::new("skopeo")
            .args(["inspect", "--tls-verify=false", "--format", "{{.Digest}}"])
            .args(self.creds())
            .arg(format!("docker://{}", self.image(repo_tag))));
        out.trim().to_owned()
    }

    /// The raw manifest `skopeo` reads for `repo:tag` or `repo@digest`.
    pub fn skopeo_raw(&self, reference: &str) -> serde_json::Value {
        let out = run(Command::new("skopeo")
            .args(["inspect", "--tls-verify=false", "--raw"])
            .args(self.creds())
            .arg(format!("docker://{}", self.image(reference))));
        serde_json::from_str(&out).expect("skopeo prints a JSON manifest")
    }

    /// A Docker config directory holding this registry's credentials (`password` as given).
    pub fn docker_config(&self, password: &str) -> TempDir {
        use base64::Engine;
        let dir = tempfile::tempdir().unwrap();
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{password}"));
        std::fs::write(
            dir.path().join("config.json"),
            format!(r#"{{"auths": {{"{}": {{"auth": "{auth}"}}}}}}"#, self.host),
        )
        .unwrap();
        dir
    }
}

/// An OCI image layout built with umoci.
pub struct Layout {
    pub dir: PathBuf,
    root: TempDir,
}

impl Layout {
    pub fn new() -> Layout {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("oci");
        run(Command::new("umoci").args(["init", "--layout"]).arg(&dir));
        Layout { dir, root }
    }

    fn image_arg(&self, name: &str) -> String {
        format!("{}:{name}", self.dir.display())
    }

    /// A one-layer image for `arch` holding `size` bytes that do not compress (so its compressed
    /// size is known to within the archive's overhead), seeded by `seed` so images differ.
    pub fn image(&self, name: &str, arch: &str, size: usize, seed: u64) {
        run(Command::new("umoci").args(["new", "--image", &self.image_arg(name)]));
        let file = self.root.path().join(format!("{name}.bin"));
        std::fs::write(&file, noise(size, seed)).unwrap();
        run(Command::new("umoci")
            .args(["insert", "--rootless", "--image", &self.image_arg(name)])
            .arg(&file)
            .arg("/payload.bin"));
        run(Command::new("umoci").args([
            "config",
            "--image",
            &self.image_arg(name),
            "--architecture",
            arch,
            "--os",
            "linux",
            "--created",
            CREATED,
        ]));
    }

    /// An OCI index named `name` over images already in the layout: `(image, arch, variant)`.
    pub fn index(&self, name: &str, entries: &[(&str, &str, Option<&str>)]) {
        let index_path = self.dir.join("index.json");
        let mut top: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&index_path).unwrap()).unwrap();
        let refs = top["manifests"].as_array().unwrap().clone();
        let find = |image: &str| {
            refs.iter()
                .find(|d| d["annotations"]["org.opencontainers.image.ref.name"] == image)
                .unwrap_or_else(|| panic!("no image {image} in the layout"))
                .clone()
        };
        let manifests: Vec<serde_json::Value> = entries
            .iter()
            .map(|(image, arch, variant)| {
                let d = find(image);
                let mut platform = serde_json::json!({"architecture": arch, "os": "linux"});
                if let Some(v) = variant {
                    platform["variant"] = serde_json::json!(v);
                }
                serde_json::json!({"mediaType": d["mediaType"], "digest": d["digest"], "size": d["size"], "platform": platform})
            })
            .collect();
        let index = serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": manifests,
        });
        let bytes = serde_json::to_vec(&index).unwrap();
        let digest = basepick::registry::sha256_digest(&bytes);
        let hex = digest.trim_start_matches("sha256:");
        std::fs::write(self.dir.join("blobs/sha256").join(hex), &bytes).unwrap();
        top["manifests"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "mediaType": "application/vnd.oci.image.index.v1+json",
                "digest": digest,
                "size": bytes.len(),
                "annotations": {"org.opencontainers.image.ref.name": name},
            }));
        std::fs::write(&index_path, serde_json::to_vec(&top).unwrap()).unwrap();
    }
}

/// Bytes that do not compress: a xorshift stream.
fn noise(size: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

/// The shared open registry, seeded once:
/// - `team/app:1`: one linux/amd64 image (OCI), 300 kB of payload;
/// - `team/multi:1`: an OCI index of linux/amd64 and linux/arm64/v8;
/// - `team/docker:1`: the amd64 image in Docker's schema 2 media types;
/// - `team/armonly:1`: a linux/arm64 image alone.
pub fn open() -> &'static LocalRegistry {
    static OPEN: OnceLock<LocalRegistry> = OnceLock::new();
    OPEN.get_or_init(|| {
        let registry = LocalRegistry::start(false);
        let layout = Layout::new();
        layout.image("amd", "amd64", 300_000, 1);
        layout.image("arm", "arm64", 200_000, 2);
        layout.index(
            "multi",
            &[("amd", "amd64", None), ("arm", "arm64", Some("v8"))],
        );
        registry.push(&layout, "amd", "team/app:1", false, false);
        registry.push(&layout, "multi", "team/multi:1", true, false);
        registry.push(&layout, "amd", "team/docker:1", false, true);
        registry.push(&layout, "arm", "team/armonly:1", false, false);
        registry
    })
}

/// The shared registry that needs `USER`/`PASSWORD`, seeded with `private/app:1`.
pub fn private() -> &'static LocalRegistry {
    static PRIVATE: OnceLock<LocalRegistry> = OnceLock::new();
    PRIVATE.get_or_init(|| {
        let registry = LocalRegistry::start(true);
        let layout = Layout::new();
        layout.image("amd", "amd64", 1_000, 3);
        registry.push(&layout, "amd", "private/app:1", false, false);
        registry
    })
}

/// A Dockerfile in a temporary directory.
pub fn dockerfile(text: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Whether a path's parent holds temporary files left by a write.
pub fn leftovers(path: &Path) -> Vec<String> {
    std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}
