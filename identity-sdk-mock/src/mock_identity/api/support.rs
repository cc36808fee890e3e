//! Authentication information and FINBOURNE support access: grants for an
//! ISO 8601 duration, limited to the support roles, until they expire or
//! are invalidated.

use std::time::SystemTime;

use serde_json::{Value, json};

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::clock::{after, iso8601_duration, now_rfc3339};
use crate::mock_identity::state::{State, SupportAccess};

/// The roles support staff can be permitted: `(internal identifier, label,
/// description)`.
const SUPPORT_ROLES: &[(&str, &str, &str)] = &[
    (
        "support-readonly",
        "Read only",
        "Support staff may read the domain's data",
    ),
    (
        "support-administrator",
        "Administrator",
        "Support staff may change the domain's data",
    ),
];

pub(super) fn authentication_information(state: &mut State, call: &Call<'_>) -> Answer {
    let now = now_rfc3339();
    let active: Vec<&SupportAccess> = state.support.iter().filter(|a| a.is_active(&now)).collect();
    let mut information = json!({
        "issuerUrl": format!("{}/oauth2", state.origin),
        "fallbackIssuerUrls": [],
    });
    if let Some(latest) = active.iter().map(|access| &access.expiry).max() {
        information["support"] = json!({"expiry": latest});
    }
    let with_role: Vec<Value> = active
        .iter()
        .flat_map(|access| {
            let roles = access.permitted_roles.iter().flatten();
            roles.map(|role| json!({"expiry": access.expiry, "permittedRole": role}))
        })
        .collect();
    information["supportAccessExpiryWithRole"] = Value::Array(with_role);
    call.json(200, information)
}

pub(super) fn grant(state: &mut State, call: &Call<'_>) -> Answer {
    let duration = call.body["duration"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let now = SystemTime::now();
    let Some(expiry) = iso8601_duration(&duration).and_then(|length| after(now, length)) else {
        return call.invalid(
            "/duration",
            "Not an ISO 8601 duration that ends before the year 10000",
        );
    };
    let permitted_roles: Option<Vec<String>> =
        call.body["permittedRoles"].as_array().map(|roles| {
            roles
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        });
    for (index, role) in permitted_roles.iter().flatten().enumerate() {
        if !SUPPORT_ROLES.iter().any(|(id, _, _)| id == role) {
            let field = format!("/permittedRoles/{index}");
            return call.invalid(&field, "Not a support role (see GetSupportRoles)");
        }
    }
    let access = SupportAccess {
        id: state.next_id("mock-support"),
        duration,
        description: call.body["description"].as_str().map(str::to_owned),
        created_at: now_rfc3339(),
        expiry,
        created_by: call.user.clone(),
        terminated: None,
        permitted_roles,
    };
    let granted = access.response();
    state.support.push(access);
    call.json(201, granted)
}

/// Every grant whose expiry is within `start`..`end` (RFC 3339 in UTC,
/// compared to the second).
pub(super) fn history(state: &mut State, call: &Call<'_>) -> Answer {
    let second = |value: &str| value.chars().take(19).collect::<String>();
    let start = call.query("start").map(second);
    let end = call.query("end").map(second);
    let grants = state
        .support
        .iter()
        .filter(|access| {
            let expiry = second(&access.expiry);
            start.as_ref().is_none_or(|start| expiry >= *start)
                && end.as_ref().is_none_or(|end| expiry <= *end)
        })
        .map(SupportAccess::response)
        .collect();
    call.json(200, Value::Array(grants))
}

/// Ends every active grant; answers with the grants it ended.
pub(super) fn invalidate(state: &mut State, call: &Call<'_>) -> Answer {
    let now = now_rfc3339();
    let mut ended = Vec::new();
    for access in state
        .support
        .iter_mut()
        .filter(|access| access.is_active(&now))
    {
        access.terminated = Some((now.clone(), call.user.clone()));
        ended.push(access.response());
    }
    call.json(200, Value::Array(ended))
}

pub(super) fn roles(_: &mut State, call: &Call<'_>) -> Answer {
    let roles: Vec<Value> = SUPPORT_ROLES
        .iter()
        .map(|(id, label, description)| {
            json!({
                "label": label,
                "description": description,
                "roleIdentifier": {"scope": "support", "code": id},
                "internalIdentifier": id,
            })
        })
        .collect();
    call.json(200, json!({"supportRoles": roles}))
}
