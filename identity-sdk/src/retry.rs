//! When a failed attempt is tried again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// The retry policy of a client, shared by every operation.
///
/// * `429 Too Many Requests` is retried up to
///   [`rate_limit_retries`](RetryPolicy::rate_limit_retries) times, after
///   the server's `Retry-After` (delta-seconds or HTTP-date), or after an
///   exponential backoff when the header is missing. A `Retry-After` longer
///   than [`max_wait`](RetryPolicy::max_wait) is not waited for: the 429 is
///   returned, since retrying sooner than the server asked is pointless.
/// * Transient failures (connection errors, timeouts of a single attempt,
///   `408`, `502`, `503`, `504`) are retried up to
///   [`transient_retries`](RetryPolicy::transient_retries) times with
///   capped exponential backoff and full jitter.
/// * A request that is not idempotent (`POST`, `PATCH`: create a user,
///   create a key) is retried only when the service cannot have acted on
///   it: a failed connection, `429` and `503`. After a timeout, a broken
///   connection, `408`, `502` or `504` it may have been processed, and a
///   retry could do it twice.
/// * Other statuses, `500` included, are never retried.
/// * No attempt starts after the call's total timeout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a 429 is retried (`FBN_RATE_LIMIT_RETRIES`); default 2.
    pub rate_limit_retries: u32,
    /// How many times a transient failure is retried; default 2.
    pub transient_retries: u32,
    /// The first backoff step; default 200 ms.
    pub initial_backoff: Duration,
    /// The largest backoff step; default 5 s.
    pub max_backoff: Duration,
    /// The longest single wait, `Retry-After` included; default 30 s.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            rate_limit_retries: 2,
            transient_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_wait: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            rate_limit_retries: 0,
            transient_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The full-jitter backoff before retry number `retry` (0-based): a
    /// uniformly random wait in `[0, min(max_backoff, initial * 2^retry)]`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.min(31)))
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// Why an outcome may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Retryable {
    /// A 429, with the server's `Retry-After` if it gave a usable one.
    RateLimited(Option<Duration>),
    /// A transient failure.
    Transient(&'static str),
}

impl Retryable {
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            Retryable::RateLimited(_) => "429 Too Many Requests",
            Retryable::Transient(reason) => reason,
        }
    }
}

/// Classifies a response status; `idempotent` says whether the request may
/// safely be sent twice (a gateway's `502` or `504` may come after the
/// service acted on it).
pub(crate) fn classify_status(
    status: StatusCode,
    headers: &HeaderMap,
    idempotent: bool,
) -> Option<Retryable> {
    match status {
        StatusCode::REQUEST_TIMEOUT | StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT
            if !idempotent =>
        {
            None
        }
        StatusCode::TOO_MANY_REQUESTS => Some(Retryable::RateLimited(retry_after(
            headers,
            SystemTime::now(),
        ))),
        StatusCode::REQUEST_TIMEOUT => Some(Retryable::Transient("408 Request Timeout")),
        StatusCode::BAD_GATEWAY => Some(Retryable::Transient("502 Bad Gateway")),
        StatusCode::SERVICE_UNAVAILABLE => Some(Retryable::Transient("503 Service Unavailable")),
        StatusCode::GATEWAY_TIMEOUT => Some(Retryable::Transient("504 Gateway Timeout")),
        _ => None,
    }
}

/// Classifies a transport failure. `idempotent` says whether the request may
/// safely be sent twice; a failure to connect never reached the server, so
/// it is retried whatever the method.
pub(crate) fn classify_transport(error: &reqwest::Error, idempotent: bool) -> Option<Retryable> {
    if error.is_connect() {
        Some(Retryable::Transient("connection failed"))
    } else if !idempotent {
        None
    } else if error.is_timeout() {
        Some(Retryable::Transient("attempt timed out"))
    } else if error.is_request() {
        // What `send` can fail with once connected: the connection broke
        // (reset, closed) before a status line arrived. Body and decode
        // failures come later, with the status, and are not classified here.
        Some(Retryable::Transient("connection broke during the call"))
    } else {
        None
    }
}

/// Parses `Retry-After` as delta-seconds or an HTTP-date (RFC 9110).
/// A date in the past means "now"; anything unparsable is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn with_retry_after(value: &str) -> HeaderMap {
        HeaderMap::from_iter([(RETRY_AFTER, HeaderValue::from_str(value).unwrap())])
    }

    #[test]
    fn retry_after_as_delta_seconds() {
        let now = SystemTime::now();
        assert_eq!(
            retry_after(&with_retry_after("7"), now),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn retry_after_as_http_date() {
        let now = httpdate::parse_http_date("Tue, 24 Nov 2026 10:00:00 GMT").unwrap();
        let headers = with_retry_after("Tue, 24 Nov 2026 10:00:05 GMT");
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(5)));
        let past = with_retry_after("Tue, 24 Nov 2026 09:00:00 GMT");
        assert_eq!(retry_after(&past, now), Some(Duration::ZERO));
    }

    #[test]
    fn unusable_retry_after_is_ignored() {
        let now = SystemTime::now();
        for value in ["soon", "-1", "1.5", ""] {
            assert_eq!(retry_after(&with_retry_after(value), now), None, "{value}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn backoff_is_full_jitter_under_the_cap() {
        let policy = RetryPolicy::default();
        for retry in 0..40 {
            let ceiling =
                (policy.initial_backoff * 2u32.pow(retry.min(20))).min(policy.max_backoff);
            for _ in 0..50 {
                assert!(policy.backoff(retry) <= ceiling);
            }
        }
    }

    #[test]
    fn only_the_documented_statuses_are_retried() {
        let none = HeaderMap::new();
        let retried = |idempotent| -> Vec<u16> {
            (100..600)
                .filter_map(|code| StatusCode::from_u16(code).ok())
                .filter(|status| classify_status(*status, &none, idempotent).is_some())
                .map(|status| status.as_u16())
                .collect()
        };
        assert_eq!(retried(true), [408, 429, 502, 503, 504]);
        assert_eq!(retried(false), [429, 503], "not idempotent");
    }
}
