//! A tiny HTTP server on 127.0.0.1 that answers as a test tells it to: HTML, errors, huge or slow
//! bodies, token challenges. Bounded: it serves until dropped or for 30 s at most, and a slow answer
//! never waits more than a few seconds.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Longest a fake server lives.
const LIFETIME: Duration = Duration::from_secs(30);

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (capped at 5 s).
    pub delay: Duration,
    /// Send no Content-Length: the body ends when the connection closes.
    pub unannounced: bool,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
            delay: Duration::ZERO,
            unannounced: false,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

pub struct FakeRegistry {
    /// `127.0.0.1:PORT`
    pub host: String,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<Request>>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeRegistry {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> FakeRegistry {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let host = listener.local_addr().unwrap().to_string();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let thread = {
            let (stop, seen) = (stop.clone(), seen.clone());
            std::thread::spawn(move || serve(&listener, &stop, &seen, &handler))
        };
        FakeRegistry {
            host,
            stop,
            seen,
            thread: Some(thread),
        }
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for FakeRegistry {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    listener: &TcpListener,
    stop: &Arc<AtomicBool>,
    seen: &Mutex<Vec<Request>>,
    handler: &Arc<Handler>,
) {
    let end = Instant::now() + LIFETIME;
    let mut connections = Vec::new();
    while !stop.load(Ordering::Relaxed) && Instant::now() < end {
        match listener.accept() {
            Ok((stream, _)) => {
                let _ = stream.set_nonblocking(false);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
                let Some(request) = read_request(&stream) else {
                    continue;
                };
                seen.lock().unwrap().push(request.clone());
                let handler = handler.clone();
                let stop = stop.clone();
                connections.push(std::thread::spawn(move || {
                    let mut reply = handler(&request);
                    if request.method == "HEAD" {
                        // Headers as for GET, no body.
                        reply
                            .headers
                            .push(("Content-Length".to_owned(), reply.body.len().to_string()));
                        reply.body.clear();
                        reply.unannounced = true;
                    }
                    answer(stream, &reply, &stop);
                }));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    for c in connections {
        let _ = c.join();
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    Some(Request {
        method,
        target,
        headers,
    })
}

fn answer(mut stream: TcpStream, reply: &Reply, stop: &AtomicBool) {
    let until = Instant::now() + reply.delay.min(Duration::from_secs(5));
    while Instant::now() < until {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let mut head = format!("HTTP/1.1 {} Fake\r\nConnection: close\r\n", reply.status);
    for (k, v) in &reply.headers {
        let _ = write!(head, "{k}: {v}\r\n");
    }
    if !reply.unannounced {
        let _ = write!(head, "Content-Length: {}\r\n", reply.body.len());
    }
    head.push_str("\r\n");
    // The client may hang up early (a body it refuses): errors end the answer quietly.
    if stream.write_all(head.as_bytes()).is_ok() {
        for chunk in reply.body.chunks(64 * 1024) {
            if stream.write_all(chunk).is_err() {
                break;
            }
        }
    }
    let _ = stream.flush();
}

/// A small, valid OCI image manifest.
pub fn manifest_body(seed: &str) -> String {
    format!(
        r#"{{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:{seed:0>64}","size":2}},"layers":[]}}"#
    )
}

pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
