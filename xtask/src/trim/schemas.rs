//! Schema surgery and references: rule 5's merge of error schemas,
//! rule 8's tolerant error schemas, rule 9's no-op constraints, and the
//! `$ref` parsing and resolution behind rule 1's component closure.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::{TrimContext, TrimError, malformed};

/// How many `$ref` hops resolving one reference may take before it is
/// called a cycle.
const MAX_REF_HOPS: usize = 32;

/// The keys that make a schema a reference or a composition: such a schema
/// has no properties of its own to merge or relax.
const COMPOSITION_KEYWORDS: [&str; 5] = ["$ref", "allOf", "anyOf", "oneOf", "not"];

/// Whether `schema` is a reference or a composition.
fn is_composed(schema: &Map<String, Value>) -> bool {
    COMPOSITION_KEYWORDS
        .iter()
        .any(|key| schema.contains_key(*key))
}

/// `(section, name)` of a `#/components/<section>/<name>` reference, with
/// JSON-pointer escapes undone.
fn parse_ref(reference: &str) -> Result<(String, String), TrimError> {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.split_once('/'))
        .filter(|(section, name)| !section.is_empty() && !name.is_empty() && !name.contains('/'))
        .map(|(section, name)| {
            (
                section.to_owned(),
                name.replace("~1", "/").replace("~0", "~"),
            )
        })
        .ok_or_else(|| TrimError::UnsupportedReference(reference.to_owned()))
}

impl TrimContext<'_> {
    /// `value`, or the component its `$ref` (into `section`) names,
    /// following chains of references.
    pub(super) fn resolve<'v>(
        &'v self,
        section: &str,
        value: &'v Value,
    ) -> Result<&'v Value, TrimError> {
        let mut current = value;
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = current.get("$ref") else {
                return Ok(current);
            };
            let reference = reference
                .as_str()
                .ok_or_else(|| malformed(format!("a $ref is not a string: {reference}")))?;
            let (ref_section, name) = parse_ref(reference)?;
            if ref_section != section {
                return Err(malformed(format!(
                    "{reference} is used where a component of {section} belongs"
                )));
            }
            current = self
                .components
                .get(section)
                .and_then(|members| members.get(&name))
                .ok_or_else(|| TrimError::DanglingReference(reference.to_owned()))?;
        }
        Err(malformed(format!(
            "$ref cycle through #/components/{section}"
        )))
    }

    /// The name of the component schema `reference` leads to, through
    /// aliases (schemas that are only a `$ref`).
    pub(super) fn schema_name(&self, reference: &str) -> Result<String, TrimError> {
        let mut reference = reference.to_owned();
        for _ in 0..MAX_REF_HOPS {
            let (section, name) = parse_ref(&reference)?;
            if section != "schemas" {
                return Err(malformed(format!(
                    "{reference} is used where a schema belongs"
                )));
            }
            let schema = self
                .schemas
                .get(&name)
                .ok_or_else(|| TrimError::DanglingReference(reference.clone()))?;
            match schema.as_object().map(|s| (s.len(), s.get("$ref"))) {
                Some((1, Some(Value::String(next)))) => reference = next.clone(),
                _ => return Ok(name),
            }
        }
        Err(malformed(format!("$ref cycle through {reference}")))
    }

    /// One schema for several error body schemas, losing no property.
    pub(super) fn merge_error_schemas(&mut self, schemas: &[Value]) -> Result<Value, TrimError> {
        let mut resolved: Vec<(Option<String>, Value)> = Vec::new();
        for schema in schemas {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = self.schema_name(reference)?;
                    let target = self.schemas.get(&name).cloned().unwrap_or_default();
                    resolved.push((Some(name), target));
                }
                None => resolved.push((None, schema.clone())),
            }
        }
        if !resolved.iter().all(|(_, schema)| is_object_schema(schema)) {
            // No object to merge into: any JSON value keeps every body.
            return Ok(json!({}));
        }
        match resolved.iter().position(|(name, _)| name.is_some()) {
            Some(target) => {
                let name = resolved[target].0.clone().unwrap_or_default();
                for (other, (other_name, schema)) in resolved.iter().enumerate() {
                    if other != target
                        && other_name.as_ref() != Some(&name)
                        && let Some(into) = self.schemas.get_mut(&name)
                    {
                        merge_properties(into, schema);
                    }
                }
                Ok(schemas[target].clone())
            }
            None => {
                let mut merged = resolved[0].1.clone();
                for (_, schema) in &resolved[1..] {
                    merge_properties(&mut merged, schema);
                }
                Ok(merged)
            }
        }
    }

    /// Rule 8 for the component schemas used as error bodies; after all
    /// operations, so properties merged in by any of them are covered.
    pub(super) fn make_error_schemas_tolerant(&mut self) {
        for name in &self.error_schemas {
            if let Some(schema) = self.schemas.get_mut(name) {
                make_tolerant(schema);
            }
        }
    }

    /// Rule 1's closure: the components the kept paths reference, directly
    /// or through other components, and the security schemes the kept
    /// operations name; upstream order of sections and members.
    pub(super) fn closure(
        &self,
        kept_paths: &Map<String, Value>,
        operations: &[Map<String, Value>],
    ) -> Result<Map<String, Value>, TrimError> {
        let component = |section: &str, name: &str| -> Option<&Value> {
            if section == "schemas" {
                self.schemas.get(name)
            } else {
                self.components.get(section)?.get(name)
            }
        };
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut pending = Vec::new();
        for item in kept_paths.values() {
            collect_refs(item, &mut pending)?;
        }
        while let Some((reference, section, name)) = pending.pop() {
            if seen.contains(&(section.clone(), name.clone())) {
                continue;
            }
            let found = component(&section, &name)
                .ok_or_else(|| TrimError::DanglingReference(reference.clone()))?;
            collect_refs(found, &mut pending)?;
            seen.insert((section, name));
        }
        for operation in operations {
            let requirements = operation.get("security").and_then(Value::as_array);
            for requirement in requirements.into_iter().flatten() {
                for scheme in requirement.as_object().into_iter().flat_map(Map::keys) {
                    if component("securitySchemes", scheme).is_none() {
                        return Err(TrimError::UnknownSecurityScheme {
                            operation: operation
                                .get("operationId")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                            scheme: scheme.clone(),
                        });
                    }
                    seen.insert(("securitySchemes".into(), scheme.clone()));
                }
            }
        }

        let mut out = Map::new();
        for (section, members) in self.components {
            let Some(members) = members.as_object() else {
                continue;
            };
            let kept: Map<String, Value> = members
                .keys()
                .filter(|name| seen.contains(&(section.clone(), (*name).clone())))
                .filter_map(|name| Some((name.clone(), component(section, name)?.clone())))
                .collect();
            if !kept.is_empty() {
                out.insert(section.clone(), Value::Object(kept));
            }
        }
        Ok(out)
    }
}

