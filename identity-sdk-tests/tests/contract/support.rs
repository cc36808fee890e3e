//! What every contract test shares.

use identity_sdk::{IdentityClient, RetryPolicy};
use identity_sdk_mock::builder;
use wiremock::MockServer;

/// The client under contract: retries off, so that each answer is seen
/// exactly as the service sent it (retries are tested in resilience.rs).
pub fn client(server: &MockServer) -> IdentityClient {
    builder(server)
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}
