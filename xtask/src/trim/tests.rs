//! One test (at least) per rule, on small synthetic FINBOURNE-shaped specs.

use super::*;

fn problem(name: &str) -> Value {
    json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}})
}

/// A FINBOURNE-shaped spec: two paths, three operations, the usual error
/// schemas, a schema used only through another, things to drop.
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
            "securitySchemes": {"oauth2": {"type": "oauth2"}, "apiKey": {"type": "apiKey"}}
        },
        "security": [{}],
        "tags": [{"name": "Things"}, {"name": "Tokens"}, {"name": "Other"}],
        "x-tagGroups": []
    })
}

fn recipe(ids: &[&str]) -> Recipe {
    Recipe {
        selection: Selection::Operations(ids.iter().map(|id| (*id).to_owned()).collect()),
        several_success_types: SeveralSuccessTypes::Refuse,
    }
}

fn trim_spec(spec: &Value, ids: &[&str]) -> Result<Value, TrimError> {
    trim(spec, "abc", &recipe(ids))
}

fn trim_ids(ids: &[&str]) -> Result<Value, TrimError> {
    trim_spec(&upstream(), ids)
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|object| object.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// A spec with one operation `Op` at `GET /op` with these responses and
/// these component schemas.
fn one_operation(responses: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/op": {"get": {"operationId": "Op", "responses": responses}}},
        "components": {"schemas": schemas}
    })
}

fn responses_of(out: &Value) -> &Value {
    &out["paths"]["/op"]["get"]["responses"]
}

// Rule 1: what is kept.

#[test]
fn keeps_the_operations_and_exactly_what_they_reference() {
    let out = trim_ids(&["InvalidateToken"]).unwrap();
    assert_eq!(
        keys(&out),
        ["openapi", "info", "servers", "paths", "components", "tags"]
    );
    assert_eq!(keys(&out["paths"]), ["/api/tokens"]);
    assert_eq!(keys(&out["components"]), ["schemas", "securitySchemes"]);
    assert_eq!(keys(&out["components"]["schemas"]), ["LusidProblemDetails"]);
    assert_eq!(keys(&out["components"]["securitySchemes"]), ["oauth2"]);
    assert_eq!(out["tags"], json!([{"name": "Tokens"}]));
    assert_eq!(out["servers"], upstream()["servers"]);
}

#[test]
fn records_the_provenance_in_info() {
    let out = trim_ids(&["InvalidateToken"]).unwrap();
    assert_eq!(keys(&out["info"]), ["title", "version", PROVENANCE_KEY]);
    assert_eq!(
        out["info"][PROVENANCE_KEY],
        json!({"upstreamTitle": "Svc", "upstreamVersion": "1.2.3", "upstreamSha256": "abc", "tool": TOOL})
    );
    assert!(TOOL.starts_with("cargo xtask trim (xtask "));
}

#[test]
fn keeps_paths_and_methods_in_upstream_order_whatever_the_recipe_order() {
    let out = trim_ids(&["InvalidateToken", "CreateThing", "ListThings"]).unwrap();
    assert_eq!(keys(&out["paths"]), ["/api/things", "/api/tokens"]);
    assert_eq!(
        keys(&out["paths"]["/api/things"]),
        ["parameters", "get", "post"]
    );
}

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

#[test]
fn drops_top_level_security_and_other_extensions_but_keeps_x_fbn() {
    let mut spec = upstream();
    spec["x-fbn-service"] = json!("svc");
    spec["x-other"] = json!(1);
    let out = trim_spec(&spec, &["ListThings"]).unwrap();
    assert!(out.get("security").is_none());
    assert!(out.get("x-tagGroups").is_none() && out.get("x-other").is_none());
    assert_eq!(out["x-fbn-service"], "svc");
    assert_eq!(
        out["paths"]["/api/things"]["get"]["x-fbn-apistatus"],
        "Beta"
    );
}

