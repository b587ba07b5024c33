//! Fault injection over loopback: a raw server answers each request with a random fault (a body
//! cut off, a reset connection, an oversized body, a redirect, a 503) or a correct answer. Every
//! call must end within its deadline with the outcome the last answer implies, after as many
//! attempts as the server saw, and a POST's attempts must all carry one idempotency key.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wooshpay::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Ok,
    Cut,
    Reset,
    Oversized,
    Redirect,
    Unavailable,
}

const FAULTS: [Fault; 6] = [
    Fault::Ok,
    Fault::Cut,
    Fault::Reset,
    Fault::Oversized,
    Fault::Redirect,
    Fault::Unavailable,
];

/// What the server saw of one request: the call it belongs to (the id in the path, or the
/// description in the body), its idempotency key, and the fault it answered with.
#[derive(Debug, Clone)]
struct Seen {
    call: String,
    idempotency_key: Option<String>,
    fault: Fault,
}

type Log = Arc<Mutex<Vec<Seen>>>;

const LIMIT: u64 = 64 * 1024;

async fn serve(listener: TcpListener, log: Log, seed: u64) {
    let rng = Arc::new(Mutex::new(fastrand::Rng::with_seed(seed)));
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(connection(stream, log.clone(), rng.clone()));
    }
}

