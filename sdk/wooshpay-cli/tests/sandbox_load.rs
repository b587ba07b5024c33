//! The sandbox server under load, as a process on loopback: 10,000 creates from 64 clients while
//! slow (a header byte at a time) and oversized requests hit it. Every well-formed request is
//! answered, every create is stored exactly once, and the server's RSS stays under 100 MB.
//!
//! Ignored by default (about 25 s in a debug build on 2 cores):
//! `cargo test -p wooshpay-cli --test sandbox_load -- --ignored --nocapture`.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::AsyncWriteExt;

const CREATES: usize = 10_000;
const CLIENTS: usize = 64;
const SLOW_CLIENTS: usize = 32;
const OVERSIZED_CLIENTS: usize = 4;
const RSS_LIMIT_KIB: u64 = 100 * 1024;
/// The whole run's bound; a server that stops answering fails here rather than hanging CI.
const DEADLINE: Duration = Duration::from_secs(600);

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Holds a connection open sending one header byte at a time, reconnecting when the server
/// closes it, until `stop`.
async fn slowloris(address: String, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        let Ok(mut stream) = tokio::net::TcpStream::connect(&address).await else {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        if stream
            .write_all(b"POST /v1/products HTTP/1.1\r\n")
            .await
            .is_err()
        {
            continue;
        }
        while !stop.load(Ordering::Relaxed) && stream.write_all(b"X").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

/// Sends 2 MB bodies (over the 1 MiB limit) until `stop`; each must get a 413.
async fn oversized(base_url: String, stop: Arc<AtomicBool>, refused: Arc<AtomicU64>) {
    let http = reqwest::Client::new();
    let body = vec![b' '; 2 * 1024 * 1024];
    while !stop.load(Ordering::Relaxed) {
        let sent = http
            .post(format!("{base_url}/v1/products"))
            .basic_auth("sk_test_load", Some(""))
            .body(body.clone())
            .send()
            .await;
        // The server may close before taking the whole body: that is a refusal too.
        if sent.map_or(true, |r| r.status() == 413) {
            refused.fetch_add(1, Ordering::Relaxed);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a load test of about 25 s; see the README's long runs"]
async fn ten_thousand_creates_under_slow_and_oversized_requests() {
    // The SDK leaves reqwest without a TLS provider of its own; these clients need one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wooshpay-sandbox"))
        .args(["--port", "0", "--empty"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a line");
    let base_url = first
        .trim()
        .strip_prefix("base url: ")
        .expect("the address")
        .to_string();
    let address = base_url.trim_start_matches("http://").to_string();
    let pid = child.id();
    let start = Instant::now();
    let idle_rss = rss_kib(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let refused = Arc::new(AtomicU64::new(0));
    let peak = Arc::new(AtomicU64::new(idle_rss));
    let mut noise = Vec::new();
    for _ in 0..SLOW_CLIENTS {
        noise.push(tokio::spawn(slowloris(address.clone(), stop.clone())));
    }
    for _ in 0..OVERSIZED_CLIENTS {
        noise.push(tokio::spawn(oversized(
            base_url.clone(),
            stop.clone(),
            refused.clone(),
        )));
    }
    noise.push(tokio::spawn({
        let (stop, peak) = (stop.clone(), peak.clone());
        async move {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }));

    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let base_url = base_url.clone();
            tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .timeout(Duration::from_secs(60))
                    .build()
                    .unwrap();
                let mut failures = Vec::new();
                for n in (client..CREATES).step_by(CLIENTS) {
                    let answer = http
                        .post(format!("{base_url}/v1/products"))
                        .basic_auth("sk_test_load", Some(""))
                        .header("idempotency-key", format!("load-{n}"))
                        .json(&serde_json::json!({"name": format!("product-{n}")}))
                        .send()
                        .await;
                    match answer {
                        Ok(r) if r.status() == 200 => {}
                        Ok(r) => failures.push(format!("create {n}: status {}", r.status())),
                        Err(e) => failures.push(format!("create {n}: {e}")),
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = Vec::new();
    for client in clients {
        let left = DEADLINE.saturating_sub(start.elapsed());
        let done = tokio::time::timeout(left, client)
            .await
            .expect("the creates finished within the deadline");
        failures.extend(done.unwrap());
    }
    let creating = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    for task in noise {
        task.abort();
    }
    peak.fetch_max(rss_kib(pid), Ordering::Relaxed);

    // Everything stored exactly once: page through all products.
    let http = reqwest::Client::new();
    let mut names = HashSet::new();
    let mut ids = HashSet::new();
    let mut after: Option<String> = None;
    loop {
        let mut url = format!("{base_url}/v1/products?limit=100");
        if let Some(id) = &after {
            url.push_str(&format!("&starting_after={id}"));
        }
        let page: Value = http
            .get(url)
            .basic_auth("sk_test_load", Some(""))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let data = page["data"].as_array().cloned().unwrap_or_default();
        for product in &data {
            assert!(ids.insert(product["id"].as_str().unwrap().to_string()));
            assert!(
                names.insert(product["name"].as_str().unwrap().to_string()),
                "{product} twice"
            );
        }
        after = data
            .last()
            .and_then(|p| p["id"].as_str())
            .map(str::to_owned);
        if page["has_more"] != true || after.is_none() {
            break;
        }
    }
    let peak = peak.load(Ordering::Relaxed);
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = child.wait();
    drop(stdout);

    println!(
        "{CREATES} creates from {CLIENTS} clients with {SLOW_CLIENTS} slow and \
         {OVERSIZED_CLIENTS} oversized senders: {creating:?}; {} oversized refused; \
         RSS {idle_rss} KiB idle, {peak} KiB at most",
        refused.load(Ordering::Relaxed)
    );
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert_eq!(names.len(), CREATES, "every create stored exactly once");
    assert!(
        refused.load(Ordering::Relaxed) > 0,
        "the oversized senders ran"
    );
    assert!(peak < RSS_LIMIT_KIB, "the server's RSS reached {peak} KiB");
}
