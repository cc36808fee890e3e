//! Timeouts and retries: a sign-out neither hangs nor gives up for the wrong
//! reason. Faults wiremock cannot make come from a raw listener on
//! 127.0.0.1.

use std::sync::atomic::Ordering::SeqCst;
use std::time::{Duration, Instant, SystemTime};

use identity_sdk::prelude::*;
use identity_sdk::{ErrorKind, RetryPolicy};
use identity_sdk_mock::{builder, builder_for, client, identity_server, problem_details};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockBuilder, ResponseTemplate};

mod common;
use common::deadline::fails_within;
use common::raw_server::{
    RefusingPort, counting_raw_server, raw_server, read_request_head, silent_server, stall,
};

fn sign_out_request() -> MockBuilder {
    Mock::given(method("DELETE")).and(path("/identity/api/tokens"))
}

/// Answers the first `times` sign-outs with `first`, then one with 204.
async fn first_then_no_content(server: &wiremock::MockServer, first: ResponseTemplate, times: u64) {
    sign_out_request()
        .respond_with(first)
        .up_to_n_times(times)
        .expect(times)
        .with_priority(1)
        .mount(server)
        .await;
    sign_out_request()
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_server_that_never_answers_fails_within_the_total_timeout() {
    let base = silent_server().await;
    let client = builder_for(&base)
        .with_read_timeout(Duration::from_millis(150))
        .with_total_timeout(Duration::from_millis(400))
        .build()
        .unwrap();

    let error = fails_within(Duration::from_secs(2), client.invalidate_token()).await;

    assert!(error.is_timeout(), "{error:?}");
    assert!(error.attempts() >= 1 && error.attempts() <= 3, "{error:?}");
}

#[tokio::test]
async fn two_unavailable_answers_then_success_takes_three_attempts() {
    let server = identity_server().await;
    first_then_no_content(&server, ResponseTemplate::new(503), 2).await;

    client(&server).invalidate_token().await.unwrap();
}

#[tokio::test]
async fn rate_limiting_honours_retry_after_in_seconds() {
    let server = identity_server().await;
    first_then_no_content(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        1,
    )
    .await;

    let started = Instant::now();
    client(&server).invalidate_token().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn rate_limiting_honours_retry_after_as_an_http_date() {
    let server = identity_server().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(1));
    first_then_no_content(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", date.as_str()),
        1,
    )
    .await;

    client(&server).invalidate_token().await.unwrap();
}

#[tokio::test]
async fn a_rate_limit_storm_stops_at_the_limit_with_the_last_error() {
    let server = identity_server().await;
    sign_out_request()
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .insert_header("identity-meta-requestid", "storm-req")
                .set_body_json(problem_details(
                    429,
                    "TooManyRequests",
                    "Slow down",
                    "storm-req",
                )),
        )
        .expect(3) // the first attempt and the default two retries
        .mount(&server)
        .await;

    let error = client(&server).invalidate_token().await.unwrap_err();

    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.request_id(), Some("storm-req"));
    assert_eq!(
        error.to_string(),
        "429 Too Many Requests: TooManyRequests - Slow down - Slow down (detail) (request id storm-req) after 3 attempts"
    );
}

#[tokio::test]
async fn a_retry_after_longer_than_the_longest_wait_is_not_waited_for() {
    let server = identity_server().await;
    sign_out_request()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;

    let error = fails_within(Duration::from_secs(2), client(&server).invalidate_token()).await;
    assert!(
        error.is_rate_limited() && error.attempts() == 1,
        "{error:?}"
    );
}

