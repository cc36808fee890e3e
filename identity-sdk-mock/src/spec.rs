//! The contract the stubs must honour: the spec the SDK was generated from
//! ([`identity_sdk::OPENAPI_SPEC`]), so that downstream crates validate
//! against the spec of the client they use.

use std::sync::OnceLock;

use identity_openapi::Document;
use serde_json::{Map, Value};

/// The trimmed spec the SDK was generated from.
pub const SPEC: &str = identity_sdk::OPENAPI_SPEC;

/// The spec, parsed.
pub fn spec() -> &'static Value {
    static SPEC_VALUE: OnceLock<Value> = OnceLock::new();
    SPEC_VALUE.get_or_init(|| {
        serde_json::from_str(SPEC)
            .expect("openapi/identity.json is the spec the SDK was built from")
    })
}

/// Every operation of the spec: `(operationId, method, path)`.
pub fn operations() -> Vec<(String, String, String)> {
    Document::new(spec())
        .operations()
        .filter_map(|operation| {
            let id = operation.operation_id()?;
            let method = operation.method().to_uppercase();
            Some((id.to_owned(), method, operation.path().to_owned()))
        })
        .collect()
}

/// Checks `body` against the schema the spec gives for `operation_id`
/// answering `status` (the exact status, else its `4XX`/`5XX` range, else
/// `default`). The error names the operation, the status and every
/// violation.
pub fn check_response(operation_id: &str, status: u16, body: &Value) -> Result<(), String> {
    let schema = response_schema(operation_id, status)?;
    validate(&schema, body).map_err(|violations| {
        format!(
            "stub for {operation_id} {status} does not match openapi/identity.json: {violations}"
        )
    })
}

/// Validates `body` against an OpenAPI schema of the spec; the error lists
/// every violation with its place.
fn validate(schema: &Value, body: &Value) -> Result<(), String> {
    let violations = violations(schema, body)?;
    if violations.is_empty() {
        Ok(())
    } else {
        let violations: Vec<String> = violations
            .iter()
            .map(|(place, message)| format!("{message} at {place}"))
            .collect();
        Err(violations.join("; "))
    }
}

/// Every way `body` breaks an OpenAPI schema of the spec: the JSON pointer
/// of the field (for a missing property, the property's own) and the
/// message.
fn violations(schema: &Value, body: &Value) -> Result<Vec<(String, String)>, String> {
    let mut schema = openapi_to_json_schema(schema);
    let definitions: Map<String, Value> = spec()["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| (name.clone(), openapi_to_json_schema(schema)))
        .collect();
    schema["definitions"] = Value::Object(definitions);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .map_err(|error| format!("the spec's schema is not valid JSON Schema: {error}"))?;
    Ok(validator
        .iter_errors(body)
        .map(|error| {
            let mut place = error.instance_path().to_string();
            if let jsonschema::error::ValidationErrorKind::Required {
                property: Value::String(property),
            } = error.kind()
            {
                place = format!("{place}/{property}");
            }
            (place, error.to_string())
        })
        .collect())
}

/// The violations of `body` against `operation_id`'s JSON request body
/// schema, as [`violations`] gives them; `None` when the operation takes
/// no JSON body.
pub(crate) fn request_violations(
    operation_id: &str,
    body: &Value,
) -> Option<Result<Vec<(String, String)>, String>> {
    Some(violations(request_schema(operation_id)?, body))
}

/// The schema of `operation_id`'s JSON request body, if it takes one.
pub(crate) fn request_schema(operation_id: &str) -> Option<&'static Value> {
    operation(operation_id)
        .ok()?
        .pointer("/requestBody/content/application~1json/schema")
}

/// `body`, after checking it with [`check_response`]; a stub that drifted
/// from the spec fails the test that serves it.
#[track_caller]
pub fn conforming(operation_id: &str, status: u16, body: Value) -> Value {
    if let Err(message) = check_response(operation_id, status, &body) {
        panic!("{message}");
    }
    body
}

/// The operation a request to `path` (under the base path) with `method`
/// is: its operationId and its path parameters. A concrete path wins over
/// a templated one (`/api/users/$runnable` is not `/api/users/{id}`), even
/// when the concrete path has no operation for `method`.
pub fn route(method: &str, path: &str) -> Option<(String, Vec<(String, String)>)> {
    resolve(&spec()["paths"], method, path).ok()
}

