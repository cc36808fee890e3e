//! OAuth applications, unique by client id. The secret is shown when it
//! is made (creation, rotation) and on a get that asks for it
//! (`includeSecret=true`), never in a list.

use serde_json::{Value, json};

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::state::{Application, State};

const NO_APPLICATION: &str = "No application with this id";

pub(super) fn create(state: &mut State, call: &Call<'_>) -> Answer {
    let body = &call.body;
    let client_id = body["clientId"].as_str().unwrap_or_default().to_owned();
    let Some(kind) = ["Native", "Web"].into_iter().find(|kind| {
        body["type"]
            .as_str()
            .is_some_and(|t| t.eq_ignore_ascii_case(kind))
    }) else {
        return call.invalid("/type", "The type must be Native or Web");
    };
    if state
        .applications
        .values()
        .any(|app| app.client_id == client_id)
    {
        return call.problem(
            409,
            "ApplicationAlreadyExists",
            "An application with this client id already exists",
        );
    }
    let id = state.next_id("0oa-mock");
    let application = Application {
        client_id,
        display_name: body["displayName"].as_str().unwrap_or_default().to_owned(),
        kind: kind.to_owned(),
        secret: State::secret("mock-secret"),
    };
    let created = response(state, &id, &application, true);
    state.applications.insert(id, application);
    call.json(200, created)
}

pub(super) fn list(state: &mut State, call: &Call<'_>) -> Answer {
    let applications = state
        .applications
        .iter()
        .map(|(id, application)| response(state, id, application, false))
        .collect();
    call.json(200, Value::Array(applications))
}

pub(super) fn get(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    match state.applications.get(&id) {
        Some(application) => {
            let found = response(state, &id, application, call.flag("includeSecret"));
            call.json(200, found)
        }
        None => call.not_found("ApplicationNotFound", NO_APPLICATION),
    }
}

pub(super) fn delete(state: &mut State, call: &Call<'_>) -> Answer {
    match state.applications.remove(&call.parameter("id")) {
        Some(_) => call.empty(204),
        None => call.not_found("ApplicationNotFound", NO_APPLICATION),
    }
}

/// A new secret replaces the old one, which stops being shown anywhere.
pub(super) fn rotate_secrets(state: &mut State, call: &Call<'_>) -> Answer {
    let id = call.parameter("id");
    let Some(mut application) = state.applications.get(&id).cloned() else {
        return call.not_found("ApplicationNotFound", NO_APPLICATION);
    };
    application.secret = State::secret("mock-secret");
    let rotated = response(state, &id, &application, true);
    state.applications.insert(id, application);
    call.json(200, rotated)
}

/// An `OAuthApplication`, with its secret if `secret`.
fn response(state: &State, id: &str, application: &Application, secret: bool) -> Value {
    let mut body = json!({
        "id": id,
        "type": application.kind,
        "displayName": application.display_name,
        "clientId": application.client_id,
        "issuer": format!("{}/oauth2", state.origin),
    });
    if secret {
        body["secret"] = Value::from(application.secret.as_str());
    }
    body
}
