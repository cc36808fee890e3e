//! A newer release of the service may add optional properties at any
//! depth, widen a limit or loosen a pattern; the `full` types decode its
//! answers all the same. A missing required property or a wrong JSON type
//! still fails.
//!
//! For every operation with a JSON success body, the test builds from the
//! committed spec an answer with every property the schema declares (which
//! the strict spec accepts), then "evolves" it: an unknown property in
//! every object (the body, nested objects, array items), every string with
//! a `maxLength` longer than it, every string with a `minLength` shorter,
//! every other `pattern`ed string outside the pattern, every number beyond
//! its `maximum` (or below its `minimum`), every array with a `maxItems`
//! longer than it and every other with a `minItems` empty. The strict spec
//! refuses that answer; the generated types read it.

use identity_openapi::Document;
use identity_sdk::types;
use identity_sdk_mock::spec::{check_response, spec};
use serde_json::{Map, Value, json};

/// The property a newer release added, with a value that nests further.
const ADDED: &str = "addedInANewerRelease";

/// Decodes `body` as the generated type of the component schema `name`
/// (an array of them when `array`); `None` for a schema this list lacks,
/// so that an operation with a new body type fails the coverage assertion
/// until it is added here.
fn decode(name: &str, array: bool, body: Value) -> Option<Result<(), serde_json::Error>> {
    macro_rules! read {
        ($type:ty) => {
            if array {
                serde_json::from_value::<Vec<$type>>(body).map(drop)
            } else {
                serde_json::from_value::<$type>(body).map(drop)
            }
        };
    }
    Some(match name {
        "AddScimResponse" => read!(types::AddScimResponse),
        "ApiKey" => read!(types::ApiKey),
        "AuthenticationInformation" => read!(types::AuthenticationInformation),
        "CreatedApiKey" => read!(types::CreatedApiKey),
        "CurrentUserResponse" => read!(types::CurrentUserResponse),
        "ListUsersResponse" => read!(types::ListUsersResponse),
        "OAuthApplication" => read!(types::OAuthApplication),
        "PasswordPolicyResponse" => read!(types::PasswordPolicyResponse),
        "ResourceListOfAccessControlledResource" => {
            read!(types::ResourceListOfAccessControlledResource)
        }
        "RoleResponse" => read!(types::RoleResponse),
        "SetPasswordResponse" => read!(types::SetPasswordResponse),
        "SupportAccessResponse" => read!(types::SupportAccessResponse),
        "SupportRolesResponse" => read!(types::SupportRolesResponse),
        "TemporaryPassword" => read!(types::TemporaryPassword),
        "UserResponse" => read!(types::UserResponse),
        "UserSchemaResponse" => read!(types::UserSchemaResponse),
        _ => return None,
    })
}

/// One operation's JSON success answer: its operationId, status, the
/// component schema of its body and whether the body is an array of it.
struct Answer {
    operation: String,
    status: u16,
    schema: String,
    array: bool,
}

fn json_answers() -> Vec<Answer> {
    let mut answers = Vec::new();
    for operation in Document::new(spec()).operations() {
        let Some(id) = operation.operation_id() else {
            continue;
        };
        for (status, response) in operation.responses() {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            let schema = &response["content"]["application/json"]["schema"];
            if !(200..300).contains(&status) || schema.is_null() {
                continue;
            }
            let (schema, array) = match schema.get("items") {
                Some(items) => (items, true),
                None => (schema, false),
            };
            answers.push(Answer {
                operation: id.to_owned(),
                status,
                schema: component_name(schema).to_owned(),
                array,
            });
        }
    }
    answers
}

fn component_name(schema: &Value) -> &str {
    let reference = schema["$ref"]
        .as_str()
        .expect("a success body is a component schema");
    reference.trim_start_matches("#/components/schemas/")
}

fn resolve(schema: &Value) -> &Value {
    match schema.get("$ref") {
        Some(_) => &spec()["components"]["schemas"][component_name(schema)],
        None => schema,
    }
}

