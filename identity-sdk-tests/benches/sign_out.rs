//! What the SDK costs per call: the full stack (token source, identification
//! headers, retry hook, tracing spans, error mapping) against the same
//! request sent with a bare `reqwest::Client`, sequentially and with 64 and
//! 256 calls in flight on one shared client; the blocking client
//! sequentially; the SDK with a tracing subscriber installed (spans
//! recorded and formatted); then the time from process start to a completed
//! sign-out for the `sign_out` job.
//!
//! ```sh
//! cargo bench -p identity-sdk-tests --bench sign_out
//! ```
//!
//! `BENCH_CALLS` (default 4000) sets the calls per measurement and
//! `BENCH_ROUNDS` (default 45) how many alternating SDK/bare rounds are run;
//! calls/s and latencies are the median round's, and each ratio is the
//! median of the ratios within a round. Many short rounds rather than a few
//! long ones: the three measurements of a round are then about a second
//! apart, so less of the machine's drift falls between them.
//! `BENCH_LONG_CALLS` (default 100000) is the length of the one long
//! sequential run whose first and last tenths are compared.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use identity_sdk::reqwest;
use identity_sdk::{DEFAULT_READ_TIMEOUT, IdentityClient};
use tokio::sync::Semaphore;

#[path = "support/server.rs"]
mod server;
use server::start_server;

/// Latencies of one measurement, and its wall time.
struct Sample {
    latencies: Vec<Duration>,
    wall: Duration,
}

impl Sample {
    fn calls_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        sorted[((sorted.len() - 1) as f64 * p).round() as usize]
    }
}

/// Runs `calls` calls of `call`, at most `in_flight` at once.
async fn measure<F, Fut>(calls: usize, in_flight: usize, call: F) -> Sample
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let latencies = if in_flight == 1 {
        let mut latencies = Vec::with_capacity(calls);
        for _ in 0..calls {
            let one = Instant::now();
            call().await;
            latencies.push(one.elapsed());
        }
        latencies
    } else {
        let permits = Arc::new(Semaphore::new(in_flight));
        let mut tasks = Vec::with_capacity(calls);
        for _ in 0..calls {
            let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
            let call = Arc::clone(&call);
            tasks.push(tokio::spawn(async move {
                let one = Instant::now();
                call().await;
                drop(permit);
                one.elapsed()
            }));
        }
        let mut latencies = Vec::with_capacity(calls);
        for task in tasks {
            latencies.push(task.await.unwrap());
        }
        latencies
    };
    Sample {
        latencies,
        wall: started.elapsed(),
    }
}

fn sdk_client(base: &str) -> IdentityClient {
    IdentityClient::builder()
        .with_base_url(base)
        .with_access_token("bench-token")
        .with_application_name("bench")
        .build()
        .unwrap()
}

/// `calls` sign-outs through a new SDK client, `in_flight` at a time.
fn measure_sdk(
    runtime: &tokio::runtime::Runtime,
    base: &str,
    calls: usize,
    in_flight: usize,
) -> Sample {
    let sdk = Arc::new(sdk_client(base));
    runtime.block_on(measure(calls, in_flight, move || {
        let sdk = sdk.clone();
        async move {
            sdk.invalidate_token().await.unwrap();
        }
    }))
}

/// The hand-written equivalent: the same headers on the same request.
fn bare_client() -> reqwest::Client {
    let version = env!("CARGO_PKG_VERSION");
    let headers = [
        ("user-agent", format!("identity-sdk/{version}")),
        ("x-lusid-sdk-language", "Rust".to_owned()),
        ("x-lusid-sdk-version", version.to_owned()),
        ("x-lusid-application", "bench".to_owned()),
    ];
    let headers = headers
        .into_iter()
        .map(|(name, value)| {
            (
                reqwest::header::HeaderName::from_static(name),
                value.parse().unwrap(),
            )
        })
        .collect();
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// One call of the hand-written equivalent, with an optional per-request
/// timeout (the SDK always has one: its read timeout per attempt).
fn bare_call(
    base: &str,
    timeout: Option<Duration>,
) -> impl Fn() -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static {
    let (bare, url) = (bare_client(), format!("{base}/api/tokens"));
    move || {
        let mut request = bare
            .delete(&url)
            .header("accept", "application/json")
            .header("api-version", "0.0.3076")
            .bearer_auth("bench-token");
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        Box::pin(async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 204);
        })
    }
}

