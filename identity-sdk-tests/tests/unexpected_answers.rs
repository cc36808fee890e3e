//! Answers the contract does not promise, as gateways and misbehaving
//! servers send them: the error keeps what the service said (status,
//! request id, every problem field it can read, the bytes that arrived) and
//! says what happened in one line.

use std::time::Duration;

use identity_sdk::{ErrorKind, IdentityClient, RetryPolicy, SignOut};
use identity_sdk_mock::{builder_for, client, identity_server, problem_details};
use tokio::io::AsyncWriteExt;
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::deadline::fails_within;
use common::raw_server::{raw_server, read_request_head, stall};

const REQUEST_ID: &str = "0HN8-ODD-1";

async fn answering(response: ResponseTemplate) -> MockServer {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .respond_with(response.insert_header("identity-meta-requestid", REQUEST_ID))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn one_problem_field_of_the_wrong_type_costs_only_that_field() {
    let mut body = problem_details(403, "Forbidden", "Not allowed", REQUEST_ID);
    body["status"] = "four-oh-three".into();
    body["errorDetails"] = serde_json::json!([{"field": 42}]);
    let server = answering(ResponseTemplate::new(403).set_body_json(&body)).await;

    let error = client(&server).invalidate_token().await.unwrap_err();

    let problem = error.problem().expect("the other fields decode");
    assert_eq!(problem.name.as_deref(), Some("Forbidden"));
    assert_eq!(problem.title.as_deref(), Some("Not allowed"));
    assert_eq!(problem.detail.as_deref(), Some("Not allowed (detail)"));
    assert_eq!(problem.code, Some(4031));
    assert_eq!(
        problem.instance,
        body["instance"].as_str().map(str::to_owned)
    );
    assert_eq!(problem.status, None);
    let unexpected = error.unexpected_problem_fields();
    assert_eq!(unexpected["status"], "four-oh-three");
    assert_eq!(unexpected["errorDetails"][0]["field"], 42);
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    assert_eq!(
        error.to_string(),
        format!(
            "403 Forbidden: Forbidden - Not allowed - Not allowed (detail) (request id {REQUEST_ID})"
        )
    );
}

#[tokio::test]
async fn a_success_other_than_the_documented_one_is_named() {
    let server = answering(ResponseTemplate::new(200).set_body_string("{}")).await;

    let error = client(&server).invalidate_token().await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Response);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.raw_body(), Some(&b"{}"[..]));
    assert_eq!(
        error.to_string(),
        format!("unexpected 200 OK (the API documents 204 No Content) (request id {REQUEST_ID})")
    );
}

/// A documented success whose body is not the documented type is a
/// response error that says so, with the decoder's reason as its source.
#[tokio::test]
async fn a_documented_success_with_an_undecodable_body_says_so() {
    use identity_sdk::prelude::*;

    let server = identity_server().await;
    Mock::given(method("GET"))
        .and(path("/identity/api/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string(r#"{"id": 7}"#),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .api()
        .get_user_info()
        .execute()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Response);
    assert!(
        error
            .to_string()
            .contains("the 200 OK response body is not the type the API documents (at `id`)"),
        "{error}"
    );
    let cause = std::error::Error::source(&error).expect("the decoder's error");
    assert!(cause.to_string().contains("invalid type"), "{cause}");
}

#[tokio::test]
async fn an_undecodable_field_deep_in_a_success_body_is_named_by_its_json_path() {
    use identity_sdk::prelude::*;

    let server = identity_server().await;
    Mock::given(method("GET"))
        .and(path("/identity/api/roles"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "application/json")
                .set_body_string(r#"[{"roleId": {"scope": "default", "code": 5}}]"#),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .api()
        .list_roles()
        .execute()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Response);
    assert!(
        error.to_string().contains("(at `[0].roleId.code`)"),
        "{error}"
    );
}

#[tokio::test]
async fn sign_out_counts_any_success_as_signed_out() {
    let server = answering(ResponseTemplate::new(200).set_body_string("{}")).await;

    let outcome = client(&server).sign_out().await.unwrap();

    assert_eq!(
        outcome,
        SignOut::SignedOut {
            request_id: Some(REQUEST_ID.into())
        }
    );
}

#[tokio::test]
async fn a_redirect_is_not_followed_and_names_only_the_origin() {
    // The redirect points at another local server that must see nothing:
    // following it would hand the bearer token to another origin.
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .expect(0)
        .named("the redirect target")
        .mount(&elsewhere)
        .await;
    let location = format!("{}/identity/api/tokens?session=s3cr3t", elsewhere.uri());
    let server =
        answering(ResponseTemplate::new(302).insert_header("location", location.as_str())).await;

    let error = client(&server).invalidate_token().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));
    assert_eq!(error.attempts(), 1);
    let shown = error.to_string();
    assert_eq!(
        shown,
        format!(
            "redirected (302 Found) to {}; not followed, check the base URL (request id {REQUEST_ID})",
            elsewhere.uri()
        )
    );
    assert!(!shown.contains("s3cr3t") && !format!("{error:?}").contains("s3cr3t"));
}

