//! Trimming an upstream FINBOURNE OpenAPI document into one progenitor can
//! generate a client from. Pure: a document in, a document out.
//!
//! The rules (each applies to any FINBOURNE spec, not to names we know):
//!
//! 1. Keep the chosen operations, their path-level keys, the components they
//!    reference (transitively), the security schemes they name and the tag
//!    objects of their tags; `openapi`, `info` and `servers` as published.
//! 2. Where a body is offered in several media types, keep
//!    `application/json`.
//! 3. `default` responses become `4XX` and `5XX` (those not declared
//!    already): FINBOURNE uses `default` for errors only, and progenitor
//!    reads `default` as a success type too.
//! 4. One error type per operation: the `default` response's schema (else the
//!    first error body's) absorbs the properties of every other error body
//!    schema of the operation, and every error response, bodiless ones
//!    included, carries it. No field is lost; progenitor sees one type.
//!    An error code inside a range (`404` beside `4XX`) is then folded into
//!    the range: progenitor matches the range first, so the code could
//!    never be reached.
//! 5. Error body schemas are made tolerant: no `additionalProperties:
//!    false`, no `required`, no string constraints on properties, and
//!    `extensions` a nullable object of any values.
//! 6. Operations with two different success body types are refused, naming
//!    them: there is no faithful way to make them one type.
//! 7. Only OpenAPI 3.0.x is accepted; an unknown operationId is refused.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value, json};

/// The HTTP methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type kept where several are offered.
const JSON: &str = "application/json";

/// What to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// These operationIds.
    Operations(Vec<String>),
    /// Every operation of the document.
    All,
}

/// Why a document cannot be trimmed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrimError {
    /// Only OpenAPI 3.0.x is supported (by progenitor, and so here).
    #[error("OpenAPI {0} is not supported: progenitor generates clients from OpenAPI 3.0.x only")]
    UnsupportedVersion(String),
    /// The recipe names operations the document does not have.
    #[error("the upstream spec has no operation {}", .0.join(", "))]
    UnknownOperations(Vec<String>),
    /// Nothing would be kept.
    #[error("no operations selected")]
    NothingSelected,
    /// An operation has two different success body types.
    #[error(
        "operation {operation} has success responses with different body types ({statuses}); progenitor needs one"
    )]
    SeveralSuccessTypes {
        /// The operationId.
        operation: String,
        /// The statuses involved.
        statuses: String,
    },
    /// The document does not have the shape of an OpenAPI document.
    #[error("the upstream spec is malformed: {0}")]
    Malformed(String),
}

/// Where the trimmed document came from, recorded in it.
#[derive(Clone, Debug)]
pub struct Provenance {
    /// The sha256 of the upstream file, hex.
    pub upstream_sha256: String,
    /// The tool that trimmed it.
    pub tool: String,
}