/// A value of `schema` with every declared property, as the spec allows.
fn instance(schema: &Value) -> Value {
    let schema = resolve(schema);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[0].clone();
    }
    match schema["type"].as_str() {
        Some("string") => json!(string_instance(schema)),
        Some("integer") | Some("number") => json!(schema["minimum"].as_i64().unwrap_or(1)),
        Some("boolean") => json!(true),
        Some("array") => json!([instance(&schema["items"])]),
        _ => {
            let mut object = Map::new();
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                object.insert(name.clone(), instance(property));
            }
            if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                object.insert("key".into(), instance(values));
            }
            Value::Object(object)
        }
    }
}

fn string_instance(schema: &Value) -> String {
    match schema["format"].as_str() {
        Some("date-time") => return "2026-01-02T03:04:05Z".into(),
        Some("uri") => return "https://example.lusid.com/identity".into(),
        Some("uuid") => return "5f0c3a9e-8b1d-4c2e-9a7f-1d2e3f4a5b6c".into(),
        _ => {}
    }
    // The one pattern of the spec that letters do not fit: ISO 8601 durations.
    if schema["pattern"]
        .as_str()
        .is_some_and(|p| p.starts_with("^P"))
    {
        return "P1D".into();
    }
    // Lower-case letters fit every other length and pattern of the spec.
    let length = schema["minLength"].as_u64().unwrap_or(1).max(4) as usize;
    let length = schema["maxLength"]
        .as_u64()
        .map_or(length, |max| length.min(max as usize));
    "a".repeat(length)
}

/// `value`, an instance of `schema`, as a newer release might send it.
fn evolve(value: &mut Value, schema: &Value) {
    let schema = resolve(schema);
    match value {
        Value::Object(object) => {
            for (name, member) in object.iter_mut() {
                let property = match schema["properties"].get(name.as_str()) {
                    Some(property) => property,
                    None => &schema["additionalProperties"],
                };
                evolve(member, property);
            }
            if schema.get("properties").is_some() {
                object.insert(ADDED.into(), json!({"nested": [{"deeper": true}]}));
            }
        }
        Value::Array(items) => {
            items
                .iter_mut()
                .for_each(|item| evolve(item, &schema["items"]));
            if let (Some(max), Some(more)) = (schema["maxItems"].as_u64(), items.first().cloned()) {
                items.resize(max as usize + 1, more);
            } else if schema["minItems"].as_u64().is_some_and(|min| min > 0) {
                items.clear();
            }
        }
        Value::Number(_) => {
            if let Some(max) = schema["maximum"].as_i64() {
                *value = json!(max + 1);
            } else if let Some(min) = schema["minimum"].as_i64() {
                *value = json!(min - 1);
            }
        }
        Value::String(text) if schema.get("format").is_none() => {
            if let Some(max) = schema["maxLength"].as_u64() {
                *text = "z".repeat(max as usize + 15);
            } else if schema["minLength"].as_u64().is_some_and(|min| min > 0) {
                text.clear();
            } else if schema.get("pattern").is_some() {
                *text = "¿ not what the pattern says ~".into();
            }
        }
        _ => {}
    }
}

#[test]
fn every_json_answer_decodes_with_unknown_properties_and_broken_limits_at_every_depth() {
    let answers = json_answers();
    assert!(
        answers.len() >= 20,
        "the spec has {} JSON success answers",
        answers.len()
    );
    for answer in answers {
        let Answer {
            operation,
            status,
            schema,
            array,
        } = &answer;
        let component = json!({"$ref": format!("#/components/schemas/{schema}")});
        let one = instance(&component);
        let mut body = if *array { json!([one]) } else { one };
        check_response(operation, *status, &body)
            .unwrap_or_else(|e| panic!("the test's own answer must fit the spec: {e}"));

        let wrap = if *array {
            json!({"items": component})
        } else {
            component
        };
        evolve(&mut body, &wrap);
        assert!(
            check_response(operation, *status, &body).is_err(),
            "{operation}: the evolved answer should break the strict spec: {body}"
        );
        let decoded = decode(schema, *array, body.clone())
            .unwrap_or_else(|| panic!("{operation} answers {schema}: add it to `decode`"));
        if let Err(error) = decoded {
            panic!("{operation} {status} does not decode an evolved {schema}: {error}\n{body}");
        }
    }
}

