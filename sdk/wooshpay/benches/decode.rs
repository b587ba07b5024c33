//! Decoding a ~1 MB list page: 100 Checkout Sessions with 8 line items each, built from the
//! spec's example (ids, amounts and timestamps vary). The SDK's path is what `execute.rs`
//! does with a success body: `serde_json::from_slice` into the generated type, here
//! `types::CheckoutSessionList`. Baselines: `serde_json::Value`, and a hand-written plain
//! struct of the same shape (`common::plain`). Each iteration decodes and drops the result.
//!
//! ```text
//! cargo bench -p wooshpay --bench decode
//! ```

mod common;

use std::time::{Duration, SystemTime};

use common::{Clock, Runner, plain};
use criterion::{Criterion, SamplingMode, Throughput};
use serde_json::Value;
use wooshpay::types::CheckoutSessionList;

const SESSIONS: usize = 100;
const LINE_ITEMS: usize = 8;

fn sdk(body: &[u8]) -> CheckoutSessionList {
    serde_json::from_slice(body).expect("SDK type")
}

fn value(body: &[u8]) -> Value {
    serde_json::from_slice(body).expect("Value")
}

fn hand_written(body: &[u8]) -> plain::CheckoutSessionList {
    serde_json::from_slice(body).expect("plain struct")
}

fn main() {
    let started = SystemTime::now();
    let body = common::checkout_session_list(SESSIONS, LINE_ITEMS);
    let body = body.as_slice();

    // All three read the same document.
    let decoded = sdk(body);
    let sessions = decoded.data.as_slice();
    assert_eq!(sessions.len(), SESSIONS);
    let items: usize = sessions
        .iter()
        .map(|s| s.line_items.as_ref().map_or(0, |l| l.data.len()))
        .sum();
    assert_eq!(items, SESSIONS * LINE_ITEMS);
    assert_eq!(value(body)["data"].as_array().map(Vec::len), Some(SESSIONS));
    assert_eq!(hand_written(body).data.map(|d| d.len()), Some(SESSIONS));

    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let mut group = c.benchmark_group("decode_checkout_session_list");
    group.sampling_mode(SamplingMode::Flat).sample_size(40);
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("sdk", |b| b.iter(|| sdk(body)));
    group.bench_function("value", |b| b.iter(|| value(body)));
    group.bench_function("hand_written", |b| b.iter(|| hand_written(body)));
    group.finish();
    c.final_summary();

    if common::quick_mode() {
        return;
    }
    let load_before = common::load_average();

    let interleaved = common::interleave(
        30,
        Duration::from_millis(50),
        vec![
            (
                "sdk",
                Box::new(|n| common::time_sync(n, || sdk(body))) as Runner,
            ),
            ("value", Box::new(|n| common::time_sync(n, || value(body)))),
            (
                "hand_written",
                Box::new(|n| common::time_sync(n, || hand_written(body))),
            ),
        ],
    );

    println!();
    println!(
        "== decode: SDK / baseline ({} bytes, {SESSIONS} sessions x {LINE_ITEMS} line items) ==",
        body.len()
    );
    println!(
        " load average before/after the interleaved part: {load_before} / {}",
        common::load_average()
    );
    println!(" criterion medians (per decode):");
    let group = "decode_checkout_session_list";
    common::print_criterion_ratio(
        "SDK type vs serde_json::Value",
        group,
        "sdk",
        "value",
        common::AT_LEAST_AS_FAST,
        started,
    );
    common::print_criterion_ratio(
        "SDK type vs hand-written struct",
        group,
        "sdk",
        "hand_written",
        common::WITHIN_5_PERCENT,
        started,
    );
    println!(" interleaved re-measurement (median of 30 alternating rounds):");
    interleaved.print_ratio(
        "SDK type vs serde_json::Value",
        0,
        1,
        Clock::Wall,
        Some(common::AT_LEAST_AS_FAST),
    );
    interleaved.print_ratio(
        "SDK type vs hand-written struct",
        0,
        2,
        Clock::Wall,
        Some(common::WITHIN_5_PERCENT),
    );
}