/// Trims `upstream` to the `selection`.
pub fn trim(
    upstream: &Value,
    selection: &Selection,
    provenance: &Provenance,
) -> Result<Value, TrimError> {
    let version = upstream["openapi"].as_str().unwrap_or("(missing)");
    if !version.starts_with("3.0.") {
        return Err(TrimError::UnsupportedVersion(version.to_owned()));
    }
    let paths = object(upstream, "paths")?;
    let wanted = selected_ids(paths, selection)?;

    let mut kept_paths = Map::new();
    let mut operations = Vec::new();
    for (path, item) in paths {
        let item = item
            .as_object()
            .ok_or_else(|| malformed(format!("path {path} is not an object")))?;
        let mut kept = Map::new();
        for (key, value) in item {
            let is_method = METHODS.contains(&key.as_str());
            let id = value.get("operationId").and_then(Value::as_str);
            if !is_method {
                kept.insert(key.clone(), value.clone());
            } else if id.is_some_and(|id| wanted.contains(id)) {
                kept.insert(key.clone(), value.clone());
                operations.push((path.clone(), key.clone()));
            }
        }
        if kept.keys().any(|key| METHODS.contains(&key.as_str())) {
            kept_paths.insert(path.clone(), Value::Object(kept));
        }
    }

    let mut schemas = upstream
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut error_schemas = BTreeSet::new();
    for (path, method) in &operations {
        let operation = kept_paths
            .get_mut(path)
            .and_then(|item| item.get_mut(method.as_str()))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| malformed(format!("{method} {path} is not an object")))?;
        keep_json_only(operation);
        rewrite_responses(operation, &mut schemas, &mut error_schemas)?;
    }
    for name in &error_schemas {
        if let Some(schema) = schemas.get_mut(name) {
            make_tolerant(schema);
        }
    }

    let components = referenced_components(upstream, &kept_paths, &schemas, &operations);
    let used_tags: HashSet<&str> = operations
        .iter()
        .flat_map(|(path, method)| {
            kept_paths[path][method.as_str()]["tags"]
                .as_array()
                .into_iter()
                .flatten()
        })
        .filter_map(Value::as_str)
        .collect();
    let tags: Vec<Value> = upstream["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|tag| {
            tag["name"]
                .as_str()
                .is_some_and(|name| used_tags.contains(name))
        })
        .cloned()
        .collect();

    let mut info = upstream["info"]
        .as_object()
        .cloned()
        .ok_or_else(|| malformed("info is missing".into()))?;
    info.insert(
        "x-identity-sdk-trim".into(),
        json!({
            "upstreamTitle": upstream["info"]["title"],
            "upstreamVersion": upstream["info"]["version"],
            "upstreamSha256": provenance.upstream_sha256,
            "tool": provenance.tool,
        }),
    );

    let mut out = Map::new();
    out.insert("openapi".into(), upstream["openapi"].clone());
    out.insert("info".into(), Value::Object(info));
    if let Some(servers) = upstream.get("servers") {
        out.insert("servers".into(), servers.clone());
    }
    out.insert("paths".into(), Value::Object(kept_paths));
    out.insert("components".into(), Value::Object(components));
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    Ok(Value::Object(out))
}

fn malformed(message: String) -> TrimError {
    TrimError::Malformed(message)
}

fn object<'a>(value: &'a Value, key: &str) -> Result<&'a Map<String, Value>, TrimError> {
    value[key]
        .as_object()
        .ok_or_else(|| malformed(format!("{key} is missing or not an object")))
}

fn selected_ids(
    paths: &Map<String, Value>,
    selection: &Selection,
) -> Result<HashSet<String>, TrimError> {
    let all: Vec<String> = paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.iter())
        .filter(|(key, _)| METHODS.contains(&key.as_str()))
        .filter_map(|(_, operation)| operation["operationId"].as_str().map(str::to_owned))
        .collect();
    let wanted: HashSet<String> = match selection {
        Selection::All => all.iter().cloned().collect(),
        Selection::Operations(ids) => {
            let unknown: Vec<String> = ids.iter().filter(|id| !all.contains(id)).cloned().collect();
            if !unknown.is_empty() {
                return Err(TrimError::UnknownOperations(unknown));
            }
            ids.iter().cloned().collect()
        }
    };
    if wanted.is_empty() {
        return Err(TrimError::NothingSelected);
    }
    Ok(wanted)
}

/// Rule 2: where a request or response body is offered in several media
/// types and one is `application/json`, keep only that one.
fn keep_json_only(operation: &mut Map<String, Value>) {
    let mut contents: Vec<&mut Value> = Vec::new();
    for (key, value) in operation.iter_mut() {
        match key.as_str() {
            "requestBody" => contents.extend(value.get_mut("content")),
            "responses" => contents.extend(
                value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|responses| responses.values_mut())
                    .filter_map(|response| response.get_mut("content")),
            ),
            _ => {}
        }
    }
    for content in contents {
        if let Some(media) = content.as_object_mut()
            && media.len() > 1
            && let Some(json) = media.get(JSON).cloned()
        {
            media.clear();
            media.insert(JSON.into(), json);
        }
    }
}

fn is_error_status(status: &str) -> bool {
    status == "default" || status.starts_with('4') || status.starts_with('5')
}

/// The `$ref` (or, for an inline schema, its JSON text) of a response body,
/// to tell body types apart.
fn body_type(response: &Value) -> Option<String> {
    let schema = response
        .pointer("/content")?
        .as_object()?
        .values()
        .next()?
        .get("schema")?;
    Some(
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .map_or_else(|| schema.to_string(), str::to_owned),
    )
}

