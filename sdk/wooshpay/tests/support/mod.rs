//! A small HTTP/1.1 server on loopback that records every request exactly as it arrived and
//! answers with whatever the test scripts, so tests can assert what went over the wire.

#![allow(dead_code)] // each test binary uses a different subset

pub mod logs;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as received: the raw request line, headers (names lowercased) and body.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target exactly as sent (path and query, still percent-encoded).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Option<std::time::Duration>,
    /// Close the connection instead of answering.
    pub drop_connection: bool,
    /// Declare the whole body's length but send only this many bytes of it, then close.
    pub cut_at: Option<usize>,
    /// Instead of `body`, send zeros until the client stops reading (or `ENDLESS_CAP` is
    /// reached), declaring this length (`None`: chunked, no length).
    pub endless: Option<Option<u64>>,
}

/// The most an endless body sends before giving up on the client ever stopping.
pub const ENDLESS_CAP: u64 = 1 << 30;

impl Reply {
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers,
            body: body.into(),
            delay: None,
            drop_connection: false,
            cut_at: None,
            endless: None,
        }
    }

    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Reply::new(
            status,
            vec![("Content-Type".into(), "application/json".into())],
            body,
        )
    }

    /// Closes the connection without a response.
    pub fn drop_connection() -> Self {
        Reply {
            drop_connection: true,
            ..Reply::new(0, vec![], vec![])
        }
    }

    /// Sends the head and the first `n` bytes of the body, then closes the connection.
    pub fn cut_at(mut self, n: usize) -> Self {
        self.cut_at = Some(n);
        self
    }

    /// A body of zeros that does not end until the client stops reading.
    pub fn endless(status: u16, declared_length: Option<u64>) -> Self {
        Reply {
            endless: Some(declared_length),
            ..Reply::json(status, vec![])
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn after(mut self, delay: std::time::Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

type Handler = dyn Fn(&Recorded) -> Reply + Send + Sync;

/// A running server; it stops when the test's runtime ends.
pub struct TestServer {
    pub base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    body_bytes_sent: Arc<AtomicU64>,
}

impl TestServer {
    /// Starts a server answering every request with `handler`.
    pub async fn start(handler: impl Fn(&Recorded) -> Reply + Send + Sync + 'static) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = requests.clone();
        let body_bytes_sent = Arc::new(AtomicU64::new(0));
        let sent = body_bytes_sent.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, handler.clone(), log.clone(), sent.clone()));
            }
        });
        TestServer {
            base_url,
            requests,
            body_bytes_sent,
        }
    }

    /// Body bytes written to clients so far (what the kernel accepted, across connections).
    pub fn body_bytes_sent(&self) -> u64 {
        self.body_bytes_sent.load(Ordering::SeqCst)
    }

    /// Starts a server answering every request with the same reply.
    pub async fn always(reply: Reply) -> TestServer {
        TestServer::start(move |_| reply.clone()).await
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("request log").clone()
    }

    /// A client for this server with a test key, retrying with millisecond backoffs.
    pub fn client(&self) -> wooshpay::Client {
        self.client_builder().build().expect("client")
    }

    /// A client builder for this server with a test key and millisecond backoffs.
    pub fn client_builder(&self) -> wooshpay::ClientBuilder {
        let backoff = std::time::Duration::from_millis(1);
        wooshpay::Client::builder()
            .secret_key(TEST_KEY)
            .base_url(&self.base_url)
            .retry_backoff(backoff, 4 * backoff)
    }
}

/// The key test clients use.
pub const TEST_KEY: &str = "sk_test_51NbS3cr3tK3y";

async fn serve(
    mut stream: TcpStream,
    handler: Arc<Handler>,
    log: Arc<Mutex<Vec<Recorded>>>,
    sent: Arc<AtomicU64>,
) {
    // Keep-alive: serve requests on this connection until the client closes it.
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let reply = handler(&request);
        log.lock().expect("request log").push(request);
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        if reply.drop_connection {
            return;
        }
        let length = match reply.endless {
            Some(Some(declared)) => format!("Content-Length: {declared}"),
            Some(None) => "Transfer-Encoding: chunked".to_string(),
            None => format!("Content-Length: {}", reply.body.len()),
        };
        let mut head = format!("HTTP/1.1 {} X\r\n{length}\r\n", reply.status);
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if stream.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        if let Some(declared) = reply.endless {
            send_endless(&mut stream, declared.is_none(), &sent).await;
            return;
        }
        let body = match reply.cut_at {
            Some(n) => &reply.body[..n.min(reply.body.len())],
            None => &reply.body[..],
        };
        if stream.write_all(body).await.is_err() {
            return;
        }
        sent.fetch_add(body.len() as u64, Ordering::SeqCst);
        if reply.cut_at.is_some() {
            return;
        }
    }
}

/// Writes zeros until the client stops reading or `ENDLESS_CAP` bytes are out.
async fn send_endless(stream: &mut TcpStream, chunked: bool, sent: &AtomicU64) {
    let chunk = vec![b'0'; 64 * 1024];
    let mut total = 0;
    while total < ENDLESS_CAP {
        let written = if chunked {
            let head = format!("{:x}\r\n", chunk.len());
            stream.write_all(head.as_bytes()).await.is_ok()
                && stream.write_all(&chunk).await.is_ok()
                && stream.write_all(b"\r\n").await.is_ok()
        } else {
            stream.write_all(&chunk).await.is_ok()
        };
        if !written {
            return;
        }
        total += chunk.len() as u64;
        sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// The spec's documented example for a component example name, as JSON.
pub fn spec_example(name: &str) -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/wooshpay.yaml");
    let text = std::fs::read_to_string(path).expect("spec");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("spec is YAML");
    spec["components"]["examples"][name]["value"].clone()
}

/// The Checkout Session example exactly as the "Retrieve a Session" page documents it
/// (placeholders such as `"string"` included): the model must keep decoding what the docs show.
/// Where it departs from the spec is listed in `spec/DECISIONS.md` (P40).
pub fn seed_checkout_session() -> serde_json::Value {
    let text = include_str!("../fixtures/checkout_session_seed.json");
    serde_json::from_str(text).expect("the fixture is JSON")
}

/// `value` without the keys whose value is null, recursively: an absent optional field encodes
/// as nothing, so a round trip drops explicit nulls.
pub fn without_nulls(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}
