//! The `wooshpay` binary run as a process against an in-test sandbox (`--base-url`): what it
//! sent, what it printed, and its exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use wooshpay_testing::{DUMMY_SECRET_KEY, Sandbox};

/// Runs the binary with `args` (and `stdin`), off the runtime that serves the sandbox.
async fn wooshpay(args: Vec<String>, stdin: Option<Vec<u8>>) -> Output {
    tokio::task::spawn_blocking(move || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wooshpay"))
            .args(&args)
            .env("WOOSHPAY_SECRET_KEY", DUMMY_SECRET_KEY)
            .env_remove("WOOSHPAY_BASE_URL")
            .env_remove("WOOSHPAY_WEBHOOK_SECRET")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut input = child.stdin.take().expect("stdin is piped");
        input
            .write_all(&stdin.unwrap_or_default())
            .expect("stdin is written");
        drop(input);
        child.wait_with_output().expect("the binary runs")
    })
    .await
    .expect("the runner does not panic")
}

/// `wooshpay --base-url <sandbox> <args…>`.
async fn against(sandbox: &Sandbox, args: &[&str]) -> Output {
    let mut all = vec!["--base-url".to_string(), sandbox.base_url().to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    wooshpay(all, None).await
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_out(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON value")
}

fn last_body(sandbox: &Sandbox) -> Value {
    let requests = sandbox.requests();
    let last = requests.last().expect("a request was sent");
    serde_json::from_slice(&last.body).expect("a JSON body")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_retrieve_list_all_and_delete() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();

    // Flags typed by the schema, -d pairs, nested flags: one JSON body on the wire.
    let created = json_out(
        &against(
            &sandbox,
            &[
                "payment-intents",
                "create",
                "--amount",
                "2500",
                "--currency",
                "USD",
                "-d",
                "metadata[order_id]=42",
                "--shipping.name",
                "Jenny",
                "--idempotency-key",
                "order-42",
            ],
        )
        .await,
    );
    assert_eq!(
        last_body(&sandbox),
        json!({"amount": 2500, "currency": "USD", "metadata": {"order_id": "42"}, "shipping": {"name": "Jenny"}})
    );
    assert_eq!(
        sandbox
            .requests()
            .last()
            .unwrap()
            .idempotency_key
            .as_deref(),
        Some("order-42")
    );
    let id = created["id"].as_str().expect("an id");
    let retrieved = json_out(&against(&sandbox, &["payment-intents", "retrieve", id]).await);
    assert_eq!(retrieved["amount"], 2500);
    assert_eq!(
        sandbox.requests().last().unwrap().target,
        format!("/v1/payment_intents/{id}")
    );

    // A whole body from a file, then 249 more beneficiaries straight over HTTP: 250 to list.
    let dir = std::env::temp_dir().join(format!("wooshpay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body_file = dir.join("beneficiary.json");
    std::fs::write(
        &body_file,
        r#"{"destination_data": {"destination_type": "bank_account"}, "nickname": "first"}"#,
    )
    .unwrap();
    let at_file = format!("@{}", body_file.display());
    let first = json_out(&against(&sandbox, &["beneficiaries", "create", "-d", &at_file]).await);
    assert_eq!(first["nickname"], "first");
    // The SDK leaves reqwest without a TLS provider of its own; this client needs one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    for _ in 0..249 {
        let response = http
            .post(format!("{}/v1/beneficiaries", sandbox.base_url()))
            .basic_auth(DUMMY_SECRET_KEY, Some(""))
            .json(&json!({"destination_data": {"destination_type": "bank_account"}}))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }
    let before = sandbox.requests().len();
    let listed = against(&sandbox, &["beneficiaries", "list", "--all"]).await;
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let lines: Vec<Value> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one compact object per line"))
        .collect();
    assert_eq!(lines.len(), 250);
    let mut ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250, "no object twice");
    assert!(
        stderr(&listed).contains("250 objects"),
        "{}",
        stderr(&listed)
    );
    let pages: Vec<String> = sandbox.requests()[before..]
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert_eq!(pages[0], "/v1/beneficiaries?limit=100");
    assert!(pages[1].contains("starting_after="), "{pages:?}");

    let first_id = first["id"].as_str().unwrap();
    let deleted = json_out(&against(&sandbox, &["beneficiaries", "delete", first_id]).await);
    assert_eq!(deleted["id"], first_id);
    let gone = against(&sandbox, &["beneficiaries", "retrieve", first_id]).await;
    assert_eq!(gone.status.code(), Some(1), "{}", stderr(&gone));
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_flags_are_usage_errors_naming_the_flag_and_nothing_is_sent() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let cases: [(&[&str], &str); 6] = [
        (
            &["payment-intents", "create", "--amount", "abc"],
            "--amount",
        ),
        (
            &["payment-intents", "create", "--confirm", "yes"],
            "--confirm",
        ),
        (&["payment-intents", "create", "-d", "amont=1"], "amont"),
        (
            &["payment-intents", "create", "-d", "quantity=two"],
            "-d quantity",
        ),
        (&["payment-intents", "create", "--bogus", "1"], "--bogus"),
        (
            &["payment-intents", "create", "-d", "@/nonexistent/body.json"],
            "/nonexistent/body.json",
        ),
    ];
    for (args, named) in cases {
        let output = against(&sandbox, args).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(named),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(sandbox.requests().is_empty());

    let no_key = wooshpay(
        vec![
            "--api-key".into(),
            "pk_test_x".into(),
            "balance".into(),
            "get".into(),
        ],
        None,
    )
    .await;
    assert_eq!(no_key.status.code(), Some(2), "{}", stderr(&no_key));
    assert!(
        !stderr(&no_key).contains("pk_test_x"),
        "the key is never echoed"
    );
}

/// A nested flag left without a value before `--api-key`, or a key typed where clap expects
/// something else: a usage error that never shows the key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_errors_never_print_the_key() {
    let key = "sk_test_51Secr3tNeverPrinted";
    let cases: [&[&str]; 4] = [
        &["customers", "create", "--metadata.note", "--api-key", key],
        &["--api-key", key, "customers", "create", "--metadata.note"],
        &["customers", "list", key],
        &[
            "customers",
            "create",
            "--bogus",
            &format!("--api-key={key}"),
        ],
    ];
    for args in cases {
        let output = wooshpay(args.iter().map(|a| a.to_string()).collect(), None).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty(), "{args:?}: an error is printed");
        assert!(
            !stderr(&output).contains("Secr3t") && !stdout(&output).contains("Secr3t"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_error_prints_its_fields_and_exits_with_1() {
    let sandbox = Sandbox::builder().empty().start().await.unwrap();
    let output = against(&sandbox, &["checkout-sessions", "retrieve", "cs_missing"]).await;
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    for expected in [
        "404",
        "type: invalid_request_error",
        "code: resource_missing",
        "message: ",
        "cs_missing",
        "param: id",
        "request id: ",
    ] {
        assert!(text.contains(expected), "`{expected}` in {text}");
    }
    assert!(output.stdout.is_empty());

    let unreachable = wooshpay(
        ["--base-url", "http://127.0.0.1:9", "balance", "get"]
            .map(String::from)
            .to_vec(),
        None,
    )
    .await;
    assert_eq!(
        unreachable.status.code(),
        Some(3),
        "{}",
        stderr(&unreachable)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_trigger_sends_an_event_the_sdk_verifies() {
    const SECRET: &str = "whsec_cli_test_secret";
    let received: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = received.clone();
    let handler = move |headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        async move {
            match wooshpay::webhook::construct_event_from_headers(&body, &headers, SECRET) {
                Ok(event) => {
                    log.lock().unwrap().push(event.event_type().to_string());
                    StatusCode::OK
                }
                Err(_) => StatusCode::BAD_REQUEST,
            }
        }
    };
    let router = axum::Router::new().route("/hook", axum::routing::post(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.ok() });

    let run = |secret: &str| {
        [
            "webhooks",
            "trigger",
            "payment_intent.succeeded",
            "--forward-to",
            &url,
            "--secret",
            secret,
        ]
        .map(String::from)
        .to_vec()
    };
    let output = wooshpay(run(SECRET), None).await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("200 OK"), "{}", stdout(&output));
    assert_eq!(*received.lock().unwrap(), ["payment_intent.succeeded"]);

    let wrong = wooshpay(run("whsec_other"), None).await;
    assert_eq!(wrong.status.code(), Some(1), "the endpoint refused it");
    assert!(stdout(&wrong).contains("400"), "{}", stdout(&wrong));

    let unknown = wooshpay(
        ["webhooks", "trigger", "no.such_event", "--forward-to", &url]
            .map(String::from)
            .to_vec(),
        None,
    )
    .await;
    assert_eq!(unknown.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhooks_sign_and_verify_round_trip() {
    let payload = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#.to_vec();
    let signed = wooshpay(
        ["webhooks", "sign", "--secret", "whsec_s"]
            .map(String::from)
            .to_vec(),
        Some(payload.clone()),
    )
    .await;
    assert_eq!(signed.status.code(), Some(0), "{}", stderr(&signed));
    let header = stdout(&signed).trim().to_string();
    wooshpay::webhook::verify_signature(
        &payload,
        &header,
        "whsec_s",
        wooshpay::webhook::DEFAULT_TOLERANCE,
        std::time::SystemTime::now(),
    )
    .expect("the SDK accepts the printed header");

    let verify = |secret: &str, body: Vec<u8>| {
        let args = [
            "webhooks", "verify", "--secret", secret, "--header", &header,
        ]
        .map(String::from)
        .to_vec();
        wooshpay(args, Some(body))
    };
    let valid = verify("whsec_s", payload.clone()).await;
    assert_eq!(valid.status.code(), Some(0));
    assert_eq!(stdout(&valid).trim(), "valid");
    let mut tampered = payload.clone();
    tampered[10] = b'X';
    let invalid = verify("whsec_s", tampered).await;
    assert_eq!(invalid.status.code(), Some(1));
    assert!(
        stderr(&invalid).starts_with("invalid: "),
        "{}",
        stderr(&invalid)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_generate_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let output = wooshpay(vec!["completions".into(), shell.into()], None).await;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{shell}: {}",
            stderr(&output)
        );
        let script = stdout(&output);
        assert!(script.contains("payment-intents"), "{shell}");
        assert!(script.contains("checkout-sessions"), "{shell}");
    }
    let bad = wooshpay(vec!["completions".into(), "tcsh".into()], None).await;
    assert_eq!(bad.status.code(), Some(2));
}

/// `wooshpay sandbox` serves the sandbox until Ctrl-C, and the CLI's own commands work
/// against it with the key it prints.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sandbox_subcommand_serves_until_ctrl_c() {
    use std::io::{BufRead, BufReader};
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_wooshpay"))
        .args(["sandbox", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the CLI starts");
    let mut lines = BufReader::new(server.stdout.take().expect("piped")).lines();
    let mut next = |label: &str| {
        let line = lines.next().expect("a line").expect("text");
        line.strip_prefix(label).expect(label).to_string()
    };
    let base_url = next("base url: ");
    let key = next("secret key: ");
    let output = wooshpay(
        vec![
            "--base-url".into(),
            base_url,
            "--api-key".into(),
            key,
            "checkout-sessions".into(),
            "retrieve".into(),
            "cs_1795782989284638720".into(),
        ],
        None,
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json_out(&output)["id"], "cs_1795782989284638720");

    let killed = std::process::Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = server.try_wait().expect("waitable") {
            break status;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "still running"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}