fn schema_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// Rules 3, 4 and 6 for one operation.
fn rewrite_responses(
    operation: &mut Map<String, Value>,
    schemas: &mut Map<String, Value>,
    error_schemas: &mut BTreeSet<String>,
) -> Result<(), TrimError> {
    let id = operation["operationId"]
        .as_str()
        .unwrap_or("(no operationId)")
        .to_owned();
    let Some(responses) = operation
        .get_mut("responses")
        .and_then(Value::as_object_mut)
    else {
        return Ok(());
    };

    let success: Vec<(&String, Option<String>)> = responses
        .iter()
        .filter(|(status, _)| !is_error_status(status))
        .map(|(status, response)| (status, body_type(response)))
        .collect();
    let distinct: BTreeSet<&Option<String>> = success.iter().map(|(_, body)| body).collect();
    if distinct.len() > 1 {
        let statuses: Vec<&str> = success.iter().map(|(status, _)| status.as_str()).collect();
        return Err(TrimError::SeveralSuccessTypes {
            operation: id,
            statuses: statuses.join(", "),
        });
    }

    // Rule 4: the error body every error response will carry.
    let errors: Vec<(String, Value)> = responses
        .iter()
        .filter(|(status, _)| is_error_status(status))
        .map(|(status, response)| (status.clone(), response.clone()))
        .collect();
    let with_body: Vec<&(String, Value)> = errors
        .iter()
        .filter(|(_, response)| body_type(response).is_some())
        .collect();
    let chosen = with_body
        .iter()
        .find(|(status, _)| status == "default")
        .or_else(|| with_body.first())
        .map(|(_, response)| response.clone());
    if let Some(chosen) = &chosen {
        let chosen_type = body_type(chosen).unwrap_or_default();
        if let Some(target) = schema_name(&chosen_type) {
            error_schemas.insert(target.to_owned());
            for (_, response) in &with_body {
                let other = body_type(response).unwrap_or_default();
                if let Some(source) = schema_name(&other)
                    && source != target
                {
                    merge_properties(schemas, source, target);
                }
            }
        }
    }

    // Rule 3, and rule 4's "every error response carries it".
    let declared: HashSet<String> = responses.keys().cloned().collect();
    let rewritten: Map<String, Value> = std::mem::take(responses)
        .into_iter()
        .flat_map(|(status, response)| {
            let response = match (&chosen, is_error_status(&status)) {
                (Some(chosen), true) => with_content_of(response, chosen),
                _ => response,
            };
            if status == "default" {
                ["4XX", "5XX"]
                    .into_iter()
                    .filter(|range| !declared.contains(*range))
                    .map(|range| (range.to_owned(), response.clone()))
                    .collect::<Vec<_>>()
            } else {
                vec![(status, response)]
            }
        })
        .collect();
    // Every error response now has the same body, and progenitor matches a
    // range before the codes inside it: fold codes into their range.
    let ranges: HashSet<String> = rewritten
        .keys()
        .filter(|status| status.ends_with("XX"))
        .cloned()
        .collect();
    *responses = rewritten
        .into_iter()
        .filter(|(status, _)| {
            chosen.is_none()
                || !is_error_status(status)
                || !ranges.contains(&format!("{}XX", &status[..1]))
                || status.ends_with("XX")
        })
        .collect();
    Ok(())
}

/// `response` with the body of `chosen`, keeping its own description.
fn with_content_of(mut response: Value, chosen: &Value) -> Value {
    if let (Some(response), Some(content)) = (response.as_object_mut(), chosen.get("content")) {
        response.insert("content".into(), content.clone());
    }
    response
}

/// Adds to schema `target` the properties of schema `source` it lacks.
fn merge_properties(schemas: &mut Map<String, Value>, source: &str, target: &str) {
    let Some(extra) = schemas
        .get(source)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .cloned()
    else {
        return;
    };
    let Some(target) = schemas.get_mut(target).and_then(Value::as_object_mut) else {
        return;
    };
    let properties = target.entry("properties").or_insert_with(|| json!({}));
    if let Some(properties) = properties.as_object_mut() {
        for (name, schema) in extra {
            properties.entry(name).or_insert(schema);
        }
    }
}

