//! The mock Identity service behaves like the real one for sign-out flows.

use std::time::{Duration, Instant};

use identity_sdk::auth::PasswordGrantCredentials;
use identity_sdk::{IdentityClient, SignOut};
use identity_sdk_mock::{Fault, MockIdentity, fast_retries};

fn client_for(identity: &MockIdentity, token: &str) -> IdentityClient {
    IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(token)
        .with_retry_policy(fast_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_live_token_signs_out_once_and_is_rejected_after() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    let client = client_for(&identity, &token);

    assert_eq!(
        client.sign_out().await.unwrap(),
        SignOut::SignedOut {
            request_id: Some("mock-req-1".into())
        }
    );
    assert!(!identity.is_live(&token));
    let error = client.invalidate_token().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.request_id(), Some("mock-req-2"));
    assert_eq!(
        error.problem().unwrap().name.as_deref(),
        Some("InvalidToken")
    );
    let calls = identity.calls();
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        [204, 401]
    );
    assert!(
        calls
            .iter()
            .all(|c| c.method == "DELETE" && c.path == "/identity/api/tokens")
    );
    assert_eq!(calls[0].token.as_deref(), Some(token.as_str()));
}

#[tokio::test]
async fn an_unknown_token_is_rejected() {
    let identity = MockIdentity::start().await;
    let outcome = client_for(&identity, "never-issued")
        .sign_out()
        .await
        .unwrap();
    assert!(matches!(outcome, SignOut::AlreadySignedOut { .. }));
}

#[tokio::test]
async fn injected_server_errors_and_rate_limits_are_served_in_order() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    identity.inject(Fault::ServerError(503));
    identity.inject(Fault::RateLimited { retry_after: 0 });

    client_for(&identity, &token).sign_out().await.unwrap();

    assert_eq!(
        identity
            .calls()
            .iter()
            .map(|c| c.status)
            .collect::<Vec<_>>(),
        [503, 429, 204]
    );
}

#[tokio::test]
async fn an_injected_malformed_body_keeps_status_and_request_id() {
    let identity = MockIdentity::start().await;
    identity.inject(Fault::MalformedBody(500));

    let error = client_for(&identity, &identity.issue_token())
        .sign_out()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.request_id(), Some("mock-req-1"));
    assert!(error.problem().is_none() && error.raw_body().is_some());
}

#[tokio::test]
async fn an_injected_delay_slows_the_answer() {
    let identity = MockIdentity::start().await;
    identity.inject(Fault::Delay(Duration::from_millis(200)));
    let started = Instant::now();
    client_for(&identity, &identity.issue_token())
        .sign_out()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn the_token_endpoint_issues_tokens_to_the_password_grant() {
    let identity = MockIdentity::start().await;
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_password_grant(PasswordGrantCredentials {
            token_url: identity.token_url().parse().unwrap(),
            username: "alice".into(),
            password: "password".into(),
            client_id: "client".into(),
            client_secret: "secret".into(),
        })
        .build()
        .unwrap();

    assert!(matches!(
        client.sign_out().await.unwrap(),
        SignOut::SignedOut { .. }
    ));
    let calls = identity.calls();
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.method.as_str(), c.status))
            .collect::<Vec<_>>(),
        [("POST", 200), ("DELETE", 204)]
    );
}
