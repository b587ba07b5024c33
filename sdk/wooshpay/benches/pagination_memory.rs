//! Memory of auto-pagination: 100,000 payment intents served by a loopback server in pages of
//! 100, streamed through `client.list_payment_intents().limit(100).stream()` and counted. The
//! process's peak resident set (`VmHWM` in /proc/self/status) is read at 10k, 50k and 100k
//! items: a stream that holds one page at a time keeps it flat.
//!
//! ```text
//! cargo bench -p wooshpay --bench pagination_memory
//! ```
//!
//! A control follows: the same 100,000 items collected into a `Vec`, to show that the
//! measurement does see memory that grows with the item count.
//!
//! Bounded: the server serves at most 100,000 items (1,000 pages, plus a margin of 10 requests
//! after which it answers an empty last page), each pass has a deadline of 120 s, and all
//! traffic goes to 127.0.0.1. The figures include the in-process server (the JSON of the page
//! being served).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;

const TOTAL: usize = 100_000;
const PAGE: usize = 100;
const CHECKPOINTS: [usize; 3] = [10_000, 50_000, 100_000];
const MAX_REQUESTS_PER_PASS: usize = TOTAL / PAGE + 10;
const DEADLINE: Duration = Duration::from_secs(120);
/// The target: peak RSS under 50 MB (10^6 bytes).
const LIMIT_KIB: u64 = 50_000_000 / 1024;
/// "Flat": the peak grows by at most this much from 10k to 100k items (90,000 items, about
/// 100 MB of JSON, pass through in between).
const FLAT_KIB: u64 = 2 * 1024;

fn id(n: usize) -> String {
    format!("pi_{n:019}")
}