/// Rule 5.
fn make_tolerant(schema: &mut Value) {
    let Some(schema) = schema.as_object_mut() else {
        return;
    };
    if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
        schema.shift_remove("additionalProperties");
    }
    schema.shift_remove("required");
    let properties = schema.entry("properties").or_insert_with(|| json!({}));
    let Some(properties) = properties.as_object_mut() else {
        return;
    };
    for property in properties.values_mut().filter_map(Value::as_object_mut) {
        for constraint in ["minLength", "maxLength", "pattern"] {
            property.shift_remove(constraint);
        }
    }
    let free_form = json!({"type": "object", "additionalProperties": {}, "nullable": true});
    match properties.get_mut("extensions") {
        Some(extensions) => *extensions = free_form,
        None => {
            properties.insert("extensions".into(), free_form);
        }
    }
}

/// Rule 1's closure: the components the kept paths reference, directly or
/// through other components, in upstream order; the security schemes the
/// kept operations name.
fn referenced_components(
    upstream: &Value,
    kept_paths: &Map<String, Value>,
    schemas: &Map<String, Value>,
    operations: &[(String, String)],
) -> Map<String, Value> {
    let empty = Map::new();
    let sections = upstream["components"].as_object().unwrap_or(&empty);
    let lookup = |section: &str, name: &str| -> Option<Value> {
        if section == "schemas" {
            schemas.get(name).cloned()
        } else {
            sections.get(section)?.get(name).cloned()
        }
    };

    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut pending: Vec<(String, String)> = Vec::new();
    collect_refs(&Value::Object(kept_paths.clone()), &mut pending);
    while let Some((section, name)) = pending.pop() {
        if !seen.insert((section.clone(), name.clone())) {
            continue;
        }
        if let Some(component) = lookup(&section, &name) {
            collect_refs(&component, &mut pending);
        }
    }
    for (path, method) in operations {
        for requirement in kept_paths[path][method.as_str()]["security"]
            .as_array()
            .into_iter()
            .flatten()
        {
            for scheme in requirement
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, _)| name)
            {
                seen.insert(("securitySchemes".into(), scheme.clone()));
            }
        }
    }

    let mut out = Map::new();
    for (section, members) in sections {
        let Some(members) = members.as_object() else {
            continue;
        };
        let kept: Map<String, Value> = members
            .keys()
            .filter(|name| seen.contains(&(section.clone(), (*name).clone())))
            .filter_map(|name| Some((name.clone(), lookup(section, name)?)))
            .collect();
        if !kept.is_empty() {
            out.insert(section.clone(), Value::Object(kept));
        }
    }
    out
}

