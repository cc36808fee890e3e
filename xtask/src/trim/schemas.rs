//! Schema surgery, one schema at a time: rule 5's merge of properties,
//! rule 8's tolerant error schemas, rule 9's no-op constraints. Which
//! schemas they apply to is `components`' business.

use serde_json::{Map, Value, json};

/// The keys that make a schema a reference or a composition: such a schema
/// has no properties of its own to merge or relax.
const COMPOSITION_KEYWORDS: [&str; 5] = ["$ref", "allOf", "anyOf", "oneOf", "not"];

/// Whether `schema` is a reference or a composition.
fn is_composed(schema: &Map<String, Value>) -> bool {
    COMPOSITION_KEYWORDS
        .iter()
        .any(|key| schema.contains_key(*key))
}

/// An object schema whose properties can be merged and relaxed: `type:
/// object` or untyped with `properties`, and no composition.
pub(super) fn is_object_schema(schema: &Value) -> bool {
    let Some(schema) = schema.as_object() else {
        return false;
    };
    let object = match schema.get("type") {
        Some(kind) => kind == "object",
        None => schema.contains_key("properties"),
    };
    object && !is_composed(schema)
}

/// Adds to `target` the properties of `source`; a property both declare
/// differently (beyond documentation, string constraints and nullability)
/// becomes any JSON value, so a body of either kind decodes.
pub(super) fn merge_properties(target: &mut Value, source: &Value) {
    let Some(incoming) = source.get("properties").and_then(Value::as_object) else {
        return;
    };
    let Some(target) = target.as_object_mut() else {
        return;
    };
    let Some(properties) = target
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
    else {
        return;
    };
    for (name, schema) in incoming {
        match properties.get_mut(name) {
            None => {
                properties.insert(name.clone(), schema.clone());
            }
            Some(existing) if existing == schema => {}
            Some(existing) if shape(existing) == shape(schema) => {
                if schema.get("nullable") == Some(&Value::Bool(true))
                    && let Some(existing) = existing.as_object_mut()
                {
                    existing.insert("nullable".into(), Value::Bool(true));
                }
            }
            Some(existing) => {
                let mut any = Map::new();
                if let Some(description) = existing.get("description") {
                    any.insert("description".into(), description.clone());
                }
                *existing = Value::Object(any);
            }
        }
    }
}

/// A property schema without what does not change which values decode
/// once tolerant: documentation, string constraints, nullability.
fn shape(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Some(object) = schema.as_object_mut() {
        for key in [
            "description",
            "example",
            "title",
            "minLength",
            "maxLength",
            "pattern",
            "nullable",
        ] {
            object.shift_remove(key);
        }
    }
    schema
}

/// Rule 8 for one schema (object schemas only: nothing else has properties
/// to relax).
pub(super) fn make_tolerant(schema: &mut Value) {
    if !is_object_schema(schema) {
        return;
    }
    let Some(schema) = schema.as_object_mut() else {
        return;
    };
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        schema.shift_remove("additionalProperties");
    }
    schema.shift_remove("required");
    let Some(properties) = schema
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
    else {
        return;
    };
    for property in properties.values_mut().filter_map(Value::as_object_mut) {
        for constraint in ["minLength", "maxLength", "pattern"] {
            property.shift_remove(constraint);
        }
    }
    match properties.get_mut("extensions") {
        Some(Value::Object(extensions)) if !is_composed(extensions) => {
            // In place: a description upstream gave it stays.
            extensions.insert("type".into(), json!("object"));
            extensions.insert("additionalProperties".into(), json!({}));
            extensions.insert("nullable".into(), Value::Bool(true));
            extensions.shift_remove("properties");
            extensions.shift_remove("required");
        }
        Some(other) => *other = free_form_object(),
        None => {
            properties.insert("extensions".into(), free_form_object());
        }
    }
}

/// A nullable object whose values may be any JSON.
fn free_form_object() -> Value {
    json!({"type": "object", "additionalProperties": {}, "nullable": true})
}

