//! Shared by the benches: the spec's examples as fixtures, a loopback HTTP server, the
//! hand-written baseline types, and the end-of-run summary that prints SDK/baseline ratios
//! from criterion's estimates and from an interleaved (ABAB…) re-measurement.

#![allow(dead_code)] // each bench uses a different subset

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::Value;

/// The key every bench client uses (a test key; the server never checks it).
pub const KEY: &str = "sk_test_51NbS3cr3tK3y";

/// The spec's component example `name`, as JSON.
pub fn spec_example(name: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/wooshpay.yaml");
    let text = std::fs::read_to_string(path).expect("read spec/wooshpay.yaml");
    let spec: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let value = spec["components"]["examples"][name]["value"].clone();
    assert!(!value.is_null(), "the spec has no example named {name}");
    value
}

/// A list page of `sessions` Checkout Sessions, each with `items` line items, built from the
/// spec's `CheckoutSession` example. Ids, amounts and timestamps vary per session and item;
/// the placeholder enum values of the example (`"string"`) are replaced by documented ones;
/// line item amounts alternate between the two documented forms (integer and string).
pub fn checkout_session_list(sessions: usize, items: usize) -> Vec<u8> {
    let example = spec_example("CheckoutSession");
    let item_example = example["line_items"]["data"][0].clone();
    let data: Vec<Value> = (0..sessions)
        .map(|s| {
            let mut session = example.clone();
            let n = 1_795_782_989_284_638_720u64 + s as u64;
            session["id"] = format!("cs_{n}").into();
            session["object"] = "checkout.session".into();
            session["mode"] = "payment".into();
            session["currency"] = "USD".into();
            session["payment_status"] = ["unpaid", "paid"][s % 2].into();
            session["status"] = ["open", "complete", "expired"][s % 3].into();
            session["created"] = (1_665_553_291_000u64 + s as u64 * 1000).into();
            session["expires_at"] = (1_665_639_691_000u64 + s as u64 * 1000).into();
            session["payment_intent"] = format!("pi_{n}").into();
            let mut total = 0i64;
            let line_items: Vec<Value> = (0..items)
                .map(|i| {
                    let mut item = item_example.clone();
                    let amount = 100 + (s * items + i) as i64;
                    total += amount;
                    item["id"] = format!("li_{n}_{i}").into();
                    item["object"] = "item".into();
                    item["currency"] = "USD".into();
                    item["description"] = format!("Product {i} of session {s}").into();
                    let (subtotal, amount_total, quantity) = if i % 2 == 0 {
                        (amount.into(), amount.into(), Value::from(1))
                    } else {
                        (
                            amount.to_string().into(),
                            amount.to_string().into(),
                            Value::from("1"),
                        )
                    };
                    item["amount_subtotal"] = subtotal;
                    item["amount_total"] = amount_total;
                    item["quantity"] = quantity;
                    item["price"]["id"] = format!("price_{n}_{i}").into();
                    item["price"]["object"] = "price".into();
                    item["price"]["product"] = format!("prod_{n}_{i}").into();
                    item["price"]["unit_amount"] = amount.into();
                    // Only where the example's item carries a discount (it has none today).
                    if let Some(discount) = item["discounts"].get_mut(0) {
                        discount["id"] = format!("di_{n}_{i}").into();
                        discount["checkout_session"] = format!("cs_{n}").into();
                        discount["coupon"]["id"] = format!("co_{n}_{i}").into();
                    }
                    item
                })
                .collect();
            session["amount_subtotal"] = total.into();
            session["amount_total"] = total.into();
            session["line_items"]["object"] = "list".into();
            session["line_items"]["has_more"] = false.into();
            session["line_items"]["data"] = line_items.into();
            session
        })
        .collect();
    let page = serde_json::json!({
        "object": "list",
        "url": "/v1/checkout/sessions",
        "has_more": true,
        "data": data,
    });
    serde_json::to_vec(&page).expect("serialize the fixture")
}

/// Answers a request target (path and query) with a JSON body.
pub type Handler = dyn Fn(&str) -> Bytes + Send + Sync;

