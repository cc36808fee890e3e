//! Sign-out, the current user and personal access tokens, whose keys are
//! live bearer tokens of their owner.

use serde_json::{Value, json};

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::clock::now_rfc3339;
use crate::mock_identity::state::{ApiKey, State};

pub(super) fn invalidate_token(state: &mut State, call: &Call<'_>) -> Answer {
    if let Some(token) = call.token {
        state.tokens.remove(token);
    }
    call.empty(204)
}

pub(super) fn get_user_info(state: &mut State, call: &Call<'_>) -> Answer {
    let Some(user) = state.users.get(&call.user) else {
        return call.not_found("UserNotFound", "The token's user no longer exists");
    };
    call.json(
        200,
        json!({
            "id": user.id,
            "emailAddress": user.email,
            "type": user.kind,
            "domainType": "Mock",
        }),
    )
}

pub(super) fn create_api_key(state: &mut State, call: &Call<'_>) -> Answer {
    let id = state.next_id("mock-key");
    let key = ApiKey {
        id: id.clone(),
        display_name: call.body["displayName"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        created: now_rfc3339(),
        deactivation: call.body["deactivationDate"].as_str().map(str::to_owned),
        key: state.issue(&call.user),
        owner: call.user.clone(),
    };
    let mut created = key.response();
    created["key"] = Value::from(key.key.as_str());
    state.api_keys.insert(id, key);
    call.json(200, created)
}

pub(super) fn list_own_api_keys(state: &mut State, call: &Call<'_>) -> Answer {
    let keys = state
        .api_keys
        .values()
        .filter(|key| key.owner == call.user)
        .map(ApiKey::response)
        .collect();
    call.json(200, Value::Array(keys))
}

pub(super) fn delete_api_key(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    // Only one's own keys: another user's key is as unknown as none.
    if state
        .api_keys
        .get(&id)
        .is_none_or(|key| key.owner != call.user)
    {
        return call.not_found("ApiKeyNotFound", "No API key with this id");
    }
    let Some(key) = state.api_keys.remove(&id) else {
        return call.not_found("ApiKeyNotFound", "No API key with this id");
    };
    state.tokens.remove(&key.key);
    call.json(200, key.response())
}
