//! Instructions per sign-out, for comparing versions of the SDK exactly:
//! `CALLS` (default 1000) `invalidate_token` calls against the local server,
//! on one current-thread runtime, with nothing else in the process. Run it
//! under callgrind with two call counts; the difference of the totals
//! divided by the difference of the counts is the cost of one call (client
//! and the in-process server), without the set-up:
//!
//! ```sh
//! cargo bench -p identity-sdk-tests --bench instructions --no-run
//! BIN=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
//! CALLS=1000 valgrind --tool=callgrind --callgrind-out-file=/dev/null $BIN
//! CALLS=3000 valgrind --tool=callgrind --callgrind-out-file=/dev/null $BIN
//! ```
//!
//! `IN_FLIGHT` (default 1) calls run at once, each its own task; `CLIENT`
//! picks what is counted: `sdk` (default), or the same request on a bare
//! `reqwest::Client`, `bare` or `bare-timeout` (with the SDK's per-attempt
//! timeout), as in the `sign_out` bench.

use std::sync::Arc;
use std::time::Duration;

use identity_sdk::IdentityClient;
use identity_sdk::reqwest;
use tokio::sync::Semaphore;

#[path = "support/server.rs"]
mod server;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// One call of the client `CLIENT` names.
#[derive(Clone)]
enum Caller {
    Sdk(Arc<IdentityClient>),
    Bare {
        client: reqwest::Client,
        url: Arc<str>,
        timeout: Option<Duration>,
    },
}

impl Caller {
    fn new(kind: &str, base: &str) -> Self {
        let bare = |timeout| {
            // The headers the SDK sends on every request.
            let version = env!("CARGO_PKG_VERSION");
            let mut headers = reqwest::header::HeaderMap::new();
            for (name, value) in [
                ("user-agent", format!("identity-sdk/{version}")),
                ("x-lusid-sdk-language", "Rust".to_owned()),
                ("x-lusid-sdk-version", version.to_owned()),
                ("x-lusid-application", "bench".to_owned()),
            ] {
                headers.insert(name, value.parse().unwrap());
            }
            let client = reqwest::Client::builder()
                .default_headers(headers)
                .build()
                .unwrap();
            let url = format!("{base}/api/tokens").into();
            Caller::Bare {
                client,
                url,
                timeout,
            }
        };
        match kind {
            "sdk" => Caller::Sdk(Arc::new(
                IdentityClient::builder()
                    .with_base_url(base)
                    .with_access_token("bench-token")
                    .with_application_name("bench")
                    .build()
                    .unwrap(),
            )),
            "bare" => bare(None),
            "bare-timeout" => bare(Some(identity_sdk::DEFAULT_READ_TIMEOUT)),
            other => panic!("CLIENT={other}: expected sdk, bare or bare-timeout"),
        }
    }

    async fn call(&self) {
        match self {
            Caller::Sdk(client) => {
                client.invalidate_token().await.unwrap();
            }
            Caller::Bare {
                client,
                url,
                timeout,
            } => {
                let mut request = client
                    .delete(&**url)
                    .header("accept", "application/json")
                    .header("api-version", "0.0.3076")
                    .bearer_auth("bench-token");
                if let Some(timeout) = timeout {
                    request = request.timeout(*timeout);
                }
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), 204);
            }
        }
    }
}

fn main() {
    let calls = env_number("CALLS", 1000);
    let in_flight = env_number("IN_FLIGHT", 1);
    let kind = std::env::var("CLIENT").unwrap_or_else(|_| "sdk".to_owned());
    let base = server::start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let caller = Caller::new(&kind, &base);
    runtime.block_on(async {
        if in_flight == 1 {
            for _ in 0..calls {
                caller.call().await;
            }
            return;
        }
        let permits = Arc::new(Semaphore::new(in_flight));
        let mut tasks = Vec::with_capacity(calls);
        for _ in 0..calls {
            let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
            let caller = caller.clone();
            tasks.push(tokio::spawn(async move {
                caller.call().await;
                drop(permit);
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    });
}
