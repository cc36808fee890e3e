//! The one error type of the SDK.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION};
use serde_json::{Map, Value};

use crate::generated::types::LusidProblemDetails;
use crate::problem;

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
    /// The service answered, but not as the API documents: an error status,
    /// a success status other than the documented one, a redirect, or a
    /// response whose body broke off.
    Response,
    /// The request could not be built from the given parameters.
    InvalidRequest,
}

/// An error from the Identity SDK: building a client, authenticating, or
/// calling the API.
///
/// The accessors answer what a caller (or support) needs: the HTTP
/// [`status`](Error::status), the [`request_id`](Error::request_id) to
/// quote, the decoded [`problem`](Error::problem) details, the
/// [`raw_body`](Error::raw_body) as received, and how many
/// [`attempts`](Error::attempts) were made. `Display` is one line and never
/// includes headers, tokens or other secrets; [`source`] walks down to the
/// operating system's error where there is one.
///
/// [`source`]: std::error::Error::source
#[non_exhaustive]
pub struct Error(Box<Inner>);

/// Boxed, so that a `Result<T, Error>` costs a pointer on the happy path.
struct Inner {
    kind: ErrorKind,
    message: Cow<'static, str>,
    status: Option<StatusCode>,
    request_id: Option<String>,
    problem: Option<Box<LusidProblemDetails>>,
    unexpected: Map<String, Value>,
    raw_body: Option<Bytes>,
    body_incomplete: bool,
    attempts: u32,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<Cow<'static, str>>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            status: None,
            request_id: None,
            problem: None,
            unexpected: Map::new(),
            raw_body: None,
            body_incomplete: false,
            attempts: 0,
            source: None,
        }))
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
        self.0.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.0.status = Some(status);
        self
    }

    /// This error as `kind`, its message prefixed with what was being done
    /// (`token login request: could not connect to …`); the cause chain is
    /// kept.
    pub(crate) fn reclassify(mut self, kind: ErrorKind, doing: &str) -> Self {
        self.0.kind = kind;
        self.0.message = format!("{doing}: {}", self.0.message).into();
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.0.attempts = attempts;
        self
    }

    /// An error for a transport failure, classified by what reqwest
    /// reports, naming the origin (scheme, host, port) it was talking to:
    /// never the path or query, which may carry secrets.
    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        let (kind, what) = if error.is_timeout() {
            (ErrorKind::Timeout, "timed out talking to")
        } else if error.is_connect() {
            (ErrorKind::Connection, "could not connect to")
        } else if error.is_builder() {
            (ErrorKind::InvalidRequest, "could not build a request to")
        } else {
            (ErrorKind::Connection, "the connection failed talking to")
        };
        let message = match error.url() {
            Some(url) => format!("{what} {}", url.origin().ascii_serialization()),
            None => format!("{what} the service"),
        };
        Self::new(kind, message).with_source(error.without_url())
    }

    /// An error for a response with a status the operation does not
    /// document as success: `body` is at most
    /// [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes, already read.
    pub(crate) fn from_response(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Self {
        let mut error = Self::response(status, headers, body);
        if status.is_client_error() || status.is_server_error() {
            error.decode_problem();
        }
        error
    }

    /// A response whose body broke off after its status and headers
    /// arrived: what arrived is kept, and `cause` says why it stopped.
    pub(crate) fn incomplete(
        status: StatusCode,
        headers: &HeaderMap,
        partial: Bytes,
        cause: reqwest::Error,
    ) -> Self {
        let mut error = Self::from_response(status, headers, partial);
        error.0.body_incomplete = true;
        error.with_source(cause.without_url())
    }

    /// A success status the operation does not document (a gateway that
    /// rewrote a `204` to `200`, say).
    pub(crate) fn unexpected_success(
        status: StatusCode,
        headers: &HeaderMap,
        body: Bytes,
        documented: &[&str],
    ) -> Self {
        // `204` → `204 No Content`; a range (`2XX`) as it is.
        let documented: Vec<String> = documented
            .iter()
            .map(|code| match code.parse().map(StatusCode::from_u16) {
                Ok(Ok(code)) => code.to_string(),
                _ => (*code).to_owned(),
            })
            .collect();
        let message = match documented.as_slice() {
            [] => format!("unexpected {status}"),
            codes => format!(
                "unexpected {status} (the API documents {})",
                codes.join(" or ")
            ),
        };
        let mut error = Self::response(status, headers, body);
        error.0.message = message.into();
        error
    }

    /// A redirect, which the client never follows: the error names only the
    /// origin of the `Location`, since its path and query may carry secrets.
    pub(crate) fn redirected(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Self {
        let target = headers
            .get(LOCATION)
            .and_then(|location| location.to_str().ok())
            .and_then(|location| reqwest::Url::parse(location).ok())
            .map(|url| url.origin().ascii_serialization())
            .filter(|origin| origin != "null");
        let message = match target {
            Some(origin) => {
                format!("redirected ({status}) to {origin}; not followed, check the base URL")
            }
            None => format!("redirected ({status}); not followed, check the base URL"),
        };
        let mut error = Self::response(status, headers, body);
        error.0.message = message.into();
        error
    }

    fn response(status: StatusCode, headers: &HeaderMap, body: Bytes) -> Self {
        let mut error = Self::new(ErrorKind::Response, status.to_string());
        error.0.status = Some(status);
        error.0.request_id = request_id(headers);
        error.0.raw_body = (!body.is_empty()).then_some(body);
        error
    }

    fn decode_problem(&mut self) {
        let Some(decoded) = self.0.raw_body.as_deref().and_then(problem::decode) else {
            return;
        };
        if self.0.request_id.is_none() {
            self.0.request_id = decoded
                .problem
                .instance
                .as_deref()
                .and_then(problem::request_id_from_instance);
        }
        self.0.problem = Some(Box::new(decoded.problem));
        self.0.unexpected = decoded.unexpected;
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The HTTP status of the response, when the service answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.0.status
    }

    /// The request id to quote to FINBOURNE support: the
    /// `identity-meta-requestid` response header, or else the last path
    /// segment of the problem's `instance`.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// The LUSID problem details, when the error body was a JSON object.
    /// Members of an unexpected type are left out of it and kept in
    /// [`unexpected_problem_fields`](Error::unexpected_problem_fields).
    pub fn problem(&self) -> Option<&LusidProblemDetails> {
        self.0.problem.as_deref()
    }

    /// Members of the problem-details body whose JSON type was not the
    /// documented one (`"status": "four-oh-three"`), as the service sent
    /// them; empty when every member had its documented type.
    pub fn unexpected_problem_fields(&self) -> &Map<String, Value> {
        &self.0.unexpected
    }

    /// The response body as received, at most
    /// [`MAX_ERROR_BODY`](crate::MAX_ERROR_BODY) bytes: HTML from a
    /// gateway, plain text, truncated JSON, or the problem details
    /// themselves.
    pub fn raw_body(&self) -> Option<&[u8]> {
        self.0.raw_body.as_deref()
    }

    /// Whether the response body broke off (the connection closed early,
    /// or the body stalled past the timeout) after the status and headers
    /// arrived; [`raw_body`](Error::raw_body) then holds what arrived.
    pub fn is_body_incomplete(&self) -> bool {
        self.0.body_incomplete
    }

    /// How many HTTP attempts the call made (0 when it failed before one).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// Whether the call ran out of time (a connect, read or total timeout).
    pub fn is_timeout(&self) -> bool {
        self.0.kind == ErrorKind::Timeout
    }

    /// Whether the service could not be reached or the connection failed.
    pub fn is_connection(&self) -> bool {
        self.0.kind == ErrorKind::Connection
    }

    /// Whether the credentials were refused: a token could not be obtained,
    /// or the service answered 401 or 403.
    pub fn is_authentication(&self) -> bool {
        self.0.kind == ErrorKind::Authentication
            || matches!(
                self.0.status,
                Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
            )
    }

    /// Whether the service answered 429 Too Many Requests.
    pub fn is_rate_limited(&self) -> bool {
        self.0.status == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the client could not be built from its configuration.
    pub fn is_configuration(&self) -> bool {
        self.0.kind == ErrorKind::Configuration
    }

    /// The deepest cause in the source chain: the one that says what
    /// actually happened (`Connection refused`, `operation timed out`).
    fn root_cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let mut cause: &(dyn std::error::Error + 'static) = self.0.source.as_deref()?;
        while let Some(deeper) = cause.source() {
            cause = deeper;
        }
        Some(cause)
    }

    /// The problem's name, title and detail, as `a - b - c`.
    fn problem_summary(&self) -> Option<String> {
        let problem = self.0.problem.as_deref()?;
        let parts: Vec<Cow<'_, str>> = [&problem.name, &problem.title, &problem.detail]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .map(|part| one_line(part))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" - "))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)?;
        let cause = self
            .root_cause()
            .map(|cause| one_line(&cause.to_string()).into_owned());
        if let Some(summary) = self.problem_summary() {
            write!(f, ": {summary}")?;
        } else if self.0.body_incomplete {
            let received = self.0.raw_body.as_ref().map_or(0, Bytes::len);
            write!(f, ": the body broke off after {received} bytes")?;
            if let Some(cause) = &cause {
                write!(f, " ({cause})")?;
            }
        } else if let Some(cause) = &cause {
            write!(f, ": {cause}")?;
        } else if self.0.kind == ErrorKind::Response
            && self
                .0
                .status
                .is_some_and(|s| s.is_client_error() || s.is_server_error())
        {
            f.write_str(": the error body was not LUSID problem details")?;
        }
        if let Some(id) = &self.0.request_id {
            write!(f, " (request id {})", one_line(id))?;
        }
        if self.0.attempts > 1 {
            write!(f, " after {} attempts", self.0.attempts)?;
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
            .field("kind", &self.0.kind)
            .field("message", &self.0.message)
            .field("status", &self.0.status)
            .field("request_id", &self.0.request_id)
            .field("problem", &self.0.problem)
            .field("unexpected_problem_fields", &self.0.unexpected.keys())
            .field("raw_body_len", &self.0.raw_body.as_ref().map(Bytes::len))
            .field("body_incomplete", &self.0.body_incomplete)
            .field("attempts", &self.0.attempts)
            .field("source", &self.0.source)
            .finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source.as_deref().map(|source| source as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use reqwest::header::HeaderValue;

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,20}".prop_map(Value::from),
        ];
        leaf.prop_recursive(2, 8, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    fn valid_problem() -> Value {
        serde_json::json!({
            "name": "TokenError",
            "errorDetails": [{"id": "token", "reason": "revoked"}],
            "code": 4011,
            "type": "https://docs.lusid.com/#section/Error-Codes/TokenError",
            "title": "The token was refused",
            "status": 401,
            "detail": "The token was refused (detail)",
            "instance": "https://example.lusid.com/app/insights/logs/0HN8-REQ-1",
            "extensions": {"retryable": false}
        })
    }

    proptest! {
        /// From a valid problem body, replace any one member with any JSON
        /// value: every other member still decodes as it was, and the one
        /// line still shows the title and the request id.
        #[test]
        fn one_odd_problem_member_costs_only_itself(member in 0usize..9, value in any_json()) {
            let original = valid_problem();
            let names: Vec<String> = original.as_object().unwrap().keys().cloned().collect();
            let name = &names[member];
            let mut body = original.clone();
            body[name] = value;
            let headers = HeaderMap::from_iter([(
                reqwest::header::HeaderName::from_static(REQUEST_ID_HEADER),
                HeaderValue::from_static("req-7"),
            )]);

            let error = Error::from_response(
                StatusCode::UNAUTHORIZED,
                &headers,
                Bytes::from(serde_json::to_vec(&body).unwrap()),
            );

            let decoded = serde_json::to_value(error.problem().unwrap()).unwrap();
            let expected: LusidProblemDetails = serde_json::from_value(original).unwrap();
            let expected = serde_json::to_value(expected).unwrap();
            for other in names.iter().filter(|other| *other != name) {
                prop_assert_eq!(&decoded[other], &expected[other], "{} lost", other);
            }
            prop_assert!(error.unexpected_problem_fields().len() <= 1);
            let shown = error.to_string();
            if name != "title" {
                prop_assert!(shown.contains("The token was refused"), "{}", shown);
            }
            prop_assert!(shown.contains("(request id req-7)"), "{}", shown);
        }
    }

    #[test]
    fn one_line_replaces_control_characters_and_cuts_at_300_with_an_ellipsis() {
        assert_eq!(one_line("a\nb"), "a b");
        assert!(matches!(one_line("short"), Cow::Borrowed("short")));
        let exactly = format!("{}\n", "x".repeat(299));
        assert_eq!(one_line(&exactly), format!("{} ", "x".repeat(299)));
        let longer = "y".repeat(301);
        assert_eq!(one_line(&longer), format!("{}…", "y".repeat(300)));
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
            proptest::prop_assert!(error.problem().is_some());
            proptest::prop_assert!(!error.to_string().contains('\n'));
        }
    }
}
