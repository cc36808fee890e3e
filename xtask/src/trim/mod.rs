//! Trimming an upstream FINBOURNE OpenAPI document into one progenitor can
//! generate a client from. Pure: a document in, a document out, no I/O.
//!
//! Every rule applies to any FINBOURNE-style spec (ASP.NET/Swashbuckle
//! conventions: `default` for errors, `LusidProblemDetails` bodies, several
//! media types per body), never to names known in advance:
//!
//! 1. **Keep** the chosen operations, their path-level keys (parameters),
//!    the components they reference transitively, the security schemes
//!    their `security` names, and the tag objects of their tags; `openapi`,
//!    `info` (plus provenance), `servers` and top-level `x-fbn-*` as
//!    published. An operation without its own `security` gets the
//!    document's (which is dropped with the other top-level keys), so its
//!    meaning is unchanged.
//! 2. **Inline** request bodies and responses that are `$ref`s to
//!    `components/requestBodies` or `components/responses`: the rules below
//!    rewrite them per operation.
//! 3. **One media type per body**: JSON where a body is offered in several
//!    media types. A request body without JSON keeps the first type
//!    progenitor can send (form, byte stream, text) and is refused if it
//!    has none; a response without JSON is kept as is (progenitor reads it
//!    as a byte stream whatever its types). A byte-stream or text request
//!    body whose schema is a string of any format (or absent) gets the one
//!    schema progenitor accepts for it, `{type: string, format: binary}` or
//!    `{type: string}`: it is sent as given either way.
//! 4. **One success type**: success responses with different body types
//!    are refused, or reduced to the lowest status's type if the recipe says
//!    so ([`SeveralSuccessTypes`](crate::recipe::SeveralSuccessTypes)).
//! 5. **One error type**: every error response (`4xx`, `5xx`, ranges,
//!    `default`) carries the same body. With one JSON error schema that is
//!    it; with several, the `default`'s component schema (else the first
//!    one's) absorbs the properties of the others, so no field is lost; a
//!    property declared differently becomes any-JSON; if a body is not an
//!    object schema the error type is any JSON value. Bodiless error
//!    statuses get the body too. Without any JSON error body, bodiless
//!    statuses get the first non-JSON error body so all are byte streams.
//! 6. **`default` becomes `4XX` and `5XX`** (those not declared already):
//!    FINBOURNE uses `default` for errors only, and progenitor reads
//!    `default` as a success type too.
//! 7. **Codes fold into their range** (`404` beside `4XX`, `200` beside
//!    `2XX`): after 4–6 they carry the same type, and progenitor matches the
//!    range first, so the code's match arm would be unreachable (a warning
//!    the SDK's `-D warnings` build refuses).
//! 8. **Error schemas are made tolerant**: no `additionalProperties: false`,
//!    no `required`, no `minLength`/`maxLength`/`pattern` on their
//!    properties, and `extensions` a nullable object of any values (added
//!    when absent). Real error bodies carry extra fields and miss
//!    "required" ones; a strict decoder would turn them into "invalid
//!    payload" and hide the status.
//! 9. **No-op constraints are dropped**: `minLength`, `minItems` and
//!    `minProperties` of `0` constrain nothing, but typify turns
//!    `minLength: 0` into `len < 0`, which rustc warns about (and the SDK
//!    builds with `-D warnings`).
//! 10. **Patterns read as .NET meant them** (see `patterns`): a `pattern`
//!     is translated into the ECMAScript pattern `regress` accepts that
//!     matches the same strings, or dropped and recorded in the provenance
//!     (`droppedPatterns`).
//! 11. **Refusals and drops** name what is wrong. The document is refused
//!     for OpenAPI other than 3.0.x, unknown or duplicate named
//!     operationIds, references outside `#/components/` or to components
//!     the document lacks, and undefined security schemes. An operation is
//!     refused when a rule refuses it (rules 3 and 4) or progenitor cannot
//!     generate it: the trim runs the generator, with the SDK's settings,
//!     on its own output, and if that fails generates each operation in a
//!     document of its own to find which. Operations the recipe or
//!     `--operation` names fail the trim with the operation and
//!     progenitor's message; with `--all` they are dropped instead (as are
//!     operations without an operationId or sharing one), recorded in the
//!     provenance (`droppedOperations`) and counted in
//!     [`Trimmed::kept`], so a drop is never silent.
//! 12. **Secrets are marked** (see `secrets`): a string property whose name
//!     says it carries a secret (`password`, `apiToken`, `clientSecret`,
//!     `key`, `value` of a `SetPassword`) gets `format: password`, which the
//!     SDK generates as its redacting `Secret` type.
//!
//! The code follows the same grouping, each file one job, imports going
//! down this list only:
//!
//! * this module: the loop of rule 11 (build, generate, drop, again) and
//!   the rendering;
//! * `select`: the version check and which operations are selected;
//! * `assemble`: one pass of rules 1 to 10 and 12 over the selection, step
//!   by step, and the output's layout and provenance;
//! * `responses`: the per-operation rules 2 to 7 (`Rewriter`);
//! * `components`: the working copy of the components, `$ref` resolution,
//!   rule 5's merge of error schemas and rule 1's closure;
//! * `schemas`: surgery on one schema (rule 5's property merge, rules 8
//!   and 9);
//! * `status`: how progenitor reads a status and a body;
//! * `patterns`: rule 10, with the .NET → ECMAScript translator in
//!   `dotnet_regex`;
//! * `secrets`: rule 12; `generation`: the generator run of rule 11;
//! * `error`: every refusal ([`TrimError`]) and drop ([`DroppedOperation`]).
//!
//! Operations, `$ref`s and the closure are read with `identity_openapi`,
//! the model every tool of the project shares. Each rule's tests sit beside
//! it.

