//! The one error type of the SDK.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::generated::types::LusidProblemDetails;

/// The response header that carries the id support asks for.
const REQUEST_ID_HEADER: &str = "identity-meta-requestid";

/// The request id of a response, from its `identity-meta-requestid` header.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// What kind of failure an [`Error`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client could not be built: a setting is missing or invalid.
    Configuration,
    /// No access token could be obtained (token endpoint, token file or a
    /// custom token source failed).
    Authentication,
    /// The call did not finish within its timeouts.
    Timeout,
    /// The service could not be reached, or the connection failed mid-call.
    Connection,
    /// The service answered with an error status.
    Response,
    /// The request could not be built from the given parameters.
    InvalidRequest,
}

/// An error from the Identity SDK: building a client, authenticating, or
/// calling the API.
///
/// The accessors answer what a caller (or support) needs: the HTTP
/// [`status`](Error::status), the [`request_id`](Error::request_id) to
/// quote, the decoded [`problem`](Error::problem) details or the
/// [`raw_body`](Error::raw_body) when the body was not LUSID JSON, and how
/// many [`attempts`](Error::attempts) were made. `Display` is one line and
/// never includes headers, tokens or other secrets.
#[non_exhaustive]
pub struct Error {
    kind: ErrorKind,
    message: Cow<'static, str>,
    status: Option<StatusCode>,
    request_id: Option<String>,
    problem: Option<Box<LusidProblemDetails>>,
    raw_body: Option<Bytes>,
    attempts: u32,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            request_id: None,
            problem: None,
            raw_body: None,
            attempts: 0,
            source: None,
        }
    }

    pub(crate) fn configuration(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Configuration, message)
    }

    pub(crate) fn authentication(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(ErrorKind::Authentication, message)
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// An error for a transport failure, classified by what reqwest reports.
    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        let (kind, message) = if error.is_timeout() {
            (ErrorKind::Timeout, "the request timed out")
        } else if error.is_connect() {
            (ErrorKind::Connection, "could not connect to the service")
        } else if error.is_builder() {
            (ErrorKind::InvalidRequest, "the request could not be built")
        } else {
            (
                ErrorKind::Connection,
                "the connection failed during the call",
            )
        };
        // reqwest's message names the URL, which holds no secret; the source
        // chain keeps it for those who print it.
        Self::new(kind, message).with_source(error.without_url())
    }

    /// An error for a response with an error status: `body` is at most
    /// [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes, already read.
    pub(crate) fn from_response(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Self {
        let problem = decode_problem(&body);
        let request_id = request_id(headers).or_else(|| {
            problem
                .as_ref()
                .and_then(|p| request_id_from_instance(p.instance.as_deref()?))
        });
        let raw_body = (problem.is_none() && !body.is_empty()).then_some(body);
        let kind = ErrorKind::Response;
        Error {
            problem: problem.map(Box::new),
            raw_body,
            request_id,
            status: Some(status),
            ..Self::new(kind, "the service answered with an error")
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The HTTP status of the response, when the service answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The request id to quote to FINBOURNE support: the
    /// `identity-meta-requestid` response header, or else the last path
    /// segment of the problem's `instance`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The LUSID problem details, when the error body was one.
    pub fn problem(&self) -> Option<&LusidProblemDetails> {
        self.problem.as_deref()
    }

    /// The error body when it was not LUSID problem details (HTML from a
    /// gateway, plain text, truncated JSON), at most [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes.
    pub fn raw_body(&self) -> Option<&[u8]> {
        self.raw_body.as_deref()
    }

    /// How many HTTP attempts the call made (0 when it failed before one).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the call ran out of time (a connect, read or total timeout).
    pub fn is_timeout(&self) -> bool {
        self.kind == ErrorKind::Timeout
    }

    /// Whether the service could not be reached or the connection failed.
    pub fn is_connection(&self) -> bool {
        self.kind == ErrorKind::Connection
    }

    /// Whether the credentials were refused: a token could not be obtained,
    /// or the service answered 401 or 403.
    pub fn is_authentication(&self) -> bool {
        self.kind == ErrorKind::Authentication
            || matches!(
                self.status,
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
    }

    /// Whether the service answered 429 Too Many Requests.
    pub fn is_rate_limited(&self) -> bool {
        self.status == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the client could not be built from its configuration.
    pub fn is_configuration(&self) -> bool {
        self.kind == ErrorKind::Configuration
    }
}

/// Decodes a LUSID problem-details body; `None` for anything that is not a
/// JSON object (empty, HTML, text, truncated).
fn decode_problem(body: &[u8]) -> Option<LusidProblemDetails> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    if !value.is_object() {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// `https://<domain>.lusid.com/app/insights/logs/<requestId>` → `<requestId>`.
fn request_id_from_instance(instance: &str) -> Option<String> {
    let path = instance.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    (!last.is_empty() && last != path).then(|| last.to_owned())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.status) {
            (ErrorKind::Response, Some(status)) => write!(f, "{status}")?,
            _ => f.write_str(&self.message)?,
        }
        if let Some(problem) = &self.problem {
            let parts = [
                problem.name.as_deref(),
                problem.title.as_deref(),
                problem.detail.as_deref(),
            ];
            let mut parts = parts.into_iter().flatten().filter(|part| !part.is_empty());
            if let Some(first) = parts.next() {
                write!(f, ": {}", one_line(first))?;
                for part in parts {
                    write!(f, " - {}", one_line(part))?;
                }
            }
        } else if let Some(source) = &self.source {
            write!(f, ": {}", one_line(&source.to_string()))?;
        } else if self.status.is_some() {
            f.write_str(": the error body was not LUSID problem details")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", one_line(id))?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        Ok(())
    }
}

/// Keeps a message on one line and bounded, whatever the server sent.
fn one_line(text: &str) -> Cow<'_, str> {
    const MAX: usize = 300;
    if text.len() <= MAX && !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX)
        .collect();
    if text.chars().count() > MAX {
        line.push('…');
    }
    Cow::Owned(line)
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("problem", &self.problem)
            .field("raw_body_len", &self.raw_body.as_ref().map(Bytes::len))
            .field("attempts", &self.attempts)
            .field("source", &self.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    #[test]
    fn request_id_is_the_last_segment_of_instance() {
        let id = request_id_from_instance("https://x.lusid.com/app/insights/logs/0HN8:0001");
        assert_eq!(id.as_deref(), Some("0HN8:0001"));
        assert_eq!(request_id_from_instance("no-slashes"), None);
        assert_eq!(request_id_from_instance(""), None);
    }

    #[test]
    fn display_is_one_bounded_line() {
        let body = Bytes::from(format!(
            r#"{{"name":"a\nb","title":"{}"}}"#,
            "x".repeat(1000)
        ));
        let error = Error::from_response(StatusCode::BAD_REQUEST, &HeaderMap::new(), body);
        let shown = error.to_string();
        assert!(!shown.contains('\n'));
        assert!(shown.len() < 700, "{}", shown.len());
    }

    proptest::proptest! {
        /// The decoder of error responses never panics, whatever the bytes,
        /// and its one line stays one line.
        #[test]
        fn any_error_body_decodes_without_panic(status in 400u16..600, body in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
            let status = StatusCode::from_u16(status).unwrap();
            let error = Error::from_response(status, &HeaderMap::new(), Bytes::from(body));
            let shown = error.to_string();
            proptest::prop_assert!(!shown.contains('\n'));
            proptest::prop_assert_eq!(error.status(), Some(status));
        }

        /// Bodies that are almost problem details: any JSON object made of
        /// the documented names with values of any shape.
        #[test]
        fn any_problem_shaped_object_decodes_without_panic(
            fields in proptest::collection::vec(
                (proptest::sample::select(vec!["name", "code", "title", "detail", "instance", "status", "type", "errorDetails", "extensions"]),
                 proptest::prop_oneof![
                    proptest::strategy::Just(serde_json::Value::Null),
                    proptest::num::i64::ANY.prop_map(serde_json::Value::from),
                    ".{0,40}".prop_map(serde_json::Value::from),
                    proptest::strategy::Just(serde_json::json!([{"a": 1}, "x"])),
                    proptest::strategy::Just(serde_json::json!({"nested": {"deep": [1, 2]}})),
                 ]),
                0..9,
            )
        ) {
            let object: serde_json::Map<String, serde_json::Value> =
                fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            let body = serde_json::to_vec(&object).unwrap();
            let error = Error::from_response(StatusCode::BAD_REQUEST, &HeaderMap::new(), Bytes::from(body));
            proptest::prop_assert!(error.problem().is_some() || error.raw_body().is_some());
            proptest::prop_assert!(!error.to_string().contains('\n'));
        }
    }
}
