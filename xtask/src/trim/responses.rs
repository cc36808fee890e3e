//! Rules 2 to 7, per operation: inline referenced bodies and responses,
//! keep JSON, one success type, one error type, `default` split into
//! ranges, codes folded into their range.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value, json};

use super::components::Components;
use super::error::TrimError;
use super::schemas::make_tolerant;
use super::status::{
    Body, Class, RequestKind, body, class, code_digit, describe, is_json, range_digit, rank,
    request_kind,
};
use crate::recipe::SeveralSuccessTypes;

/// The state shared by the rewrites of all kept operations.
pub(super) struct Rewriter<'a> {
    /// The components, whose error schemas the rewrites merge.
    pub(super) components: Components<'a>,
    /// The recipe's choice for rule 4.
    pub(super) several_success_types: SeveralSuccessTypes,
    /// The document's `security`, inherited by operations without their own.
    pub(super) security: Option<&'a Value>,
}

impl Rewriter<'_> {
    /// Rules 1 (security), 2 to 7 for one operation.
    pub(super) fn rewrite_operation(
        &mut self,
        operation: &mut Map<String, Value>,
    ) -> Result<(), TrimError> {
        let id = operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !operation.contains_key("security")
            && let Some(security) = self.security
        {
            operation.insert("security".into(), security.clone());
        }
        if let Some(request) = operation.get_mut("requestBody") {
            *request = self.components.resolve("requestBodies", request)?.clone();
            if let Some(content) = request.get_mut("content").and_then(Value::as_object_mut) {
                keep_one_request_type(&id, content)?;
                self.raw_request_schema(content)?;
            }
        }
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        for response in responses.values_mut() {
            *response = self.components.resolve("responses", response)?.clone();
            if let Some(content) = response.get_mut("content").and_then(Value::as_object_mut) {
                keep_json_response(content);
            }
        }
        self.one_success_type(&id, responses)?;
        self.one_error_type(responses)?;
        split_default(responses);
        fold_into_ranges(responses);
        Ok(())
    }

    /// Rule 3 for a raw request body (`application/octet-stream`, or text):
    /// progenitor sends it as given and accepts only the plainest schema for
    /// it, `{type: string, format: binary}` or `{type: string}`. A string
    /// schema of any format or constraints (or none at all) says nothing
    /// more about bytes or text sent as they are, so it becomes that schema,
    /// keeping its description. Other schemas are left for progenitor to
    /// judge.
    fn raw_request_schema(&self, content: &mut Map<String, Value>) -> Result<(), TrimError> {
        for (media_type, media) in content.iter_mut() {
            let plain = match request_kind(media_type) {
                Some(RequestKind::Bytes) => json!({"type": "string", "format": "binary"}),
                Some(RequestKind::Text) => json!({"type": "string"}),
                _ => continue,
            };
            let Some(media) = media.as_object_mut() else {
                continue;
            };
            let schema = match media.get("schema") {
                None => None,
                Some(schema) => match schema.get("$ref").and_then(Value::as_str) {
                    Some(reference) => self
                        .components
                        .schemas
                        .get(&self.components.schema_name(reference)?)
                        .cloned(),
                    None => Some(schema.clone()),
                },
            };
            let is_string =
                |schema: &Value| schema.get("type").and_then(Value::as_str) == Some("string");
            if schema.as_ref().is_some_and(|schema| !is_string(schema)) {
                continue;
            }
            let mut plain = plain;
            if let Some(description) = schema.as_ref().and_then(|schema| schema.get("description"))
            {
                plain["description"] = description.clone();
            }
            if media.get("schema") != Some(&plain) {
                media.insert("schema".into(), plain);
            }
        }
        Ok(())
    }

    /// Rule 4.
    fn one_success_type(
        &self,
        id: &str,
        responses: &mut Map<String, Value>,
    ) -> Result<(), TrimError> {
        let success: Vec<(&String, Body)> = responses
            .iter()
            .filter(|(status, _)| class(status) == Class::Success)
            .map(|(status, response)| (status, body(response)))
            .collect();
        let kinds: BTreeSet<&Body> = success.iter().map(|(_, body)| body).collect();
        if kinds.len() <= 1 {
            return Ok(());
        }
        match self.several_success_types {
            SeveralSuccessTypes::Refuse => Err(TrimError::SeveralSuccessTypes {
                operation: id.to_owned(),
                statuses: success
                    .iter()
                    .map(|(status, body)| format!("{status}: {}", describe(body)))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
            SeveralSuccessTypes::KeepLowest => {
                let keep = success
                    .iter()
                    .min_by_key(|(status, _)| rank(status))
                    .map(|(_, body)| body.clone())
                    .unwrap_or(Body::None);
                responses.retain(|status, response| {
                    class(status) != Class::Success || body(response) == keep
                });
                Ok(())
            }
        }
    }

    /// Rule 5: every error response carries the same body.
    fn one_error_type(&mut self, responses: &mut Map<String, Value>) -> Result<(), TrimError> {
        let errors: Vec<(&String, &Value)> = responses
            .iter()
            .filter(|(status, _)| class(status) == Class::Error)
            .collect();
        // The `default` first: it is FINBOURNE's catch-all, the base type.
        let mut json: Vec<(&String, &Value)> = errors
            .iter()
            .filter(|(_, response)| matches!(body(response), Body::Json(_)))
            .copied()
            .collect();
        json.sort_by_key(|(status, _)| status.as_str() != "default");

        let content = if let Some((_, base)) = json.first() {
            let base_content = base["content"].as_object().cloned().unwrap_or_default();
            let Some((media_type, media)) = base_content.into_iter().find(|(m, _)| is_json(m))
            else {
                return Ok(()); // unreachable: `json` holds JSON bodies only
            };
            let mut schemas: Vec<Value> = Vec::new();
            for (_, response) in &json {
                let schema = response["content"]
                    .as_object()
                    .and_then(|content| content.iter().find(|(m, _)| is_json(m)))
                    .and_then(|(_, media)| media.get("schema"))
                    .cloned()
                    .unwrap_or_else(|| json!({}));
                if !schemas.contains(&schema) {
                    schemas.push(schema);
                }
            }
            let mut schema = if schemas.len() == 1 {
                schemas.swap_remove(0)
            } else {
                self.components.merge_error_schemas(&schemas)?
            };
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = self.components.schema_name(reference)?;
                    if !self.components.error_schemas.contains(&name) {
                        self.components.error_schemas.push(name);
                    }
                }
                None => make_tolerant(&mut schema),
            }
            let mut media = media;
            if let Some(media) = media.as_object_mut() {
                media.insert("schema".into(), schema);
            }
            Value::Object(Map::from_iter([(media_type, media)]))
        } else if let Some((_, raw)) = errors.iter().find(|(_, r)| body(r) == Body::Raw) {
            // No JSON error body: make the bodiless ones byte streams too.
            let raw = raw["content"].clone();
            for (status, response) in responses.iter_mut() {
                if class(status) == Class::Error && body(response) == Body::None {
                    set_content(response, &raw);
                }
            }
            return Ok(());
        } else {
            return Ok(()); // every error response is bodiless: one type already
        };
        for (status, response) in responses.iter_mut() {
            if class(status) == Class::Error {
                set_content(response, &content);
            }
        }
        Ok(())
    }
}

