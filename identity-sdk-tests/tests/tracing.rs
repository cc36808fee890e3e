//! The spans and events a call leaves in the application's tracing
//! pipeline: a subscriber records every field of every span and event over
//! a success, a 401, a retried 503 and a password-grant login and refresh,
//! and the test checks the OpenTelemetry HTTP client fields and that no
//! token, password or secret is among them.

use std::sync::{Arc, Mutex};

use identity_sdk::auth::PasswordGrantCredentials;
use identity_sdk::{ClientBuilder, IdentityClient, RetryPolicy};
use identity_sdk_mock::{base_url, fast_retries, identity_server, problem_details};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

mod common;
use common::raw_server::{RefusingPort, silent_server};

const ACCESS_TOKEN: &str = "tRaCe-access-token-0001";
const PASSWORD: &str = "tRaCe-password-0002";
const CLIENT_SECRET: &str = "tRaCe-client-secret-0003";
const ISSUED: &str = "tRaCe-issued-token-0004";
const REFRESH: &str = "tRaCe-refresh-token-0005";
const REFRESHED: &str = "tRaCe-refreshed-token-0006";

/// One span as the subscriber saw it: name, every field, its parent's name.
#[derive(Clone, Debug, Default)]
struct SpanRecord {
    name: String,
    fields: Vec<(String, String)>,
    parent: Option<String>,
}

impl SpanRecord {
    fn field(&self, name: &str) -> Option<&str> {
        field(&self.fields, name)
    }
}

/// The value recorded for the field `name`, if one was.
fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value.as_str())
}

/// One event: its fields and the name of the span it happened in.
#[derive(Clone, Debug, Default)]
struct EventRecord {
    fields: Vec<(String, String)>,
    span: Option<String>,
}

impl EventRecord {
    fn field(&self, name: &str) -> Option<&str> {
        field(&self.fields, name)
    }
}

#[derive(Default)]
struct Recorded {
    spans: Vec<(Id, SpanRecord)>,
    events: Vec<EventRecord>,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Recorded>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Recorder {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut record = SpanRecord {
            name: attrs.metadata().name().to_owned(),
            ..SpanRecord::default()
        };
        attrs.record(&mut Fields(&mut record.fields));
        let parent = if attrs.is_root() {
            None
        } else {
            attrs
                .parent()
                .and_then(|parent| ctx.span(parent))
                .or_else(|| ctx.lookup_current())
                .map(|parent| parent.name().to_owned())
        };
        record.parent = parent;
        self.0.lock().unwrap().spans.push((id.clone(), record));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut recorded = self.0.lock().unwrap();
        if let Some((_, record)) = recorded.spans.iter_mut().find(|(span, _)| span == id) {
            values.record(&mut Fields(&mut record.fields));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut record = EventRecord {
            span: ctx.event_span(event).map(|span| span.name().to_owned()),
            ..EventRecord::default()
        };
        event.record(&mut Fields(&mut record.fields));
        self.0.lock().unwrap().events.push(record);
    }
}

impl Recorder {
    fn spans(&self, name: &str) -> Vec<SpanRecord> {
        let recorded = self.0.lock().unwrap();
        recorded
            .spans
            .iter()
            .map(|(_, span)| span)
            .filter(|span| span.name == name)
            .cloned()
            .collect()
    }

    fn events(&self) -> Vec<EventRecord> {
        self.0.lock().unwrap().events.clone()
    }

    /// Every name and value recorded, as one text.
    fn everything(&self) -> String {
        let recorded = self.0.lock().unwrap();
        let spans = recorded.spans.iter().map(|(_, span)| format!("{span:?}"));
        let events = recorded.events.iter().map(|event| format!("{event:?}"));
        spans.chain(events).collect::<Vec<_>>().join("\n")
    }

