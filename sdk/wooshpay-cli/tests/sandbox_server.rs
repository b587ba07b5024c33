//! The `wooshpay-sandbox` binary, run as a process and used over HTTP as an application in any
//! language would: it prints where it listens and which key to use, serves the API, and stops
//! cleanly on Ctrl-C (SIGINT) and SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The started server and what it printed.
struct Server {
    child: Child,
    base_url: String,
    secret_key: String,
    webhook_secret: String,
}

fn start(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wooshpay-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut lines = BufReader::new(stdout).lines();
    let mut value = |label: &str| {
        let line = lines.next().expect("a line").expect("text");
        line.strip_prefix(label)
            .unwrap_or_else(|| panic!("`{line}` does not start with `{label}`"))
            .to_string()
    };
    let base_url = value("base url: ");
    let secret_key = value("secret key: ");
    let webhook_secret = value("webhook secret: ");
    Server {
        child,
        base_url,
        secret_key,
        webhook_secret,
    }
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits for the process to exit, at most `limit`.
fn exit_within(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the process can be waited on") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("the server did not stop within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test]
async fn the_server_is_used_over_http_and_stops_on_ctrl_c() {
    let mut server = start(&["--port", "0"]);
    assert!(
        server.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        server.base_url
    );
    assert!(server.secret_key.starts_with("sk_test_"));
    assert!(server.webhook_secret.starts_with("whsec_"));

    // Any HTTP client: create, then retrieve what was created.
    // The SDK leaves reqwest without a TLS provider of its own; this client needs one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let created: serde_json::Value = http
        .post(format!("{}/v1/payment_intents", server.base_url))
        .basic_auth(&server.secret_key, Some(""))
        .json(&serde_json::json!({"amount": 4200, "currency": "EUR"}))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("JSON");
    let id = created["id"].as_str().expect("an id").to_string();
    assert!(id.starts_with("pi_"), "{id}");

    // The SDK, pointed at it.
    let client = wooshpay::Client::builder()
        .secret_key(&server.secret_key)
        .base_url(&server.base_url)
        .build()
        .unwrap();
    let intent = client
        .retrieve_payment_intent()
        .id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (intent.amount, intent.currency.as_deref()),
        (Some(4200), Some("EUR"))
    );

    signal(&server.child, "INT");
    let status = exit_within(&mut server.child, Duration::from_secs(5));
    assert!(status.success(), "{status:?}");
    assert!(
        http.get(format!("{}/v1/payment_intents/{id}", server.base_url))
            .send()
            .await
            .is_err(),
        "nothing listens after the shutdown"
    );
}

#[test]
fn sigterm_stops_it_too_and_a_bad_flag_is_a_usage_error() {
    let mut server = start(&["--port", "0", "--empty"]);
    signal(&server.child, "TERM");
    assert!(exit_within(&mut server.child, Duration::from_secs(5)).success());

    let output = Command::new(env!("CARGO_BIN_EXE_wooshpay-sandbox"))
        .args(["--port", "not-a-port"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2), "clap's usage error code");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--port"), "{stderr}");
}