/// Rule 3 for a request body: exactly one media type; JSON if offered,
/// else the first one progenitor can send.
fn keep_one_request_type(id: &str, content: &mut Map<String, Value>) -> Result<(), TrimError> {
    if content.len() <= 1 || keep_json_response(content) {
        return Ok(());
    }
    let Some(sendable) = content
        .keys()
        .find(|media| request_kind(media).is_some())
        .cloned()
    else {
        return Err(TrimError::RequestMediaTypes {
            operation: id.to_owned(),
            offered: content.keys().cloned().collect(),
        });
    };
    content.retain(|media, _| *media == sendable);
    Ok(())
}

/// Rule 3 for a response: only the JSON media type where there is one.
/// Returns whether there was one.
fn keep_json_response(content: &mut Map<String, Value>) -> bool {
    let Some(json) = content.keys().find(|media| is_json(media)).cloned() else {
        return false;
    };
    content.retain(|media, _| *media == json);
    true
}

/// `response` with `content` as its body, keeping its description and
/// headers; the key keeps its place if present.
fn set_content(response: &mut Value, content: &Value) {
    if let Some(response) = response.as_object_mut() {
        response.insert("content".into(), content.clone());
    }
}

/// Rule 6: `default` becomes the `4XX` and `5XX` not declared, in its place.
fn split_default(responses: &mut Map<String, Value>) {
    if !responses.contains_key("default") {
        return;
    }
    let declared: HashSet<Option<u8>> = responses.keys().map(|s| range_digit(s)).collect();
    let ranges: Vec<&str> = ["4XX", "5XX"]
        .into_iter()
        .filter(|range| !declared.contains(&range_digit(range)))
        .collect();
    *responses = std::mem::take(responses)
        .into_iter()
        .flat_map(|(status, response)| {
            if status == "default" {
                ranges
                    .iter()
                    .map(|range| ((*range).to_owned(), response.clone()))
                    .collect()
            } else {
                vec![(status, response)]
            }
        })
        .collect();
}

