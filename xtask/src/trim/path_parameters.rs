//! Path parameters are always present: a path segment can be neither null
//! nor absent, whatever the upstream's generator wrote.
//!
//! Some FINBOURNE specs mark a path parameter's schema `nullable: true`
//! (or the parameter `required: false`); progenitor then holds an
//! `Option` and calls `encode_path(&id.to_string())` on it, which does not
//! compile (E0599). So every parameter `in: path` (inline in an operation
//! or a path item, or in `components/parameters`) is made `required: true`,
//! and loses what only makes sense for a value that may be missing:
//! `allowEmptyValue`, and its inline schema's `nullable` and `default`.
//! Each change is recorded in the provenance (`pathParameters`), so the
//! trimmed contract says what it no longer says as published.

use serde_json::{Map, Value, json};

use identity_openapi::is_method;

use super::assemble::PROVENANCE_KEY;

/// The provenance key listing the path parameters this rule changed.
const RECORD_KEY: &str = "pathParameters";

/// Makes every path parameter of the trimmed `document` required and
/// non-nullable, recording what changed in its provenance.
pub(super) fn require_path_parameters(document: &mut Map<String, Value>) {
    let mut changed = Vec::new();
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            let pointer = format!("#/paths/{}", escape(path));
            for (key, value) in item.iter_mut() {
                if key == "parameters" {
                    require_all(value, &format!("{pointer}/parameters"), &mut changed);
                } else if is_method(key)
                    && let Some(parameters) = value.get_mut("parameters")
                {
                    let pointer = format!("{pointer}/{key}/parameters");
                    require_all(parameters, &pointer, &mut changed);
                }
            }
        }
    }
    if let Some(Value::Object(parameters)) = document
        .get_mut("components")
        .and_then(|components| components.get_mut("parameters"))
    {
        for (name, parameter) in parameters.iter_mut() {
            let pointer = format!("#/components/parameters/{}", escape(name));
            require(parameter, &pointer, &mut changed);
        }
    }
    if !changed.is_empty()
        && let Some(Value::Object(provenance)) = document
            .get_mut("info")
            .and_then(|info| info.get_mut(PROVENANCE_KEY))
    {
        provenance.insert(RECORD_KEY.into(), Value::Array(changed));
    }
}

fn require_all(parameters: &mut Value, pointer: &str, changed: &mut Vec<Value>) {
    if let Value::Array(parameters) = parameters {
        for (index, parameter) in parameters.iter_mut().enumerate() {
            require(parameter, &format!("{pointer}/{index}"), changed);
        }
    }
}

/// One parameter: left alone unless it is `in: path` (a `$ref` is followed
/// where it points, in `components/parameters`).
fn require(parameter: &mut Value, pointer: &str, changed: &mut Vec<Value>) {
    let Some(parameter) = parameter.as_object_mut() else {
        return;
    };
    if parameter.get("in").and_then(Value::as_str) != Some("path") {
        return;
    }
    let mut dropped = Vec::new();
    if parameter.get("required") != Some(&Value::Bool(true)) {
        parameter.insert("required".into(), Value::Bool(true));
        dropped.push("required: false");
    }
    if parameter.remove("allowEmptyValue").is_some() {
        dropped.push("allowEmptyValue");
    }
    if let Some(Value::Object(schema)) = parameter.get_mut("schema") {
        if schema.remove("nullable").is_some() {
            dropped.push("nullable");
        }
        if schema.remove("default").is_some() {
            dropped.push("default");
        }
    }
    if !dropped.is_empty() {
        changed.push(json!({"parameter": pointer, "dropped": dropped}));
    }
}

