//! The SDK's spans in an application's tracing pipeline: each call is a span
//! named after its operation, with the OpenTelemetry HTTP client fields,
//! and each attempt a child span. Here a `tracing-subscriber` formatter
//! prints them; an OpenTelemetry layer would export them the same way.
//! Runs against an embedded mock, with one 503 to show a retry.
//!
//! ```sh
//! cargo run -p identity-sdk --example with_tracing
//! ```

use identity_sdk::IdentityClient;
use identity_sdk_mock::{Fault, MockIdentity};
use tracing_subscriber::fmt::format::FmtSpan;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), identity_sdk::Error> {
    tracing_subscriber::fmt()
        .with_span_events(FmtSpan::CLOSE)
        .with_target(false)
        .init();

    let identity = MockIdentity::start().await;
    identity.inject(Fault::ServerError(503));
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(identity.issue_token())
        .build()?;

    client.sign_out().await?;
    Ok(())
}