/// Rule 9: removes every `minLength`, `minItems` and `minProperties` of
/// `0` inside `value`. Only a constraint has such a key with the number 0
/// as value (a property of that name maps to a schema object).
pub(super) fn drop_no_op_constraints(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.retain(|key, child| {
                !(matches!(key.as_str(), "minLength" | "minItems" | "minProperties")
                    && child.as_u64() == Some(0))
            });
            object.values_mut().for_each(drop_no_op_constraints);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_no_op_constraints),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trim::test_support::*;

    // Rule 5: error schemas merge without losing a property.

    #[test]
    fn a_property_declared_differently_becomes_any_json() {
        let spec = one_operation(
            json!({
                "400": problem("B"),
                "default": problem("A")
            }),
            json!({
                "A": {"type": "object", "properties": {
                    "code": {"type": "integer", "description": "The code."},
                    "detail": {"type": "string"}
                }},
                "B": {"type": "object", "properties": {
                    "code": {"type": "string"},
                    "detail": {"type": "string", "nullable": true, "maxLength": 10}
                }}
            }),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        let properties = &out["components"]["schemas"]["A"]["properties"];
        assert_eq!(properties["code"], json!({"description": "The code."}));
        assert_eq!(
            properties["detail"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn inline_error_schemas_are_merged_and_made_tolerant() {
        let spec = one_operation(
            json!({
                "400": {"description": "bad", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["a"], "properties": {"a": {"type": "string", "pattern": "x"}}
                }}}},
                "default": {"description": "error", "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "properties": {"b": {"type": "integer"}}
                }}}}
            }),
            json!({}),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        let responses = responses_of(&out);
        assert_eq!(keys(responses), ["4XX", "5XX"]);
        assert_eq!(
            responses["4XX"]["content"]["application/json"]["schema"],
            json!({"type": "object", "properties": {
                "b": {"type": "integer"},
                "a": {"type": "string"},
                "extensions": {"type": "object", "additionalProperties": {}, "nullable": true}
            }})
        );
        // The 400 folded into the 4XX the `default` became.
        assert_eq!(responses["4XX"]["description"], "error");
        assert_eq!(responses["5XX"]["description"], "error");
    }

    #[test]
    fn error_schemas_reached_through_an_alias_are_merged_into_the_target() {
        let spec = one_operation(
            json!({"400": problem("V"), "default": problem("Alias")}),
            json!({
                "Alias": {"$ref": "#/components/schemas/P"},
                "P": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}}},
                "V": {"type": "object", "properties": {"errors": {"type": "object"}}}
            }),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        assert_eq!(keys(&out["components"]["schemas"]), ["Alias", "P"]);
        assert_eq!(
            out["components"]["schemas"]["P"],
            json!({"type": "object", "properties": {
                "x": {"type": "string"},
                "errors": {"type": "object"},
                "extensions": {"type": "object", "additionalProperties": {}, "nullable": true}
            }})
        );
    }

    // Rule 8: tolerant error schemas.

    #[test]
    fn error_schemas_are_made_tolerant_and_keep_their_key_order() {
        let out = trim_ids(&["InvalidateToken"]).unwrap();
        let schema = &out["components"]["schemas"]["LusidProblemDetails"];
        assert_eq!(keys(schema), ["type", "properties"]);
        assert_eq!(schema["properties"]["name"], json!({"type": "string"}));
        assert_eq!(
            schema["properties"]["extensions"],
            json!({"type": "object", "additionalProperties": {}, "nullable": true})
        );
    }

    #[test]
    fn an_existing_extensions_property_is_made_free_form_in_place() {
        let spec = one_operation(
            json!({"default": problem("P")}),
            json!({"P": {"type": "object", "additionalProperties": {"type": "string"}, "properties": {
                "extensions": {"description": "More.", "type": "object", "additionalProperties": {"type": "object"}, "required": ["a"]}
            }}}),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        let schema = &out["components"]["schemas"]["P"];
        // additionalProperties other than `false` is a type, not a restriction: kept.
        assert_eq!(schema["additionalProperties"], json!({"type": "string"}));
        assert_eq!(
            schema["properties"]["extensions"],
            json!({"description": "More.", "type": "object", "additionalProperties": {}, "nullable": true})
        );
    }

    #[test]
    fn schemas_not_used_as_error_bodies_are_left_strict() {
        let mut spec = upstream();
        spec["components"]["schemas"]["Thing"]["required"] = json!(["part"]);
        spec["components"]["schemas"]["Thing"]["additionalProperties"] = json!(false);
        let out = trim_spec(&spec, &["ListThings"]).unwrap();
        assert_eq!(
            out["components"]["schemas"]["Thing"],
            spec["components"]["schemas"]["Thing"]
        );
    }

    // Rule 9: no-op constraints.

    #[test]
    fn zero_minimum_counts_are_dropped_everywhere_and_other_constraints_kept() {
        let spec = json!({
            "openapi": "3.0.1",
            "info": {"title": "T", "version": "1"},
            "paths": {"/op": {"get": {
                "operationId": "Op",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "minLength": 0, "maxLength": 5}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}}
            }}},
            "components": {"schemas": {"S": {"type": "object", "minProperties": 0, "properties": {
                "minLength": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "minItems": 0, "items": {"type": "string", "minLength": 1}}
            }}}}
        });
        let out = trim_spec(&spec, &["Op"]).unwrap();
        assert_eq!(
            out["paths"]["/op"]["get"]["parameters"][0]["schema"],
            json!({"type": "string", "maxLength": 5})
        );
        assert_eq!(
            out["components"]["schemas"]["S"],
            json!({"type": "object", "properties": {
                "minLength": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string", "minLength": 1}}
            }})
        );
    }
}
