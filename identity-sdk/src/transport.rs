//! Sending one request: attempts, retries, the total deadline, and error
//! bodies read no further than the cap. Used by the hooks of every
//! generated operation and by the token endpoint.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_LENGTH, HeaderValue};
use reqwest::{Client, Method, Request, Response};
use tokio::time::Instant;

use crate::error::MAX_ERROR_BODY;
use crate::retry::{RetryPolicy, Retryable, classify_status, classify_transport};

/// The outcome of a request and how many attempts it took.
pub(crate) struct Attempted {
    pub outcome: reqwest::Result<Response>,
    pub attempts: u32,
}

/// The bounds of one call.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds<'a> {
    pub policy: &'a RetryPolicy,
    /// The whole call, all attempts and waits included.
    pub total: Duration,
}

/// Sends `request`, retrying as `bounds.policy` says, until the total
/// timeout. Error responses come back with their body already read (at most
/// [`MAX_ERROR_BODY`] bytes), so a huge or endless error body costs nothing.
pub(crate) async fn send(
    http: &Client,
    mut request: Request,
    bounds: Bounds<'_>,
    operation: &str,
) -> Attempted {
    let deadline = Instant::now() + bounds.total;
    let idempotent = is_idempotent(request.method());
    let (mut rate_limited, mut transient) = (0u32, 0u32);
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let retry_request = request.try_clone();
        // Each attempt may use what is left of the call's time, no more.
        let remaining = deadline.saturating_duration_since(Instant::now());
        let limit = request
            .timeout()
            .map_or(remaining, |own| (*own).min(remaining));
        *request.timeout_mut() = Some(limit);

        let outcome = match http.execute(request).await {
            Ok(response)
                if response.status().is_client_error() || response.status().is_server_error() =>
            {
                capped(response).await
            }
            other => other,
        };
        let retryable = match &outcome {
            Ok(response) => classify_status(response.status(), response.headers()),
            Err(error) => classify_transport(error, idempotent),
        };
        let Some(retryable) = retryable else {
            return Attempted { outcome, attempts };
        };
        let wait = match retryable {
            Retryable::RateLimited(retry_after)
                if rate_limited < bounds.policy.rate_limit_retries =>
            {
                let wait = retry_after.unwrap_or_else(|| bounds.policy.backoff(rate_limited));
                rate_limited += 1;
                wait
            }
            Retryable::Transient(_) if transient < bounds.policy.transient_retries => {
                transient += 1;
                bounds.policy.backoff(transient - 1)
            }
            _ => return Attempted { outcome, attempts },
        };
        let starts_in_time = Instant::now() + wait < deadline;
        let (Some(next), true, true) = (
            retry_request,
            wait <= bounds.policy.max_wait,
            starts_in_time,
        ) else {
            return Attempted { outcome, attempts };
        };
        tracing::warn!(
            operation,
            attempt = attempts,
            reason = retryable.reason(),
            wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
            "retrying"
        );
        tokio::time::sleep(wait).await;
        request = next;
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Reads at most [`MAX_ERROR_BODY`] bytes of an error response and returns
/// an equivalent response holding just those bytes.
async fn capped(mut response: Response) -> reqwest::Result<Response> {
    let mut body = BytesMut::new();
    while body.len() < MAX_ERROR_BODY {
        match response.chunk().await? {
            Some(chunk) => body.extend_from_slice(&chunk),
            None => break,
        }
    }
    body.truncate(MAX_ERROR_BODY);
    let body: Bytes = body.freeze();

    let mut rebuilt = http::Response::new(body.clone());
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = std::mem::take(response.headers_mut());
    rebuilt
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    Ok(Response::from(rebuilt))
}
