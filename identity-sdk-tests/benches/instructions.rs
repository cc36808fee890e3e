//! Instructions per sign-out, for comparing versions of the SDK exactly:
//! `CALLS` (default 1000) sequential `invalidate_token` calls against the
//! local server, on one current-thread runtime, with nothing else in the
//! process. Run it under callgrind with two call counts; the difference of
//! the totals divided by the difference of the counts is the cost of one
//! call (client and the in-process server), without the set-up:
//!
//! ```sh
//! cargo bench -p identity-sdk-tests --bench instructions --no-run
//! BIN=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
//! CALLS=1000 valgrind --tool=callgrind --callgrind-out-file=/dev/null $BIN
//! CALLS=3000 valgrind --tool=callgrind --callgrind-out-file=/dev/null $BIN
//! ```

use identity_sdk::IdentityClient;

#[path = "support/server.rs"]
mod server;

fn main() {
    let calls: usize = std::env::var("CALLS")
        .ok()
        .and_then(|calls| calls.parse().ok())
        .unwrap_or(1000);
    let base = server::start_server();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = IdentityClient::builder()
        .with_base_url(&base)
        .with_access_token("bench-token")
        .with_application_name("bench")
        .build()
        .unwrap();
    runtime.block_on(async {
        for _ in 0..calls {
            client.invalidate_token().await.unwrap();
        }
    });
}
