//! What the hand-written layer needs to know about each operation that
//! progenitor's output does not say at run time: the success statuses the
//! spec documents for it, by the name progenitor gives it.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, StatusCode};

/// The success statuses (`"204"`, `"2XX"`) each operation documents, which
/// the SDK names when a service answers with another success status, keyed
/// by progenitor's name of the operation (its `OperationInfo::operation_id`).
///
/// Fails with the operation's id if progenitor did not name it as expected
/// (the naming rule is progenitor's; `generated` is its output).
pub fn documented_success(
    spec: &OpenAPI,
    generated: &str,
) -> Result<BTreeMap<String, Vec<String>>, String> {
    let mut statuses = BTreeMap::new();
    for (_, method, operation) in spec.operations() {
        let Some(id) = &operation.operation_id else {
            continue;
        };
        let name = progenitor_name(id);
        if !generated.contains(&format!("operation_id: \"{name}\"")) {
            return Err(format!(
                "operation {id} ({}): progenitor did not name it {name}",
                method.to_uppercase()
            ));
        }
        let success = operation
            .responses
            .responses
            .keys()
            .filter(|status| is_success(status))
            .map(ToString::to_string)
            .collect();
        statuses.insert(name, success);
    }
    Ok(statuses)
}

/// progenitor's method name for an operationId (its rule: snake case of
/// the id with characters that cannot be in an identifier made separators).
fn progenitor_name(id: &str) -> String {
    identifier_words(id).to_snake_case()
}

/// A spec's name as progenitor and typify split it into words before they
/// case it: apostrophes dropped, every character that cannot be in an
/// identifier a word break.
pub(crate) fn identifier_words(name: &str) -> String {
    name.replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn is_success(status: &StatusCode) -> bool {
    match status {
        StatusCode::Code(code) => (200..300).contains(code),
        StatusCode::Range(range) => *range == 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_progenitors_rule() {
        assert_eq!(progenitor_name("InvalidateToken"), "invalidate_token");
        assert_eq!(progenitor_name("GetMyRoles"), "get_my_roles");
        assert_eq!(progenitor_name("listUsers"), "list_users");
        assert_eq!(progenitor_name("Get-Thing.v2"), "get_thing_v2");
    }

    #[test]
    fn success_statuses_are_listed_per_operation() {
        let spec: OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "delete": {"operationId": "DropA", "responses": {"204": {"description": "ok"}, "4XX": {"description": "no"}}},
                "get": {"operationId": "GetA", "responses": {"200": {"description": "ok"}, "2XX": {"description": "ok"}}}
            }}
        }))
        .unwrap();
        let generated = r#"operation_id: "drop_a" operation_id: "get_a""#;
        let statuses = documented_success(&spec, generated).unwrap();
        assert_eq!(statuses["drop_a"], ["204"]);
        assert_eq!(statuses["get_a"], ["200", "2XX"]);
        let error = documented_success(&spec, r#"operation_id: "get_a""#).unwrap_err();
        assert!(error.contains("DropA (DELETE)"), "{error}");
    }
}