#[test]
fn an_operation_without_security_gets_the_documents() {
    let mut spec = upstream();
    spec["security"] = json!([{"apiKey": []}]);
    if let Some(op) = spec
        .pointer_mut("/paths/~1api~1tokens/delete")
        .and_then(Value::as_object_mut)
    {
        op.shift_remove("security");
    }
    let out = trim_spec(&spec, &["InvalidateToken"]).unwrap();
    assert_eq!(
        out["paths"]["/api/tokens"]["delete"]["security"],
        json!([{"apiKey": []}])
    );
    assert_eq!(keys(&out["components"]["securitySchemes"]), ["apiKey"]);
}

#[test]
fn an_unknown_security_scheme_is_refused() {
    let mut spec = upstream();
    spec["paths"]["/api/tokens"]["delete"]["security"] = json!([{"okta": []}]);
    let error = trim_spec(&spec, &["InvalidateToken"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "operation InvalidateToken names security scheme okta, which the upstream spec does not define"
    );
}

#[test]
fn all_keeps_every_operation() {
    let recipe = recipe(&[]).with_selection(Selection::All);
    let out = trim(&upstream(), "abc", &recipe).unwrap();
    let count: usize = out["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| keys(item).iter().filter(|k| METHODS.contains(k)).count())
        .sum();
    assert_eq!(count, 3);
    assert_eq!(out["tags"], json!([{"name": "Things"}, {"name": "Tokens"}]));
}

// Rule 2: referenced request bodies and responses are inlined.

#[test]
fn referenced_request_bodies_and_responses_are_inlined_and_rewritten() {
    let spec = json!({
        "openapi": "3.0.1",
        "info": {"title": "T", "version": "1"},
        "paths": {"/op": {"post": {
            "operationId": "Op",
            "requestBody": {"$ref": "#/components/requestBodies/Body"},
            "responses": {
                "204": {"description": "done"},
                "404": {"$ref": "#/components/responses/NotFound"},
                "default": {"$ref": "#/components/responses/Problem"}
            }
        }}},
        "components": {
            "schemas": {"P": {"type": "object", "properties": {"code": {"type": "integer"}}}, "In": {"type": "string"}},
            "requestBodies": {"Body": {"content": {"text/json": {"schema": {"$ref": "#/components/schemas/In"}}, "application/json": {"schema": {"$ref": "#/components/schemas/In"}}}}},
            "responses": {
                "NotFound": {"description": "Not found"},
                "Problem": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/P"}}}}
            }
        }
    });
    let recipe = recipe(&["Op"]);
    let out = trim(&spec, "abc", &recipe).unwrap();
    let op = &out["paths"]["/op"]["post"];
    assert_eq!(
        op["requestBody"],
        json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}})
    );
    assert_eq!(keys(&op["responses"]), ["204", "4XX", "5XX"]);
    assert_eq!(op["responses"]["4XX"]["description"], "Error");
    assert_eq!(keys(&out["components"]), ["schemas"]);
    assert_eq!(keys(&out["components"]["schemas"]), ["P", "In"]);
}

// Rule 3: application/json only.

#[test]
fn only_application_json_is_kept_where_several_media_types_are_offered() {
    let out = trim_ids(&["ListThings", "CreateThing"]).unwrap();
    let ok = &out["paths"]["/api/things"]["get"]["responses"]["200"]["content"];
    assert_eq!(keys(ok), ["application/json"]);
    let body = &out["paths"]["/api/things"]["post"]["requestBody"]["content"];
    assert_eq!(keys(body), ["application/json"]);
}

