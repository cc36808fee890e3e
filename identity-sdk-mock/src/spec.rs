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
    let violations: Vec<String> = validator
        .iter_errors(body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations.join("; "))
    }
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
/// is: its operationId and its path parameters. Literal segments win over
/// parameters (`/api/users/$runnable` is not `/api/users/{id}`).
pub fn route(method: &str, path: &str) -> Option<(String, Vec<(String, String)>)> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let method = method.to_ascii_lowercase();
    // (literal segments matched, operationId, path parameters)
    type Candidate = (usize, String, Vec<(String, String)>);
    let mut best: Option<Candidate> = None;
    let operations = Document::new(spec()).operations();
    for operation in operations.filter(|operation| operation.method() == method) {
        let (template, Some(id)) = (operation.path(), operation.operation_id()) else {
            continue;
        };
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let mut parameters = Vec::new();
        let fits = parts.iter().zip(&segments).all(|(part, segment)| {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => {
                    parameters.push((name.to_owned(), (*segment).to_owned()));
                    !segment.is_empty()
                }
                None => {
                    literal += 1;
                    part == segment
                }
            }
        });
        if fits && best.as_ref().is_none_or(|(score, _, _)| literal > *score) {
            best = Some((literal, id.to_owned(), parameters));
        }
    }
    best.map(|(_, id, parameters)| (id, parameters))
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