mod assemble;
mod components;
mod dotnet_regex;
mod error;
mod generation;
mod path_parameters;
mod patterns;
mod responses;
mod schemas;
mod secrets;
mod select;
mod status;
#[cfg(test)]
mod test_support;

use identity_openapi::Document;
use serde_json::{Value, json};

pub use assemble::{PROVENANCE_KEY, TOOL};
pub use error::{DroppedOperation, TrimError};

use crate::recipe::{Recipe, Selection};

/// A trimmed document, and what `--all` had to leave out of it.
#[derive(Clone, Debug)]
pub struct Trimmed {
    /// The document.
    pub document: Value,
    /// The operations it has.
    pub kept: usize,
    /// The operations the upstream has.
    pub upstream_operations: usize,
    /// The operations selected but left out (only ever with `--all`), in
    /// the order found: by the selection, by the rules, by the generator.
    pub dropped: Vec<DroppedOperation>,
}

/// Trims `upstream` (whose file has sha256 `upstream_sha256`, hex) to what
/// `recipe` selects, applying the rules of this module, and proves that
/// progenitor generates a client from the result (rule 11).
pub fn trim(
    upstream: &Value,
    upstream_sha256: &str,
    recipe: &Recipe,
) -> Result<Trimmed, TrimError> {
    select::check_version(upstream)?;
    let (mut selected, mut dropped) = select::select(upstream, &recipe.selection)?;
    let named = matches!(recipe.selection, Selection::Operations(_));
    loop {
        if selected.is_empty() {
            return Err(TrimError::AllDropped(dropped));
        }
        let (mut document, refused) =
            assemble::build(upstream, upstream_sha256, recipe, &selected, named)?;
        // Rule 13 before the generator sees the document: it cannot
        // generate an optional path parameter.
        if let Value::Object(out) = &mut document {
            path_parameters::require_path_parameters(out);
        }
        for drop in refused {
            selected.retain(|op| op.name != drop.operation);
            dropped.push(drop);
        }
        let Some(message) = generation::failure(&document) else {
            if !dropped.is_empty() {
                document["info"][PROVENANCE_KEY]["droppedOperations"] = dropped
                    .iter()
                    .map(|d| json!({"operation": d.operation, "reason": d.reason}))
                    .collect();
            }
            return Ok(Trimmed {
                kept: selected.len(),
                upstream_operations: Document::new(upstream).operations().count(),
                document,
                dropped,
            });
        };
        // Which operations fail, each in a document of its own.
        let failing: Vec<DroppedOperation> = selected
            .iter()
            .filter_map(|op| {
                let alone = std::slice::from_ref(op);
                let reason = match assemble::build(upstream, upstream_sha256, recipe, alone, true) {
                    Ok((document, _)) => generation::failure(&document)?,
                    Err(error) => error.to_string(),
                };
                Some(DroppedOperation {
                    operation: op.name.clone(),
                    reason,
                })
            })
            .collect();
        if failing.is_empty() {
            return Err(TrimError::NotGeneratedTogether(message));
        }
        if named {
            return Err(TrimError::NotGenerated(failing));
        }
        selected.retain(|op| !failing.iter().any(|f| f.operation == op.name));
        dropped.extend(failing);
    }
}