/// Rule 7: drop the `2xx`, `4xx` and `5xx` codes that have a range of
/// their class beside them (rules 4 and 5 gave them the same type).
fn fold_into_ranges(responses: &mut Map<String, Value>) {
    let ranges: HashSet<u8> = responses
        .keys()
        .filter_map(|status| range_digit(status))
        .filter(|digit| matches!(digit, b'2' | b'4' | b'5'))
        .collect();
    responses.retain(|status, _| code_digit(status).is_none_or(|digit| !ranges.contains(&digit)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::Recipe;
    use crate::trim::test_support::*;

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
        let out = trim_with(&spec, &recipe).unwrap();
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

    // Rule 3: one media type per body.

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
    fn a_request_body_in_several_types_progenitor_cannot_send_is_refused() {
        let mut spec = upstream();
        spec["paths"]["/api/things"]["post"]["requestBody"]["content"] = json!({
            "multipart/form-data": {"schema": {"type": "object"}},
            "application/xml": {"schema": {"type": "string"}}
        });
        let error = trim_spec(&spec, &["CreateThing"]).unwrap_err();
        assert_eq!(
            error,
            TrimError::RequestMediaTypes {
                operation: "CreateThing".into(),
                offered: vec!["multipart/form-data".into(), "application/xml".into()]
            }
        );
        assert!(error.to_string().contains("CreateThing"));
    }

    /// A spec whose one operation `POST /op` takes `request` as its body.
    fn with_request(request: Value, schemas: Value) -> Value {
        json!({
            "openapi": "3.0.1",
            "info": {"title": "T", "version": "1"},
            "paths": {"/op": {"post": {
                "operationId": "Op",
                "requestBody": request,
                "responses": {"204": {"description": "done"}}
            }}},
            "components": {"schemas": schemas}
        })
    }

    fn request_of(out: &Value) -> &Value {
        &out["paths"]["/op"]["post"]["requestBody"]["content"]
    }

    #[test]
    fn without_json_the_first_type_progenitor_can_send_is_kept() {
        let spec = with_request(
            json!({"content": {
                "application/xml": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            }}),
            json!({}),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        assert_eq!(
            request_of(&out),
            &json!({"text/plain": {"schema": {"type": "string"}}})
        );
    }

    #[test]
    fn a_byte_stream_request_of_any_string_schema_is_binary() {
        let binary = json!({"type": "string", "format": "binary"});
        for (schema, expected) in [
            (json!({"type": "string", "format": "byte"}), binary.clone()),
            (
                json!({"type": "string", "description": "The file.", "nullable": true, "maxLength": 9}),
                json!({"type": "string", "format": "binary", "description": "The file."}),
            ),
            (json!({"$ref": "#/components/schemas/Blob"}), binary.clone()),
        ] {
            let spec = with_request(
                json!({"content": {"application/octet-stream": {"schema": schema}}}),
                json!({"Blob": {"type": "string", "format": "byte"}}),
            );
            let out = trim_spec(&spec, &["Op"]).unwrap();
            assert_eq!(
                request_of(&out)["application/octet-stream"]["schema"],
                expected,
                "{schema}"
            );
        }
        // Not a string: left as it is, for progenitor to refuse by name.
        let spec = with_request(
            json!({"content": {"application/octet-stream": {"schema": {"type": "object"}}}}),
            json!({}),
        );
        let error = trim_spec(&spec, &["Op"]).unwrap_err();
        assert!(
            matches!(&error, TrimError::NotGenerated(failures) if failures[0].operation == "Op")
        );
        assert!(
            error
                .to_string()
                .contains("invalid schema for application/octet-stream"),
            "{error}"
        );
        // No schema: any bytes.
        let spec = with_request(
            json!({"content": {"application/octet-stream": {}}}),
            json!({}),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        assert_eq!(
            request_of(&out)["application/octet-stream"]["schema"],
            binary
        );
        // The referenced string schema is no longer needed.
        let spec = with_request(
            json!({"content": {"application/octet-stream": {"schema": {"$ref": "#/components/schemas/Blob"}}}}),
            json!({"Blob": {"type": "string", "format": "byte"}}),
        );
        assert!(
            trim_spec(&spec, &["Op"])
                .unwrap()
                .get("components")
                .is_none()
        );
    }

    #[test]
    fn a_text_request_is_a_plain_string() {
        let spec = with_request(
            json!({"content": {"text/plain; charset=utf-8": {"schema": {"type": "string", "pattern": "^a", "minLength": 1}}}}),
            json!({}),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        assert_eq!(
            request_of(&out),
            &json!({"text/plain; charset=utf-8": {"schema": {"type": "string"}}})
        );
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
        let out = trim_with(&spec, &recipe).unwrap();
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
}
