//! Per runtime and image: the directories a container must be able to write with a read-only root
//! filesystem, the resource placeholders and how long the application may take to start.
//!
//! Where the paths come from:
//! - `/tmp` everywhere: every runtime's temporary-file API defaults to it (Python's `tempfile`,
//!   Node's `os.tmpdir()`, Go's `os.TempDir`, Ruby's `Dir.tmpdir`, the JVM's `java.io.tmpdir`, .NET's
//!   `Path.GetTempPath`). The JVM also keeps its `hsperfdata_<user>` files there, and libraries such
//!   as Netty or snappy-java unpack native code there and load it, so Java's `/tmp` allows executing.
//! - Python writes no bytecode: every Python Dockerfile sets `PYTHONDONTWRITEBYTECODE=1` (a test holds
//!   the templates to it).
//! - nginx from the official image (our static template): the pid file, moved to `/tmp` by the
//!   Dockerfile, and the `*_temp_path` buffers under `/var/cache/nginx` (compiled-in defaults).
//! - Chainguard's nginx: `/var/lib/nginx/tmp` and `/var/run` (its pid file), the two directories the
//!   image makes world-writable "for running with tmpfs" (chainguard-images/images
//!   images/nginx/config/template.apko.yaml).
//! - Rails: `tmp/` (pid file, caches), `log/` and `storage/` (Active Storage's disk service and the
//!   SQLite databases of a default Rails 8 app), the directories the Rails Dockerfile creates.

use serde::Serialize;

use crate::knowledge::PackageManager;

use super::super::Plan;

/// A directory the container writes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Writable {
    pub path: String,
    /// Its volume's name in the Kubernetes manifest (and the compose file, when kept).
    pub volume: String,
    /// Why it must be writable, in a few words.
    pub why: String,
    pub size_mib: u32,
    /// Programs may execute files from it (Docker mounts a tmpfs `noexec` unless told otherwise).
    pub exec: bool,
    /// It holds data worth keeping: a named volume in compose, and in Kubernetes an `emptyDir` the
    /// user should replace with a claim.
    pub keep: bool,
}

fn writable(path: &str, why: &str, size_mib: u32) -> Writable {
    Writable {
        path: path.to_owned(),
        volume: path.trim_matches('/').replace('/', "-"),
        why: why.to_owned(),
        size_mib,
        exec: false,
        keep: false,
    }
}

/// Whether the plan is a Rails application: the rule the Ruby Dockerfile uses to create `tmp/`,
/// `log/` and `storage/`.
pub fn is_rails(plan: &Plan) -> bool {
    plan.files.iter().any(|f| f == "bin/rails")
        || plan
            .app
            .start
            .as_ref()
            .and_then(|s| s.first())
            .is_some_and(|w| w == "bin/rails")
}

/// The directories the application needs to write, `/tmp` first.
pub fn writable_paths(plan: &Plan) -> Vec<Writable> {
    let runtime = plan.leaf.runtime.as_str();
    let tmp_why = match runtime {
        "python" => "temporary files (tempfile, Gunicorn's worker files); no bytecode is written",
        "node" => "temporary files (os.tmpdir())",
        "ruby" => "temporary files, and Bundler's home when the real one cannot be written",
        "java" => {
            "the JVM's performance data and temporary files; libraries unpack native code here"
        }
        "dotnet" => "the runtime's diagnostics socket and temporary files",
        "php" => "sessions and uploaded files",
        "static" if plan.image.package_manager != PackageManager::None => {
            "nginx's pid file, which the Dockerfile moves here"
        }
        _ => "temporary files",
    };
    let mut tmp = writable("/tmp", tmp_why, if runtime == "java" { 128 } else { 64 });
    tmp.exec = runtime == "java";
    let mut paths = vec![tmp];
    match runtime {
        "static" if plan.image.package_manager != PackageManager::None => {
            paths.push(writable(
                "/var/cache/nginx",
                "nginx's buffers for large request bodies and proxied responses",
                32,
            ));
        }
        "static" => {
            paths.push(writable("/var/lib/nginx/tmp", "nginx's buffers", 32));
            paths.push(writable("/var/run", "nginx's pid file", 1));
        }
        "ruby" if is_rails(plan) => {
            paths.push(writable(
                "/app/tmp",
                "Rails' pid file and caches (Bootsnap)",
                64,
            ));
            paths.push(writable(
                "/app/log",
                "log files (RAILS_LOG_TO_STDOUT sends the log to the console)",
                16,
            ));
            let mut storage = writable(
                "/app/storage",
                "uploaded files (Active Storage) and SQLite databases",
                1024,
            );
            storage.keep = true;
            paths.push(storage);
        }
        _ => {}
    }
    paths
}

/// CPU and memory: placeholders sized for a small service of the runtime, to be replaced by
/// measurements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resources {
    pub cpu_request_millis: u32,
    pub cpu_limit_millis: u32,
    pub memory_request_mib: u32,
    pub memory_limit_mib: u32,
    /// The same CPU figures as compose writes them (`"0.50"` CPUs).
    pub compose_cpus_request: String,
    pub compose_cpus_limit: String,
}

pub fn resources(runtime: &str) -> Resources {
    let (cpu_request, cpu_limit, memory_request, memory_limit) = match runtime {
        "java" => (250, 1000, 512, 1024),
        "dotnet" | "ruby" => (100, 500, 256, 512),
        "python" | "node" | "php" => (100, 500, 128, 256),
        _ => (50, 250, 64, 128),
    };
    Resources {
        cpu_request_millis: cpu_request,
        cpu_limit_millis: cpu_limit,
        memory_request_mib: memory_request,
        memory_limit_mib: memory_limit,
        compose_cpus_request: cpus(cpu_request),
        compose_cpus_limit: cpus(cpu_limit),
    }
}

/// Millicores as a decimal number of CPUs, two places.
fn cpus(millis: u32) -> String {
    format!("{}.{:02}", millis / 1000, (millis % 1000) / 10)
}

/// Seconds the application may take to start before probes count against it.
pub fn startup_seconds(runtime: &str) -> u32 {
    match runtime {
        "java" => 120,
        "dotnet" | "ruby" => 60,
        _ => 30,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpus_are_written_as_compose_reads_them() {
        assert_eq!(cpus(50), "0.05");
        assert_eq!(cpus(500), "0.50");
        assert_eq!(cpus(1000), "1.00");
        assert_eq!(cpus(2250), "2.25");
    }

    #[test]
    fn volume_names_are_kubernetes_names() {
        assert_eq!(
            writable("/var/cache/nginx", "", 1).volume,
            "var-cache-nginx"
        );
        assert_eq!(writable("/tmp", "", 1).volume, "tmp");
    }
}
