//! Contract tests of the generated `invalidate_token` against a local
//! Identity service: `DELETE {base}/api/tokens` with no parameters and no
//! body, `204` on success, a LUSID problem-details body on every error
//! status.

use identity_sdk::generated::Error;
use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::problem_details;
use identity_sdk_mock::spec::conforming;
use wiremock::ResponseTemplate;

use crate::support::{client, serve_once};

/// Everything the contract says a sign-out request is: `DELETE
/// /api/tokens`, no path or query parameters, no body, no `Content-Type`.
fn contract() -> Contract {
    Contract::new("DELETE", "/api/tokens")
}

/// Answers the sign-out once with `answer`, and returns the generated
/// operation's error.
async fn error_for(answer: ResponseTemplate) -> Error<types::LusidProblemDetails> {
    let server = serve_once(&contract(), answer).await;

    client(&server)
        .api()
        .invalidate_token()
        .send()
        .await
        .unwrap_err()
}

/// Answers the sign-out once with `status` and `body`, and returns what the
/// generated operation made of it: an error response, decoded.
async fn decoded_error(status: u16, body: &serde_json::Value) -> types::LusidProblemDetails {
    let error = error_for(ResponseTemplate::new(status).set_body_json(body)).await;

    let Error::ErrorResponse(problem) = error else {
        panic!("expected a decoded error response for {status}, got {error:?}");
    };
    assert_eq!(problem.status(), status);
    problem.into_inner()
}

#[tokio::test]
async fn no_content_is_success() {
    let contract = contract();
    let server = serve_once(&contract, contract.success(204)).await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .invalidate_token()
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}

/// Serves `status` with a problem-details body and checks that the client
/// returns an error response carrying the status and every decoded field.
async fn error_status_is_decoded(status: u16) {
    let body = conforming(
        "InvalidateToken",
        status,
        problem_details(status, "TokenError", "The token was refused", "0HN8-REQ-1"),
    );

    let problem = decoded_error(status, &body).await;

    assert_eq!(problem.name.as_deref(), Some("TokenError"));
    assert_eq!(problem.code, Some(i32::from(status) * 10 + 1));
    assert_eq!(problem.title.as_deref(), Some("The token was refused"));
    assert_eq!(problem.status, Some(i32::from(status)));
    assert_eq!(
        problem.detail.as_deref(),
        Some("The token was refused (detail)")
    );
    assert_eq!(
        problem.type_.as_deref(),
        Some("https://docs.lusid.com/#section/Error-Codes/TokenError")
    );
    assert_eq!(
        problem.instance.as_deref(),
        Some("https://example.lusid.com/app/insights/logs/0HN8-REQ-1")
    );
    assert_eq!(problem.error_details.as_deref(), Some(&[][..]));
    assert_eq!(problem.extensions.as_ref().map(|e| e.len()), Some(0));
}

#[tokio::test]
async fn bad_request_is_a_decoded_error() {
    error_status_is_decoded(400).await;
}

#[tokio::test]
async fn unauthorized_is_a_decoded_error() {
    error_status_is_decoded(401).await;
}

#[tokio::test]
async fn forbidden_is_a_decoded_error() {
    error_status_is_decoded(403).await;
}

#[tokio::test]
async fn not_found_is_a_decoded_error() {
    error_status_is_decoded(404).await;
}

#[tokio::test]
async fn too_many_requests_is_a_decoded_error() {
    error_status_is_decoded(429).await;
}

#[tokio::test]
async fn internal_server_error_is_a_decoded_error() {
    error_status_is_decoded(500).await;
}

#[tokio::test]
async fn service_unavailable_is_a_decoded_error() {
    error_status_is_decoded(503).await;
}

#[tokio::test]
async fn unknown_fields_and_extensions_still_decode() {
    let mut body = problem_details(401, "InvalidToken", "Token is invalid", "0HN8-REQ-2");
    body["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into();
    body["extensions"] = serde_json::json!({
        "retryable": false,
        "attempt": 3,
        "hints": ["sign in again"],
        "source": {"service": "identity"}
    });
    body["errorDetails"] = serde_json::json!([{"id": "token", "reason": "revoked"}]);
    let body = conforming("InvalidateToken", 401, body);

    let problem = decoded_error(401, &body).await;

    assert_eq!(problem.name.as_deref(), Some("InvalidToken"));
    let extensions = problem.extensions.as_ref().unwrap();
    assert_eq!(extensions["retryable"], false);
    assert_eq!(extensions["attempt"], 3);
    assert_eq!(extensions["hints"][0], "sign in again");
    assert_eq!(extensions["source"]["service"], "identity");
    let details = problem.error_details.as_ref().unwrap();
    assert_eq!(details[0]["reason"], "revoked");
}

#[tokio::test]
async fn body_without_code_or_name_still_decodes() {
    let body = conforming(
        "InvalidateToken",
        503,
        serde_json::json!({"title": "Service Unavailable", "status": 503}),
    );

    let problem = decoded_error(503, &body).await;

    assert_eq!(problem.title.as_deref(), Some("Service Unavailable"));
    assert_eq!((problem.code, problem.name.as_deref()), (None, None));
}

#[tokio::test]
async fn a_status_outside_the_contract_is_unexpected() {
    let error = error_for(ResponseTemplate::new(200).set_body_string("{}")).await;

    assert!(
        matches!(&error, Error::UnexpectedResponse(response) if response.status() == 200),
        "expected an unexpected-response error, got {error:?}"
    );
}
