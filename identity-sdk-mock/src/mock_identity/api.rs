//! The Identity API routes the mock simulates, by operationId: tokens,
//! the current user, personal access tokens, users, roles and membership.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

use super::{ApiKey, Fault, Role, State, problem};
use crate::BASE_PATH;
use crate::spec::{self, conforming};

/// What one API request gets, before the request id is added.
pub(super) fn respond(
    state: &mut State,
    request: &Request,
    token: Option<&str>,
    request_id: &str,
) -> (u16, ResponseTemplate) {
    let Some(path) = request.url.path().strip_prefix(BASE_PATH) else {
        return not_found(request_id);
    };
    let Some((operation, parameters)) = spec::route(request.method.as_str(), path) else {
        return not_found(request_id);
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
    let parameter = |name: &str| {
        parameters
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .unwrap_or_default()
    };
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let call = Call {
        operation: &operation,
        request_id,
    };
    let (status, response) = match operation.as_str() {
        "InvalidateToken" => {
            if let Some(token) = token {
                state.tokens.remove(token);
            }
            (204, ResponseTemplate::new(204))
        }
        "GetUserInfo" => {
            let stored = state.users.get(&user).cloned().unwrap_or(Value::Null);
            call.json(200, current_user(&stored))
        }
        "CreateApiKey" => create_api_key(state, &call, &user, &body),
        "ListOwnApiKeys" => {
            let keys: Vec<Value> = state
                .api_keys
                .values()
                .filter(|key| key.owner == user)
                .map(api_key)
                .collect();
            call.json(200, Value::Array(keys))
        }
        "DeleteApiKey" => match state.api_keys.remove(&parameter("id")) {
            Some(key) => {
                state.tokens.remove(&key.key);
                call.json(200, api_key(&key))
            }
            None => call.not_found("ApiKeyNotFound", "No API key with this id"),
        },
        "CreateUser" => {
            let id = state.next_id("00u-mock");
            let created = user_response(&id, &body);
            state.users.insert(id, created.clone());
            call.json(201, created)
        }
        "ListUsers" => call.json(200, Value::Array(state.users.values().cloned().collect())),
        "GetUser" => match state.users.get(&parameter("id")) {
            Some(found) => call.json(200, found.clone()),
            None => call.not_found("UserNotFound", "No user with this id"),
        },
        "DeleteUser" => match state.users.remove(&parameter("id")) {
            Some(_) => {
                let id = parameter("id");
                for role in state.roles.values_mut() {
                    role.members.retain(|member| *member != id);
                }
                state.tokens.retain(|_, owner| *owner != id);
                (204, ResponseTemplate::new(204))
            }
            None => call.not_found("UserNotFound", "No user with this id"),
        },
        "CreateRole" => {
            let id = state.next_id("mock-role");
            let role = Role {
                name: body["name"].as_str().unwrap_or_default().to_owned(),
                description: body["description"].as_str().map(str::to_owned),
                members: Vec::new(),
            };
            let created = role_response(&id, &role);
            state.roles.insert(id, role);
            call.json(201, created)
        }
        "ListRoles" => {
            let roles = state
                .roles
                .iter()
                .map(|(id, role)| role_response(id, role))
                .collect();
            call.json(200, Value::Array(roles))
        }
        "GetRole" => match state.roles.get(&parameter("id")) {
            Some(role) => call.json(200, role_response(&parameter("id"), role)),
            None => call.not_found("RoleNotFound", "No role with this id"),
        },
        "DeleteRole" => match state.roles.remove(&parameter("id")) {
            Some(_) => (204, ResponseTemplate::new(204)),
            None => call.not_found("RoleNotFound", "No role with this id"),
        },
        "ListUsersInRole" => match state.roles.get(&parameter("id")) {
            Some(role) => {
                let members = role
                    .members
                    .iter()
                    .filter_map(|member| state.users.get(member).cloned())
                    .collect();
                call.json(200, Value::Array(members))
            }
            None => call.not_found("RoleNotFound", "No role with this id"),
        },
        "AddUserToRole" | "RemoveUserFromRole" => {
            let (role_id, user_id) = (parameter("id"), parameter("userId"));
            let known_user = state.users.contains_key(&user_id);
            match state.roles.get_mut(&role_id) {
                Some(role) if known_user => {
                    role.members.retain(|member| *member != user_id);
                    if operation == "AddUserToRole" {
                        role.members.push(user_id);
                    }
                    (204, ResponseTemplate::new(204))
                }
                Some(_) => call.not_found("UserNotFound", "No user with this id"),
                None => call.not_found("RoleNotFound", "No role with this id"),
            }
        }
        other => {
            let answer = problem(
                other,
                501,
                "NotSimulated",
                "MockIdentity does not simulate this operation; mount a mock for it on MockIdentity::server()",
                request_id,
            );
            (501, answer)
        }
    };
    match fault {
        Some(Fault::Delay(delay)) => (status, response.set_delay(delay)),
        _ => (status, response),
    }
}

/// The operation being answered, to check bodies against.
struct Call<'a> {
    operation: &'a str,
    request_id: &'a str,
}

