//! Status classes and body kinds: how progenitor reads a response's
//! status and content, which the response rules build on.

use serde_json::Value;

/// The media type kept where several are offered.
const JSON: &str = "application/json";

/// What a response status means to progenitor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    /// `101`, `2xx`, `2XX`: decoded into the success type.
    Success,
    /// `4xx`, `5xx`, `4XX`, `5XX`, `default`: decoded into the error type.
    Error,
    /// Anything else (`1xx`, `3xx`): progenitor ignores it.
    Other,
}

pub(super) fn class(status: &str) -> Class {
    match status.as_bytes() {
        b"default" => Class::Error,
        [b'2', x, y] if range_marks(*x, *y) => Class::Success,
        [b'4' | b'5', x, y] if range_marks(*x, *y) => Class::Error,
        _ => match status.parse::<u16>() {
            Ok(101 | 200..=299) => Class::Success,
            Ok(400..=599) => Class::Error,
            _ => Class::Other,
        },
    }
}

fn range_marks(x: u8, y: u8) -> bool {
    x.eq_ignore_ascii_case(&b'X') && y.eq_ignore_ascii_case(&b'X')
}

/// The digit of a range status (`4` for `4XX`).
pub(super) fn range_digit(status: &str) -> Option<u8> {
    match status.as_bytes() {
        [d @ b'1'..=b'5', x, y] if range_marks(*x, *y) => Some(*d),
        _ => None,
    }
}

/// The digit of a code status's class (`4` for `404`).
pub(super) fn code_digit(status: &str) -> Option<u8> {
    match status.as_bytes() {
        [d @ b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => Some(*d),
        _ => None,
    }
}

/// A status's place in progenitor's order: codes by value, a range at its
/// first code (after equal codes), `default` last.
pub(super) fn rank(status: &str) -> (u16, u8) {
    if let Ok(code) = status.parse::<u16>() {
        (code, 0)
    } else if let Some(digit) = range_digit(status) {
        (u16::from(digit - b'0') * 100, 1)
    } else {
        (u16::MAX, 2)
    }
}

pub(super) fn is_json(media_type: &str) -> bool {
    // What progenitor recognizes as JSON.
    media_type == JSON || media_type.starts_with("application/json;")
}

/// How progenitor sends a request body of a media type (progenitor-impl
/// 0.15 `BodyContentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RequestKind {
    /// `application/json`: a generated type.
    Json,
    /// `application/x-www-form-urlencoded`: a generated type, as a form.
    Form,
    /// `application/octet-stream`: bytes as given.
    Bytes,
    /// `text/plain`, `text/x-markdown`: a string as given.
    Text,
}

/// The kind of request body progenitor can send as `media_type` (its
/// parameters aside), if it can send it at all: `multipart/form-data`,
/// `text/json` or `application/*+json` it cannot.
pub(super) fn request_kind(media_type: &str) -> Option<RequestKind> {
    let essence = media_type.split(';').next().unwrap_or_default();
    match essence {
        "application/json" => Some(RequestKind::Json),
        "application/x-www-form-urlencoded" => Some(RequestKind::Form),
        "application/octet-stream" => Some(RequestKind::Bytes),
        "text/plain" | "text/x-markdown" => Some(RequestKind::Text),
        _ => None,
    }
}

/// The body of a response as progenitor types it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Body {
    /// No content: `()`.
    None,
    /// Content, none of it JSON: a byte stream.
    Raw,
    /// JSON with this schema (its JSON text, to compare).
    Json(String),
}

pub(super) fn body(response: &Value) -> Body {
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Body::None;
    };
    match content.iter().find(|(media, _)| is_json(media)) {
        Some((_, media)) => Body::Json(
            media
                .get("schema")
                .map_or_else(String::new, Value::to_string),
        ),
        None if content.is_empty() => Body::None,
        None => Body::Raw,
    }
}

/// How an error message describes a body.
pub(super) fn describe(body: &Body) -> String {
    match body {
        Body::None => "no body".to_owned(),
        Body::Raw => "a non-JSON body".to_owned(),
        Body::Json(schema) => serde_json::from_str::<Value>(schema)
            .ok()
            .and_then(|schema| {
                let reference = schema.get("$ref")?.as_str()?;
                Some(reference.rsplit('/').next().unwrap_or(reference).to_owned())
            })
            .unwrap_or_else(|| "an inline schema".to_owned()),
    }
}
