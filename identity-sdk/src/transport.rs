//! Sending one request: attempts, retries, the total deadline, and error
//! bodies read no further than the cap. Used by the hooks of every
//! generated operation and by the token endpoint.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_LENGTH, HeaderMap, HeaderValue};
use reqwest::{Client, Method, Request, Response, StatusCode, Version};
use tokio::time::Instant;
use tracing::{Instrument, Span};

use crate::retry::{RetryPolicy, Retryable, classify_status, classify_transport};
use crate::telemetry;

/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default longest wait for the service in one attempt.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// Default time for a whole call, retries and waits included.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

/// How much of an error body is kept (and read): enough for any problem
/// details, small enough that a misbehaving gateway cannot exhaust memory.
pub const MAX_ERROR_BODY: usize = 64 * 1024;

/// The outcome of a request and how many attempts it took.
pub(crate) struct Attempted {
    /// The last attempt's answer, or why there is none.
    pub outcome: reqwest::Result<Answer>,
    pub attempts: u32,
}

/// A response with its body read (error bodies up to [`MAX_ERROR_BODY`]):
/// what the rest of the call works from, so nothing reads it again.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub version: Version,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Why the body broke off after the status and headers arrived; `body`
    /// then holds what did arrive.
    pub broken: Option<reqwest::Error>,
}

impl Answer {
    /// An equivalent response holding the bytes read, for progenitor's
    /// generated `send()` (the hooks' path), which decodes it itself.
    pub(crate) fn into_response(self) -> Response {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.version_mut() = self.version;
        *response.headers_mut() = self.headers;
        let length = HeaderValue::from(response.body().len());
        response.headers_mut().insert(CONTENT_LENGTH, length);
        Response::from(response)
    }
}

/// The time and retry limits of every call a client makes (and of the
/// token requests of a [`PasswordGrant`](crate::auth::PasswordGrant)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// When a failed attempt is tried again.
    pub policy: RetryPolicy,
    /// The whole call, all attempts and waits included
    /// ([`DEFAULT_TOTAL_TIMEOUT`]).
    pub total: Duration,
    /// One attempt, from sending the request to the end of the response
    /// ([`DEFAULT_READ_TIMEOUT`]).
    ///
    /// This is the SDK's read timeout. reqwest's own `read_timeout` re-arms
    /// a timer on every read of every connection, which the benchmark showed
    /// costing a third of the throughput at 256 calls in flight; one timer
    /// per attempt bounds a silent server just as well for bodies this small.
    pub attempt: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(
            RetryPolicy::default(),
            DEFAULT_TOTAL_TIMEOUT,
            DEFAULT_READ_TIMEOUT,
        )
    }
}

impl Limits {
    /// Limits with this retry policy, total timeout and per-attempt timeout.
    pub fn new(policy: RetryPolicy, total: Duration, attempt: Duration) -> Self {
        Limits {
            policy,
            total,
            attempt,
        }
    }
}

/// Sends `request`, retrying as `limits.policy` says, until the total
/// timeout. Responses come back with their body already read (error bodies
/// at most [`MAX_ERROR_BODY`] bytes, so a huge or endless one costs
/// nothing), and a body that breaks off keeps its status: the retry
/// decision is the status's, as for a whole body.
pub(crate) async fn send(
    http: &Client,
    mut request: Request,
    mut resend: impl Resend,
    limits: &Limits,
    operation: &str,
) -> Attempted {
    let deadline = Instant::now() + limits.total;
    let idempotent = is_idempotent(request.method());
    let (mut rate_limited, mut transient) = (0u32, 0u32);
    let mut attempts = 0u32;
    // The first attempt starts as the call does: all its time is left, and
    // reading the clock again costs every call (benches/instructions.rs).
    let mut remaining = limits.total;
    loop {
        attempts += 1;
        resend.before(&request);
        // Each attempt may use what is left of the call's time, no more.
        *request.timeout_mut() = Some(limits.attempt.min(remaining));

        let attempt = telemetry::attempt_span(attempts);
        let exchange = async {
            match http.execute(request).await {
                Ok(response) => Ok(read_answer(response).await),
                Err(error) => Err(error),
            }
        };
        // Instrumenting moves the future once more: only worth it when
        // someone records the span. (Inline here and in send_in_span: an
        // async helper taking the future moves it too, measured at +2.6 %
        // instructions per call by benches/instructions.rs.)
        let outcome = if attempt.is_disabled() {
            exchange.await
        } else {
            exchange.instrument(attempt.clone()).await
        };
        telemetry::record_attempt(&attempt, outcome_of(&outcome));
        let done = |outcome| Attempted { outcome, attempts };
        let retryable = match &outcome {
            Ok(answer) => classify_status(answer.status, &answer.headers, idempotent),
            Err(error) => classify_transport(error, idempotent),
        };
        let Some(retryable) = retryable else {
            return done(outcome);
        };
        let wait = match retryable {
            Retryable::RateLimited(retry_after)
                if rate_limited < limits.policy.rate_limit_retries =>
            {
                let wait = retry_after.unwrap_or_else(|| limits.policy.backoff(rate_limited));
                rate_limited += 1;
                wait
            }
            Retryable::Transient(_) if transient < limits.policy.transient_retries => {
                let wait = limits.policy.backoff(transient);
                transient += 1;
                wait
            }
            _ => return done(outcome),
        };
        if wait > limits.policy.max_wait || !starts_before(wait, deadline) {
            return done(outcome);
        }
        let Some(next) = resend.again() else {
            return done(outcome);
        };
        attempt.in_scope(|| {
            tracing::warn!(
                operation,
                attempt = attempts,
                reason = retryable.reason(),
                wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying"
            );
        });
        tokio::time::sleep(wait).await;
        remaining = deadline.saturating_duration_since(Instant::now());
        request = next;
    }
}

