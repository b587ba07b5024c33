//! What the SDK adds to one API call: `retrieve_checkout_session` against a loopback server
//! that returns the spec's `CheckoutSession` example, through the SDK and through a hand-written
//! baseline (plain `reqwest::Client`, the same Basic auth and Accept headers, `bytes()` then
//! `serde_json::from_slice` into a plain struct of the same shape). Sequentially and with 64
//! requests in flight per iteration.
//!
//! ```text
//! cargo bench -p wooshpay --bench request_overhead
//! ```
//!
//! The server runs on its own thread, the client on a current-thread runtime, so each has one
//! of a 2-core machine's cores. At the end it prints SDK/baseline ratios:
//!
//! - from criterion's medians (SDK and baseline measured one after the other);
//! - from an interleaved re-measurement (the variants alternate in short batches, so drift of
//!   the machine hits all alike), in wall-clock time and in CPU time of the client thread;
//!   diagnostic variants split the difference: the baseline with the SDK's reqwest settings
//!   (timeouts, User-Agent, no redirects or reqwest retries), the SDK without retries, the
//!   baseline under a tokio time limit, and the baseline decoding into the SDK's type;
//! - the CPU cost of the steps that differ, measured alone: forming the URL (the baseline's
//!   text parsed whole by reqwest; the SDK's path put under its parsed base), and decoding the
//!   same body into each type.
//!
//! `WOOSHPAY_BENCH_CALLS=<variant>[x64]:<count>` makes exactly `count` calls of one variant and
//! exits, for counting instructions under callgrind: `bash sdk/wooshpay/benches/instructions.sh`.

mod common;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use base64::Engine;
use bytes::Bytes;
use common::{Clock, Runner, Server, plain};
use criterion::{Criterion, SamplingMode, Throughput};
use futures_util::future::join_all;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;

const ID: &str = "cs_1795782989284638720";
/// The baseline's hand-written session type.
type Plain = plain::CheckoutSession;
const CONCURRENCY: usize = 64;

async fn sdk_retrieve(client: &wooshpay::Client) -> wooshpay::types::CheckoutSession {
    client
        .retrieve_checkout_session()
        .id(ID)
        .send()
        .await
        .expect("SDK retrieve")
}

/// A plain reqwest client with the SDK's authorization header and nothing else; with
/// `like_sdk`, also the reqwest settings the SDK's client has (10 s connect timeout, a
/// User-Agent, no redirects, none of reqwest's retries; the SDK applies its per-attempt time
/// limit itself): a diagnostic variant, not the baseline.
fn baseline_client(like_sdk: bool) -> reqwest::Client {
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{}:", common::KEY));
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Basic {credentials}")).expect("header"),
    );
    // The SDK leaves reqwest without a TLS provider of its own (it configures ring itself);
    // a plain reqwest client in the same process needs the process default.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder();
    if like_sdk {
        headers.insert(USER_AGENT, HeaderValue::from_static("wooshpay-rust/0.1.0"));
        builder = builder
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never().max_retries_per_request(0));
    }
    builder
        .default_headers(headers)
        .build()
        .expect("reqwest client")
}

/// The baseline's call, decoding into `T`: the plain struct, or the SDK's type for a
/// diagnostic variant. One async function either way, so that both keep the baseline's layers.
async fn baseline_retrieve<T: DeserializeOwned>(http: &reqwest::Client, base_url: &str) -> T {
    let response = http
        .get(format!("{base_url}/v1/checkout/sessions/{ID}"))
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .send()
        .await
        .expect("baseline send");
    assert!(response.status().is_success(), "{}", response.status());
    let body = response.bytes().await.expect("baseline body");
    serde_json::from_slice(&body).expect("baseline decode")
}

/// The SDK without retries: no copy of the request is kept for a next attempt.
async fn sdk_retrieve_once(client: &wooshpay::Client) -> wooshpay::types::CheckoutSession {
    client
        .retrieve_checkout_session()
        .id(ID)
        .max_retries(0)
        .send()
        .await
        .expect("SDK retrieve")
}

/// The baseline under a 60 s tokio time limit (a diagnostic variant): what limiting each
/// attempt with a timer of the runtime's would cost a call. The SDK keeps its attempts' limits
/// on a thread of its own instead (`time_limit.rs`), for this cost.
async fn baseline_retrieve_timed(http: &reqwest::Client, base_url: &str) -> plain::CheckoutSession {
    tokio::time::timeout(Duration::from_secs(60), baseline_retrieve(http, base_url))
        .await
        .expect("baseline within its time limit")
}

/// The clients under test, all for the same loopback server.
struct Clients {
    sdk: wooshpay::Client,
    http: reqwest::Client,
    http_like_sdk: reqwest::Client,
    base_url: String,
}

