//! The Identity API the mock simulates: a request routed to its operation
//! by the spec, checked (faults, token, body), then answered by the
//! handler keyed by its operationId.

mod applications;
mod directory;
mod keys;
mod lifecycle;
mod passwords;
mod roles;
mod support;
mod users;

use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

pub(super) use passwords::policy_of;

use super::{Answer, Fault, State, body_json, conforming_problem, problem};
use crate::BASE_PATH;
use crate::spec::{self, Unrouted, conforming};

/// What answers one operation.
type Handler = fn(&mut State, &Call<'_>) -> Answer;

/// Every operation the mock simulates, by operationId. A handler for an
/// operation the spec does not (yet) have is never reached.
const HANDLERS: &[(&str, Handler)] = &[
    ("InvalidateToken", keys::invalidate_token),
    ("GetUserInfo", keys::get_user_info),
    ("CreateApiKey", keys::create_api_key),
    ("ListOwnApiKeys", keys::list_own_api_keys),
    ("DeleteApiKey", keys::delete_api_key),
    ("CreateUser", users::create),
    ("ListUsers", users::list),
    ("GetUser", users::get),
    ("UpdateUser", users::update),
    ("DeleteUser", users::delete),
    ("FindUsersById", users::find_by_ids),
    ("ListRunnableUsers", users::runnable),
    ("GetUserSchema", users::get_schema),
    ("UpdateUserSchema", users::update_schema),
    ("SendActivationEmail", lifecycle::send_activation_email),
    ("ExpirePassword", lifecycle::expire_password),
    ("ResetFactors", lifecycle::reset_factors),
    ("ResetPassword", lifecycle::reset_password),
    ("UnlockUser", lifecycle::unlock),
    ("UnsuspendUser", lifecycle::unsuspend),
    ("CreateRole", roles::create),
    ("ListRoles", roles::list),
    ("GetRole", roles::get),
    ("UpdateRole", roles::update),
    ("DeleteRole", roles::delete),
    ("ListUsersInRole", roles::members),
    ("AddUserToRole", roles::add_member),
    ("RemoveUserFromRole", roles::remove_member),
    ("CreateApplication", applications::create),
    ("ListApplications", applications::list),
    ("GetApplication", applications::get),
    ("DeleteApplication", applications::delete),
    ("RotateApplicationSecrets", applications::rotate_secrets),
    (
        "GetAuthenticationInformation",
        support::authentication_information,
    ),
    ("GrantSupportAccess", support::grant),
    ("GetSupportAccessHistory", support::history),
    ("InvalidateSupportAccess", support::invalidate),
    ("GetSupportRoles", support::roles),
    ("AddScim", directory::add_scim),
    ("RemoveScim", directory::remove_scim),
    (
        "ListAccessControlledResources",
        directory::access_controlled_resources,
    ),
    ("SetPassword", passwords::set_password),
    ("GetPasswordPolicy", passwords::get_policy),
    ("UpdatePasswordPolicy", passwords::update_policy),
];

/// Whether the mock answers `operation_id` (else `501 NotSimulated`).
pub(super) fn simulates(operation_id: &str) -> bool {
    HANDLERS.iter().any(|(id, _)| *id == operation_id)
}

/// What one API request gets, before the request id is added.
pub(super) fn respond(
    state: &mut State,
    request: &Request,
    token: Option<&str>,
    request_id: &str,
) -> Answer {
    let route = request
        .url
        .path()
        .strip_prefix(BASE_PATH)
        .ok_or(Unrouted::NoPath)
        .and_then(|path| spec::resolve(&spec::spec()["paths"], request.method.as_str(), path));
    let (operation, parameters) = match route {
        Ok(route) => route,
        Err(Unrouted::NoPath) => {
            return unrouted(
                404,
                "NotFound",
                "The Identity API has no such route",
                request_id,
            );
        }
        Err(Unrouted::NoMethod) => {
            return unrouted(
                405,
                "MethodNotAllowed",
                "The Identity API has no such method on this route",
                request_id,
            );
        }
    };
    let fault = state.faults.pop_front();
    if let Some(answer) = faulted(fault.as_ref(), &operation, request_id) {
        return answer;
    }
    let Some(user) = token.and_then(|token| state.tokens.get(token)).cloned() else {
        let answer = problem(
            &operation,
            401,
            "InvalidToken",
            "The token is invalid or has been signed out",
            request_id,
        );
        return (401, answer);
    };
    let body = match spec::request_schema(&operation) {
        Some(_) => match body_json(request) {
            Ok(body) => body,
            Err((status, name, title)) => {
                return (
                    status,
                    problem(&operation, status, name, &title, request_id),
                );
            }
        },
        None => Value::Null,
    };
    if let Some(Ok(violations)) = spec::request_violations(&operation, &body)
        && !violations.is_empty()
    {
        return invalid(&operation, request_id, &violations);
    }
    let call = Call {
        operation: &operation,
        request_id,
        user,
        token,
        parameters,
        query: request.url.query_pairs().into_owned().collect(),
        body,
    };
    let handler = HANDLERS.iter().find(|(id, _)| *id == operation);
    let (status, response) = match handler {
        Some((_, handler)) => handler(state, &call),
        None => call.problem(
            501,
            "NotSimulated",
            "MockIdentity does not simulate this operation; mount a mock for it on MockIdentity::server()",
        ),
    };
    match fault {
        Some(Fault::Delay(delay)) => (status, response.set_delay(delay)),
        _ => (status, response),
    }
}

/// `400` with problem details whose `errors` name each field (a JSON
/// pointer into the body) and what is wrong with it.
pub(super) fn invalid(
    operation: &str,
    request_id: &str,
    violations: &[(String, String)],
) -> Answer {
    let mut errors = serde_json::Map::new();
    for (field, message) in violations {
        let field = field.trim_start_matches('/').replace('/', ".");
        let field = if field.is_empty() {
            "body".to_owned()
        } else {
            field
        };
        let messages = errors
            .entry(field)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(messages) = messages {
            messages.push(Value::from(message.as_str()));
        }
    }
    let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
    let title = format!("The request body is invalid: {}", fields.join(", "));
    let mut body = crate::problem_details(400, "InvalidRequestBody", &title, request_id);
    body["errors"] = Value::Object(errors);
    let body = conforming_problem(operation, 400, body);
    (400, ResponseTemplate::new(400).set_body_json(body))
}

/// The operation being answered and what its request carried.
pub(super) struct Call<'a> {
    pub operation: &'a str,
    pub request_id: &'a str,
    /// The id of the user the token belongs to.
    pub user: String,
    pub token: Option<&'a str>,
    pub parameters: Vec<(String, String)>,
    pub query: Vec<(String, String)>,
    /// The checked JSON body, `null` for operations without one.
    pub body: Value,
}