impl Call<'_> {
    /// A JSON answer, checked against the spec.
    fn json(&self, status: u16, body: Value) -> (u16, ResponseTemplate) {
        let body = conforming(self.operation, status, body);
        (status, ResponseTemplate::new(status).set_body_json(body))
    }

    fn not_found(&self, name: &str, title: &str) -> (u16, ResponseTemplate) {
        (
            404,
            problem(self.operation, 404, name, title, self.request_id),
        )
    }
}

/// The answer for a queued fault, if it replaces the real one.
fn faulted(
    fault: Option<&Fault>,
    operation: &str,
    request_id: &str,
) -> Option<(u16, ResponseTemplate)> {
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

/// A route the spec does not have: `404` with problem details.
fn not_found(request_id: &str) -> (u16, ResponseTemplate) {
    let any_operation = spec::operations()
        .into_iter()
        .next()
        .map(|(id, _, _)| id)
        .unwrap_or_default();
    let answer = problem(
        &any_operation,
        404,
        "NotFound",
        "The Identity API has no such route",
        request_id,
    );
    (404, answer)
}

fn create_api_key(
    state: &mut State,
    call: &Call<'_>,
    user: &str,
    body: &Value,
) -> (u16, ResponseTemplate) {
    let id = state.next_id("mock-key");
    let key = ApiKey {
        id: id.clone(),
        display_name: body["displayName"].as_str().unwrap_or_default().to_owned(),
        created: now_rfc3339(),
        deactivation: body["deactivationDate"].as_str().map(str::to_owned),
        key: state.issue(user),
        owner: user.to_owned(),
    };
    let mut created = api_key(&key);
    created["key"] = Value::from(key.key.clone());
    state.api_keys.insert(id, key);
    call.json(200, created)
}

fn api_key(key: &ApiKey) -> Value {
    json!({
        "id": key.id,
        "displayName": key.display_name,
        "createdDate": key.created,
        "deactivationDate": key.deactivation,
    })
}

/// A `UserResponse` for a user created with `request` (`CreateUserRequest`).
pub(super) fn user_response(id: &str, request: &Value) -> Value {
    let mut user = json!({
        "id": id,
        "emailAddress": request["emailAddress"],
        "login": request["login"],
        "firstName": request["firstName"],
        "lastName": request["lastName"],
        "type": request["type"],
        "status": "ACTIVE",
        "external": false,
        "roles": [],
    });
    if let Some(second) = request.get("secondEmailAddress").filter(|v| !v.is_null()) {
        user["secondEmailAddress"] = second.clone();
    }
    user
}

fn current_user(user: &Value) -> Value {
    json!({
        "id": user["id"],
        "emailAddress": user["emailAddress"],
        "type": user["type"],
        "domainType": "Mock",
    })
}

fn role_response(id: &str, role: &Role) -> Value {
    json!({
        "id": id,
        "roleId": {"scope": "default", "code": role.name},
        "source": "LUSID",
        "name": role.name,
        "description": role.description,
    })
}

/// Now, as RFC 3339 in UTC (`2026-11-25T20:32:08Z`).
fn now_rfc3339() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Days since 1970-01-01 to a civil date (proleptic Gregorian).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_rfc3339() {
        let now = super::now_rfc3339();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
        assert_eq!(&now[4..5], "-");
        assert_eq!(&now[10..11], "T");
    }
}