/// One iteration: `$call` (an expression making one call's future) once, or `$width` of them
/// at once. Each variant keeps its own future type, so that their sizes stay as they are.
macro_rules! iteration {
    ($width:expr, $call:expr) => {
        async {
            if $width == 1 {
                drop(black_box($call.await));
            } else {
                drop(black_box(join_all((0..$width).map(|_| $call)).await));
            }
        }
    };
}

/// The variants of the interleaved measurement, `width` calls per iteration: SDK and baseline
/// first, then the diagnostic ones.
fn variants<'a>(
    rt: &'a tokio::runtime::Runtime,
    clients: &'a Clients,
    width: usize,
) -> Vec<(&'static str, Runner<'a>)> {
    let Clients {
        sdk,
        http,
        http_like_sdk,
        base_url,
    } = clients;
    vec![
        (
            "sdk",
            Box::new(move |n| common::time_async(rt, n, || iteration!(width, sdk_retrieve(sdk)))),
        ),
        (
            "baseline",
            Box::new(move |n| {
                common::time_async(rt, n, || {
                    iteration!(width, baseline_retrieve::<Plain>(http, base_url))
                })
            }),
        ),
        (
            "baseline+sdk_http_settings",
            Box::new(move |n| {
                common::time_async(rt, n, || {
                    iteration!(width, baseline_retrieve::<Plain>(http_like_sdk, base_url))
                })
            }),
        ),
        (
            "sdk_max_retries_0",
            Box::new(move |n| {
                common::time_async(rt, n, || iteration!(width, sdk_retrieve_once(sdk)))
            }),
        ),
        (
            "baseline_timed",
            Box::new(move |n| {
                common::time_async(rt, n, || {
                    iteration!(width, baseline_retrieve_timed(http, base_url))
                })
            }),
        ),
        (
            "baseline_sdk_types",
            Box::new(move |n| {
                common::time_async(rt, n, || {
                    // The typed decoding alone: the baseline into the SDK's type.
                    iteration!(
                        width,
                        baseline_retrieve::<wooshpay::types::CheckoutSession>(http, base_url)
                    )
                })
            }),
        ),
    ]
}

/// The CPU cost of the steps in which SDK and baseline differ, measured alone (no I/O):
/// forming the URL, and decoding the same body into each type.
fn step_costs(base_url: &str, body: &Bytes) -> common::Interleaved {
    let base = reqwest::Url::parse(base_url).expect("base URL");
    let base = &base;
    common::interleave(
        15,
        Duration::from_millis(10),
        vec![
            (
                "URL, baseline: format!, parsed by reqwest",
                Box::new(move |n| {
                    common::time_sync(n, || {
                        reqwest::Url::parse(&format!("{base_url}/v1/checkout/sessions/{ID}"))
                            .expect("URL")
                    })
                }) as Runner,
            ),
            (
                "URL, SDK: id String, checks, path under parsed base",
                Box::new(move |n| {
                    common::time_sync(n, || {
                        // The builder keeps the id as a `Result<String, ConversionError>`; the
                        // client keeps its base URL parsed.
                        let id: Result<String, wooshpay::ConversionError> =
                            black_box(Ok(ID.to_string()));
                        let id = id.expect("id");
                        assert!(!id.is_empty() && id != "." && id != "..");
                        let mut url = base.clone();
                        url.set_path(&format!(
                            "/v1/checkout/sessions/{}",
                            wooshpay::encode_path_segment(&id)
                        ));
                        url
                    })
                }),
            ),
            (
                "decode body: hand-written struct",
                Box::new(move |n| {
                    common::time_sync(n, || {
                        serde_json::from_slice::<plain::CheckoutSession>(body).expect("decode")
                    })
                }),
            ),
            (
                "decode body: SDK type",
                Box::new(move |n| {
                    common::time_sync(n, || {
                        serde_json::from_slice::<wooshpay::types::CheckoutSession>(body)
                            .expect("decode")
                    })
                }),
            ),
        ],
    )
}