/// `VmHWM` (peak RSS) and `VmRSS` (current RSS) of this process, in KiB.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Serves `/v1/payment_intents` like WooshPay: `limit` items after `starting_after`, each the
/// spec's `PaymentIntent` example with its own id.
fn list_handler(requests: Arc<AtomicUsize>) -> impl Fn(&str) -> Bytes + Send + Sync + 'static {
    let mut example = common::spec_example("PaymentIntent");
    example["id"] = "@ID@".into();
    example["client_secret"] = "@ID@_secret_YYFHuk8Lago3RSqjbVFe68AA".into();
    let template = serde_json::to_string(&example).expect("example JSON");
    move |target: &str| {
        let query = target.split_once('?').map_or("", |(_, q)| q);
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
        };
        let limit: usize = param("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
        let start = param("starting_after")
            .and_then(|c| c.trim_start_matches("pi_").parse::<usize>().ok())
            .map_or(0, |n| n + 1);
        // A runaway client gets an empty last page.
        let end = if requests.fetch_add(1, Ordering::Relaxed) >= MAX_REQUESTS_PER_PASS {
            start
        } else {
            (start + limit.min(100)).min(TOTAL)
        };
        let mut page = String::with_capacity(64 + (end - start) * (template.len() + 32));
        page.push_str(r#"{"object":"list","url":"/v1/payment_intents","has_more":"#);
        page.push_str(if end < TOTAL && end > start {
            "true"
        } else {
            "false"
        });
        page.push_str(r#","data":["#);
        for n in start..end {
            if n > start {
                page.push(',');
            }
            page.push_str(&template.replace("@ID@", &id(n)));
        }
        page.push_str("]}");
        Bytes::from(page)
    }
}

struct Pass {
    items: usize,
    elapsed: Duration,
    /// `(items, VmHWM, VmRSS)` at each checkpoint.
    checkpoints: Vec<(usize, u64, u64)>,
}

/// Streams the list, up to `max` items; keeps every item in a `Vec` if `keep` (the control).
async fn pass(client: &wooshpay::Client, max: usize, keep: bool) -> Pass {
    let started = Instant::now();
    let deadline = tokio::time::Instant::now() + DEADLINE;
    // For the whole list, one more than it holds: the stream must end by itself.
    let mut stream = client
        .list_payment_intents()
        .limit(PAGE as i64)
        .stream()
        .take(if max < TOTAL { max } else { TOTAL + 1 });
    let mut kept = Vec::new();
    let mut items = 0;
    let mut checkpoints = Vec::new();
    while let Some(item) = tokio::time::timeout_at(deadline, stream.next())
        .await
        .expect("the pass took longer than its deadline")
    {
        let item = item.expect("a payment intent");
        assert_eq!(item.id, id(items), "items arrive once, in order");
        items += 1;
        assert!(items <= TOTAL, "more items than the server holds");
        if keep {
            kept.push(item);
        } else {
            drop(std::hint::black_box(item));
        }
        if CHECKPOINTS.contains(&items) {
            let (hwm, rss) = memory();
            checkpoints.push((items, hwm, rss));
        }
    }
    drop(kept);
    Pass {
        items,
        elapsed: started.elapsed(),
        checkpoints,
    }
}

fn main() {
    let requests = Arc::new(AtomicUsize::new(0));
    let server = common::Server::start(list_handler(requests.clone()));
    let runtime = common::client_runtime();
    let client = wooshpay::Client::builder()
        .secret_key(common::KEY)
        .base_url(&server.base_url)
        .build()
        .expect("SDK client");
    if common::quick_mode() {
        // `cargo test --benches`: check that the stream works, on 1,000 items.
        let checked = runtime.block_on(pass(&client, 1_000, false));
        assert_eq!(checked.items, 1_000);
        println!("pagination_memory: 1000 items streamed (test mode, nothing measured)");
        return;
    }
    // One page first, so that the figures below start with the connection pool, TLS-less
    // client and runtime already set up.
    let first = runtime.block_on(async {
        let mut stream = client.list_payment_intents().limit(PAGE as i64).stream();
        stream.next().await.expect("one item").expect("one item")
    });
    assert_eq!(first.id, id(0));
    drop(first);
    let (start_hwm, start_rss) = memory();

    requests.store(0, Ordering::Relaxed);
    let streamed = runtime.block_on(pass(&client, TOTAL, false));
    let pages = requests.load(Ordering::Relaxed);
    requests.store(0, Ordering::Relaxed);
    let control = runtime.block_on(pass(&client, TOTAL, true));
    drop(server);

    let item_bytes = {
        let handler = list_handler(Arc::new(AtomicUsize::new(0)));
        handler("/v1/payment_intents?limit=100").len() / PAGE
    };
    println!(
        "== pagination_memory: {TOTAL} payment intents, pages of {PAGE} (~{item_bytes} B of JSON \
         per item) =="
    );
    println!(
        " before streaming (after one page): VmHWM {}, VmRSS {}",
        mib(start_hwm),
        mib(start_rss)
    );
    println!(
        " stream(): {} items in {pages} requests, {:.2} s ({:.0} items/s)",
        streamed.items,
        streamed.elapsed.as_secs_f64(),
        streamed.items as f64 / streamed.elapsed.as_secs_f64()
    );
    for (items, hwm, rss) in &streamed.checkpoints {
        println!(
            "   at {items:>6} items: peak RSS (VmHWM) {:>9}, current RSS {:>9}",
            mib(*hwm),
            mib(*rss)
        );
    }
    println!(
        " control (items kept in a Vec): {} items in {:.2} s",
        control.items,
        control.elapsed.as_secs_f64()
    );
    for (items, hwm, rss) in &control.checkpoints {
        println!(
            "   at {items:>6} items: peak RSS (VmHWM) {:>9}, current RSS {:>9}",
            mib(*hwm),
            mib(*rss)
        );
    }

    let peak = streamed.checkpoints.iter().map(|c| c.1).max().unwrap_or(0);
    let growth = match (streamed.checkpoints.first(), streamed.checkpoints.last()) {
        (Some(first), Some(last)) => last.1.saturating_sub(first.1),
        _ => u64::MAX,
    };
    let complete = streamed.items == TOTAL && control.items == TOTAL;
    println!(
        " target: peak < 50 MB ({}): {} ({}); flat, growth 10k->100k <= {}: {} (+{} KiB); \
         all {TOTAL} items: {}",
        mib(LIMIT_KIB),
        if peak < LIMIT_KIB { "MET" } else { "MISSED" },
        mib(peak),
        mib(FLAT_KIB),
        if growth <= FLAT_KIB { "MET" } else { "MISSED" },
        growth,
        if complete { "yes" } else { "NO" },
    );
}