#[test]
fn a_missing_required_property_still_fails() {
    let mut role = instance(&json!({"$ref": "#/components/schemas/RoleResponse"}));
    evolve(
        &mut role,
        &json!({"$ref": "#/components/schemas/RoleResponse"}),
    );
    assert!(serde_json::from_value::<types::RoleResponse>(role.clone()).is_ok());
    let required = spec()["components"]["schemas"]["RoleResponse"]["required"]
        .as_array()
        .expect("RoleResponse has required properties");
    for name in required.iter().filter_map(Value::as_str) {
        let mut missing = role.clone();
        missing.as_object_mut().expect("an object").remove(name);
        let error = serde_json::from_value::<types::RoleResponse>(missing)
            .expect_err("a required property is required");
        assert!(
            error
                .to_string()
                .contains(&format!("missing field `{name}`")),
            "{error}"
        );
    }
}

#[test]
fn a_wrong_json_type_still_fails_even_for_a_string_with_limits() {
    let mut role = instance(&json!({"$ref": "#/components/schemas/RoleResponse"}));
    role["roleId"]["code"] = json!(42);
    let error = serde_json::from_value::<types::RoleResponse>(role.clone()).expect_err("a number");
    assert!(
        error.to_string().contains("invalid type: integer `42`"),
        "{error}"
    );

    role["roleId"] = json!("default/code");
    assert!(serde_json::from_value::<types::RoleResponse>(role).is_err());

    let mut user = instance(&json!({"$ref": "#/components/schemas/UserResponse"}));
    user["roles"] = json!({"not": "a list"});
    assert!(serde_json::from_value::<types::UserResponse>(user).is_err());
}

#[test]
fn date_times_are_still_chrono_and_still_checked() {
    let mut key = instance(&json!({"$ref": "#/components/schemas/ApiKey"}));
    let created: types::ApiKey = serde_json::from_value(key.clone()).expect("decodes");
    assert_eq!(
        created.created_date.to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    key["createdDate"] = json!("yesterday");
    assert!(serde_json::from_value::<types::ApiKey>(key).is_err());
}

#[test]
fn what_the_sdk_sends_is_still_checked_against_the_limits() {
    let too_long = "z".repeat(200);
    assert!(types::RoleIdCode::try_from(too_long.as_str()).is_err());
    assert!(too_long.parse::<types::RoleIdCode>().is_err());
    let request = types::RoleId::builder()
        .scope("default")
        .code(too_long.as_str());
    assert!(types::RoleId::try_from(request).is_err());
    // The same type, read from an answer, takes the long code as it is.
    let read: types::RoleId =
        serde_json::from_value(json!({"scope": "default", "code": too_long})).expect("decodes");
    assert_eq!(read.code.as_str(), too_long);
}

#[test]
fn numbers_and_item_counts_outside_the_limits_decode_as_they_are() {
    // Only requests carry these limits today; a type the SDK sends is read
    // without them all the same (they are checked when it is built).
    let complexity: types::UpdatePasswordPolicyRequestComplexity = serde_json::from_value(
        json!({"minLength": 5, "excludeFirstName": true, "excludeLastName": false}),
    )
    .expect("decodes");
    assert_eq!(complexity.min_length, 5);
    let selector: types::IdSelectorDefinition = serde_json::from_value(json!({
        "identifier": {"code": "x"}, "actions": [], "name": "n", "description": "d"
    }))
    .expect("decodes");
    assert!(selector.actions.is_empty());
    let schema: types::UpdateUserSchemaRequest = serde_json::from_value(json!({
        "alternativeUserIds": vec![json!({"name": "employeeId", "description": "d"}); 11]
    }))
    .expect("decodes");
    assert_eq!(schema.alternative_user_ids.len(), 11);
    // Built with its builder, the same value is refused.
    let built = types::UpdatePasswordPolicyRequestComplexity::try_from(
        types::builder::UpdatePasswordPolicyRequestComplexity::from(complexity),
    );
    assert!(built.is_err());
}
