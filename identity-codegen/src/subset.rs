//! The part of a trimmed spec a build asks for: the operations of the
//! enabled tags and exactly the components they reach, so that progenitor
//! (which generates a type for every component schema) generates nothing
//! the build does not use.

use std::collections::BTreeSet;

use heck::ToKebabCase;
use identity_openapi::{Document, Operation, closure, is_method};
use serde_json::Value;

/// The cargo feature of an OpenAPI tag: its name in kebab case
/// (`Personal Authentication Tokens` → `personal-authentication-tokens`).
pub fn feature_name(tag: &str) -> String {
    tag.to_kebab_case()
}

/// The tags of a document's operations, in the order first used.
pub fn operation_tags(document: &Value) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for operation in Document::new(document).operations() {
        for tag in operation.tags() {
            if !tags.iter().any(|known| known == tag) {
                tags.push(tag.to_owned());
            }
        }
    }
    tags
}

fn tags_of(operation: &Value) -> Vec<String> {
    operation
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

/// `document` with only the operations `keep` accepts (by their tags; an
/// untagged operation is asked about with no tags), the path items that
/// still hold one, the components they reference (transitively, in every
/// section), every security scheme, and the tag objects still used.
///
/// The error body schemas of every operation are kept too, kept operations
/// or not: the SDK has one error type for all operations (the trim makes it
/// so), and its hand-written layer decodes error bodies with it whichever
/// tags a build enables, none included.
pub fn subset(document: &Value, keep: impl Fn(&[String]) -> bool) -> Value {
    let error_bodies: Vec<&Value> = Document::new(document)
        .operations()
        .flat_map(|operation| operation.responses())
        .filter(|(status, _)| Operation::is_error_status(status))
        .map(|(_, response)| response)
        .collect();
    let mut out = document.clone();
    if let Some(paths) = out.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            item.retain(|key, operation| !is_method(key) || keep(&tags_of(operation)));
        }
        paths.retain(|_, item| {
            item.as_object()
                .is_some_and(|item| item.keys().any(|key| is_method(key)))
        });
    }

    // A reference the document cannot follow reaches nothing here; the
    // trim refuses such documents, and progenitor names the reference.
    let kept = Document::new(&out);
    let roots = error_bodies.into_iter().chain(out.get("paths"));
    let reached = closure(roots, |target| {
        kept.component(&target.section, &target.name)
    })
    .reached;
    let reached: BTreeSet<(String, String)> = reached
        .into_iter()
        .map(|target| (target.section, target.name))
        .collect();
    let used: BTreeSet<String> = kept
        .operations()
        .flat_map(|operation| operation.tags().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    if let Some(components) = out.get_mut("components").and_then(Value::as_object_mut) {
        for (section, members) in components.iter_mut() {
            if section == "securitySchemes" {
                continue;
            }
            if let Some(members) = members.as_object_mut() {
                members.retain(|name, _| reached.contains(&(section.clone(), name.clone())));
            }
        }
        components.retain(|_, members| members.as_object().is_none_or(|m| !m.is_empty()));
    }

    if let Some(tags) = out.get_mut("tags").and_then(Value::as_array_mut) {
        tags.retain(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used.contains(name))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "openapi": "3.0.1",
            "paths": {
                "/a": {"get": {"tags": ["Things"], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
                "/b": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "delete": {"tags": ["Other Stuff"], "responses": {"4XX": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}}
                }
            },
            "components": {
                "schemas": {
                    "Thing": {"properties": {"part": {"$ref": "#/components/schemas/Part"}}},
                    "Part": {"type": "string"},
                    "Problem": {"type": "object"},
                    "Unused": {"type": "string"}
                },
                "parameters": {"Id": {"name": "id", "in": "path"}},
                "securitySchemes": {"oauth2": {"type": "oauth2"}}
            },
            "tags": [{"name": "Things"}, {"name": "Other Stuff"}]
        })
    }

    #[test]
    fn tags_name_features_in_kebab_case() {
        assert_eq!(
            feature_name("Personal Authentication Tokens"),
            "personal-authentication-tokens"
        );
        assert_eq!(feature_name("Me"), "me");
        assert_eq!(operation_tags(&document()), ["Things", "Other Stuff"]);
    }

    #[test]
    fn a_subset_keeps_what_its_operations_reach_and_nothing_else() {
        let out = subset(&document(), |tags| tags.iter().any(|t| t == "Things"));
        assert!(out["paths"].get("/b").is_none());
        let schemas: Vec<&String> = out["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        // The error body of the dropped operation stays: one error type.
        assert_eq!(schemas, ["Thing", "Part", "Problem"]);
        assert!(out["components"].get("parameters").is_none());
        assert!(out["components"]["securitySchemes"].get("oauth2").is_some());
        assert_eq!(out["tags"], json!([{"name": "Things"}]));

        let out = subset(&document(), |tags| tags.iter().any(|t| t == "Other Stuff"));
        let schemas: Vec<&String> = out["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["Problem"]);
        assert!(out["components"]["parameters"].get("Id").is_some());

        let out = subset(&document(), |_| false);
        assert_eq!(out["paths"], json!({}));
        let schemas: Vec<&String> = out["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["Problem"]);
    }
}