/// Where the request of a retry comes from: each attempt's request is
/// handed to `reqwest`, which keeps it.
pub(crate) trait Resend {
    /// Sees each attempt's request just before it is sent.
    fn before(&mut self, request: &Request);
    /// The next attempt's request, or `None` when the request cannot be
    /// sent again (a streamed body).
    fn again(&mut self) -> Option<Request>;
}

/// A copy of each attempt's request, made before it is sent. The body's
/// bytes are shared, not copied: for a request with a body, cheaper than
/// making the body again.
#[derive(Default)]
pub(crate) struct CopyRequest(Option<Request>);

impl Resend for CopyRequest {
    fn before(&mut self, request: &Request) {
        self.0 = request.try_clone();
    }

    fn again(&mut self) -> Option<Request> {
        self.0.take()
    }
}

/// The request made again by `remake`, only when a retry happens, so a call
/// that needs no retry copies nothing (`benches/instructions.rs` measured
/// the copy at 1,481 instructions of a sign-out).
pub(crate) struct Remake<F>(pub F);

impl<F: FnMut() -> Option<Request>> Resend for Remake<F> {
    fn before(&mut self, _: &Request) {}

    fn again(&mut self) -> Option<Request> {
        (self.0)()
    }
}

/// Whether an attempt made after waiting `wait` would start before the
/// call's deadline.
fn starts_before(wait: Duration, deadline: Instant) -> bool {
    Instant::now() + wait < deadline
}

/// [`send`] inside `span` (an operation's or a token request's), recording
/// on it how the request ended.
pub(crate) async fn send_in_span(
    span: &Span,
    http: &Client,
    request: Request,
    resend: impl Resend,
    limits: &Limits,
    operation: &str,
) -> Attempted {
    let sending = send(http, request, resend, limits, operation);
    // As for each attempt in `send`: no extra move when nobody records.
    let sent = if span.is_disabled() {
        sending.await
    } else {
        sending.instrument(span.clone()).await
    };
    telemetry::record_outcome(span, outcome_of(&sent.outcome), sent.attempts);
    sent
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Reads at most `cap` bytes of a response body; a larger body is left
/// unread. When reading fails, what arrived is returned with the error.
async fn read_capped(response: &mut Response, cap: usize) -> (Bytes, Option<reqwest::Error>) {
    let mut body = BytesMut::new();
    while body.len() < cap {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => return (body.freeze(), Some(error)),
        }
    }
    body.truncate(cap);
    (body.freeze(), None)
}

/// What telemetry records of an attempt's outcome.
fn outcome_of(outcome: &reqwest::Result<Answer>) -> telemetry::Outcome<'_> {
    match outcome {
        Ok(answer) => Ok((answer.status, &answer.headers, answer.broken.is_some())),
        Err(error) => Err(error),
    }
}

/// The response with its body read into memory (an error body up to the
/// cap), and why the body broke off, if it did. A response that says it has
/// no body is not read.
async fn read_answer(mut response: Response) -> Answer {
    let status = response.status();
    // A 204 too: hyper knows its body is empty.
    let (body, broken) = if response.content_length() == Some(0) {
        (Bytes::new(), None)
    } else {
        let cap = if status.is_success() {
            // The success body is decoded whole anyway.
            usize::MAX
        } else {
            MAX_ERROR_BODY
        };
        read_capped(&mut response, cap).await
    };
    Answer {
        status,
        version: response.version(),
        headers: std::mem::take(response.headers_mut()),
        body,
        broken,
    }
}