#[test]
fn a_term_as_soon_as_the_address_is_printed_stops_it_cleanly() {
    for _ in 0..10 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wooshpay-sandbox"))
            .args(["--port", "0", "--empty"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        // Kept open until the end, so the remaining lines can be written.
        let mut stdout = BufReader::new(stdout);
        let mut first = String::new();
        stdout.read_line(&mut first).expect("a line");
        assert!(first.starts_with("base url: "), "{first}");
        signal(&child, "TERM");
        let status = exit_within(&mut child, Duration::from_secs(5));
        assert!(status.success(), "{status:?}");
        drop(stdout);
    }
}

/// The server's resident memory in KiB, from `/proc`.
#[cfg(target_os = "linux")]
fn rss_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

/// Sends a POST whose body is `total` bytes, declared or chunked, as far as the server reads it;
/// returns the status line, if an answer came.
#[cfg(target_os = "linux")]
fn huge_post(address: &str, total: usize, chunked: bool) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let framing = if chunked {
        "Transfer-Encoding: chunked".to_string()
    } else {
        format!("Content-Length: {total}")
    };
    let head = format!(
        "POST /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let piece = vec![b' '; 1024 * 1024];
    let mut sent = 0;
    while sent < total {
        let written = if chunked {
            stream
                .write_all(format!("{:x}\r\n", piece.len()).as_bytes())
                .and_then(|()| stream.write_all(&piece))
                .and_then(|()| stream.write_all(b"\r\n"))
        } else {
            stream.write_all(&piece)
        };
        if written.is_err() {
            break; // The server stopped reading: it has answered.
        }
        sent += piece.len();
    }
    let mut answer = [0u8; 256];
    let read = stream.read(&mut answer).ok()?;
    String::from_utf8_lossy(&answer[..read])
        .lines()
        .next()
        .map(str::to_owned)
}

#[cfg(target_os = "linux")]
#[test]
fn huge_bodies_are_refused_without_keeping_them() {
    let mut server = start(&["--port", "0", "--empty"]);
    let address = server.base_url.trim_start_matches("http://").to_string();
    let before = rss_kib(&server.child);
    for i in 0..5 {
        let answer = huge_post(&address, 100 * 1024 * 1024, i % 2 == 0);
        if let Some(line) = answer {
            assert!(line.starts_with("HTTP/1.1 413"), "{line}");
        }
    }
    let after = rss_kib(&server.child);
    signal(&server.child, "TERM");
    exit_within(&mut server.child, Duration::from_secs(5));
    assert!(
        after < before + 40 * 1024,
        "five 100 MB POSTs took the RSS from {before} KiB to {after} KiB"
    );
}

#[cfg(unix)]
#[test]
fn it_keeps_accepting_after_running_out_of_file_descriptors() {
    // A low descriptor limit, so that the connections below exhaust it.
    let mut child = Command::new("sh")
        .args([
            "-c",
            "ulimit -n 64 && exec \"$0\" --port 0 --empty",
            env!("CARGO_BIN_EXE_wooshpay-sandbox"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut stdout = BufReader::new(stdout);
    let mut first = String::new();
    stdout.read_line(&mut first).expect("a line");
    let address = first
        .trim()
        .strip_prefix("base url: http://")
        .expect("the address")
        .to_string();
    let held: Vec<_> = (0..150)
        .filter_map(|_| std::net::TcpStream::connect(&address).ok())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(held);

    let answered = (0..50).any(|_| {
        let ok = answer_of(&address).is_some_and(|line| line.starts_with("HTTP/1.1 401"));
        if !ok {
            std::thread::sleep(Duration::from_millis(100));
        }
        ok
    });
    signal(&child, "TERM");
    let _ = exit_within(&mut child, Duration::from_secs(5));
    drop(stdout);
    assert!(answered, "the server stopped accepting after EMFILE");
}

/// The status line of a GET without a key, if one comes within a second.
#[cfg(unix)]
fn answer_of(address: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(1))).ok()?;
    stream
        .write_all(b"GET /v1/products HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .ok()?;
    let mut answer = [0u8; 64];
    let read = stream.read(&mut answer).ok()?;
    String::from_utf8_lossy(&answer[..read])
        .lines()
        .next()
        .map(str::to_owned)
}

#[tokio::test]
async fn advance_time_from_the_cli_expires_a_session_and_any_key_relaxes_the_key() {
    let mut server = start(&["--port", "0", "--any-key"]);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let session: serde_json::Value = http
        .post(format!("{}/v1/checkout/sessions", server.base_url))
        .basic_auth("sk_test_a_key_of_another_language", Some(""))
        .json(
            &serde_json::json!({"success_url": "https://shop.example.com/ok",
            "line_items": [{"quantity": 1, "price_data": {"currency": "USD", "unit_amount": 500,
                "product_data": {"name": "Tea"}}}]}),
        )
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("JSON");
    let id = session["id"]
        .as_str()
        .expect("any key is accepted")
        .to_string();

    let output = Command::new(env!("CARGO_BIN_EXE_wooshpay"))
        .args([
            "sandbox",
            "advance-time",
            "25h",
            "--base-url",
            &server.base_url,
        ])
        .env("WOOSHPAY_SECRET_KEY", &server.secret_key)
        .output()
        .expect("the CLI runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("advanced 90000 s"));
    let now: serde_json::Value = http
        .get(format!("{}/v1/checkout/sessions/{id}", server.base_url))
        .basic_auth(&server.secret_key, Some(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["status"], "expired", "{now}");

    let bad = Command::new(env!("CARGO_BIN_EXE_wooshpay"))
        .args([
            "sandbox",
            "advance-time",
            "soon",
            "--base-url",
            &server.base_url,
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    signal(&server.child, "TERM");
    assert!(exit_within(&mut server.child, Duration::from_secs(5)).success());
}

#[tokio::test]
async fn without_any_key_another_key_is_refused() {
    let mut server = start(&["--port", "0"]);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let status = reqwest::Client::new()
        .get(format!("{}/v1/payment_intents", server.base_url))
        .basic_auth("sk_test_a_key_of_another_language", Some(""))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401);
    signal(&server.child, "TERM");
    assert!(exit_within(&mut server.child, Duration::from_secs(5)).success());
}
