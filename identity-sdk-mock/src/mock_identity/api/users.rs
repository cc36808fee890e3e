//! Users: created `STAGED`, unique by login, their roles on request,
//! deleted to `DEPROVISIONED` (or purged), and the user schema.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::state::{State, User};

const DUPLICATE_LOGIN: &str = "A user with this login already exists";

pub(super) fn create(state: &mut State, call: &Call<'_>) -> Answer {
    let body = &call.body;
    let login = text(body, "login");
    if state.user_by_login(&login).is_some() {
        return call.problem(409, "UserAlreadyExists", DUPLICATE_LOGIN);
    }
    let mut roles = Vec::new();
    for (index, role) in body["roles"].as_array().into_iter().flatten().enumerate() {
        let found = state.roles.iter().find(|(_, known)| {
            role["scope"] == "default" && role["code"].as_str() == Some(known.name.as_str())
        });
        match found {
            Some((id, _)) => roles.push(id.clone()),
            None => {
                return call.invalid(
                    &format!("/roles/{index}"),
                    "No role with this scope and code",
                );
            }
        }
    }
    let id = state.next_id("00u-mock");
    let user = User {
        id: id.clone(),
        email: text(body, "emailAddress"),
        second_email: body["secondEmailAddress"].as_str().map(str::to_owned),
        login,
        first_name: text(body, "firstName"),
        last_name: text(body, "lastName"),
        kind: text(body, "type"),
        // Created, not yet activated: SendActivationEmail is next.
        status: "STAGED".to_owned(),
        password: None,
        history: Vec::new(),
        failed_sign_ins: 0,
    };
    state.users.insert(id.clone(), user);
    for role in roles {
        if let Some(role) = state.roles.get_mut(&role) {
            role.members.push(id.clone());
        }
    }
    let roles = (!body["roles"].is_null()).then(|| state.roles_of(&id));
    call.json(201, state.users[&id].response(roles))
}

pub(super) fn list(state: &mut State, call: &Call<'_>) -> Answer {
    let include_roles = call.flag("includeRoles");
    let mut users: Vec<Value> = state
        .users
        .values()
        .map(|user| user.response(include_roles.then(|| state.roles_of(&user.id))))
        .collect();
    if call.flag("includeDeactivated") {
        users.extend(state.deleted.values().map(|user| user.response(None)));
    }
    call.json(200, Value::Array(users))
}

pub(super) fn get(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    match state.users.get(&id) {
        Some(user) => {
            let roles = call.flag("includeRoles").then(|| state.roles_of(&id));
            call.json(200, user.response(roles))
        }
        None => call.not_found("UserNotFound", "No user with this id"),
    }
}

pub(super) fn update(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    if !state.users.contains_key(&id) {
        return call.not_found("UserNotFound", "No user with this id");
    }
    let body = &call.body;
    let login = text(body, "login");
    if state
        .user_by_login(&login)
        .is_some_and(|other| other.id != id)
    {
        return call.problem(409, "UserAlreadyExists", DUPLICATE_LOGIN);
    }
    let Some(user) = state.users.get_mut(&id) else {
        return call.not_found("UserNotFound", "No user with this id");
    };
    // `roles` is deprecated in the request and ignored: membership changes
    // through AddUserToRole and RemoveUserFromRole.
    user.login = login;
    user.email = text(body, "emailAddress");
    user.second_email = body["secondEmailAddress"].as_str().map(str::to_owned);
    user.first_name = text(body, "firstName");
    user.last_name = text(body, "lastName");
    let updated = user.response(None);
    call.json(200, updated)
}

pub(super) fn delete(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    let Some(mut user) = state.users.remove(&id) else {
        return call.not_found("UserNotFound", "No user with this id");
    };
    state.forget_user(&id);
    if !call.flag("purge") {
        user.status = "DEPROVISIONED".to_owned();
        state.deleted.insert(id, user);
    }
    call.empty(204)
}

pub(super) fn find_by_ids(state: &mut State, call: &Call<'_>) -> Answer {
    let mut values = Map::new();
    let mut failed = Map::new();
    for (_, id) in call.query.iter().filter(|(key, _)| key == "id") {
        match state.users.get(id) {
            Some(user) => {
                values.insert(id.clone(), user.summary());
            }
            None => {
                let error =
                    json!({"id": id, "type": "UserNotFound", "detail": "No user with this id"});
                failed.insert(id.clone(), error);
            }
        }
    }
    call.json(200, json!({"values": values, "failed": failed}))
}

/// The users a scheduled job can run as: active service users.
pub(super) fn runnable(state: &mut State, call: &Call<'_>) -> Answer {
    let users = state
        .users
        .values()
        .filter(|user| user.kind.eq_ignore_ascii_case("Service") && user.status == "ACTIVE")
        .map(|user| user.response(None))
        .collect();
    call.json(200, Value::Array(users))
}

pub(super) fn get_schema(state: &mut State, call: &Call<'_>) -> Answer {
    call.json(200, json!({"alternativeUserIds": state.user_schema}))
}

pub(super) fn update_schema(state: &mut State, call: &Call<'_>) -> Answer {
    let ids = call.body["alternativeUserIds"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut names = HashSet::new();
    for (index, property) in ids.iter().enumerate() {
        if !names.insert(
            property["name"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase(),
        ) {
            let field = format!("/alternativeUserIds/{index}/name");
            return call.invalid(&field, "Two alternative user ids have this name");
        }
    }
    state.user_schema = ids;
    get_schema(state, call)
}

/// A string field of a checked body (the schema made it present).
fn text(body: &Value, field: &str) -> String {
    body[field].as_str().unwrap_or_default().to_owned()
}