/// An HTTP/1.1 server (hyper) on 127.0.0.1, on a runtime of its own with one worker thread,
/// so that the measured client and the server each have one of the machine's cores. Every
/// response is `200` with `Content-Type: application/json` and a `Request-Id`, as WooshPay's.
/// Dropping it stops the server.
pub struct Server {
    pub base_url: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    pub fn start(handler: impl Fn(&str) -> Bytes + Send + Sync + 'static) -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("bench-server")
            .enable_all()
            .build()
            .expect("server runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("local address"));
        let handler: Arc<Handler> = Arc::new(handler);
        runtime.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                let handler = handler.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request: Request<Incoming>| {
                        let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
                        let body = handler(target);
                        async move {
                            Ok::<_, Infallible>(
                                Response::builder()
                                    .header("content-type", "application/json")
                                    .header("request-id", "req_bench_0000000001")
                                    .body(Full::new(body))
                                    .expect("response"),
                            )
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Server {
            base_url,
            runtime: Some(runtime),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The runtime the measured client runs on: one thread (the server has the other core).
pub fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

/// True unless this run measures: criterion only checks that the benches run when started
/// without `--bench` (`cargo test --benches`) or with `--test`, and measures nothing with
/// `--list` or `--profile-time`. Then no summary is measured or printed either.
pub fn quick_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    !args.iter().any(|a| a == "--bench")
        || args
            .iter()
            .any(|a| matches!(a.as_str(), "--test" | "--list" | "--profile-time"))
}

/// The hand-written baseline: plain `#[derive(Deserialize)]` structs of the same shape as the
/// SDK's generated types, field for field, as one would write them by hand for the documented
/// JSON. Open enums are plain `String`s, timestamps plain `i64`, metadata a JSON map. The
/// fields the docs show both as integer and as string get the obvious hand-written
/// `#[serde(untagged)]` enum, because the data has both forms.
pub mod plain {
    use serde::Deserialize;
    use serde_json::{Map, Value};

    #[derive(Deserialize, Debug)]
    pub struct CheckoutSessionList {
        pub data: Option<Vec<CheckoutSession>>,
        pub has_more: Option<bool>,
        pub object: Option<String>,
        pub url: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct CheckoutSession {
        pub amount_subtotal: Option<i64>,
        pub amount_total: Option<i64>,
        pub billing_address_collection: Option<String>,
        pub cancel_url: Option<String>,
        pub client_reference_id: Option<String>,
        pub created: Option<i64>,
        pub currency: Option<String>,
        pub customer: Option<String>,
        pub customer_creation: Option<String>,
        pub customer_details: Option<CustomerDetails>,
        pub customer_email: Option<String>,
        pub expires_at: Option<i64>,
        pub id: String,
        pub line_items: Option<LineItemList>,
        pub livemode: Option<bool>,
        pub metadata: Option<Map<String, Value>>,
        pub mode: Option<String>,
        pub object: String,
        pub payment_intent: Option<String>,
        pub payment_link: Option<String>,
        pub payment_method_options: Option<PaymentMethodOptions>,
        pub payment_method_types: Option<Vec<String>>,
        pub payment_status: Option<String>,
        pub phone_number_collection: Option<PhoneNumberCollection>,
        pub setup_intent: Option<String>,
        pub shipping: Option<Shipping>,
        pub shipping_address_collection: Option<ShippingAddressCollection>,
        pub status: Option<String>,
        pub success_url: Option<String>,
        pub url: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(untagged)]
    pub enum IntegerOrString {
        Int(i64),
        Str(String),
    }

    #[derive(Deserialize, Debug)]
    #[serde(untagged)]
    pub enum IntegerOrNumber {
        Int(i64),
        Float(f64),
    }

    #[derive(Deserialize, Debug)]
    pub struct Address {
        pub city: Option<String>,
        pub country: Option<String>,
        pub line1: Option<String>,
        pub line2: Option<String>,
        pub postal_code: Option<String>,
        pub state: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct CustomerDetails {
        pub address: Option<Address>,
        pub email: Option<String>,
        pub name: Option<String>,
        pub phone: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct LineItemList {
        pub data: Option<Vec<LineItem>>,
        pub has_more: Option<bool>,
        pub object: Option<String>,
        pub url: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct LineItem {
        pub amount_discount: Option<i64>,
        pub amount_subtotal: Option<IntegerOrString>,
        pub amount_total: Option<IntegerOrString>,
        pub currency: Option<String>,
        pub description: Option<String>,
        pub discounts: Option<Vec<Discount>>,
        pub id: String,
        pub object: Option<String>,
        pub price: Option<Price>,
        pub quantity: Option<IntegerOrString>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Price {
        pub active: Option<bool>,
        pub billing_scheme: Option<String>,
        pub created: Option<i64>,
        pub currency: Option<String>,
        pub id: String,
        pub livemode: Option<bool>,
        pub lookup_key: Option<String>,
        pub metadata: Option<Map<String, Value>>,
        pub nickname: Option<String>,
        pub object: String,
        pub product: Option<Value>,
        pub recurring: Option<Recurring>,
        pub tiers: Option<Vec<Tier>>,
        pub tiers_mode: Option<String>,
        #[serde(rename = "type")]
        pub type_: Option<String>,
        pub unit_amount: Option<i64>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Recurring {
        pub interval: Option<String>,
        pub interval_count: Option<i64>,
        pub usage_type: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Tier {
        pub flat_amount: Option<IntegerOrString>,
        pub unit_amount: Option<IntegerOrString>,
        pub up_to: Option<IntegerOrString>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Discount {
        pub checkout_session: Option<String>,
        pub coupon: Option<Coupon>,
        pub customer: Option<String>,
        pub end: Option<i64>,
        pub id: Option<String>,
        pub object: Option<String>,
        pub promotion_code: Option<String>,
        pub start: Option<i64>,
        pub subscription: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Coupon {
        pub amount_off: Option<i64>,
        pub applies_to: Option<CouponAppliesTo>,
        pub created: Option<i64>,
        pub currency: Option<String>,
        pub currency_options: Option<Map<String, Value>>,
        pub duration: Option<String>,
        pub duration_in_days: Option<IntegerOrString>,
        pub duration_in_months: Option<i64>,
        pub duration_in_weeks: Option<IntegerOrString>,
        pub id: String,
        pub livemode: Option<bool>,
        pub max_redemptions: Option<i64>,
        pub metadata: Option<Map<String, Value>>,
        pub name: Option<String>,
        pub object: String,
        pub percent_off: Option<IntegerOrNumber>,
        pub redeem_by: Option<i64>,
        pub times_redeemed: Option<i64>,
        pub valid: Option<bool>,
    }

    #[derive(Deserialize, Debug)]
    pub struct CouponAppliesTo {
        pub products: Option<Vec<String>>,
    }

    #[derive(Deserialize, Debug)]
    pub struct PaymentMethodOptions {
        pub akulaku: Option<WalletOptions>,
        pub alipay: Option<WalletOptions>,
        pub alipay_hk: Option<WalletOptions>,
        pub alipayplus: Option<WalletOptions>,
        pub card: Option<CardOptions>,
        pub dana: Option<WalletOptions>,
        pub kakaopay: Option<WalletOptions>,
        pub pix: Option<PixOptions>,
        pub sepa_debit: Option<Map<String, Value>>,
        pub shopeepay: Option<WalletOptions>,
        pub truemoney: Option<WalletOptions>,
        pub wechat_pay: Option<WechatPayOptions>,
    }

    /// The SDK has one struct per wallet, all with these two fields.
    #[derive(Deserialize, Debug)]
    pub struct WalletOptions {
        pub os_type: Option<String>,
        pub terminal_type: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct CardOptions {
        pub capture_method: Option<String>,
        pub request_three_d_secure: Option<String>,
        pub setup_future_usage: Option<String>,
        pub tax_id: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct PixOptions {
        pub tax_id: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct WechatPayOptions {
        pub client_ip: Option<String>,
        pub openid: Option<String>,
        pub os_type: Option<String>,
        pub terminal_type: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct PhoneNumberCollection {
        pub enabled: Option<bool>,
    }

    #[derive(Deserialize, Debug)]
    pub struct Shipping {
        pub address: Option<Address>,
        pub carrier: Option<String>,
        pub name: Option<String>,
        pub phone: Option<String>,
        pub tracking_number: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    pub struct ShippingAddressCollection {
        pub allowed_countries: Option<Vec<String>>,
    }
}

// ---- Results ---------------------------------------------------------------------------------

/// Criterion's output directory, found as criterion finds it: `$CRITERION_HOME`, else
/// `$CARGO_TARGET_DIR/criterion`, else `<target>/criterion` next to this executable
/// (`<target>/release/deps/<bench>-<hash>`).
pub fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    let exe = std::env::current_exe().expect("current executable");
    exe.ancestors()
        .nth(3)
        .map(|target| target.join("criterion"))
        .unwrap_or_else(|| PathBuf::from("target/criterion"))
}

/// Criterion's median estimate (ns per iteration) and its 95 % confidence interval for
/// `group/function`, if it was measured by this process (written after `since`).
pub fn criterion_median(group: &str, function: &str, since: SystemTime) -> Option<Estimate> {
    let path = criterion_dir()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None; // left by an earlier run (e.g. this one was filtered)
    }
    let json: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let median = &json["median"];
    Some(Estimate {
        ns: median["point_estimate"].as_f64()?,
        low: median["confidence_interval"]["lower_bound"].as_f64()?,
        high: median["confidence_interval"]["upper_bound"].as_f64()?,
    })
}

/// A median in ns per iteration, with a confidence interval.
#[derive(Clone, Copy, Debug)]
pub struct Estimate {
    pub ns: f64,
    pub low: f64,
    pub high: f64,
}

/// A ratio target: the SDK's median over the baseline's must be at most `max`.
#[derive(Clone, Copy)]
pub struct Target {
    pub max: f64,
    pub text: &'static str,
}

pub const WITHIN_5_PERCENT: Target = Target {
    max: 1.05,
    text: "<= 1.05 (within 5 %)",
};
pub const WITHIN_3_PERCENT: Target = Target {
    max: 1.03,
    text: "<= 1.03 (within 3 %)",
};
pub const AT_LEAST_AS_FAST: Target = Target {
    max: 1.0,
    text: "<= 1.00 (at least as fast)",
};

/// Prints one comparison from criterion's medians: both medians, the ratio, the ratio's range
/// from the two confidence intervals, and whether the target is met.
pub fn print_criterion_ratio(
    label: &str,
    group: &str,
    sdk: &str,
    baseline: &str,
    target: Target,
    since: SystemTime,
) {
    match (
        criterion_median(group, sdk, since),
        criterion_median(group, baseline, since),
    ) {
        (Some(s), Some(b)) => {
            let ratio = s.ns / b.ns;
            println!(
                "  {label:<44} {sdk} {} | {baseline} {} | ratio {ratio:.3} \
                 (from CIs {:.3}-{:.3}) target {}: {}",
                fmt_ns(s.ns),
                fmt_ns(b.ns),
                s.low / b.high,
                s.high / b.low,
                target.text,
                verdict(ratio, target),
            );
        }
        _ => println!("  {label:<44} not measured in this run (filtered out?)"),
    }
}

pub fn verdict(ratio: f64, target: Target) -> String {
    if ratio <= target.max {
        "MET".to_string()
    } else {
        format!(
            "MISSED by {:.1} % of the baseline",
            (ratio - target.max) * 100.0
        )
    }
}

pub fn fmt_ns(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.3} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// What one batch of an interleaved measurement took: wall-clock time, and CPU time of the
/// calling thread. On a current-thread runtime the calling thread runs the whole client (SDK,
/// reqwest, hyper), so its CPU time is the client's cost, which other load on the machine
/// disturbs less than the wall-clock time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sample {
    pub wall: Duration,
    pub cpu: Duration,
}

/// CPU time this thread has run: `clock_gettime(CLOCK_THREAD_CPUTIME_ID)` from the C library
/// std already links (no crate added). `/proc/thread-self/schedstat` would need no FFI, but it
/// is only brought up to date at scheduler ticks (4 ms here), too coarse for short batches.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
pub fn thread_cpu() -> Option<Duration> {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    unsafe extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut time = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec (64-bit `time_t` and `long` on 64-bit
    // Linux) and the clock id is a constant the kernel knows.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut time) };
    (rc == 0).then(|| Duration::new(time.tv_sec as u64, time.tv_nsec as u32))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
pub fn thread_cpu() -> Option<Duration> {
    None
}

/// Measures `f` as a [`Sample`].
pub fn sample(f: impl FnOnce()) -> Sample {
    let cpu = thread_cpu();
    let start = Instant::now();
    f();
    let wall = start.elapsed();
    let cpu = match (cpu, thread_cpu()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => Duration::ZERO,
    };
    Sample { wall, cpu }
}

/// Times `iters` runs of an async closure on `runtime` (a current-thread runtime).
pub fn time_async<F, Fut>(runtime: &tokio::runtime::Runtime, iters: u64, mut f: F) -> Sample
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    sample(|| {
        runtime.block_on(async {
            for _ in 0..iters {
                f().await;
            }
        })
    })
}

/// Times `iters` runs of a closure.
pub fn time_sync<T>(iters: u64, mut f: impl FnMut() -> T) -> Sample {
    sample(|| {
        for _ in 0..iters {
            std::hint::black_box(f());
        }
    })
}

/// One variant of an interleaved measurement: runs `iters` iterations and says what they took.
pub type Runner<'a> = Box<dyn FnMut(u64) -> Sample + 'a>;

/// Which time of a [`Sample`] a figure is about.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Wall,
    Cpu,
}

impl Clock {
    fn of(self, sample: &Sample) -> f64 {
        match self {
            Clock::Wall => sample.wall.as_secs_f64(),
            Clock::Cpu => sample.cpu.as_secs_f64(),
        }
    }
}

/// The rounds of an interleaved measurement, in ns per iteration.
pub struct Interleaved {
    pub names: Vec<&'static str>,
    /// `rounds[r][v]`: variant `v`'s time per iteration in round `r`.
    rounds: Vec<Vec<Sample>>,
    iters: u64,
}

impl Interleaved {
    /// Median ns per iteration of variant `v`.
    pub fn median_ns(&self, v: usize, clock: Clock) -> f64 {
        let mut times: Vec<f64> = self
            .rounds
            .iter()
            .map(|r| clock.of(&r[v]) * 1e9 / self.iters as f64)
            .collect();
        times.sort_by(f64::total_cmp);
        quantile(&times, 0.5)
    }

    /// Median and quartiles over the rounds of variant `a`'s time over variant `b`'s (both
    /// measured back to back in each round).
    pub fn ratio(&self, a: usize, b: usize, clock: Clock) -> (f64, f64, f64) {
        let mut ratios: Vec<f64> = self
            .rounds
            .iter()
            .map(|r| clock.of(&r[a]) / clock.of(&r[b]))
            .collect();
        ratios.sort_by(f64::total_cmp);
        (
            quantile(&ratios, 0.5),
            quantile(&ratios, 0.25),
            quantile(&ratios, 0.75),
        )
    }

    /// Prints variant `a` against variant `b`, with a verdict when a target is given.
    pub fn print_ratio(
        &self,
        label: &str,
        a: usize,
        b: usize,
        clock: Clock,
        target: Option<Target>,
    ) {
        let (ratio, q1, q3) = self.ratio(a, b, clock);
        let verdict = target.map_or(String::new(), |t| {
            format!(" target {}: {}", t.text, verdict(ratio, t))
        });
        println!(
            "  {label:<44} {} {} | {} {} | ratio {ratio:.3} (quartiles {q1:.3}-{q3:.3}){verdict}",
            self.names[a],
            fmt_ns(self.median_ns(a, clock)),
            self.names[b],
            fmt_ns(self.median_ns(b, clock)),
        );
    }
}

/// Measures the variants in alternation: `rounds` rounds, each running every variant for a
/// batch of about `batch` (the same iteration count for all), in an order that rotates and
/// reverses from round to round, so that drift of the machine (frequency, other load) hits
/// every variant alike and each round gives a ratio of neighbours in time.
pub fn interleave(
    rounds: usize,
    batch: Duration,
    mut variants: Vec<(&'static str, Runner<'_>)>,
) -> Interleaved {
    // Calibrate on the first variant; warm every variant up once.
    let mut iters = 1u64;
    loop {
        let took = (variants[0].1)(iters).wall;
        if took >= batch / 4 || iters >= 1 << 30 {
            let per_iter = took.as_secs_f64() / iters as f64;
            iters = ((batch.as_secs_f64() / per_iter).ceil() as u64).max(1);
            break;
        }
        iters *= 2;
    }
    for (_, run) in variants.iter_mut() {
        run(iters);
    }
    let n = variants.len();
    let mut all = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let mut samples = vec![Sample::default(); n];
        for k in 0..n {
            let i = (round + k) % n;
            let i = if round % 2 == 1 { n - 1 - i } else { i };
            samples[i] = (variants[i].1)(iters);
        }
        all.push(samples);
    }
    Interleaved {
        names: variants.iter().map(|(name, _)| *name).collect(),
        rounds: all,
        iters,
    }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The load average (1, 5, 15 min) from /proc/loadavg: other work on the machine skews
/// wall-clock figures, so the summaries print it.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}