/// A JSON pointer token (RFC 6901): `~` and `/` escaped.
fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::super::test_support::trim_spec;

    /// One operation `GetThing` at `GET /api/things/{scope}/{code}`: `scope`
    /// declared on the path item with `required: false` and a default,
    /// `code` on the operation with a nullable schema and
    /// `allowEmptyValue`, `version` a component parameter with a nullable
    /// schema, and a nullable query parameter, which may well be absent.
    fn spec() -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "T", "version": "1"},
            "paths": {"/api/things/{scope}/{code}/{version}": {
                "parameters": [{"name": "scope", "in": "path", "required": false,
                                "schema": {"type": "string", "default": "default"}}],
                "get": {
                    "operationId": "GetThing",
                    "parameters": [
                        {"name": "code", "in": "path", "required": true, "allowEmptyValue": true,
                         "schema": {"type": "string", "nullable": true}},
                        {"$ref": "#/components/parameters/Version"},
                        {"name": "asAt", "in": "query",
                         "schema": {"type": "string", "nullable": true}}
                    ],
                    "responses": {"204": {"description": "No Content"}}
                }
            }},
            "components": {"parameters": {"Version": {"name": "version", "in": "path",
                "required": true, "schema": {"type": "integer", "nullable": true}}}}
        })
    }

    #[test]
    fn path_parameters_are_required_and_never_null_and_each_change_is_recorded() {
        let out = trim_spec(&spec(), &["GetThing"]).expect("trims");
        let item = &out["paths"]["/api/things/{scope}/{code}/{version}"];
        assert_eq!(
            item["parameters"][0],
            json!({"name": "scope", "in": "path", "required": true, "schema": {"type": "string"}})
        );
        assert_eq!(
            item["get"]["parameters"][0],
            json!({"name": "code", "in": "path", "required": true, "schema": {"type": "string"}})
        );
        assert_eq!(
            out["components"]["parameters"]["Version"]["schema"],
            json!({"type": "integer"})
        );
        assert_eq!(
            item["get"]["parameters"][2]["schema"],
            json!({"type": "string", "nullable": true}),
            "a query parameter may be absent and keeps its nullability"
        );
        assert_eq!(
            out["info"]["x-identity-sdk-trim"]["pathParameters"],
            json!([
                {"parameter": "#/paths/~1api~1things~1{scope}~1{code}~1{version}/parameters/0",
                 "dropped": ["required: false", "default"]},
                {"parameter": "#/paths/~1api~1things~1{scope}~1{code}~1{version}/get/parameters/0",
                 "dropped": ["allowEmptyValue", "nullable"]},
                {"parameter": "#/components/parameters/Version", "dropped": ["nullable"]}
            ])
        );
    }

    #[test]
    fn a_spec_without_such_parameters_records_nothing() {
        let mut spec = spec();
        spec["paths"] = json!({"/api/things": {"get": {
            "operationId": "GetThing",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"204": {"description": "No Content"}}
        }}});
        spec.as_object_mut()
            .expect("an object")
            .remove("components");
        let out = trim_spec(&spec, &["GetThing"]).expect("trims");
        assert!(
            out["info"]["x-identity-sdk-trim"]
                .get("pathParameters")
                .is_none()
        );
    }

    /// What the compile check would refuse, seen in the generated source:
    /// without the rule progenitor holds an `Option` for a nullable path
    /// segment (and `encode_path(&code.to_string())` on it is E0599), and
    /// refuses an optional one outright; with it, a plain value.
    /// `xtask/tests/path_parameters.rs` compiles both.
    #[test]
    fn without_the_rule_the_generator_holds_an_option_for_a_path_segment_or_refuses() {
        let generate = |spec: &Value| {
            let text = serde_json::to_string(spec).expect("serialises");
            identity_codegen::generate(Path::new("spec"), &text)
        };
        let optional =
            generate(&spec()).expect_err("progenitor asserts path parameters are required");
        assert!(optional.to_string().contains("required"), "{optional}");

        let mut nullable = spec();
        nullable["paths"]["/api/things/{scope}/{code}/{version}"]["parameters"][0]["required"] =
            json!(true);
        let before = generate(&nullable)
            .expect("generates")
            .replace(['\n', ' '], "");
        assert!(
            before.contains("code:Result<::std::option::Option<::std::string::String>,String>"),
            "{before}"
        );

        let trimmed = trim_spec(&spec(), &["GetThing"]).expect("trims");
        let after = generate(&trimmed)
            .expect("generates")
            .replace(['\n', ' '], "");
        assert!(
            !after.contains("code:Result<::std::option::Option"),
            "{after}"
        );
    }
}