/// A raw server that answers every request with `head` and `body` bytes,
/// then either closes or stalls.
async fn raw_answer(head: String, body: &'static [u8], then_stall: bool) -> String {
    raw_server(move |mut stream| {
        let head = head.clone();
        async move {
            read_request_head(&mut stream).await;
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body).await;
            if then_stall {
                stall(stream).await;
            }
        }
    })
    .await
}

fn head(status: &str, framing: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nidentity-meta-requestid: {REQUEST_ID}\r\n{framing}\r\n"
    )
}

const PARTIAL: &[u8] = br#"{"name":"InternalError","title":"The serv"#;

#[tokio::test]
async fn a_body_shorter_than_its_content_length_keeps_the_status() {
    let framing = "content-length: 500\r\nconnection: close\r\n";
    let base = raw_answer(head("500 Internal Server Error", framing), PARTIAL, false).await;

    let error = builder_for(&base)
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Response, "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    assert!(error.is_body_incomplete());
    assert_eq!(error.raw_body(), Some(PARTIAL));
    // 500 is never retried, whether or not its body arrived whole.
    assert_eq!(error.attempts(), 1);
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "500 Internal Server Error: the body broke off after {} bytes",
            PARTIAL.len()
        )),
        "{shown}"
    );
    assert!(
        shown.ends_with(&format!("(request id {REQUEST_ID})")),
        "{shown}"
    );
}

#[tokio::test]
async fn a_stalled_body_keeps_the_status_and_the_deadline() {
    let framing = "content-length: 500\r\n";
    let base = raw_answer(head("500 Internal Server Error", framing), PARTIAL, true).await;
    let client = builder_for(&base)
        .with_read_timeout(Duration::from_millis(200))
        .with_total_timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    let error = fails_within(Duration::from_secs(1), client.invalidate_token()).await;

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500), "{error:?}");
    assert!(error.is_body_incomplete());
    assert_eq!(error.raw_body(), Some(PARTIAL));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_retryable_status_with_a_broken_body_is_retried_as_the_status_says() {
    let framing = "content-length: 500\r\nconnection: close\r\n";
    let base = raw_answer(head("503 Service Unavailable", framing), PARTIAL, false).await;

    let error = builder_for(&base)
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.is_body_incomplete());
    assert_eq!(error.attempts(), 3, "503 is retried twice by default");
}

#[tokio::test]
async fn broken_chunked_encoding_keeps_the_status() {
    // A chunk that announces 0x40 bytes and carries ten, then the
    // connection closes.
    let framing = "transfer-encoding: chunked\r\nconnection: close\r\n";
    let base = raw_answer(
        head("400 Bad Request", framing),
        b"40\r\n{\"name\":\"B",
        false,
    )
    .await;

    let error = builder_for(&base)
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(400), "{error:?}");
    assert_eq!(error.request_id(), Some(REQUEST_ID));
    assert!(error.is_body_incomplete());
    assert_eq!(error.raw_body(), Some(&b"{\"name\":\"B"[..]));
}

#[tokio::test]
async fn a_success_whose_body_broke_off_is_still_signed_out() {
    let framing = "content-length: 100\r\nconnection: close\r\n";
    let base = raw_answer(head("200 OK", framing), b"{\"ok\":", false).await;
    let client: IdentityClient = builder_for(&base).build().unwrap();

    let error = client.invalidate_token().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert!(error.is_body_incomplete());

    assert!(matches!(
        client.sign_out().await.unwrap(),
        SignOut::SignedOut { .. }
    ));
}