/// Every `#/components/<section>/<name>` reference inside `value`.
fn collect_refs(value: &Value, into: &mut Vec<(String, String)>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                if key == "$ref"
                    && let Some(reference) = child.as_str()
                    && let Some(rest) = reference.strip_prefix("#/components/")
                    && let Some((section, name)) = rest.split_once('/')
                {
                    into.push((section.to_owned(), name.to_owned()));
                } else {
                    collect_refs(child, into);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance() -> Provenance {
        Provenance {
            upstream_sha256: "abc".into(),
            tool: "test".into(),
        }
    }

    fn problem(name: &str) -> Value {
        json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}})
    }

    /// A FINBOURNE-shaped spec: two paths, three operations, the usual
    /// error schemas, a schema used only through another.
    fn upstream() -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "Svc", "version": "1.2.3"},
            "servers": [{"url": "https://example.lusid.com/svc"}],
            "paths": {
                "/api/things": {
                    "parameters": [{"$ref": "#/components/parameters/Scope"}],
                    "get": {
                        "operationId": "ListThings",
                        "tags": ["Things"],
                        "responses": {
                            "200": {"description": "ok", "content": {
                                "text/plain": {"schema": {"$ref": "#/components/schemas/Thing"}},
                                "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                                "text/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                            }},
                            "400": problem("LusidValidationProblemDetails"),
                            "404": {"description": "Not found"},
                            "default": problem("LusidProblemDetails")
                        },
                        "security": [{"oauth2": []}],
                        "x-fbn-apistatus": "Beta"
                    },
                    "post": {
                        "operationId": "CreateThing",
                        "tags": ["Things"],
                        "requestBody": {"content": {
                            "application/json-patch+json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        }},
                        "responses": {
                            "201": {"description": "created"},
                            "default": problem("LusidProblemDetails")
                        }
                    }
                },
                "/api/tokens": {
                    "delete": {
                        "operationId": "InvalidateToken",
                        "tags": ["Tokens"],
                        "responses": {"204": {"description": "No Content"}, "default": problem("LusidProblemDetails")},
                        "security": [{"oauth2": []}]
                    }
                }
            },
            "components": {
                "parameters": {"Scope": {"name": "scope", "in": "query", "schema": {"type": "string"}}, "Unused": {"name": "u", "in": "query"}},
                "schemas": {
                    "Thing": {"type": "object", "properties": {"part": {"$ref": "#/components/schemas/Part"}}},
                    "Part": {"type": "string"},
                    "Unused": {"type": "string"},
                    "LusidProblemDetails": {
                        "required": ["code", "name"],
                        "type": "object",
                        "properties": {"name": {"minLength": 1, "type": "string"}, "code": {"type": "integer"}},
                        "additionalProperties": false
                    },
                    "LusidValidationProblemDetails": {
                        "required": ["code"],
                        "type": "object",
                        "properties": {
                            "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                            "name": {"type": "string"},
                            "code": {"type": "integer"}
                        },
                        "additionalProperties": false
                    }
                },
                "securitySchemes": {"oauth2": {"type": "oauth2"}, "apiKey": {"type": "apiKey"}}
            },
            "security": [{}],
            "tags": [{"name": "Things"}, {"name": "Tokens"}, {"name": "Other"}],
            "x-tagGroups": []
        })
    }

    fn trim_ids(ids: &[&str]) -> Result<Value, TrimError> {
        let selection = Selection::Operations(ids.iter().map(|id| (*id).to_owned()).collect());
        trim(&upstream(), &selection, &provenance())
    }

    #[test]
    fn keeps_the_operations_and_exactly_what_they_reference() {
        let out = trim_ids(&["InvalidateToken"]).unwrap();
        assert_eq!(
            out["paths"].as_object().unwrap().keys().collect::<Vec<_>>(),
            ["/api/tokens"]
        );
        assert_eq!(
            out["components"]["schemas"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["LusidProblemDetails"]
        );
        assert_eq!(
            out["components"]["securitySchemes"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["oauth2"]
        );
        assert!(out["components"].get("parameters").is_none());
        assert_eq!(out["tags"], json!([{"name": "Tokens"}]));
        assert!(out.get("security").is_none() && out.get("x-tagGroups").is_none());
        assert_eq!(
            out["info"]["x-identity-sdk-trim"]["upstreamVersion"],
            "1.2.3"
        );
    }

    #[test]
    fn follows_references_through_components_and_path_parameters() {
        let out = trim_ids(&["CreateThing"]).unwrap();
        let schemas: Vec<&String> = out["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["Thing", "Part", "LusidProblemDetails"]);
        assert_eq!(
            out["components"]["parameters"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["Scope"]
        );
        // The sibling operation of the same path is gone, the path parameters stay.
        let item = out["paths"]["/api/things"].as_object().unwrap();
        assert_eq!(item.keys().collect::<Vec<_>>(), ["parameters", "post"]);
    }

    #[test]
    fn default_becomes_4xx_and_5xx() {
        let out = trim_ids(&["InvalidateToken"]).unwrap();
        let responses = out["paths"]["/api/tokens"]["delete"]["responses"]
            .as_object()
            .unwrap();
        assert_eq!(responses.keys().collect::<Vec<_>>(), ["204", "4XX", "5XX"]);
        assert_eq!(responses["4XX"], responses["5XX"]);
    }

    #[test]
    fn several_error_types_become_one_with_every_field() {
        let out = trim_ids(&["ListThings"]).unwrap();
        let responses = out["paths"]["/api/things"]["get"]["responses"]
            .as_object()
            .unwrap();
        // 400 and 404 are folded into 4XX, which carries the one error type.
        assert_eq!(responses.keys().collect::<Vec<_>>(), ["200", "4XX", "5XX"]);
        for range in ["4XX", "5XX"] {
            assert_eq!(
                responses[range]["content"]["application/json"]["schema"]["$ref"],
                "#/components/schemas/LusidProblemDetails"
            );
        }
        let schemas = out["components"]["schemas"].as_object().unwrap();
        assert!(!schemas.contains_key("LusidValidationProblemDetails"));
        let properties = schemas["LusidProblemDetails"]["properties"]
            .as_object()
            .unwrap();
        assert_eq!(
            properties.keys().collect::<Vec<_>>(),
            ["name", "code", "errors", "extensions"]
        );
    }

    #[test]
    fn a_bodiless_error_status_gets_the_error_body() {
        let mut spec = upstream();
        spec["paths"]["/api/things"]["get"]["responses"] = json!({
            "200": {"description": "ok"},
            "404": {"description": "Not found"},
            "409": problem("LusidProblemDetails")
        });
        let selection = Selection::Operations(vec!["ListThings".into()]);
        let out = trim(&spec, &selection, &provenance()).unwrap();
        let responses = &out["paths"]["/api/things"]["get"]["responses"];
        assert_eq!(responses["404"]["description"], "Not found");
        assert_eq!(responses["404"]["content"], responses["409"]["content"]);
    }

    #[test]
    fn only_application_json_is_kept_where_several_media_types_are_offered() {
        let out = trim_ids(&["ListThings", "CreateThing"]).unwrap();
        let ok = out["paths"]["/api/things"]["get"]["responses"]["200"]["content"]
            .as_object()
            .unwrap();
        assert_eq!(ok.keys().collect::<Vec<_>>(), ["application/json"]);
        let body = out["paths"]["/api/things"]["post"]["requestBody"]["content"]
            .as_object()
            .unwrap();
        assert_eq!(body.keys().collect::<Vec<_>>(), ["application/json"]);
    }

    #[test]
    fn error_schemas_are_made_tolerant_and_keep_their_key_order() {
        let out = trim_ids(&["InvalidateToken"]).unwrap();
        let schema = &out["components"]["schemas"]["LusidProblemDetails"];
        assert_eq!(
            schema.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["type", "properties"]
        );
        assert_eq!(schema["properties"]["name"], json!({"type": "string"}));
        assert_eq!(
            schema["properties"]["extensions"],
            json!({"type": "object", "additionalProperties": {}, "nullable": true})
        );
    }

    #[test]
    fn x_fbn_extensions_are_kept() {
        let out = trim_ids(&["ListThings"]).unwrap();
        assert_eq!(
            out["paths"]["/api/things"]["get"]["x-fbn-apistatus"],
            "Beta"
        );
    }

    #[test]
    fn all_keeps_every_operation() {
        let out = trim(&upstream(), &Selection::All, &provenance()).unwrap();
        let count: usize = out["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| METHODS.contains(&k.as_str()))
                    .count()
            })
            .sum();
        assert_eq!(count, 3);
    }

    #[test]
    fn openapi_3_1_is_refused_by_version() {
        let mut spec = upstream();
        spec["openapi"] = "3.1.0".into();
        let error = trim(&spec, &Selection::All, &provenance()).unwrap_err();
        assert_eq!(error, TrimError::UnsupportedVersion("3.1.0".into()));
        assert!(error.to_string().contains("3.1.0"));
    }

    #[test]
    fn unknown_operation_ids_are_refused_by_name() {
        let error = trim_ids(&["InvalidateToken", "SignIn", "Frobnicate"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the upstream spec has no operation SignIn, Frobnicate"
        );
    }

    #[test]
    fn two_different_success_types_are_refused_by_operation() {
        let mut spec = upstream();
        spec["paths"]["/api/tokens"]["delete"]["responses"]["200"] = json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}});
        let selection = Selection::Operations(vec!["InvalidateToken".into()]);
        let error = trim(&spec, &selection, &provenance()).unwrap_err();
        assert!(
            error.to_string().contains("InvalidateToken") && error.to_string().contains("204, 200"),
            "{error}"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let a = serde_json::to_string_pretty(
            &trim(&upstream(), &Selection::All, &provenance()).unwrap(),
        )
        .unwrap();
        let b = serde_json::to_string_pretty(
            &trim(&upstream(), &Selection::All, &provenance()).unwrap(),
        )
        .unwrap();
        assert_eq!(a, b);
    }
}
