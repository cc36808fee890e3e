//! What the hand-written layer needs to know about each operation that
//! progenitor's output does not say at run time, generated beside it.

use std::fmt::Write;

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, StatusCode};

/// Rust source of two functions keyed by the name progenitor gives each
/// operation (its `OperationInfo::operation_id`):
///
/// * `documented_success(operation) -> &[&str]`: the success statuses
///   (`"204"`, `"2XX"`) it documents, which the SDK names when a service
///   answers with another success status;
/// * `operation_span(operation) -> tracing::Span`: a span named after it
///   (a span's name must be known where it is written, so each operation
///   gets its own `operation_span!` invocation; the includer defines the
///   macro and its fields).
///
/// Fails with the operation's id if progenitor did not name it as expected
/// (the naming rule is progenitor's; `generated` is its output).
pub fn tables(spec: &OpenAPI, generated: &str) -> Result<String, String> {
    let mut arms = String::new();
    let mut spans = String::new();
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
        let statuses: Vec<String> = operation
            .responses
            .responses
            .keys()
            .filter(|status| is_success(status))
            .map(|status| format!("{:?}", status.to_string()))
            .collect();
        let _ = writeln!(arms, "        {name:?} => &[{}],", statuses.join(", "));
        let _ = writeln!(spans, "        {name:?} => operation_span!({name:?}),");
    }
    Ok(format!(
        r#"
/// The success statuses each operation documents, by its name in the
/// generated code (`OperationInfo::operation_id`).
pub(crate) fn documented_success(operation_id: &str) -> &'static [&'static str] {{
    match operation_id {{
{arms}        _ => &[],
    }}
}}

/// The span of one call of an operation, named after it.
pub(crate) fn operation_span(operation_id: &str) -> ::tracing::Span {{
    match operation_id {{
{spans}        _ => operation_span!("identity_operation"),
    }}
}}
"#
    ))
}

/// progenitor's method name for an operationId (its rule: snake case of
/// the id with characters that cannot be in an identifier made separators).
fn progenitor_name(id: &str) -> String {
    let cleaned: String = id
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    cleaned.to_snake_case()
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
        let source = tables(&spec, generated).unwrap();
        assert!(source.contains(r#""drop_a" => &["204"],"#), "{source}");
        assert!(
            source.contains(r#""get_a" => &["200", "2XX"],"#),
            "{source}"
        );
        let error = tables(&spec, r#"operation_id: "get_a""#).unwrap_err();
        assert!(error.contains("DropA (DELETE)"), "{error}");
    }
}
