//! Work too slow for the UI thread: pinning a Dockerfile asks registries over the network, which takes
//! from a fraction of a second to the client's timeouts. Each job runs on a thread of its own; the
//! event loop keeps drawing and reading keys, and collects finished jobs between events, handing
//! their results to the `App` as any other effect's.

use std::fmt::Write;
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::registry::{self, Client, ClientConfig, PinError};

use super::app::App;

/// A job's result, ready for the `App`.
#[derive(Debug)]
enum Done {
    Pin {
        source: String,
        result: Result<(String, usize), String>,
    },
}

/// The running jobs.
#[derive(Debug)]
pub struct Worker {
    config: ClientConfig,
    /// Made on the first pin and shared by later ones (it caches registry tokens).
    client: Option<Arc<Client>>,
    running: Vec<(String, JoinHandle<Done>)>,
}

impl Worker {
    /// A worker whose registry client uses `config`.
    pub fn new(config: ClientConfig) -> Self {
        Worker {
            config,
            client: None,
            running: Vec::new(),
        }
    }

    /// A worker configured from the environment (Docker credentials, see `ClientConfig::from_env`).
    pub fn from_env() -> Self {
        Worker::new(ClientConfig::from_env())
    }

    /// Starts pinning `dockerfile` on a thread of its own.
    pub fn pin(&mut self, dockerfile: String) {
        let client = Arc::clone(
            self.client
                .get_or_insert_with(|| Arc::new(Client::new(self.config.clone()))),
        );
        let source = dockerfile.clone();
        let handle = std::thread::spawn(move || Done::Pin {
            result: registry::pin_text(&dockerfile, &client)
                .map(|(text, pinned)| (text, pinned.len()))
                .map_err(|e| reason(&e)),
            source: dockerfile,
        });
        self.running.push((source, handle));
    }

    /// Whether a job is still running.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Hands every finished job's result to `app`, without waiting; returns whether there was any.
    pub fn collect(&mut self, app: &mut App<'_>) -> bool {
        let (finished, running): (Vec<_>, Vec<_>) = std::mem::take(&mut self.running)
            .into_iter()
            .partition(|(_, h)| h.is_finished());
        self.running = running;
        let any = !finished.is_empty();
        for job in finished {
            deliver(app, job);
        }
        any
    }

    /// Waits for every job and hands its result to `app`.
    pub fn wait(&mut self, app: &mut App<'_>) {
        for job in std::mem::take(&mut self.running) {
            deliver(app, job);
        }
    }
}

/// Why pinning failed, short: a registry that cannot be reached fails every image alike, and is said
/// once.
pub fn reason(error: &PinError) -> String {
    let PinError::Unpinned(failures) = error else {
        return error.to_string();
    };
    let messages: Vec<String> = failures.iter().map(|(_, _, f)| f.to_string()).collect();
    let n = failures.len();
    let images = if n == 1 { "image" } else { "images" };
    match messages.first() {
        Some(first) if messages.iter().all(|m| m == first) => {
            format!("{n} {images} could not be pinned: {first}")
        }
        _ => {
            let mut out = format!("{n} {images} could not be pinned:");
            for ((line, image, _), message) in failures.iter().zip(&messages) {
                let _ = write!(out, "\nline {line}: {image}: {message}");
            }
            out
        }
    }
}

fn deliver(app: &mut App<'_>, (source, handle): (String, JoinHandle<Done>)) {
    let done = handle.join().unwrap_or_else(|_| Done::Pin {
        result: Err("pinning stopped unexpectedly".to_owned()),
        source,
    });
    match done {
        Done::Pin { source, result } => app.pin_done(&source, result),
    }
}
