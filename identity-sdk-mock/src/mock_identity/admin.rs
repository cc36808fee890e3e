//! The control endpoints under `/_mock/`, for tests that drive the mock
//! over HTTP (from any language) rather than through [`MockIdentity`]'s
//! methods. The spec's paths all start with `/api/`, so none can collide.
//!
//! * `POST /_mock/tokens` (body optional: `{"user": "<id or login>"}`):
//!   `201 {"token", "userId"}`, a new live token.
//! * `POST /_mock/faults`, one of `{"kind": "serverError", "status": 503}`,
//!   `{"kind": "rateLimited", "retryAfter": 1}`, `{"kind": "delay",
//!   "millis": 200}`, `{"kind": "malformedBody", "status": 500}`: `204`,
//!   queued like [`MockIdentity::inject`].
//! * `GET /_mock/calls`: `200`, the call log (method, path, status, request
//!   id; never the token).
//! * `POST /_mock/reset`: `204`, back to the starting state; tokens issued
//!   here or by [`MockIdentity::issue_token`] stay live.
//!
//! [`MockIdentity`]: crate::MockIdentity
//! [`MockIdentity::inject`]: crate::MockIdentity::inject
//! [`MockIdentity::issue_token`]: crate::MockIdentity::issue_token

use std::time::Duration;

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use super::state::{DEFAULT_USER, State};
use super::{Answer, Fault, Shared, body_json};

/// The prefix of the control endpoints.
pub(super) const PREFIX: &str = "/_mock/";

/// Answers a request under [`PREFIX`].
pub(super) fn respond(
    shared: &Shared,
    state: &mut State,
    request: &Request,
    request_id: &str,
) -> Answer {
    let path = request.url.path();
    let method = request.method.as_str();
    match (method, path.strip_prefix(PREFIX).unwrap_or_default()) {
        ("POST", "tokens") => issue(state, request, request_id),
        ("POST", "faults") => match body_json(request) {
            Ok(body) => match fault(&body) {
                Ok(fault) => {
                    state.faults.push_back(fault);
                    (204, ResponseTemplate::new(204))
                }
                Err((field, message)) => problem(
                    400,
                    "InvalidFault",
                    &format!("{field}: {message}"),
                    request_id,
                ),
            },
            Err((status, name, title)) => problem(status, name, &title, request_id),
        },
        ("GET", "calls") => {
            let calls: Vec<Value> = state
                .calls
                .iter()
                .map(|call| {
                    json!({"method": call.method, "path": call.path, "status": call.status, "requestId": call.request_id})
                })
                .collect();
            (200, ResponseTemplate::new(200).set_body_json(calls))
        }
        ("POST", "reset") => {
            shared.reset(state);
            (204, ResponseTemplate::new(204))
        }
        (_, "tokens" | "faults" | "calls" | "reset") => problem(
            405,
            "MethodNotAllowed",
            "The control endpoint has no such method",
            request_id,
        ),
        _ => problem(404, "NotFound", "No such control endpoint", request_id),
    }
}

fn issue(state: &mut State, request: &Request, request_id: &str) -> Answer {
    let body = if request.body.is_empty() {
        Value::Null
    } else {
        match body_json(request) {
            Ok(body) => body,
            Err((status, name, title)) => return problem(status, name, &title, request_id),
        }
    };
    let user = match body.get("user") {
        None | Some(Value::Null) => DEFAULT_USER.to_owned(),
        Some(Value::String(reference)) => match state.user_id_of(reference) {
            Some(user) => user,
            None => {
                return problem(
                    404,
                    "UserNotFound",
                    "user: no user with this id or login",
                    request_id,
                );
            }
        },
        Some(_) => {
            return problem(
                400,
                "InvalidRequestBody",
                "user: must be a string",
                request_id,
            );
        }
    };
    let token = state.issue(&user);
    state.minted.insert(token.clone());
    let body = json!({"token": token, "userId": user});
    (201, ResponseTemplate::new(201).set_body_json(body))
}

/// The fault a JSON body describes, or the field that is wrong.
fn fault(body: &Value) -> Result<Fault, (&'static str, &'static str)> {
    let number = |field: &'static str| {
        body[field]
            .as_u64()
            .ok_or((field, "must be a whole number"))
    };
    match body["kind"].as_str() {
        Some("serverError" | "malformedBody") => {
            let status = number("status")?;
            let status = u16::try_from(status)
                .ok()
                .filter(|s| (500..600).contains(s));
            let status = status.ok_or(("status", "must be a 5xx status"))?;
            if body["kind"] == "serverError" {
                Ok(Fault::ServerError(status))
            } else {
                Ok(Fault::MalformedBody(status))
            }
        }
        Some("rateLimited") => Ok(Fault::RateLimited {
            retry_after: number("retryAfter")?,
        }),
        Some("delay") => Ok(Fault::Delay(Duration::from_millis(number("millis")?))),
        _ => Err((
            "kind",
            "must be serverError, rateLimited, delay or malformedBody",
        )),
    }
}

fn problem(status: u16, name: &str, title: &str, request_id: &str) -> Answer {
    let body = crate::problem_details(status, name, title, request_id);
    (status, ResponseTemplate::new(status).set_body_json(body))
}