async fn connection(mut stream: TcpStream, log: Log, rng: Arc<Mutex<fastrand::Rng>>) {
    let mut buffer = Vec::new();
    loop {
        let Some((head, body)) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let target = head.split(' ').nth(1).unwrap_or("").to_string();
        let header = |name: &str| {
            head.lines().find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
        };
        let call = if head.starts_with("POST") {
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            json["description"].as_str().unwrap_or("").to_string()
        } else {
            target.rsplit('/').next().unwrap_or("").to_string()
        };
        let fault = FAULTS[rng.lock().unwrap().usize(..FAULTS.len())];
        log.lock().unwrap().push(Seen {
            call: call.clone(),
            idempotency_key: header("idempotency-key"),
            fault,
        });
        let body = serde_json::to_vec(&serde_json::json!({
            "id": call, "object": "payment_intent", "description": call,
        }))
        .unwrap();
        let head = |status: &str, length: usize, extra: &str| {
            format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n{extra}\r\n"
            )
        };
        let written = match fault {
            Fault::Ok => {
                let mut out = head("200 OK", body.len(), "").into_bytes();
                out.extend_from_slice(&body);
                stream.write_all(&out).await
            }
            Fault::Cut => {
                let mut out = head("200 OK", body.len(), "").into_bytes();
                out.extend_from_slice(&body[..body.len() / 2]);
                let _ = stream.write_all(&out).await;
                return;
            }
            Fault::Reset => {
                #[allow(deprecated)] // tokio steers to socket2 for this; a test needs no more
                let _ = stream.set_linger(Some(Duration::ZERO));
                return;
            }
            Fault::Oversized => {
                let size = (LIMIT * 4) as usize;
                let mut out = head("200 OK", size, "").into_bytes();
                out.resize(out.len() + size, b' ');
                let _ = stream.write_all(&out).await;
                return;
            }
            Fault::Redirect => {
                stream
                    .write_all(
                        head("307 Temporary Redirect", 0, "Location: /v1/refunds\r\n").as_bytes(),
                    )
                    .await
            }
            Fault::Unavailable => {
                let error = br#"{"error":{"type":"api_error","message":"down"}}"#;
                let mut out = head("503 Service Unavailable", error.len(), "").into_bytes();
                out.extend_from_slice(error);
                stream.write_all(&out).await
            }
        };
        if written.is_err() {
            return;
        }
    }
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(String, Vec<u8>)> {
    let end = loop {
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buffer.len() < end + 4 + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[end + 4..end + 4 + length].to_vec();
    buffer.drain(..end + 4 + length);
    Some((head, body))
}

/// Whether `result` is what the last answer of its call implies.
fn matches_fault(result: &Result<String, Error>, call: &str, fault: Fault) -> bool {
    match (fault, result) {
        (Fault::Ok, Ok(id)) => id == call,
        (Fault::Cut, Err(Error::Transport { source, .. })) => source.is_incomplete_body(),
        (Fault::Reset, Err(Error::Transport { source, .. })) => {
            !source.is_too_large() && !source.is_timeout()
        }
        (Fault::Oversized, Err(Error::Transport { source, .. })) => source.is_too_large(),
        (Fault::Redirect, Err(Error::Api(api))) => api.status == 307,
        (Fault::Unavailable, Err(Error::Api(api))) => api.status == 503,
        _ => false,
    }
}

fn attempts(result: &Result<String, Error>) -> Option<u32> {
    match result {
        Ok(_) => None,
        Err(Error::Transport { attempts, .. }) => Some(*attempts),
        Err(Error::Api(api)) => Some(api.attempts),
        Err(_) => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_call_ends_in_time_with_the_outcome_the_server_implies() {
    let seed = std::env::var("FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let log = Log::default();
    tokio::spawn(serve(listener, log.clone(), seed));
    let client = wooshpay::Client::builder()
        .secret_key("sk_test_fault_injection")
        .base_url(&base_url)
        .timeout(Duration::from_secs(2))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(4))
        .max_response_size(LIMIT)
        .build()
        .unwrap();
    // 3 attempts of at most 2 s each, plus backoff: no call may take longer than this.
    let deadline = Duration::from_secs(7);

    let calls: Vec<_> = (0..200)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move {
                let call = format!("pi_{n:04}");
                let started = Instant::now();
                let result = if n % 2 == 0 {
                    client
                        .retrieve_payment_intent()
                        .id(&call)
                        .send()
                        .await
                        .map(|i| i.id)
                } else {
                    client
                        .update_payment_intent()
                        .id("pi_target")
                        .body_map(|b| b.description(call.clone()))
                        .send()
                        .await
                        .map(|i| i.description.unwrap_or_default())
                };
                (call, started.elapsed(), result)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for call in calls {
        outcomes.push(call.await.unwrap());
    }

    let seen = log.lock().unwrap().clone();
    for fault in FAULTS {
        assert!(
            outcomes.iter().any(|(call, _, _)| {
                seen.iter().rev().find(|s| &s.call == call).map(|s| s.fault) == Some(fault)
            }),
            "no call ended on {fault:?}; try another FAULT_SEED"
        );
    }
    let mut by_call: HashMap<&str, Vec<&Seen>> = HashMap::new();
    for s in &seen {
        by_call.entry(s.call.as_str()).or_default().push(s);
    }
    for (call, elapsed, result) in &outcomes {
        assert!(*elapsed < deadline, "{call} took {elapsed:?}");
        let requests = &by_call[call.as_str()];
        let last = requests.last().unwrap().fault;
        assert!(
            matches_fault(result, call, last),
            "{call}: the last answer was {last:?}, the call returned {result:?}"
        );
        if let Some(attempts) = attempts(result) {
            assert_eq!(attempts as usize, requests.len(), "{call}");
        }
        let keys: Vec<_> = requests.iter().map(|s| &s.idempotency_key).collect();
        if call.ends_with(['1', '3', '5', '7', '9']) {
            assert!(keys[0].is_some(), "{call}: a POST without a key");
            assert!(
                keys.iter().all(|k| *k == keys[0]),
                "{call}: sent again with another key: {keys:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_list_repeating_its_cursor_ends_in_time() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                while read_request(&mut stream, &mut buffer).await.is_some() {
                    let body = br#"{"object":"list","has_more":true,"data":[{"id":"pi_1","object":"payment_intent"},{"id":"pi_2","object":"payment_intent"}]}"#;
                    let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
                    if stream.write_all(head.as_bytes()).await.is_err()
                        || stream.write_all(body).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    let client = wooshpay::Client::builder()
        .secret_key("sk_test_fault_injection")
        .base_url(&base_url)
        .build()
        .unwrap();
    let items: Vec<_> = tokio::time::timeout(
        Duration::from_secs(5),
        client.list_payment_intents().stream().collect::<Vec<_>>(),
    )
    .await
    .expect("the stream ends");
    assert_eq!(items.len(), 3, "two items, then the error");
    assert!(matches!(&items[2], Err(Error::InvalidRequest(m)) if m.to_string().contains("again")));
}