/// Why a request is no operation of the spec.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unrouted {
    /// No path of the spec matches.
    NoPath,
    /// The path matches, but has no operation for the method.
    NoMethod,
}

/// [`route`] in the `paths` object of any OpenAPI document.
///
/// OpenAPI: "when matching URLs, concrete (non-templated) paths would be
/// matched before their templated counterparts". Of the templates that
/// match, the one with a literal segment where the others have a
/// parameter, leftmost first, is the path; only then is the method looked
/// up, so `DELETE /api/users/schema` is not DeleteUser of a user `schema`.
pub(crate) fn resolve(
    paths: &Value,
    method: &str,
    path: &str,
) -> Result<(String, Vec<(String, String)>), Unrouted> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    // (which segments are literal, path item, path parameters)
    type Candidate<'a> = (Vec<bool>, &'a Value, Vec<(String, String)>);
    let mut best: Option<Candidate<'_>> = None;
    for (template, item) in paths.as_object().into_iter().flatten() {
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut literal = Vec::with_capacity(parts.len());
        let mut parameters = Vec::new();
        let fits = parts.iter().zip(&segments).all(|(part, segment)| {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    literal.push(false);
                    parameters.push((name.to_owned(), (*segment).to_owned()));
                    !segment.is_empty()
                }
                None => {
                    literal.push(true);
                    part == segment
                }
            }
        });
        if fits && best.as_ref().is_none_or(|(score, _, _)| literal > *score) {
            best = Some((literal, item, parameters));
        }
    }
    let (_, item, parameters) = best.ok_or(Unrouted::NoPath)?;
    let id = item
        .get(method.to_ascii_lowercase())
        .and_then(|operation| operation.get("operationId")?.as_str())
        .ok_or(Unrouted::NoMethod)?;
    Ok((id.to_owned(), parameters))
}

/// The operation at `method` (any case) and path `template`: its
/// operationId and its object, with the path item's parameters added to its
/// own.
pub fn operation_at(method: &str, template: &str) -> Option<(String, Value)> {
    let item = spec()["paths"].get(template)?;
    let mut operation = item.get(method.to_ascii_lowercase())?.clone();
    let id = operation.get("operationId")?.as_str()?.to_owned();
    if let Some(shared) = item.get("parameters").and_then(Value::as_array) {
        let own = operation
            .as_object_mut()?
            .entry("parameters")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Some(own) = own.as_array_mut() {
            own.extend(shared.iter().cloned());
        }
    }
    Some((id, operation))
}

/// The parameters of an operation object, `$ref`s resolved:
/// `(in, name, required)`.
pub fn parameters(operation: &Value) -> Vec<(String, String, bool)> {
    operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|parameter| {
            let parameter = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => spec().pointer(reference.strip_prefix('#')?)?,
                None => parameter,
            };
            Some((
                parameter.get("in")?.as_str()?.to_owned(),
                parameter.get("name")?.as_str()?.to_owned(),
                parameter.get("required") == Some(&Value::Bool(true)),
            ))
        })
        .collect()
}

fn operation(operation_id: &str) -> Result<&'static Value, String> {
    Document::new(spec())
        .operation(operation_id)
        .map(|operation| operation.value())
        .ok_or_else(|| format!("the spec has no operation {operation_id}"))
}

/// Checks a request body against the schema the spec gives for
/// `operation_id`'s JSON request body.
pub fn check_request(operation_id: &str, body: &Value) -> Result<(), String> {
    let schema = operation(operation_id)?
        .pointer("/requestBody/content/application~1json/schema")
        .ok_or_else(|| format!("the spec documents no JSON request body for {operation_id}"))?;
    validate(schema, body).map_err(|violations| {
        format!(
            "request body for {operation_id} does not match openapi/identity.json: {violations}"
        )
    })
}

fn response_schema(operation_id: &str, status: u16) -> Result<Value, String> {
    let operation = operation(operation_id)?;
    let responses = &operation["responses"];
    let range = format!("{}XX", status / 100);
    let response = [status.to_string(), range, "default".to_owned()]
        .iter()
        .find_map(|key| responses.get(key))
        .ok_or_else(|| format!("the spec documents no response {status} for {operation_id}"))?;
    response
        .pointer("/content/application~1json/schema")
        .cloned()
        .ok_or_else(|| format!("the spec documents no JSON body for {operation_id} {status}"))
}

