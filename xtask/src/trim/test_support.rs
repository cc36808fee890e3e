//! Fixtures shared by the tests of the rule groups: small synthetic
//! FINBOURNE-shaped specs and helpers to trim and inspect them.

use serde_json::{Value, json};

use super::{TrimError, trim};
use crate::recipe::{Recipe, Selection, SeveralSuccessTypes};

pub(super) fn problem(name: &str) -> Value {
    json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}})
}

/// A FINBOURNE-shaped spec: two paths, three operations, the usual error
/// schemas, a schema used only through another, things to drop.
pub(super) fn upstream() -> Value {
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
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                        "text/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
                        "application/*+json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    }},
                    "responses": {
                        "201": {"description": "created"},
                        "default": problem("LusidProblemDetails")
                    },
                    "security": [{"oauth2": []}]
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
                        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}, "nullable": true},
                        "name": {"minLength": 1, "type": "string"},
                        "code": {"type": "integer"}
                    },
                    "additionalProperties": false
                }
            },
            "securitySchemes": {
                "oauth2": {"type": "oauth2", "flows": {}},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"}
            }
        },
        "security": [{}],
        "tags": [{"name": "Things"}, {"name": "Tokens"}, {"name": "Other"}],
        "x-tagGroups": []
    })
}

pub(super) fn recipe(ids: &[&str]) -> Recipe {
    Recipe {
        selection: Selection::Operations(ids.iter().map(|id| (*id).to_owned()).collect()),
        several_success_types: SeveralSuccessTypes::Refuse,
    }
}

pub(super) fn trim_spec(spec: &Value, ids: &[&str]) -> Result<Value, TrimError> {
    trim_with(spec, &recipe(ids))
}

/// The document `recipe` trims `spec` to.
pub(super) fn trim_with(spec: &Value, recipe: &Recipe) -> Result<Value, TrimError> {
    trim(spec, "abc", recipe).map(|trimmed| trimmed.document)
}

pub(super) fn trim_ids(ids: &[&str]) -> Result<Value, TrimError> {
    trim_spec(&upstream(), ids)
}

pub(super) fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A spec with one operation `Op` at `GET /op` with these responses and
/// these component schemas.
pub(super) fn one_operation(responses: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/op": {"get": {"operationId": "Op", "responses": responses}}},
        "components": {"schemas": schemas}
    })
}

pub(super) fn responses_of(out: &Value) -> &Value {
    &out["paths"]["/op"]["get"]["responses"]
}