fn main() {
    let started = SystemTime::now();
    let example = common::spec_example("CheckoutSession");
    let body = Bytes::from(serde_json::to_vec(&example).expect("example JSON"));
    let size = body.len();
    let served = body.clone();
    let server = Server::start(move |_| served.clone());
    let runtime = common::client_runtime();
    let clients = Clients {
        sdk: wooshpay::Client::builder()
            .secret_key(common::KEY)
            .base_url(&server.base_url)
            .build()
            .expect("SDK client"),
        http: baseline_client(false),
        http_like_sdk: baseline_client(true),
        base_url: server.base_url.clone(),
    };
    let Clients {
        sdk,
        http,
        base_url,
        ..
    } = &clients;

    // Both sides decode the same document.
    let (a, b) = runtime.block_on(async {
        (
            sdk_retrieve(sdk).await,
            baseline_retrieve::<Plain>(http, base_url).await,
        )
    });
    assert_eq!(a.id, b.id);
    let items = |n: Option<usize>| n.unwrap_or(0);
    assert_eq!(
        items(a.line_items.map(|l| l.data.len())),
        items(b.line_items.and_then(|l| l.data).map(|d| d.len()))
    );

    // Analysis mode: exactly `count` iterations of one variant, then exit, for counting the
    // instructions per call under callgrind (sdk/wooshpay/benches/instructions.sh).
    if let Ok(spec) = std::env::var("WOOSHPAY_BENCH_CALLS") {
        let (name, count) = spec
            .split_once(':')
            .expect("WOOSHPAY_BENCH_CALLS=<variant>[x64]:<count>");
        let count: u64 = count.parse().expect("a count");
        let (name, width) = match name.strip_suffix("x64") {
            Some(name) => (name, CONCURRENCY),
            None => (name, 1),
        };
        let (_, mut run) = variants(&runtime, &clients, width)
            .into_iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("unknown variant {name}"));
        run(count);
        return;
    }

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(60)
        .configure_from_args();

    let mut group = c.benchmark_group("retrieve_sequential");
    group.throughput(Throughput::Elements(1));
    group.bench_function("sdk", |b| {
        b.to_async(&runtime).iter(|| sdk_retrieve(sdk));
    });
    group.bench_function("baseline", |b| {
        b.to_async(&runtime)
            .iter(|| baseline_retrieve::<Plain>(http, base_url));
    });
    group.finish();

    let mut group = c.benchmark_group("retrieve_concurrent_64");
    group.sampling_mode(SamplingMode::Flat).sample_size(40);
    group.throughput(Throughput::Elements(CONCURRENCY as u64));
    group.bench_function("sdk", |b| {
        b.to_async(&runtime)
            .iter(|| join_all((0..CONCURRENCY).map(|_| sdk_retrieve(sdk))));
    });
    group.bench_function("baseline", |b| {
        b.to_async(&runtime).iter(|| {
            join_all((0..CONCURRENCY).map(|_| baseline_retrieve::<Plain>(http, base_url)))
        });
    });
    group.finish();
    c.final_summary();

    if common::quick_mode() {
        return;
    }
    let load_before = common::load_average();
    const ROUNDS: usize = 40;
    let sequential = common::interleave(
        ROUNDS,
        Duration::from_millis(30),
        variants(&runtime, &clients, 1),
    );
    let concurrent = common::interleave(
        ROUNDS,
        Duration::from_millis(40),
        variants(&runtime, &clients, CONCURRENCY),
    );
    let steps = step_costs(base_url, &body);

    println!();
    println!(
        "== request_overhead: SDK / baseline (GET /v1/checkout/sessions/{{id}}, {size} B body) =="
    );
    println!(
        " load average before/after the interleaved part: {load_before} / {}",
        common::load_average()
    );
    println!(" criterion medians, wall clock (per iteration):");
    for (label, group) in [
        ("sequential, 1 request", "retrieve_sequential"),
        (
            "concurrent, 64 requests in flight",
            "retrieve_concurrent_64",
        ),
    ] {
        common::print_criterion_ratio(
            label,
            group,
            "sdk",
            "baseline",
            common::WITHIN_3_PERCENT,
            started,
        );
    }
    let target = Some(common::WITHIN_3_PERCENT);
    for (clock, what) in [
        (Clock::Wall, "wall clock"),
        (Clock::Cpu, "client thread CPU time"),
    ] {
        println!(" interleaved re-measurement, {what} (median of {ROUNDS} alternating rounds):");
        sequential.print_ratio("sequential, 1 request", 0, 1, clock, target);
        concurrent.print_ratio("concurrent, 64 requests in flight", 0, 1, clock, target);
    }
    println!(" where the difference goes (client thread CPU time, interleaved):");
    for (label, m) in [("sequential", &sequential), ("concurrent 64", &concurrent)] {
        for (what, a, b) in [
            ("reqwest settings of the SDK", 2, 1),
            ("SDK runtime, retries on", 0, 2),
            ("SDK runtime, retries off", 3, 2),
            ("a tokio time limit", 4, 1),
            ("decoding into the SDK's type", 5, 1),
        ] {
            m.print_ratio(&format!("{label}: {what}"), a, b, Clock::Cpu, None);
        }
    }
    let sdk_future = std::mem::size_of_val(&sdk.retrieve_checkout_session().id(ID).send());
    let baseline_future = std::mem::size_of_val(&baseline_retrieve::<Plain>(http, base_url));
    println!(
        " size of the future of one call: SDK {sdk_future} B, baseline {baseline_future} B; \
         of the decoded session: SDK {} B, hand-written {} B",
        std::mem::size_of::<wooshpay::types::CheckoutSession>(),
        std::mem::size_of::<plain::CheckoutSession>(),
    );
    println!(" CPU cost of the steps that differ, alone (median ns per call, no I/O):");
    for (v, name) in steps.names.iter().enumerate() {
        println!(
            "  {name:<52} {}",
            common::fmt_ns(steps.median_ns(v, Clock::Cpu))
        );
    }
    drop(server);
}