/// OpenAPI 3.0 schema objects are almost JSON Schema draft 4: references
/// point into `components/schemas`, and `nullable: true` means `null` is
/// allowed too.
fn openapi_to_json_schema(schema: &Value) -> Value {
    match schema {
        Value::Object(object) => {
            let mut converted: Map<String, Value> = object
                .iter()
                .filter(|(key, value)| !(key.as_str() == "nullable" && value.is_boolean()))
                .map(|(key, value)| match (key.as_str(), value) {
                    ("$ref", Value::String(reference)) => (
                        key.clone(),
                        Value::String(reference.replace("#/components/schemas/", "#/definitions/")),
                    ),
                    _ => (key.clone(), openapi_to_json_schema(value)),
                })
                .collect();
            if object.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(kind)) = converted.get("type").cloned()
            {
                converted.insert("type".into(), serde_json::json!([kind, "null"]));
            }
            Value::Object(converted)
        }
        Value::Array(items) => Value::Array(items.iter().map(openapi_to_json_schema).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Unrouted, resolve};

    /// 0.0.3076's users paths: a concrete `schema` beside `{id}`.
    fn paths() -> serde_json::Value {
        json!({
            "/api/users/{id}": {
                "get": {"operationId": "GetUser"},
                "put": {"operationId": "UpdateUser"},
                "delete": {"operationId": "DeleteUser"}
            },
            "/api/users/schema": {
                "get": {"operationId": "GetUserSchema"},
                "put": {"operationId": "UpdateUserSchema"}
            },
            "/api/a/{x}/c": {"get": {"operationId": "LiteralLast"}},
            "/api/a/b/{y}": {"get": {"operationId": "LiteralFirst"}}
        })
    }

    fn operation(method: &str, path: &str) -> Result<String, Unrouted> {
        resolve(&paths(), method, path).map(|(id, _)| id)
    }

    #[test]
    fn a_concrete_path_wins_over_a_templated_one() {
        assert_eq!(
            operation("GET", "/api/users/schema"),
            Ok("GetUserSchema".into())
        );
        assert_eq!(
            operation("PUT", "/api/users/schema"),
            Ok("UpdateUserSchema".into())
        );
        assert_eq!(operation("GET", "/api/users/00u1"), Ok("GetUser".into()));
        assert_eq!(
            resolve(&paths(), "get", "/api/users/00u1").unwrap().1,
            [("id".to_owned(), "00u1".to_owned())]
        );
    }

    #[test]
    fn a_concrete_path_without_the_method_is_no_templated_operation() {
        assert_eq!(
            operation("DELETE", "/api/users/schema"),
            Err(Unrouted::NoMethod)
        );
        assert_eq!(
            operation("POST", "/api/users/00u1"),
            Err(Unrouted::NoMethod)
        );
        assert_eq!(operation("GET", "/api/users"), Err(Unrouted::NoPath));
        assert_eq!(operation("GET", "/api/users/"), Err(Unrouted::NoPath));
    }

    /// Every operation of the upstream specs beside the project (read
    /// where they are; skipped when absent) is what a request to its own
    /// path resolves to, with any id in place of its parameters.
    #[test]
    fn every_upstream_operation_routes_to_itself() {
        let upstream =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi/upstream");
        let Ok(entries) = std::fs::read_dir(&upstream) else {
            eprintln!("skipped: no specs in {}", upstream.display());
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
            for (template, item) in spec["paths"].as_object().into_iter().flatten() {
                for (method, operation) in item.as_object().into_iter().flatten() {
                    let Some(id) = operation.get("operationId").and_then(|id| id.as_str()) else {
                        continue;
                    };
                    let concrete: Vec<String> = template
                        .split('/')
                        .map(|part| match part.starts_with('{') {
                            true => "id-1".to_owned(),
                            false => part.to_owned(),
                        })
                        .collect();
                    let routed = resolve(&spec["paths"], method, &concrete.join("/"));
                    assert_eq!(
                        routed.map(|(id, _)| id),
                        Ok(id.to_owned()),
                        "{}",
                        path.display()
                    );
                }
            }
        }
    }

    #[test]
    fn the_leftmost_literal_segment_decides_between_templates() {
        assert_eq!(operation("GET", "/api/a/b/c"), Ok("LiteralFirst".into()));
    }
}