#[tokio::test]
async fn no_attempt_starts_after_the_total_timeout() {
    let server = identity_server().await;
    sign_out_request()
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(150)))
        .expect(1..=2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .with_total_timeout(Duration::from_millis(250))
        .with_retry_policy(RetryPolicy {
            transient_retries: 10,
            ..identity_sdk_mock::fast_retries()
        })
        .build()
        .unwrap();

    let error = fails_within(Duration::from_secs(1), client.invalidate_token()).await;
    assert!(
        error.is_timeout() || error.status().is_some_and(|s| s == 503),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_connection_reset_mid_response_is_retried_then_reported() {
    let base = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        // Half a status line, then the connection goes away.
        let _ = stream.write_all(b"HTTP/1.1 20").await;
        let _ = stream.shutdown().await;
    })
    .await;
    let client = builder_for(&base).build().unwrap();

    let error = client.invalidate_token().await.unwrap_err();

    assert_eq!(error.kind(), ErrorKind::Connection, "{error:?}");
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn a_connection_reset_then_success_succeeds() {
    let (base, served) = counting_raw_server(|connection, mut stream| async move {
        read_request_head(&mut stream).await;
        let answer: &[u8] = if connection == 0 {
            b"HTTP/1.1 20"
        } else {
            b"HTTP/1.1 204 No Content\r\n\r\n"
        };
        let _ = stream.write_all(answer).await;
        let _ = stream.shutdown().await;
    })
    .await;
    let client = builder_for(&base).build().unwrap();

    client.invalidate_token().await.unwrap();
    assert_eq!(served.load(SeqCst), 2);
}

/// Serves `status` once and checks that it is returned without a retry.
async fn is_not_retried(status: u16) {
    let server = identity_server().await;
    sign_out_request()
        .respond_with(
            ResponseTemplate::new(status).set_body_json(problem_details(status, "E", "e", "r")),
        )
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server).invalidate_token().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn unauthorized_is_not_retried() {
    is_not_retried(401).await;
}

#[tokio::test]
async fn forbidden_is_not_retried() {
    is_not_retried(403).await;
}

#[tokio::test]
async fn internal_server_error_is_not_retried() {
    is_not_retried(500).await;
}

#[tokio::test]
async fn an_unreachable_server_is_a_connection_error() {
    let refusing = RefusingPort::new();
    let client = builder_for(refusing.base_url()).build().unwrap();

    let error = client.invalidate_token().await.unwrap_err();
    assert!(error.is_connection(), "{error:?}");
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn https_starts_a_verified_tls_handshake() {
    // The peer reads the first record and hangs up: enough to see that the
    // client speaks TLS (a ClientHello naming the host) and fails cleanly.
    let (records, mut received) = tokio::sync::mpsc::unbounded_channel();
    let base = raw_server(move |mut stream| {
        let records = records.clone();
        async move {
            let mut record = vec![0u8; 1024];
            let read = stream.read(&mut record).await.unwrap_or(0);
            record.truncate(read);
            let _ = records.send(record);
        }
    })
    .await;
    // The same listener, named as a certificate would name it.
    let base = base.replace("http://127.0.0.1:", "https://localhost:");
    let client = builder_for(&base)
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let error = client.invalidate_token().await.unwrap_err();

    let record = received.recv().await.expect("a connection");
    assert_eq!(record.first(), Some(&0x16), "not a TLS handshake record");
    assert!(
        record.windows(9).any(|w| w == b"localhost"),
        "no SNI in the ClientHello"
    );
    assert!(error.is_connection(), "{error:?}");
}

/// A client of `base` with the default retry counts and short waits.
fn retrying_client(base: &str) -> identity_sdk::IdentityClient {
    builder_for(base).build().unwrap()
}

/// `CreateRole` (a POST), expected to fail.
async fn create_a_role(client: &identity_sdk::IdentityClient) -> identity_sdk::Error {
    client
        .api()
        .create_role()
        .body_map(|role| role.name("Reconcilers"))
        .execute()
        .await
        .unwrap_err()
}

/// A service that answers every `CreateRole` with `status` and must see
/// exactly `requests` of them.
async fn roles_answering(status: u16, requests: u64) -> wiremock::MockServer {
    let server = identity_server().await;
    Mock::given(method("POST"))
        .and(path("/identity/api/roles"))
        .respond_with(ResponseTemplate::new(status))
        .expect(requests)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_post_is_never_sent_twice_after_a_failure_that_may_have_reached_the_service() {
    // The connection breaks after the request arrived: the service may have
    // created the user, so a retry could create it twice.
    let (base, served) = counting_raw_server(|_, mut stream| async move {
        read_request_head(&mut stream).await;
        let _ = stream.write_all(b"HTTP/1.1 20").await;
        let _ = stream.shutdown().await;
    })
    .await;
    let client = retrying_client(&base);

    let error = create_a_role(&client).await;

    assert_eq!(error.kind(), ErrorKind::Connection, "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert_eq!(served.load(SeqCst), 1);
}

#[tokio::test]
async fn a_post_is_not_retried_after_a_gateway_timeout_but_is_after_503() {
    let server = roles_answering(504, 1).await;
    let error = create_a_role(&client(&server)).await;
    assert_eq!(error.status().map(|s| s.as_u16()), Some(504));
    assert_eq!(error.attempts(), 1);

    // 503: the service says it did not handle the request.
    let server = roles_answering(503, 3).await;
    let error = create_a_role(&client(&server)).await;
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn get_and_delete_are_retried_after_a_broken_connection() {
    let base = raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        let _ = stream.write_all(b"HTTP/1.1 20").await;
        let _ = stream.shutdown().await;
    })
    .await;
    let client = retrying_client(&base);

    let error = client.api().list_roles().execute().await.unwrap_err();
    assert_eq!(error.attempts(), 3, "GET: {error:?}");
    let error = client.invalidate_token().await.unwrap_err();
    assert_eq!(error.attempts(), 3, "DELETE: {error:?}");
}

#[tokio::test]
async fn retries_wait_as_the_policy_says() {
    // Ten retries with full jitter up to 20 ms each wait about 100 ms in
    // all; without waiting they would take a few milliseconds. (The chance
    // that ten uniform waits add up to under 30 ms is about 2 in 100 000.)
    let server = identity_server().await;
    sign_out_request()
        .respond_with(ResponseTemplate::new(503))
        .expect(11)
        .mount(&server)
        .await;
    let client = builder(&server)
        .with_retry_policy(RetryPolicy {
            transient_retries: 10,
            initial_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.invalidate_token().await.unwrap_err();

    assert_eq!(error.attempts(), 11);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(30),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(2), "waited {waited:?}");
}

#[tokio::test]
async fn the_total_timeout_allows_a_retry_that_fits() {
    // A 503, then a success: well inside a 2 s total, both attempts run.
    let server = identity_server().await;
    first_then_no_content(&server, ResponseTemplate::new(503), 1).await;
    let client = builder(&server)
        .with_total_timeout(Duration::from_secs(2))
        .build()
        .unwrap();

    let response = client.invalidate_token().await.unwrap();
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn a_retry_after_that_ends_past_the_total_timeout_is_not_waited_for() {
    let server = identity_server().await;
    sign_out_request()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .with_total_timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    let error = fails_within(Duration::from_millis(300), client.invalidate_token()).await;

    assert!(
        error.is_rate_limited() && error.attempts() == 1,
        "{error:?}"
    );
}

#[tokio::test]
async fn one_attempt_is_cut_at_the_read_timeout_and_the_next_one_answers() {
    // The first connection stalls; the read timeout (per attempt) ends it
    // and the retry is answered, well within the total.
    let (base, served) = counting_raw_server(|connection, mut stream| async move {
        read_request_head(&mut stream).await;
        if connection == 0 {
            stall(stream).await;
        } else {
            let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").await;
        }
    })
    .await;
    let client = builder_for(&base)
        .with_read_timeout(Duration::from_millis(150))
        .with_total_timeout(Duration::from_secs(5))
        .build()
        .unwrap();

    let started = Instant::now();
    client.invalidate_token().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(served.load(SeqCst), 2);
}

#[tokio::test]
async fn the_connect_timeout_bounds_a_connection_that_is_never_accepted() {
    // A listener whose accept queue (backlog 1) is already full: the
    // kernel drops further SYNs, so connecting hangs until the timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(stream)) = tokio::time::timeout(
            Duration::from_millis(100),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            fillers.push(stream);
        }
    }
    let client = builder_for(&format!("http://{address}/identity"))
        .with_connect_timeout(Duration::from_millis(100))
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let error = fails_within(Duration::from_secs(2), client.invalidate_token()).await;

    assert!(error.is_timeout() || error.is_connection(), "{error:?}");
    drop((listener, fillers));
}

/// What the service can tell apart in two requests.
fn as_received(request: &wiremock::Request) -> (String, String, Vec<(String, String)>, Vec<u8>) {
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(name, value)| (name.to_string(), format!("{value:?}")))
        .collect();
    headers.sort();
    (
        request.method.to_string(),
        request.url.to_string(),
        headers,
        request.body.clone(),
    )
}

/// Answers the first request with 503 and the next, which must match
/// `matcher`, with `then`; checks that the two requests the service received
/// are the same, and returns it.
async fn retried_once(
    matcher: MockBuilder,
    then: ResponseTemplate,
    call: impl AsyncFnOnce(&identity_sdk::IdentityClient),
) -> wiremock::Request {
    let server = identity_server().await;
    let retried = Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1);
    retried.mount(&server).await;
    matcher.respond_with(then).expect(1).mount(&server).await;
    call(&client(&server)).await;
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(as_received(&requests[1]), as_received(&requests[0]));
    requests.into_iter().next().unwrap()
}

#[tokio::test]
async fn a_retry_sends_the_same_request_as_the_first_attempt() {
    // A request without a body is made again from its builder; check path,
    // query and every header survive that.
    let user = serde_json::json!({
        "id": "00u1", "emailAddress": "jane@example.com", "login": "jane@example.com",
        "firstName": "Jane", "lastName": "Doe", "type": "Personal", "status": "ACTIVE",
        "external": false
    });
    let request = retried_once(
        Mock::given(method("GET")).and(path("/identity/api/users/00u1")),
        ResponseTemplate::new(200).set_body_json(user),
        async |client| {
            client
                .api()
                .get_user()
                .id("00u1")
                .include_roles(true)
                .execute()
                .await
                .unwrap();
        },
    )
    .await;
    assert!(request.url.query().unwrap().contains("includeRoles=true"));

    // A request with a body is copied: the same bytes go again.
    let role = serde_json::json!({
        "id": "r1", "roleId": {"scope": "default", "code": "Reconcilers"},
        "name": "Reconcilers", "source": "LUSID"
    });
    let request = retried_once(
        Mock::given(method("POST")).and(path("/identity/api/roles")),
        ResponseTemplate::new(201).set_body_json(role),
        async |client| {
            client
                .api()
                .create_role()
                .body_map(|role| role.name("Reconcilers"))
                .execute()
                .await
                .unwrap();
        },
    )
    .await;
    assert!(!request.body.is_empty());
}
