//! Tracing spans of calls, with the field names of the OpenTelemetry HTTP
//! client conventions: one span per operation call, named after the
//! operation, one child span per attempt, and one span per password-grant
//! token request. The SDK installs no subscriber (that is the
//! application's choice), and records nothing secret: no header, no body, no
//! query string, no user information of a URL.

use reqwest::header::HeaderMap;
use reqwest::{Request, StatusCode, Url};
use tracing::Span;
use tracing::field::Empty;

use crate::error;

/// An operation's span: its name and every field the SDK records on it (a
/// span's fields are declared where it is created). Every generated
/// `Operation` implementation invokes it with its own name, since a span's
/// name must be written where it is created.
macro_rules! operation_span {
    ($name:expr) => {
        ::tracing::info_span!(
            $name,
            otel.kind = "client",
            http.request.method = ::tracing::field::Empty,
            server.address = ::tracing::field::Empty,
            server.port = ::tracing::field::Empty,
            url.full = ::tracing::field::Empty,
            http.response.status_code = ::tracing::field::Empty,
            error.type = ::tracing::field::Empty,
            identity.request_id = ::tracing::field::Empty,
            identity.attempts = ::tracing::field::Empty,
        )
    };
    // The generated `send()`'s span: one name, the operation a field.
    ($name:expr, $operation:expr) => {
        ::tracing::info_span!(
            $name,
            identity.operation = $operation,
            otel.kind = "client",
            http.request.method = ::tracing::field::Empty,
            server.address = ::tracing::field::Empty,
            server.port = ::tracing::field::Empty,
            url.full = ::tracing::field::Empty,
            http.response.status_code = ::tracing::field::Empty,
            error.type = ::tracing::field::Empty,
            identity.request_id = ::tracing::field::Empty,
            identity.attempts = ::tracing::field::Empty,
        )
    };
}
pub(crate) use operation_span;

/// Records on `span` where `request` goes: method, server, port, and the
/// URL without its query (which may carry secrets) or user information.
pub(crate) fn describe_request(span: &Span, request: &Request) {
    describe(span, request.method().as_str(), request.url());
}

fn describe(span: &Span, method: &str, url: &Url) {
    if span.is_disabled() {
        return;
    }
    span.record("http.request.method", method);
    span.record("server.address", url.host_str().unwrap_or_default());
    if let Some(port) = url.port_or_known_default() {
        span.record("server.port", port);
    }
    span.record("url.full", public_url(url).as_str());
}

/// `url` without query, fragment, user name or password.
fn public_url(url: &Url) -> Url {
    let mut public = url.clone();
    public.set_query(None);
    public.set_fragment(None);
    // Only fails for URLs that cannot have credentials: nothing to remove.
    let _ = public.set_username("");
    let _ = public.set_password(None);
    public
}

/// Records how a request ended after `attempts`: its status, an
/// `error.type` when it failed (the status code, or what failed on the
/// way), the request id, and the attempts.
pub(crate) fn record_outcome(span: &Span, outcome: Outcome<'_>, attempts: u32) {
    if span.is_disabled() {
        return;
    }
    record_response(span, &outcome);
    span.record("identity.attempts", attempts);
    if let Ok((_, headers, _)) = outcome
        && let Some(id) = error::request_id(headers)
    {
        span.record("identity.request_id", id.as_str());
    }
}

/// How a request ended, as telemetry sees it: the status, headers and
/// whether the body broke off, or what failed on the way.
pub(crate) type Outcome<'a> = Result<(StatusCode, &'a HeaderMap, bool), &'a reqwest::Error>;

fn record_response(span: &Span, outcome: &Outcome<'_>) {
    match *outcome {
        Ok((status, _, broken)) => {
            span.record("http.response.status_code", status.as_u16());
            if status.is_client_error() || status.is_server_error() {
                span.record("error.type", status.as_str());
            } else if broken {
                span.record("error.type", "body_incomplete");
            }
        }
        Err(error) => {
            span.record("error.type", transport_error_type(error));
        }
    }
}

/// A low-cardinality name for what failed on the way.
fn transport_error_type(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else {
        "connection"
    }
}

/// The span of attempt number `attempt` (1 for the first) of a request.
pub(crate) fn attempt_span(attempt: u32) -> Span {
    let span = tracing::info_span!(
        "http_attempt",
        otel.kind = "client",
        http.request.resend_count = Empty,
        http.response.status_code = Empty,
        error.type = Empty,
    );
    if attempt > 1 {
        span.record("http.request.resend_count", attempt - 1);
    }
    span
}

/// Records how one attempt ended.
pub(crate) fn record_attempt(span: &Span, outcome: Outcome<'_>) {
    if !span.is_disabled() {
        record_response(span, &outcome);
    }
}

/// The span of a password-grant token request (`login` or `refresh`).
pub(crate) fn token_span(grant: &'static str, token_url: &Url) -> Span {
    let span = tracing::info_span!(
        "token_request",
        otel.kind = "client",
        identity.grant = grant,
        http.request.method = Empty,
        server.address = Empty,
        server.port = Empty,
        url.full = Empty,
        http.response.status_code = Empty,
        error.type = Empty,
        identity.request_id = Empty,
        identity.attempts = Empty,
    );
    describe(&span, "POST", token_url);
    span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_url_has_no_query_fragment_or_credentials() {
        let url =
            Url::parse("https://user:pw@login.example.com:8443/oauth2/token?code=c#f").unwrap();
        assert_eq!(
            public_url(&url).as_str(),
            "https://login.example.com:8443/oauth2/token"
        );
    }
}