/// `calls` sequential sign-outs with the blocking client, from this
/// (non-runtime) thread.
fn measure_blocking(base: &str, calls: usize) -> Sample {
    let client = IdentityClient::builder()
        .with_base_url(base)
        .with_access_token("bench-token")
        .with_application_name("bench")
        .build_blocking()
        .unwrap();
    let started = Instant::now();
    let mut latencies = Vec::with_capacity(calls);
    for _ in 0..calls {
        let one = Instant::now();
        client.invalidate_token().unwrap();
        latencies.push(one.elapsed());
    }
    Sample {
        latencies,
        wall: started.elapsed(),
    }
}

fn median_by<T>(mut items: Vec<T>, key: impl Fn(&T) -> f64) -> T {
    items.sort_by(|a, b| key(a).total_cmp(&key(b)));
    items.swap_remove(items.len() / 2)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One table row: calls/s, latencies, and the SDK's calls/s over each
/// baseline's (bare reqwest, then with a per-request timeout), when given.
fn row(name: &str, sample: &Sample, ratios: [Option<f64>; 2]) {
    let [bare, timed] = ratios.map(|ratio| ratio.map_or(String::new(), |r| format!("{r:.3}")));
    println!(
        "| {name} | {:.0} | {:.1} | {:.1} | {bare} | {timed} |",
        sample.calls_per_second(),
        sample.percentile(0.50).as_secs_f64() * 1e6,
        sample.percentile(0.99).as_secs_f64() * 1e6,
    );
}

/// The median over rounds of `of`'s calls/s over `over`'s in the same
/// round: each ratio compares two measurements taken seconds apart, so
/// the machine's drift between rounds cancels out.
fn paired_ratio(of: &[Sample], over: &[Sample]) -> f64 {
    let mut ratios: Vec<f64> = of
        .iter()
        .zip(over)
        .map(|(a, b)| a.calls_per_second() / b.calls_per_second())
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}

fn main() {
    let calls = env_number("BENCH_CALLS", 4_000);
    let rounds = env_number("BENCH_ROUNDS", 45);
    let long_calls = env_number("BENCH_LONG_CALLS", 100_000);
    let base = start_server();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();

    println!(
        "{calls} calls per measurement, {rounds} rounds; calls/s and latencies (µs) of the \
         median round, ratios the median of each round's own ratio\n"
    );
    println!("| measurement | calls/s | p50 | p99 | ÷ bare | ÷ bare + timeout |");
    println!("|---|---|---|---|---|---|");
    for in_flight in [1, 64, 256] {
        let (mut sdk_samples, mut bare_samples, mut timed_samples) =
            (Vec::new(), Vec::new(), Vec::new());
        let mut blocking_samples = Vec::new();
        for round in 0..rounds {
            if in_flight == 1 {
                blocking_samples.push(measure_blocking(&base, calls));
            }
            // Alternate, and start each round with the next one, so that
            // drift in the machine and going first hit all three alike.
            for turn in 0..3 {
                match (round + turn) % 3 {
                    0 => sdk_samples.push(measure_sdk(&runtime, &base, calls, in_flight)),
                    1 => bare_samples.push(runtime.block_on(measure(
                        calls,
                        in_flight,
                        bare_call(&base, None),
                    ))),
                    _ => timed_samples.push(runtime.block_on(measure(
                        calls,
                        in_flight,
                        bare_call(&base, Some(DEFAULT_READ_TIMEOUT)),
                    ))),
                }
            }
        }
        let label = if in_flight == 1 {
            "sequential".to_owned()
        } else {
            format!("{in_flight} in flight")
        };
        let over_bare = |of: &[Sample]| Some(paired_ratio(of, &bare_samples));
        let over_timed = |of: &[Sample]| Some(paired_ratio(of, &timed_samples));
        let ratios = [over_bare(&sdk_samples), over_timed(&sdk_samples)];
        let timed_ratios = [over_bare(&timed_samples), None];
        let blocking_ratios =
            (in_flight == 1).then(|| [over_bare(&blocking_samples), over_timed(&blocking_samples)]);
        let median = |samples| median_by(samples, Sample::calls_per_second);
        row(
            &format!("bare reqwest, {label}"),
            &median(bare_samples),
            [None, None],
        );
        row(
            &format!("bare reqwest + per-request timeout, {label}"),
            &median(timed_samples),
            timed_ratios,
        );
        row(
            &format!("identity-sdk, {label}"),
            &median(sdk_samples),
            ratios,
        );
        if let Some(ratios) = blocking_ratios {
            row(
                "identity-sdk blocking client, sequential",
                &median(blocking_samples),
                ratios,
            );
        }
    }

    // Per-call cost must not grow with the calls made: compare the first and
    // the last tenth of one long sequential run, and the same for bare
    // reqwest, which shows what the machine itself does over that time.
    // Before the subscriber below is installed: spans off, as for bare.
    let long = measure_sdk(&runtime, &base, long_calls, 1);
    let long_bare = runtime.block_on(measure(
        long_calls,
        1,
        bare_call(&base, Some(DEFAULT_READ_TIMEOUT)),
    ));
    // Spans on: a subscriber that records and formats every span (into a
    // sink). Set once for the process, so measured after every other SDK
    // measurement.
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::sink)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();
    let (mut traced_samples, mut bare_samples) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        traced_samples.push(measure_sdk(&runtime, &base, calls, 1));
        bare_samples.push(runtime.block_on(measure(calls, 1, bare_call(&base, None))));
    }
    let ratio = paired_ratio(&traced_samples, &bare_samples);
    row(
        "identity-sdk, spans on (fmt subscriber to a sink), sequential",
        &median_by(traced_samples, Sample::calls_per_second),
        [Some(ratio), None],
    );

    let mean = |slice: &[Duration]| {
        slice.iter().sum::<Duration>().as_secs_f64() * 1e6 / slice.len() as f64
    };
    println!();
    for (name, sample) in [
        ("SDK", long),
        ("bare reqwest + per-request timeout", long_bare),
    ] {
        let (calls, tenth) = (sample.latencies.len(), sample.latencies.len() / 10);
        println!(
            "per-call mean over {calls} sequential calls, {name}: first tenth {:.1} µs, last tenth {:.1} µs",
            mean(&sample.latencies[..tenth]),
            mean(&sample.latencies[calls - tenth..]),
        );
    }

    // Process start to completed sign-out, for the main job.
    let runs = env_number("BENCH_PROCESS_RUNS", 50);
    let mut latencies = Vec::with_capacity(runs);
    let started = Instant::now();
    for _ in 0..runs {
        let one = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_sign_out"))
            .env_clear()
            .env("FBN_IDENTITY_URL", &base)
            .env("FBN_ACCESS_TOKEN", "bench-token")
            .output()
            .unwrap();
        latencies.push(one.elapsed());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let process = Sample {
        latencies,
        wall: started.elapsed(),
    };
    println!(
        "\n| sign_out process, start to exit | runs/s | p50 (ms) | p99 (ms) |\n|---|---|---|---|"
    );
    println!(
        "| {runs} runs | {:.1} | {:.2} | {:.2} |",
        process.calls_per_second(),
        process.percentile(0.50).as_secs_f64() * 1e3,
        process.percentile(0.99).as_secs_f64() * 1e3,
    );
}
