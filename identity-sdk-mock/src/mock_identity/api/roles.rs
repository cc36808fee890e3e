//! Roles, unique by name, and their members.

use serde_json::Value;

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::state::{Role, State};

const NO_ROLE: &str = "No role with this id";

pub(super) fn create(state: &mut State, call: &Call<'_>) -> Answer {
    let name = call.body["name"].as_str().unwrap_or_default().to_owned();
    if state
        .roles
        .values()
        .any(|role| role.name.eq_ignore_ascii_case(&name))
    {
        return call.problem(
            409,
            "RoleAlreadyExists",
            "A role with this name already exists",
        );
    }
    let id = state.next_id("mock-role");
    let role = Role {
        name,
        description: call.body["description"].as_str().map(str::to_owned),
        members: Vec::new(),
    };
    let created = role.response(&id);
    state.roles.insert(id, role);
    call.json(201, created)
}

pub(super) fn list(state: &mut State, call: &Call<'_>) -> Answer {
    let roles = state
        .roles
        .iter()
        .map(|(id, role)| role.response(id))
        .collect();
    call.json(200, Value::Array(roles))
}

pub(super) fn get(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    match state.roles.get(&id) {
        Some(role) => call.json(200, role.response(&id)),
        None => call.not_found("RoleNotFound", NO_ROLE),
    }
}

pub(super) fn update(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    match state.roles.get_mut(&id) {
        Some(role) => {
            role.description = call.body["description"].as_str().map(str::to_owned);
            let updated = role.response(&id);
            call.json(200, updated)
        }
        None => call.not_found("RoleNotFound", NO_ROLE),
    }
}

pub(super) fn delete(state: &mut State, call: &Call<'_>) -> Answer {
    match state.roles.remove(&call.parameter("id")) {
        Some(_) => call.empty(204),
        None => call.not_found("RoleNotFound", NO_ROLE),
    }
}

pub(super) fn members(state: &mut State, call: &Call<'_>) -> Answer {
    match state.roles.get(&call.parameter("id")) {
        Some(role) => {
            let members = role
                .members
                .iter()
                .filter_map(|member| state.users.get(member))
                .map(|user| user.response(None))
                .collect();
            call.json(200, Value::Array(members))
        }
        None => call.not_found("RoleNotFound", NO_ROLE),
    }
}

pub(super) fn add_member(state: &mut State, call: &Call<'_>) -> Answer {
    membership(state, call, true)
}

pub(super) fn remove_member(state: &mut State, call: &Call<'_>) -> Answer {
    membership(state, call, false)
}

/// Adding a member twice or removing a non-member changes nothing: `204`.
fn membership(state: &mut State, call: &Call<'_>, member: bool) -> Answer {
    let (role_id, user_id) = (call.parameter("id"), call.parameter("userId"));
    let known_user = state.users.contains_key(&user_id);
    match state.roles.get_mut(&role_id) {
        Some(role) if known_user => {
            role.members.retain(|existing| *existing != user_id);
            if member {
                role.members.push(user_id);
            }
            call.empty(204)
        }
        Some(_) => call.not_found("UserNotFound", "No user with this id"),
        None => call.not_found("RoleNotFound", NO_ROLE),
    }
}
