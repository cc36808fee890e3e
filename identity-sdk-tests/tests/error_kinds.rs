//! What an error says it is: each predicate is true for its own kind of
//! failure and false for every other, so a caller's `if error.is_timeout()`
//! means what it reads.

use std::time::Duration;

use identity_sdk::{Error, ErrorKind, IdentityClient, RetryPolicy};
use identity_sdk_mock::{builder_for, identity_server, problem_details};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

mod common;
use common::raw_server::{RefusingPort, silent_server};

/// `[is_timeout, is_connection, is_authentication, is_rate_limited, is_configuration]`.
fn predicates(error: &Error) -> [bool; 5] {
    [
        error.is_timeout(),
        error.is_connection(),
        error.is_authentication(),
        error.is_rate_limited(),
        error.is_configuration(),
    ]
}

async fn answered(status: u16) -> Error {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(status).set_body_json(problem_details(status, "E", "e", "r")),
        )
        .mount(&server)
        .await;
    let client = identity_sdk_mock::builder(&server)
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    client.invalidate_token().await.unwrap_err()
}

#[tokio::test]
async fn each_predicate_is_true_for_its_kind_only() {
    let configuration = IdentityClient::builder()
        .with_base_url("not a url")
        .with_access_token("t")
        .build()
        .unwrap_err();
    assert_eq!(configuration.kind(), ErrorKind::Configuration);
    assert_eq!(
        predicates(&configuration),
        [false, false, false, false, true]
    );

    for status in [401, 403] {
        let refused = answered(status).await;
        assert_eq!(
            predicates(&refused),
            [false, false, true, false, false],
            "{status}"
        );
    }
    let rate_limited = answered(429).await;
    assert_eq!(
        predicates(&rate_limited),
        [false, false, false, true, false]
    );
    for status in [400, 404, 500, 503] {
        let other = answered(status).await;
        assert_eq!(other.kind(), ErrorKind::Response);
        assert_eq!(predicates(&other), [false; 5], "{status}");
    }

    // Nothing listens on the port: a connection error.
    let refusing = RefusingPort::new();
    let unreachable = builder_for(refusing.base_url())
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err();
    assert_eq!(predicates(&unreachable), [false, true, false, false, false]);

    // The service accepts and says nothing: a timeout.
    let timed_out = builder_for(&silent_server().await)
        .with_retry_policy(RetryPolicy::none())
        .with_read_timeout(Duration::from_millis(100))
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err();
    assert_eq!(predicates(&timed_out), [true, false, false, false, false]);
}

#[tokio::test]
async fn a_token_that_cannot_be_obtained_is_an_authentication_error() {
    let server = identity_server().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"})),
        )
        .mount(&server)
        .await;
    let error = IdentityClient::builder()
        .with_base_url(identity_sdk_mock::base_url(&server))
        .with_password_grant(identity_sdk::auth::PasswordGrantCredentials {
            token_url: format!("{}/oauth2/token", server.uri()).parse().unwrap(),
            username: "alice".into(),
            password: "p".into(),
            client_id: "c".into(),
            client_secret: "s".into(),
        })
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Authentication);
    assert_eq!(predicates(&error), [false, false, true, false, false]);
}
