//! The components of the document being trimmed: a working copy of its
//! schemas (rule 5 merges error schemas into it, rule 8 relaxes them),
//! `$ref` resolution, and rule 1's closure of what the kept operations
//! reach.

use std::collections::HashSet;

use identity_openapi::{ComponentRef, closure};
use serde_json::{Map, Value, json};

use super::error::{TrimError, malformed};
use super::schemas::{is_object_schema, make_tolerant, merge_properties};

/// How many `$ref` hops resolving one reference may take before it is
/// called a cycle.
const MAX_REF_HOPS: usize = 32;

/// The upstream components and the working copy of their schemas.
pub(super) struct Components<'a> {
    /// The upstream components, read-only.
    upstream: &'a Map<String, Value>,
    /// The working copy of `components.schemas`: error schemas are merged
    /// and made tolerant here.
    pub(super) schemas: Map<String, Value>,
    /// The component schemas used as error bodies, in the order met.
    pub(super) error_schemas: Vec<String>,
}

impl<'a> Components<'a> {
    /// The components of `upstream`, with a working copy of its schemas.
    pub(super) fn new(upstream: &'a Map<String, Value>) -> Self {
        Components {
            schemas: upstream
                .get("schemas")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            upstream,
            error_schemas: Vec::new(),
        }
    }

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
            let ComponentRef {
                section: ref_section,
                name,
            } = ComponentRef::parse(reference)?;
            if ref_section != section {
                return Err(malformed(format!(
                    "{reference} is used where a component of {section} belongs"
                )));
            }
            current = self
                .upstream
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
            let ComponentRef { section, name } = ComponentRef::parse(&reference)?;
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
                self.upstream.get(section)?.get(name)
            }
        };
        let found = closure(kept_paths.values(), |target| {
            component(&target.section, &target.name)
        });
        if let Some(problem) = found.first_problem {
            return Err(problem.into());
        }
        let mut seen: HashSet<(String, String)> = found
            .reached
            .into_iter()
            .map(|target| (target.section, target.name))
            .collect();
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
        for (section, members) in self.upstream {
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
