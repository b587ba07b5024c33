//! A small HTTP/1.1 server on loopback that records every request exactly as it arrived and
//! answers with whatever the test scripts, so tests can assert what went over the wire.

#![allow(dead_code)] // each test binary uses a different subset

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
}

impl Reply {
    pub fn new(status: u16, headers: Vec<(String, String)>, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            headers,
            body: body.into(),
            delay: None,
            drop_connection: false,
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
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, handler.clone(), log.clone()));
            }
        });
        TestServer { base_url, requests }
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

async fn serve(mut stream: TcpStream, handler: Arc<Handler>, log: Arc<Mutex<Vec<Recorded>>>) {
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
        let mut head = format!(
            "HTTP/1.1 {} X\r\nContent-Length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if stream.write_all(head.as_bytes()).await.is_err()
            || stream.write_all(&reply.body).await.is_err()
        {
            return;
        }
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
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/wooshpay.yaml");
    let text = std::fs::read_to_string(path).expect("spec");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("spec is YAML");
    spec["components"]["examples"][name]["value"].clone()
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
