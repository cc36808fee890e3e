//! Error bodies as gateways and services really send them: whatever the
//! body, the error keeps the status and the request id, decodes problem
//! details when it can, and keeps at most 64 KiB of anything else.

use std::time::Duration;

use identity_sdk::{Error, MAX_ERROR_BODY};
use identity_sdk_mock::{client, identity_server};
use tokio::io::AsyncWriteExt;
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

mod common;
use common::deadline::fails_within;
use common::raw_server::{raw_server, read_request_head, stall};

const REQUEST_ID: &str = "0HN8-BODY-1";

/// Answers the sign-out with 400 and `body` as `content_type`.
async fn error_for(body: impl Into<Vec<u8>>, content_type: &str) -> Error {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("identity-meta-requestid", REQUEST_ID)
                .set_body_raw(body.into(), content_type),
        )
        .expect(1)
        .mount(&server)
        .await;
    client(&server).invalidate_token().await.unwrap_err()
}

#[track_caller]
fn assert_status_and_request_id(error: &Error) {
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error:?}");
    assert_eq!(error.request_id(), Some(REQUEST_ID), "{error:?}");
    assert!(!error.to_string().contains('\n'), "{error}");
}

#[tokio::test]
async fn an_empty_body() {
    let error = error_for("", "application/json").await;
    assert_status_and_request_id(&error);
    assert!(error.problem().is_none() && error.raw_body().is_none());
    assert_eq!(
        error.to_string(),
        format!(
            "400 Bad Request: the error body was not LUSID problem details (request id {REQUEST_ID})"
        )
    );
}

#[tokio::test]
async fn an_html_page_from_a_gateway() {
    let html =
        "<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1></body></html>";
    let error = error_for(html, "text/html").await;
    assert_status_and_request_id(&error);
    assert_eq!(error.raw_body(), Some(html.as_bytes()));
}

#[tokio::test]
async fn plain_text() {
    let error = error_for("upstream connect error", "text/plain").await;
    assert_status_and_request_id(&error);
    assert_eq!(error.raw_body(), Some(&b"upstream connect error"[..]));
}

#[tokio::test]
async fn truncated_json() {
    let error = error_for(r#"{"name":"InvalidToken","code":4"#, "application/json").await;
    assert_status_and_request_id(&error);
    assert!(error.problem().is_none());
    assert_eq!(
        error.raw_body(),
        Some(&br#"{"name":"InvalidToken","code":4"#[..])
    );
}

#[tokio::test]
async fn json_with_unknown_fields() {
    let body = r#"{"name":"Invalid","code":7,"title":"Bad","traceId":"abc","extensions":{"k":[1,{"x":null}]}}"#;
    let error = error_for(body, "application/json").await;
    assert_status_and_request_id(&error);
    let problem = error.problem().unwrap();
    assert_eq!(
        (problem.name.as_deref(), problem.code),
        (Some("Invalid"), Some(7))
    );
    assert_eq!(
        problem.extensions.as_ref().unwrap()["k"][1]["x"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn json_missing_the_required_fields() {
    let error = error_for(r#"{"detail":"no name, no code"}"#, "application/json").await;
    assert_status_and_request_id(&error);
    assert_eq!(
        error.problem().unwrap().detail.as_deref(),
        Some("no name, no code")
    );
    assert_eq!(
        error.to_string(),
        format!("400 Bad Request: no name, no code (request id {REQUEST_ID})")
    );
}

#[tokio::test]
async fn problem_details_with_the_wrong_content_type() {
    let error = error_for(r#"{"name":"Invalid","title":"Bad"}"#, "text/html").await;
    assert_status_and_request_id(&error);
    assert_eq!(error.problem().unwrap().title.as_deref(), Some("Bad"));
}

#[tokio::test]
async fn the_request_id_falls_back_to_the_instance() {
    let server = identity_server().await;
    let body = identity_sdk_mock::problem_details(400, "Invalid", "Bad", "from-instance-7");
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).invalidate_token().await.unwrap_err();
    assert_eq!(error.request_id(), Some("from-instance-7"));
}

#[tokio::test]
async fn a_ten_mebibyte_body_is_read_no_further_than_the_cap() {
    let error = error_for(vec![b'x'; 10 * 1024 * 1024], "text/plain").await;
    assert_status_and_request_id(&error);
    assert_eq!(error.raw_body().map(<[u8]>::len), Some(MAX_ERROR_BODY));
}

/// A client of a server that answers with a `400` announcing `announced`
/// body bytes, sends `sent`, then stalls (well past the test); the client's
/// read timeout is 10 s.
async fn stalling_400(announced: usize, sent: Vec<u8>) -> identity_sdk::IdentityClient {
    let base = raw_server(move |mut stream| {
        let sent = sent.clone();
        async move {
            read_request_head(&mut stream).await;
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nidentity-meta-requestid: {REQUEST_ID}\r\ncontent-length: {announced}\r\n\r\n",
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&sent).await;
            stall(stream).await;
        }
    })
    .await;
    identity_sdk::IdentityClient::builder()
        .with_base_url(base)
        .with_access_token("t")
        .with_read_timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_body_that_never_ends_is_not_waited_for_past_the_cap() {
    // Announces 10 MiB, sends a little more than the cap, then stalls: a
    // client that read past the cap would wait for the read timeout.
    let client = stalling_400(10 * 1024 * 1024, vec![b'y'; MAX_ERROR_BODY + 1024]).await;

    let error = fails_within(Duration::from_secs(5), client.invalidate_token()).await;

    assert_status_and_request_id(&error);
    assert_eq!(error.raw_body().map(<[u8]>::len), Some(MAX_ERROR_BODY));
}

#[test]
fn the_cap_is_64_kibibytes() {
    assert_eq!(MAX_ERROR_BODY, 65_536);
}

#[tokio::test]
async fn a_body_of_exactly_the_cap_is_not_read_further() {
    // Exactly 64 KiB arrive, then the body stalls (it announced more): the
    // client has all it keeps, so it must not wait for the rest.
    let client = stalling_400(MAX_ERROR_BODY * 2, vec![b'z'; MAX_ERROR_BODY]).await;

    let error = fails_within(Duration::from_secs(5), client.invalidate_token()).await;

    assert!(!error.is_body_incomplete(), "{error:?}");
    assert_eq!(error.raw_body().map(<[u8]>::len), Some(MAX_ERROR_BODY));
}