/// An object schema whose properties can be merged and relaxed: `type:
/// object` or untyped with `properties`, and no composition.
fn is_object_schema(schema: &Value) -> bool {
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
fn merge_properties(target: &mut Value, source: &Value) {
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

/// Every `$ref` inside `value`, as (reference, section, name).
fn collect_refs(value: &Value, into: &mut Vec<(String, String, String)>) -> Result<(), TrimError> {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => {
                        let (section, name) = parse_ref(reference)?;
                        into.push((reference.clone(), section, name));
                    }
                    _ => collect_refs(child, into)?,
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_refs(item, into)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trim::test_support::*;

    // Rule 1: the component closure follows every reference.

    #[test]
    fn follows_references_through_components_and_path_parameters() {
        let out = trim_ids(&["CreateThing"]).unwrap();
        assert_eq!(
            keys(&out["components"]["schemas"]),
            ["Thing", "Part", "LusidProblemDetails"]
        );
        assert_eq!(keys(&out["components"]["parameters"]), ["Scope"]);
        // The sibling operation of the same path is gone, the path parameters stay.
        assert_eq!(keys(&out["paths"]["/api/things"]), ["parameters", "post"]);
    }

    #[test]
    fn follows_references_through_headers_parameters_and_nested_schemas() {
        let spec = json!({
            "openapi": "3.0.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/op": {"get": {
                "operationId": "Op",
                "parameters": [{"$ref": "#/components/parameters/Filter"}],
                "responses": {"200": {
                    "description": "ok",
                    "headers": {"X-Rate": {"$ref": "#/components/headers/Rate"}},
                    "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Page"}}}}
                }}
            }}},
            "components": {
                "schemas": {
                    "Unrelated": {"type": "string"},
                    "Page": {"type": "object", "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}},
                    "Item": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
                    "Base": {"type": "object", "properties": {"self": {"$ref": "#/components/schemas/Item"}}},
                    "FilterKind": {"type": "string", "enum": ["a"]},
                    "RateValue": {"type": "integer"}
                },
                "parameters": {"Filter": {"name": "f", "in": "query", "schema": {"$ref": "#/components/schemas/FilterKind"}}},
                "headers": {"Rate": {"schema": {"$ref": "#/components/schemas/RateValue"}}, "Other": {"schema": {"type": "string"}}}
            }
        });
        let out = trim_spec(&spec, &["Op"]).unwrap();
        // Upstream order, the cycle Item -> Base -> Item followed once.
        assert_eq!(
            keys(&out["components"]["schemas"]),
            ["Page", "Item", "Base", "FilterKind", "RateValue"]
        );
        assert_eq!(keys(&out["components"]["parameters"]), ["Filter"]);
        assert_eq!(keys(&out["components"]["headers"]), ["Rate"]);
    }

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

    // Rule 11: references the closure cannot follow.

    #[test]
    fn references_to_missing_components_are_refused() {
        let mut spec = upstream();
        spec["components"]["schemas"]["Thing"]["properties"]["extra"] =
            json!({"$ref": "#/components/schemas/Gone"});
        let error = trim_spec(&spec, &["CreateThing"]).unwrap_err();
        assert_eq!(
            error,
            TrimError::DanglingReference("#/components/schemas/Gone".into())
        );
    }

    #[test]
    fn references_outside_components_are_refused() {
        let mut spec = upstream();
        spec["components"]["schemas"]["Thing"]["properties"]["extra"] =
            json!({"$ref": "other.json#/components/schemas/Thing"});
        let error = trim_spec(&spec, &["CreateThing"]).unwrap_err();
        assert!(error.to_string().contains("other.json#/"), "{error}");
    }
}