impl Call<'_> {
    /// A path parameter.
    pub fn parameter(&self, name: &str) -> String {
        self.parameters
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    }

    /// The first value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Whether a boolean query parameter is `true`.
    pub fn flag(&self, name: &str) -> bool {
        self.query(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    }

    /// A JSON answer, checked against the spec.
    pub fn json(&self, status: u16, body: Value) -> Answer {
        let body = conforming(self.operation, status, body);
        (status, ResponseTemplate::new(status).set_body_json(body))
    }

    /// An answer without a body.
    pub fn empty(&self, status: u16) -> Answer {
        (status, ResponseTemplate::new(status))
    }

    /// Problem details, checked against the spec.
    pub fn problem(&self, status: u16, name: &str, title: &str) -> Answer {
        (
            status,
            problem(self.operation, status, name, title, self.request_id),
        )
    }

    pub fn not_found(&self, name: &str, title: &str) -> Answer {
        self.problem(404, name, title)
    }

    /// `400` naming `field` (a JSON pointer into the body, or a parameter).
    pub fn invalid(&self, field: &str, message: &str) -> Answer {
        invalid(
            self.operation,
            self.request_id,
            &[(field.to_owned(), message.to_owned())],
        )
    }
}

/// The answer for a queued fault, if it replaces the real one.
fn faulted(fault: Option<&Fault>, operation: &str, request_id: &str) -> Option<Answer> {
    match fault? {
        Fault::RateLimited { retry_after } => Some((
            429,
            problem(
                operation,
                429,
                "TooManyRequests",
                "Too many requests",
                request_id,
            )
            .insert_header("retry-after", retry_after.to_string().as_str()),
        )),
        Fault::ServerError(status) => Some((
            *status,
            problem(
                operation,
                *status,
                "InternalError",
                "The service failed",
                request_id,
            ),
        )),
        Fault::MalformedBody(status) => Some((
            *status,
            ResponseTemplate::new(*status).set_body_raw(r#"{"name":"Intern"#, "application/json"),
        )),
        Fault::Delay(_) => None,
    }
}

/// A request that is no operation of the spec, with problem details.
fn unrouted(status: u16, name: &str, title: &str, request_id: &str) -> Answer {
    let body = crate::problem_details(status, name, title, request_id);
    (status, ResponseTemplate::new(status).set_body_json(body))
}
