//! `sign_out()`: the call users make at the end of a session or job. An
//! already-invalid token is an outcome, not a failure; the raw generated
//! `invalidate_token()` stays faithful to the spec.

use identity_sdk::{ClientTokensExt, SignOut};
use identity_sdk_mock::{client, identity_server, problem_details};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16) -> MockServer {
    let server = identity_server().await;
    let mut response =
        ResponseTemplate::new(status).insert_header("identity-meta-requestid", "req-1");
    if status != 204 {
        response = response.set_body_json(problem_details(status, "E", "e", "req-1"));
    }
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn no_content_is_signed_out() {
    let server = answering(204).await;
    let outcome = client(&server).sign_out().await.unwrap();
    assert_eq!(
        outcome,
        SignOut::SignedOut {
            request_id: Some("req-1".into())
        }
    );
}

#[tokio::test]
async fn unauthorized_is_already_signed_out() {
    let server = answering(401).await;
    let outcome = client(&server).sign_out().await.unwrap();
    assert_eq!(
        outcome,
        SignOut::AlreadySignedOut {
            request_id: Some("req-1".into())
        }
    );
    assert_eq!(outcome.request_id(), Some("req-1"));
}

#[tokio::test]
async fn forbidden_is_an_authentication_error() {
    let server = answering(403).await;
    let error = client(&server).sign_out().await.unwrap_err();
    assert!(error.is_authentication(), "{error:?}");
}

#[tokio::test]
async fn a_server_error_is_an_error() {
    let server = answering(500).await;
    let error = client(&server).sign_out().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
}

#[tokio::test]
async fn the_generated_operation_still_reports_unauthorized_as_an_error() {
    let server = answering(401).await;
    let error = client(&server)
        .api()
        .invalidate_token()
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}