#[test]
fn json_with_parameters_counts_as_json() {
    let spec = one_operation(
        json!({"200": {"description": "ok", "content": {
            "text/plain": {"schema": {"type": "string"}},
            "application/json; charset=utf-8": {"schema": {"type": "string"}}
        }}}),
        json!({}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(
        keys(&responses_of(&out)["200"]["content"]),
        ["application/json; charset=utf-8"]
    );
}

#[test]
fn a_request_body_in_several_non_json_types_is_refused() {
    let mut spec = upstream();
    spec["paths"]["/api/things"]["post"]["requestBody"]["content"] = json!({
        "text/plain": {"schema": {"type": "string"}},
        "application/xml": {"schema": {"type": "string"}}
    });
    let error = trim_spec(&spec, &["CreateThing"]).unwrap_err();
    assert_eq!(
        error,
        TrimError::RequestMediaTypes {
            operation: "CreateThing".into(),
            offered: vec!["text/plain".into(), "application/xml".into()]
        }
    );
    assert!(error.to_string().contains("CreateThing"));
}

#[test]
fn a_response_without_json_is_kept_as_it_is() {
    let content = json!({"text/plain": {"schema": {"type": "string"}}, "text/csv": {"schema": {"type": "string"}}});
    let spec = one_operation(
        json!({"200": {"description": "ok", "content": content}}),
        json!({}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(responses_of(&out)["200"]["content"], content);
}

// Rule 4: one success type.

#[test]
fn two_different_success_types_are_refused_by_operation() {
    let mut spec = upstream();
    spec["paths"]["/api/tokens"]["delete"]["responses"]["200"] = json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}});
    let error = trim_spec(&spec, &["InvalidateToken"]).unwrap_err();
    assert_eq!(
        error,
        TrimError::SeveralSuccessTypes {
            operation: "InvalidateToken".into(),
            statuses: "204: no body, 200: Thing".into()
        }
    );
    assert!(error.to_string().contains("keep-lowest"), "{error}");
}

#[test]
fn keep_lowest_keeps_the_lowest_success_status_and_its_type() {
    let spec = one_operation(
        json!({
            "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}},
            "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
            "202": {"description": "accepted", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
            "204": {"description": "none"}
        }),
        json!({"A": {"type": "string"}, "B": {"type": "integer"}}),
    );
    let recipe = Recipe {
        several_success_types: SeveralSuccessTypes::KeepLowest,
        ..recipe(&["Op"])
    };
    let out = trim(&spec, "abc", &recipe).unwrap();
    assert_eq!(keys(responses_of(&out)), ["200", "202"]);
    assert_eq!(keys(&out["components"]["schemas"]), ["A"]);
}

#[test]
fn the_same_success_type_under_several_statuses_is_fine() {
    let spec = one_operation(
        json!({
            "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}},
            "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}
        }),
        json!({"A": {"type": "string"}}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(keys(responses_of(&out)), ["200", "201"]);
}

#[test]
fn redirects_and_informational_statuses_are_not_success_types() {
    let spec = one_operation(
        json!({
            "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}},
            "302": {"description": "elsewhere"},
            "3XX": {"description": "elsewhere"}
        }),
        json!({}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(keys(responses_of(&out)), ["200", "302", "3XX"]);
}

// Rule 5: one error type.

#[test]
fn several_error_types_become_one_with_every_field() {
    let out = trim_ids(&["ListThings"]).unwrap();
    let responses = &out["paths"]["/api/things"]["get"]["responses"];
    // 400 and 404 are folded into 4XX, which carries the one error type.
    assert_eq!(keys(responses), ["200", "4XX", "5XX"]);
    for range in ["4XX", "5XX"] {
        assert_eq!(
            responses[range]["content"],
            json!({"application/json": {"schema": {"$ref": "#/components/schemas/LusidProblemDetails"}}})
        );
    }
    let schemas = &out["components"]["schemas"];
    assert_eq!(keys(schemas), ["Thing", "Part", "LusidProblemDetails"]);
    assert_eq!(
        keys(&schemas["LusidProblemDetails"]["properties"]),
        ["name", "code", "errors", "extensions"]
    );
    assert_eq!(
        schemas["LusidProblemDetails"]["properties"]["errors"],
        upstream()["components"]["schemas"]["LusidValidationProblemDetails"]["properties"]["errors"]
    );
}

#[test]
fn without_default_the_first_error_schema_absorbs_the_others() {
    let spec = one_operation(
        json!({
            "200": {"description": "ok"},
            "409": problem("Conflict"),
            "400": problem("Validation"),
            "404": {"description": "Not found"}
        }),
        json!({
            "Conflict": {"type": "object", "properties": {"code": {"type": "integer"}}},
            "Validation": {"type": "object", "properties": {"errors": {"type": "object"}}}
        }),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    let responses = responses_of(&out);
    assert_eq!(keys(responses), ["200", "409", "400", "404"]);
    for status in ["409", "400", "404"] {
        assert_eq!(
            responses[status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Conflict"
        );
    }
    // Each response keeps its own description.
    assert_eq!(responses["404"]["description"], "Not found");
    assert_eq!(keys(&out["components"]["schemas"]), ["Conflict"]);
    assert_eq!(
        keys(&out["components"]["schemas"]["Conflict"]["properties"]),
        ["code", "errors", "extensions"]
    );
}

#[test]
fn a_bodiless_error_status_gets_the_error_body() {
    let spec = one_operation(
        json!({
            "200": {"description": "ok"},
            "404": {"description": "Not found"},
            "409": problem("LusidProblemDetails")
        }),
        upstream()["components"]["schemas"].clone(),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    let responses = responses_of(&out);
    assert_eq!(responses["404"]["description"], "Not found");
    assert_eq!(responses["404"]["content"], responses["409"]["content"]);
}

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
fn error_bodies_that_are_not_all_objects_become_any_json() {
    let spec = one_operation(
        json!({
            "400": {"description": "bad", "content": {"application/json": {"schema": {"type": "string"}}}},
            "default": problem("P")
        }),
        json!({"P": {"type": "object", "properties": {"code": {"type": "integer"}}}}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(
        responses_of(&out)["4XX"]["content"],
        json!({"application/json": {"schema": {}}})
    );
    assert!(out.get("components").is_none());
}

#[test]
fn without_json_error_bodies_bodiless_statuses_get_the_non_json_one() {
    let text = json!({"text/plain": {"schema": {"type": "string"}}});
    let spec = one_operation(
        json!({
            "200": {"description": "ok"},
            "404": {"description": "Not found"},
            "500": {"description": "Oops", "content": text}
        }),
        json!({}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(responses_of(&out)["404"]["content"], text);
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

// Rule 6: default becomes 4XX and 5XX.

#[test]
fn default_becomes_4xx_and_5xx_in_its_place() {
    let out = trim_ids(&["InvalidateToken"]).unwrap();
    let responses = &out["paths"]["/api/tokens"]["delete"]["responses"];
    assert_eq!(keys(responses), ["204", "4XX", "5XX"]);
    assert_eq!(responses["4XX"], responses["5XX"]);
    assert_eq!(responses["4XX"], problem("LusidProblemDetails"));
}

#[test]
fn default_fills_only_the_ranges_not_declared() {
    let explicit = json!({"description": "client", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/P"}}}});
    let spec = one_operation(
        json!({"204": {"description": "ok"}, "4XX": explicit, "default": problem("P")}),
        json!({"P": {"type": "object", "properties": {}}}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    let responses = responses_of(&out);
    assert_eq!(keys(responses), ["204", "4XX", "5XX"]);
    assert_eq!(responses["4XX"]["description"], "client");
    assert_eq!(responses["5XX"]["description"], "Error");

    let spec = one_operation(
        json!({"204": {"description": "ok"}, "4XX": explicit, "5XX": explicit, "default": problem("P")}),
        json!({"P": {"type": "object", "properties": {}}}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(keys(responses_of(&out)), ["204", "4XX", "5XX"]);
}

// Rule 7: codes fold into their range.

#[test]
fn codes_fold_into_a_range_of_their_class() {
    let spec = one_operation(
        json!({
            "200": {"description": "ok"},
            "2XX": {"description": "ok too"},
            "404": {"description": "Not found"},
            "500": problem("P"),
            "4XX": problem("P")
        }),
        json!({"P": {"type": "object", "properties": {}}}),
    );
    let out = trim_spec(&spec, &["Op"]).unwrap();
    assert_eq!(keys(responses_of(&out)), ["2XX", "500", "4XX"]);
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

// Rule 10: refusals.

#[test]
fn openapi_other_than_3_0_is_refused_by_version() {
    for (version, shown) in [
        (json!("3.1.0"), "3.1.0"),
        (json!("3.0"), "3.0"),
        (json!("2.0"), "2.0"),
        (json!(3), "3"),
    ] {
        let mut spec = upstream();
        spec["openapi"] = version;
        let error = trim_spec(&spec, &["InvalidateToken"]).unwrap_err();
        assert_eq!(error, TrimError::UnsupportedVersion(shown.into()));
        assert!(error.to_string().contains(shown), "{error}");
    }
    let mut spec = upstream();
    spec.as_object_mut().unwrap().shift_remove("openapi");
    spec["swagger"] = json!("2.0");
    let error = trim_spec(&spec, &["InvalidateToken"]).unwrap_err();
    assert!(error.to_string().contains("Swagger 2.0"), "{error}");
}

#[test]
fn unknown_operation_ids_are_refused_by_name() {
    let error = trim_ids(&["InvalidateToken", "SignIn", "Frobnicate", "SignIn"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the upstream spec has no operation SignIn, Frobnicate"
    );
}

#[test]
fn an_empty_selection_is_refused() {
    assert_eq!(trim_ids(&[]).unwrap_err(), TrimError::NothingSelected);
}

#[test]
fn a_duplicate_operation_id_is_refused_when_selected() {
    let mut spec = upstream();
    spec["paths"]["/api/things"]["get"]["operationId"] = json!("InvalidateToken");
    let error = trim_spec(&spec, &["InvalidateToken"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "operationId InvalidateToken is used by GET /api/things and DELETE /api/tokens"
    );
    // Not selected, not in the way.
    assert!(trim_spec(&spec, &["CreateThing"]).is_ok());
}

#[test]
fn all_refuses_an_operation_without_an_id() {
    let mut spec = upstream();
    if let Some(op) = spec
        .pointer_mut("/paths/~1api~1things/post")
        .and_then(Value::as_object_mut)
    {
        op.shift_remove("operationId");
    }
    let recipe = recipe(&[]).with_selection(Selection::All);
    let error = trim(&spec, "abc", &recipe).unwrap_err();
    assert_eq!(
        error,
        TrimError::MissingOperationId("POST /api/things".into())
    );
}

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

#[test]
fn malformed_documents_are_errors_not_panics() {
    let broken = [
        json!(null),
        json!([]),
        json!({"openapi": "3.0.1"}),
        json!({"openapi": "3.0.1", "paths": []}),
        json!({"openapi": "3.0.1", "paths": {"/a": []}}),
        json!({"openapi": "3.0.1", "paths": {"/a": {"get": "x"}}}),
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op"}}}, "components": []}),
        json!({"openapi": "3.0.1", "paths": {"/a": {"get": {"operationId": "Op", "responses": {}}}}}),
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": {"default": {"$ref": 3}}}}}}),
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": {"200": {"$ref": "#/components/schemas/X"}}}}}, "components": {"schemas": {"X": {}}}}),
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": {"200": {"$ref": "#/components/responses/R"}}}}}, "components": {"responses": {"R": {"$ref": "#/components/responses/R"}}}}),
    ];
    for spec in broken {
        assert!(trim_spec(&spec, &["Op"]).is_err(), "{spec}");
    }
    // Odd but readable shapes pass through without panicking.
    let odd = [
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": "x", "requestBody": 1}}}}),
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": {"": {}, "é": 1, "4": {}, "default": {"content": 5}}}}}}),
        json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "security": [1, {"": []}], "tags": [1]}}}, "components": {"securitySchemes": {"": {}}}, "tags": 5}),
    ];
    for spec in odd {
        assert!(trim_spec(&spec, &["Op"]).is_ok(), "{spec}");
    }
}

// Output.

#[test]
fn the_same_input_gives_the_same_bytes_in_the_committed_layout() {
    let recipe = recipe(&[]).with_selection(Selection::All);
    let a = render(&trim(&upstream(), "abc", &recipe).unwrap()).unwrap();
    let b = render(&trim(&upstream(), "abc", &recipe).unwrap()).unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with("{\n  \"openapi\": \"3.0.1\",\n  \"info\": {\n    \"title\""));
    assert!(a.ends_with("}\n") && !a.ends_with("\n\n"));
}

#[test]
fn trimming_a_trimmed_document_changes_nothing_but_provenance() {
    let recipe = recipe(&[]).with_selection(Selection::All);
    let once = trim(&upstream(), "abc", &recipe).unwrap();
    let twice = trim(&once, "abc", &recipe).unwrap();
    assert_eq!(once["paths"], twice["paths"]);
    assert_eq!(once["components"], twice["components"]);
    assert_eq!(once["tags"], twice["tags"]);
}
