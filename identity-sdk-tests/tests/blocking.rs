//! The synchronous client: the same calls, results and errors as the async
//! one, from plain code and from inside a Tokio runtime of either flavour,
//! without a panic.

use identity_sdk::prelude::*;
use identity_sdk::{ClientBuilder, IdentityClient, RetryPolicy, SignOut};
use identity_sdk_mock::{Fault, MockIdentity};

/// A mock Identity service served by a runtime of its own, so that the
/// test thread can block on the client.
fn identity_on_its_own_runtime() -> (tokio::runtime::Runtime, MockIdentity) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let identity = runtime.block_on(MockIdentity::start());
    (runtime, identity)
}

fn blocking_client(identity: &MockIdentity, token: &str) -> identity_sdk::blocking::IdentityClient {
    IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(token)
        .with_retry_policy(identity_sdk_mock::fast_retries())
        .build_blocking()
        .unwrap()
}

#[test]
fn plain_code_signs_out_and_sees_the_token_refused_after() {
    let (_runtime, identity) = identity_on_its_own_runtime();
    let token = identity.issue_token();
    let client = blocking_client(&identity, &token);
    assert_eq!(client.base_url(), identity.base_url());
    assert!(format!("{client:?}").starts_with("blocking::IdentityClient"));

    assert!(matches!(
        client.sign_out().unwrap(),
        SignOut::SignedOut { .. }
    ));
    assert!(!identity.is_live(&token));
    assert!(matches!(
        client.sign_out().unwrap(),
        SignOut::AlreadySignedOut { .. }
    ));
    let error = client.invalidate_token().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.request_id(), Some("mock-req-3"));
}

#[test]
fn any_generated_operation_runs_and_errors_are_the_sdks() {
    let (_runtime, identity) = identity_on_its_own_runtime();
    identity.inject(Fault::ServerError(503));
    identity.inject(Fault::ServerError(503));
    identity.inject(Fault::ServerError(503));
    let client = blocking_client(&identity, &identity.issue_token());

    let error = client.execute(client.api().invalidate_token()).unwrap_err();

    // The retries of the policy, as with the async client.
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    let response = client.execute(client.api().invalidate_token()).unwrap();
    assert_eq!(response.status(), 204);
}

#[test]
fn bad_configuration_is_an_error_not_a_panic() {
    let error = ClientBuilder::new()
        .with_base_url("not a url")
        .with_access_token("t")
        .build_blocking()
        .unwrap_err();
    assert!(error.is_configuration(), "{error:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn inside_a_current_thread_runtime_it_works_and_drops_cleanly() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    let client = blocking_client(&identity, &token);

    assert!(matches!(
        client.sign_out().unwrap(),
        SignOut::SignedOut { .. }
    ));
    // Dropped inside the runtime: no panic.
    drop(client);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_a_multi_thread_runtime_it_works_and_drops_cleanly() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(&token)
        .with_retry_policy(RetryPolicy::none())
        .build_blocking()
        .unwrap();

    assert!(matches!(
        client.sign_out().unwrap(),
        SignOut::SignedOut { .. }
    ));
    let clone = client.clone();
    drop(client);
    assert!(matches!(
        clone.sign_out().unwrap(),
        SignOut::AlreadySignedOut { .. }
    ));
}
