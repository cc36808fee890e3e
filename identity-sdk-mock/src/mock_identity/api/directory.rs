//! SCIM provisioning and the access-controlled resources the service
//! describes.

use serde_json::{Value, json};

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::state::State;

/// `ensure` (the default) turns SCIM on and shows the new API token, or
/// leaves it on and shows none (the token is shown once); `regenerate`
/// replaces the token and shows the new one.
pub(super) fn add_scim(state: &mut State, call: &Call<'_>) -> Answer {
    let action = call.query("apiTokenAction").unwrap_or("ensure");
    let token = match action {
        "ensure" if state.scim.is_some() => None,
        "ensure" | "regenerate" => {
            let token = State::secret("mock-scim");
            state.scim = Some(token.clone());
            Some(token)
        }
        _ => return call.invalid("apiTokenAction", "The action must be ensure or regenerate"),
    };
    call.json(
        200,
        json!({"baseUrl": format!("{}/scim/v2", state.origin), "apiToken": token}),
    )
}

pub(super) fn remove_scim(state: &mut State, call: &Call<'_>) -> Answer {
    match state.scim.take() {
        Some(_) => call.empty(204),
        None => call.not_found("ScimNotEnabled", "SCIM is not enabled"),
    }
}

/// The Identity service's own resources: users and roles.
pub(super) fn access_controlled_resources(_: &mut State, call: &Call<'_>) -> Answer {
    let resources: Vec<Value> = [
        ("User", "A user of the domain"),
        ("Role", "A role of the domain"),
    ]
    .iter()
    .map(|(entity, description)| {
        let action = |activity: &str, what: &str| {
            json!({
                "action": {"scope": "default", "activity": activity, "entity": entity},
                "description": format!("{what} a {}", entity.to_ascii_lowercase()),
            })
        };
        json!({
            "application": "Identity",
            "name": entity,
            "description": description,
            "actions": [action("Read", "View"), action("Write", "Change")],
            "identifierParts": [{
                "index": 0,
                "name": "id",
                "displayName": "Id",
                "description": format!("The {}'s id", entity.to_ascii_lowercase()),
                "required": true,
            }],
        })
    })
    .collect();
    call.json(200, json!({"values": resources}))
}