/// The one byte layout of a trimmed spec: upstream key order (serde_json's
/// `preserve_order`), two-space indentation, a final newline. The same as
/// Python's `json.dumps(obj, indent=2, ensure_ascii=False) + "\n"`.
pub fn render(document: &Value) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(document)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trim::test_support::*;

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
        let out = trim_with(&upstream(), &recipe).unwrap();
        let count: usize = out["paths"]
            .as_object()
            .unwrap()
            .values()
            .map(|item| {
                keys(item)
                    .iter()
                    .filter(|k| identity_openapi::is_method(k))
                    .count()
            })
            .sum();
        assert_eq!(count, 3);
        assert_eq!(out["tags"], json!([{"name": "Things"}, {"name": "Tokens"}]));
    }

    // Rule 11: refusals.

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
    fn all_drops_an_operation_without_an_id_and_records_it() {
        let mut spec = upstream();
        if let Some(op) = spec
            .pointer_mut("/paths/~1api~1things/post")
            .and_then(Value::as_object_mut)
        {
            op.shift_remove("operationId");
        }
        let recipe = recipe(&[]).with_selection(Selection::All);
        let trimmed = trim(&spec, "abc", &recipe).unwrap();
        assert_eq!((trimmed.kept, trimmed.upstream_operations), (2, 3));
        assert_eq!(
            trimmed.dropped,
            [DroppedOperation {
                operation: "POST /api/things".into(),
                reason: TrimError::MissingOperationId("POST /api/things".into()).to_string()
            }]
        );
        assert_eq!(
            keys(&trimmed.document["paths"]["/api/things"]),
            ["parameters", "get"]
        );
        assert_eq!(
            trimmed.document["info"][PROVENANCE_KEY]["droppedOperations"],
            json!([{"operation": "POST /api/things", "reason": "operation POST /api/things has no operationId; progenitor needs one to name its method"}])
        );
    }

    #[test]
    fn all_drops_operations_sharing_an_id() {
        let mut spec = upstream();
        spec["paths"]["/api/things"]["get"]["operationId"] = json!("InvalidateToken");
        let recipe = recipe(&[]).with_selection(Selection::All);
        let trimmed = trim(&spec, "abc", &recipe).unwrap();
        let dropped: Vec<&str> = trimmed
            .dropped
            .iter()
            .map(|d| d.operation.as_str())
            .collect();
        assert_eq!(dropped, ["InvalidateToken", "InvalidateToken"]);
        assert!(
            trimmed.dropped[0]
                .reason
                .contains("GET /api/things and DELETE /api/tokens")
        );
        assert_eq!((trimmed.kept, trimmed.upstream_operations), (1, 3));
    }

    #[test]
    fn all_drops_an_operation_a_rule_refuses_and_named_refuses_it() {
        let mut spec = upstream();
        spec["paths"]["/api/tokens"]["delete"]["responses"]["200"] = json!({"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}});
        let all = recipe(&[]).with_selection(Selection::All);
        let trimmed = trim(&spec, "abc", &all).unwrap();
        assert_eq!(trimmed.dropped.len(), 1);
        assert_eq!(trimmed.dropped[0].operation, "InvalidateToken");
        assert!(trimmed.dropped[0].reason.contains("different body types"));
        assert_eq!(keys(&trimmed.document["paths"]), ["/api/things"]);
        // The tag only the dropped operation used goes with it.
        assert_eq!(trimmed.document["tags"], json!([{"name": "Things"}]));
        assert!(matches!(
            trim_spec(&spec, &["InvalidateToken"]),
            Err(TrimError::SeveralSuccessTypes { .. })
        ));
    }

    // Rule 11: what progenitor cannot generate.

    /// `upstream()` with `CreateThing` taking a multipart body, which
    /// progenitor 0.15 cannot send.
    fn with_a_multipart_upload() -> Value {
        let mut spec = upstream();
        spec["paths"]["/api/things"]["post"]["requestBody"] = json!({"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}});
        spec
    }

    #[test]
    fn all_drops_what_progenitor_cannot_generate_and_says_why() {
        let recipe = recipe(&[]).with_selection(Selection::All);
        let trimmed = trim(&with_a_multipart_upload(), "abc", &recipe).unwrap();
        assert_eq!((trimmed.kept, trimmed.upstream_operations), (2, 3));
        assert_eq!(trimmed.dropped[0].operation, "CreateThing");
        assert!(
            trimmed.dropped[0].reason.contains("multipart/form-data"),
            "{}",
            trimmed.dropped[0].reason
        );
        assert_eq!(
            keys(&trimmed.document["paths"]["/api/things"]),
            ["parameters", "get"]
        );
        let recorded = &trimmed.document["info"][PROVENANCE_KEY]["droppedOperations"];
        assert_eq!(recorded[0]["operation"], "CreateThing");
        assert!(generation::failure(&trimmed.document).is_none());
    }

    #[test]
    fn a_named_operation_progenitor_cannot_generate_is_refused_by_name() {
        let error =
            trim_spec(&with_a_multipart_upload(), &["ListThings", "CreateThing"]).unwrap_err();
        let TrimError::NotGenerated(failures) = &error else {
            panic!("{error:?}");
        };
        let names: Vec<&str> = failures.iter().map(|f| f.operation.as_str()).collect();
        assert_eq!(names, ["CreateThing"]);
        let message = error.to_string();
        assert!(
            message.starts_with("progenitor cannot generate operation CreateThing: ")
                && message.contains("multipart/form-data"),
            "{message}"
        );
    }

    #[test]
    fn all_refuses_when_nothing_can_be_kept() {
        let mut spec = with_a_multipart_upload();
        for id in ["ListThings", "InvalidateToken"] {
            let (path, method) = if id == "ListThings" {
                ("/api/things", "get")
            } else {
                ("/api/tokens", "delete")
            };
            spec["paths"][path][method]["requestBody"] =
                spec["paths"]["/api/things"]["post"]["requestBody"].clone();
        }
        let recipe = recipe(&[]).with_selection(Selection::All);
        let error = trim(&spec, "abc", &recipe).unwrap_err();
        assert!(
            matches!(&error, TrimError::AllDropped(dropped) if dropped.len() == 3),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("no operation can be kept: ListThings: ")
        );
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
        // Odd but readable shapes pass the rules without panicking, and are
        // then refused by the generation check, by operation.
        let odd = [
            json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": "x", "requestBody": 1}}}}),
            json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "responses": {"": {}, "é": 1, "4": {}, "default": {"content": 5}}}}}}),
            json!({"openapi": "3.0.1", "info": {}, "paths": {"/a": {"get": {"operationId": "Op", "security": [1, {"": []}], "tags": [1]}}}, "components": {"securitySchemes": {"": {}}}, "tags": 5}),
        ];
        for spec in odd {
            assert!(
                matches!(trim_spec(&spec, &["Op"]), Err(TrimError::NotGenerated(_))),
                "{spec}"
            );
        }
    }

    // Output.

    #[test]
    fn the_same_input_gives_the_same_bytes_in_the_committed_layout() {
        let recipe = recipe(&[]).with_selection(Selection::All);
        let a = render(&trim_with(&upstream(), &recipe).unwrap()).unwrap();
        let b = render(&trim_with(&upstream(), &recipe).unwrap()).unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with("{\n  \"openapi\": \"3.0.1\",\n  \"info\": {\n    \"title\""));
        assert!(a.ends_with("}\n") && !a.ends_with("\n\n"));
    }

    #[test]
    fn trimming_a_trimmed_document_changes_nothing_but_provenance() {
        let recipe = recipe(&[]).with_selection(Selection::All);
        let once = trim_with(&upstream(), &recipe).unwrap();
        let twice = trim_with(&once, &recipe).unwrap();
        assert_eq!(once["paths"], twice["paths"]);
        assert_eq!(once["components"], twice["components"]);
        assert_eq!(once["tags"], twice["tags"]);
    }
}