    #[track_caller]
    fn assert_no_secret(&self) {
        let everything = self.everything();
        for secret in [
            ACCESS_TOKEN,
            PASSWORD,
            CLIENT_SECRET,
            ISSUED,
            REFRESH,
            REFRESHED,
        ] {
            assert!(
                !everything.contains(secret),
                "{secret} recorded:\n{everything}"
            );
        }
        assert!(!everything.contains("Bearer"), "{everything}");
    }
}

/// A client of `base` with the test's access token.
fn with_token(base: &str) -> ClientBuilder {
    IdentityClient::builder()
        .with_base_url(base)
        .with_access_token(ACCESS_TOKEN)
}

/// Runs `body` with a recording subscriber as this thread's default (the
/// test runtime is current-thread, so every task of the call runs here).
async fn recorded<F: Future<Output = ()>>(body: impl FnOnce() -> F) -> Recorder {
    let recorder = Recorder::default();
    let subscriber = Registry::default().with(recorder.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    body().await;
    recorder
}

#[tokio::test]
async fn a_successful_call_is_one_client_span_with_one_attempt() {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .respond_with(ResponseTemplate::new(204).insert_header("identity-meta-requestid", "req-ok"))
        .expect(1)
        .mount(&server)
        .await;
    let client = with_token(&base_url(&server)).build().unwrap();

    let recorder = recorded(|| async {
        client.invalidate_token().await.unwrap();
    })
    .await;

    let [call] = recorder.spans("invalidate_token").try_into().unwrap();
    let port = server.address().port().to_string();
    assert_eq!(call.field("otel.kind"), Some("client"));
    assert_eq!(call.field("http.request.method"), Some("DELETE"));
    assert_eq!(call.field("server.address"), Some("127.0.0.1"));
    assert_eq!(call.field("server.port"), Some(port.as_str()));
    assert_eq!(
        call.field("url.full"),
        Some(format!("http://127.0.0.1:{port}/identity/api/tokens").as_str())
    );
    assert_eq!(call.field("http.response.status_code"), Some("204"));
    assert_eq!(call.field("identity.request_id"), Some("req-ok"));
    assert_eq!(call.field("identity.attempts"), Some("1"));
    assert_eq!(call.field("error.type"), None);
    let [attempt] = recorder.spans("http_attempt").try_into().unwrap();
    assert_eq!(attempt.parent.as_deref(), Some("invalidate_token"));
    assert_eq!(attempt.field("http.request.resend_count"), None);
    assert_eq!(attempt.field("http.response.status_code"), Some("204"));
    recorder.assert_no_secret();
}

#[tokio::test]
async fn a_builders_own_send_is_one_span_naming_the_operation_in_a_field() {
    use identity_sdk::prelude::*;

    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = with_token(&base_url(&server)).build().unwrap();

    let recorder = recorded(|| async {
        client.api().invalidate_token().send().await.unwrap();
    })
    .await;

    // A span's name is fixed where it is written: progenitor's send() goes
    // through one hook for every operation.
    assert!(recorder.spans("invalidate_token").is_empty());
    let [call] = recorder.spans("identity_operation").try_into().unwrap();
    assert_eq!(call.field("identity.operation"), Some("invalidate_token"));
    assert_eq!(call.field("http.response.status_code"), Some("204"));
    assert_eq!(call.field("identity.attempts"), Some("1"));
    recorder.assert_no_secret();
}

#[tokio::test]
async fn a_refused_token_is_an_error_type_on_the_span() {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(401).set_body_json(problem_details(
            401,
            "InvalidToken",
            "No",
            "req-401",
        )))
        .expect(1)
        .mount(&server)
        .await;
    let client = with_token(&base_url(&server)).build().unwrap();

    let recorder = recorded(|| async {
        client.invalidate_token().await.unwrap_err();
    })
    .await;

    let [call] = recorder.spans("invalidate_token").try_into().unwrap();
    assert_eq!(call.field("http.response.status_code"), Some("401"));
    assert_eq!(call.field("error.type"), Some("401"));
    recorder.assert_no_secret();
}

#[tokio::test]
async fn a_retried_503_has_an_attempt_span_each_and_the_retry_event_inside() {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = with_token(&base_url(&server))
        .with_retry_policy(fast_retries())
        .build()
        .unwrap();

    let recorder = recorded(|| async {
        client.invalidate_token().await.unwrap();
    })
    .await;

    let [call] = recorder.spans("invalidate_token").try_into().unwrap();
    assert_eq!(call.field("identity.attempts"), Some("2"));
    assert_eq!(call.field("http.response.status_code"), Some("204"));
    let [first, second] = recorder.spans("http_attempt").try_into().unwrap();
    assert_eq!(first.field("http.response.status_code"), Some("503"));
    assert_eq!(first.field("error.type"), Some("503"));
    assert_eq!(first.field("http.request.resend_count"), None);
    assert_eq!(second.field("http.request.resend_count"), Some("1"));
    let retry = recorder
        .events()
        .into_iter()
        .find(|event| event.field("message") == Some("retrying"))
        .expect("a retry event");
    assert_eq!(retry.span.as_deref(), Some("http_attempt"));
    assert_eq!(retry.field("reason"), Some("503 Service Unavailable"));
    assert!(retry.field("wait_ms").is_some());
    recorder.assert_no_secret();
}

#[tokio::test]
async fn password_grant_token_requests_have_their_own_spans_without_secrets() {
    let server = identity_server().await;
    let issued = |access: &str, expires_in: u64| {
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": access, "token_type": "Bearer", "expires_in": expires_in,
            "refresh_token": REFRESH,
        }))
    };
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(wiremock::matchers::body_string_contains(
            "grant_type=password",
        ))
        // Issued already expiring: the next call refreshes it.
        .respond_with(issued(ISSUED, 0))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(wiremock::matchers::body_string_contains(
            "grant_type=refresh_token",
        ))
        .respond_with(issued(REFRESHED, 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = IdentityClient::builder()
        .with_base_url(base_url(&server))
        .with_password_grant(PasswordGrantCredentials {
            token_url: format!("{}/oauth2/token?realm=r1", server.uri())
                .parse()
                .unwrap(),
            username: "alice".into(),
            password: PASSWORD.into(),
            client_id: "client-1".into(),
            client_secret: CLIENT_SECRET.into(),
        })
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap();

    let recorder = recorded(|| async {
        client.invalidate_token().await.unwrap();
        client.invalidate_token().await.unwrap();
    })
    .await;

    let tokens = recorder.spans("token_request");
    let grants: Vec<Option<&str>> = tokens
        .iter()
        .map(|span| span.field("identity.grant"))
        .collect();
    assert_eq!(grants, [Some("login"), Some("refresh")]);
    for span in &tokens {
        assert_eq!(span.field("otel.kind"), Some("client"));
        assert_eq!(span.field("http.request.method"), Some("POST"));
        assert_eq!(span.field("http.response.status_code"), Some("200"));
        assert_eq!(
            span.field("url.full"),
            Some(format!("{}/oauth2/token", server.uri()).as_str())
        );
    }
    assert_eq!(recorder.spans("invalidate_token").len(), 2);
    recorder.assert_no_secret();
}

/// A request that never got an answer names what failed, in the
/// OpenTelemetry way: `connect` when nothing listened, `timeout` when the
/// server kept silent past the deadline.
#[tokio::test]
async fn a_call_that_got_no_answer_names_the_transport_failure() {
    let refusing = RefusingPort::new();
    let quiet = silent_server().await;

    for (base, expected) in [
        (refusing.base_url(), "connect"),
        (quiet.as_str(), "timeout"),
    ] {
        let client = with_token(base)
            .with_retry_policy(RetryPolicy::none())
            .with_total_timeout(std::time::Duration::from_millis(200))
            .build()
            .unwrap();
        let recorder = recorded(|| async {
            client.invalidate_token().await.unwrap_err();
        })
        .await;

        let [call] = recorder.spans("invalidate_token").try_into().unwrap();
        assert_eq!(call.field("error.type"), Some(expected), "{base}");
        assert_eq!(call.field("http.response.status_code"), None, "{base}");
        let [attempt] = recorder.spans("http_attempt").try_into().unwrap();
        assert_eq!(attempt.field("error.type"), Some(expected), "{base}");
        recorder.assert_no_secret();
    }
}

/// Retries wait as the policy says, with full jitter: retry n (from 1)
/// waits at most `initial_backoff × 2^(n-1)`, and the waits do grow. Read
/// from the retry events of 40 calls, so that chance cannot pass a wrong
/// ceiling (each wrong wait shows with probability one half or more).
#[tokio::test]
async fn retries_wait_up_to_a_ceiling_that_doubles() {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = with_token(&base_url(&server))
        .with_retry_policy(RetryPolicy {
            transient_retries: 2,
            initial_backoff: std::time::Duration::from_millis(4),
            max_backoff: std::time::Duration::from_secs(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();

    let recorder = recorded(|| async {
        for _ in 0..40 {
            client.invalidate_token().await.unwrap_err();
        }
    })
    .await;

    let waits: Vec<u64> = recorder
        .events()
        .iter()
        .filter_map(|event| Some(event.field("wait_ms")?.parse().unwrap()))
        .collect();
    assert_eq!(waits.len(), 80, "two retries per call");
    let (first, second): (Vec<_>, Vec<_>) = waits.chunks(2).map(|w| (w[0], w[1])).unzip();
    assert!(first.iter().all(|&wait| wait <= 4), "{first:?}");
    assert!(second.iter().all(|&wait| wait <= 8), "{second:?}");
    assert!(second.iter().any(|&wait| wait > 4), "{second:?}");
}
