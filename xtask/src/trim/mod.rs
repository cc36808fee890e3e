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
//!    so ([`SeveralSuccessTypes`]).
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
//! 11. **Refusals** name what is wrong: OpenAPI other than 3.0.x, unknown,
//!     duplicate or (with `--all`) missing operationIds, references outside
//!     `#/components/` or to components the document lacks.
//!
//! The code follows the same grouping: this module is the pipeline
//! (selection, version check, provenance, refusals, rendering); `status`
//! says how progenitor reads a status and a body; `responses` holds the
//! per-operation rules 2 to 7; `schemas` the schema surgery (rule 5's
//! merge, rules 8 and 9) and the `$ref` resolution behind rule 1's
//! closure; `patterns` rule 10. Each rule's tests sit beside it.

mod patterns;
mod responses;
mod schemas;
mod status;
#[cfg(test)]
mod test_support;

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::recipe::{Recipe, Selection, SeveralSuccessTypes};
use patterns::{DroppedPattern, escape_pointer, translate_patterns};
use schemas::drop_no_op_constraints;

/// The `tool` recorded in the provenance of every trimmed document: a
/// change of the tool's version is a reviewed change of the output.
pub const TOOL: &str = concat!("cargo xtask trim (xtask ", env!("CARGO_PKG_VERSION"), ")");

/// The key of the provenance object inside `info`.
pub const PROVENANCE_KEY: &str = "x-identity-sdk-trim";

/// The HTTP methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Why a document cannot be trimmed. Each variant names what to look at.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrimError {
    /// Only OpenAPI 3.0.x is supported (by progenitor, and so here).
    #[error(
        "OpenAPI {0} is not supported: progenitor generates clients from OpenAPI 3.0.x documents only"
    )]
    UnsupportedVersion(String),
    /// The recipe names operations the document does not have.
    #[error("the upstream spec has no operation {}", .0.join(", "))]
    UnknownOperations(Vec<String>),
    /// Nothing would be kept.
    #[error("no operations selected: the recipe's `operations` is empty")]
    NothingSelected,
    /// Two operations share an operationId, so a selection is ambiguous and
    /// progenitor would generate two methods of one name.
    #[error("operationId {id} is used by {}", .locations.join(" and "))]
    DuplicateOperationId {
        /// The operationId.
        id: String,
        /// Where it is used, as `METHOD /path`.
        locations: Vec<String>,
    },
    /// `--all` includes an operation progenitor cannot name.
    #[error("operation {0} has no operationId; progenitor needs one to name its method")]
    MissingOperationId(String),
    /// An operation has success responses with different body types and
    /// the recipe says to refuse.
    #[error(
        "operation {operation} has success responses with different body types ({statuses}); \
         progenitor needs one. Set `several-success-types = \"keep-lowest\"` in the recipe \
         to keep the lowest status's type, or leave the operation out"
    )]
    SeveralSuccessTypes {
        /// The operationId.
        operation: String,
        /// The statuses and their body types.
        statuses: String,
    },
    /// A request body is offered in several media types, none JSON.
    #[error(
        "operation {operation} offers its request body as {} and none is application/json; \
         progenitor takes exactly one media type",
        .offered.join(", ")
    )]
    RequestMediaTypes {
        /// The operationId.
        operation: String,
        /// The media types offered.
        offered: Vec<String>,
    },
    /// A `$ref` that is not a local `#/components/<section>/<name>`.
    #[error("unsupported reference {0}: only references into #/components/ are followed")]
    UnsupportedReference(String),
    /// A `$ref` to a component the document does not have.
    #[error("reference {0} names a component the upstream spec does not have")]
    DanglingReference(String),
    /// An operation's `security` names a scheme the document lacks.
    #[error(
        "operation {operation} names security scheme {scheme}, which the upstream spec does not define"
    )]
    UnknownSecurityScheme {
        /// The operationId.
        operation: String,
        /// The scheme's name.
        scheme: String,
    },
    /// The document does not have the shape of an OpenAPI document.
    #[error("the upstream spec is malformed: {0}")]
    Malformed(String),
}

/// Trims `upstream` (whose file has sha256 `upstream_sha256`, hex) to what
/// `recipe` selects, applying the rules of this module.
pub fn trim(upstream: &Value, upstream_sha256: &str, recipe: &Recipe) -> Result<Value, TrimError> {
    check_version(upstream)?;
    let paths = upstream
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`paths` is missing or not an object"))?;
    let selected = select(paths, &recipe.selection)?;
    let empty = Map::new();
    let components = match upstream.get("components") {
        None => &empty,
        Some(components) => components
            .as_object()
            .ok_or_else(|| malformed("`components` is not an object"))?,
    };
    let mut context = TrimContext {
        components,
        schemas: components
            .get("schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        error_schemas: Vec::new(),
        several_success_types: recipe.several_success_types,
        security: upstream.get("security"),
    };

    // Paths and methods in upstream order, whatever the recipe's order.
    let mut kept_paths = Map::new();
    let mut kept_operations = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue; // `select` has refused non-object path items
        };
        if !item
            .keys()
            .any(|key| selected.contains(&(path.clone(), key.clone())))
        {
            continue;
        }
        let mut kept = Map::new();
        for (key, value) in item {
            if !METHODS.contains(&key.as_str()) {
                kept.insert(key.clone(), value.clone());
            } else if selected.contains(&(path.clone(), key.clone())) {
                let mut operation = value.as_object().cloned().unwrap_or_default();
                context.rewrite_operation(&mut operation)?;
                kept_operations.push(operation.clone());
                kept.insert(key.clone(), Value::Object(operation));
            }
        }
        kept_paths.insert(path.clone(), Value::Object(kept));
    }
    context.make_error_schemas_tolerant();
    let mut components = context.closure(&kept_paths, &kept_operations)?;
    for value in kept_paths.values_mut().chain(components.values_mut()) {
        drop_no_op_constraints(value);
    }
    let mut dropped_patterns = Vec::new();
    for (prefix, section) in [
        ("#/paths", &mut kept_paths),
        ("#/components", &mut components),
    ] {
        for (key, value) in section.iter_mut() {
            let pointer = format!("{prefix}/{}", escape_pointer(key));
            translate_patterns(value, &pointer, &mut dropped_patterns);
        }
    }

    let used_tags: HashSet<&str> = kept_operations
        .iter()
        .filter_map(|operation| operation.get("tags")?.as_array())
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let tags: Vec<Value> = upstream
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used_tags.contains(name))
        })
        .cloned()
        .collect();

    let upstream_info = upstream
        .get("info")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`info` is missing or not an object"))?;
    let mut info = upstream_info.clone();
    let mut provenance = json!({
        "upstreamTitle": upstream_info.get("title"),
        "upstreamVersion": upstream_info.get("version"),
        "upstreamSha256": upstream_sha256,
        "tool": TOOL,
    });
    if !dropped_patterns.is_empty() {
        provenance["droppedPatterns"] = dropped_patterns
            .iter()
            .map(DroppedPattern::to_json)
            .collect();
    }
    info.insert(PROVENANCE_KEY.into(), provenance);

    let mut out = Map::new();
    out.insert("openapi".into(), upstream["openapi"].clone());
    out.insert("info".into(), Value::Object(info));
    if let Some(servers) = upstream.get("servers") {
        out.insert("servers".into(), servers.clone());
    }
    out.insert("paths".into(), Value::Object(kept_paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    if let Some(top) = upstream.as_object() {
        for (key, value) in top.iter().filter(|(key, _)| key.starts_with("x-fbn-")) {
            out.insert(key.clone(), value.clone());
        }
    }
    Ok(Value::Object(out))
}

/// The one byte layout of a trimmed spec: upstream key order (serde_json's
/// `preserve_order`), two-space indentation, a final newline. The same as
/// Python's `json.dumps(obj, indent=2, ensure_ascii=False) + "\n"`.
pub fn render(document: &Value) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(document)?;
    text.push('\n');
    Ok(text)
}

fn malformed(message: impl Into<String>) -> TrimError {
    TrimError::Malformed(message.into())
}

/// Rule 11: OpenAPI 3.0.x only.
fn check_version(upstream: &Value) -> Result<(), TrimError> {
    let version = match upstream.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(other) => other.to_string(),
        None => match upstream.get("swagger").and_then(Value::as_str) {
            Some(swagger) => format!("Swagger {swagger}"),
            None => "(no `openapi` field)".to_owned(),
        },
    };
    let patch = version.strip_prefix("3.0.");
    if patch.is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit())) {
        Ok(())
    } else {
        Err(TrimError::UnsupportedVersion(version))
    }
}

/// The `(path, method)` pairs the selection keeps, refusing unknown,
/// duplicate and (for `All`) missing operationIds.
fn select(
    paths: &Map<String, Value>,
    selection: &Selection,
) -> Result<HashSet<(String, String)>, TrimError> {
    let mut by_id: HashMap<&str, Vec<(String, String)>> = HashMap::new();
    let mut without_id = Vec::new();
    for (path, item) in paths {
        let item = item
            .as_object()
            .ok_or_else(|| malformed(format!("path {path} is not an object")))?;
        for (method, operation) in item.iter().filter(|(k, _)| METHODS.contains(&k.as_str())) {
            let operation = operation
                .as_object()
                .ok_or_else(|| malformed(format!("{} is not an object", location(path, method))))?;
            match operation.get("operationId").and_then(Value::as_str) {
                Some(id) => by_id
                    .entry(id)
                    .or_default()
                    .push((path.clone(), method.clone())),
                None => without_id.push(location(path, method)),
            }
        }
    }
    let ids: Vec<&str> = match selection {
        Selection::All => {
            if let Some(first) = without_id.into_iter().next() {
                return Err(TrimError::MissingOperationId(first));
            }
            let mut ids: Vec<&str> = by_id.keys().copied().collect();
            ids.sort_unstable();
            ids
        }
        Selection::Operations(ids) => {
            let mut unknown: Vec<String> = Vec::new();
            for id in ids {
                if !by_id.contains_key(id.as_str()) && !unknown.contains(id) {
                    unknown.push(id.clone());
                }
            }
            if !unknown.is_empty() {
                return Err(TrimError::UnknownOperations(unknown));
            }
            ids.iter().map(String::as_str).collect()
        }
    };
    let mut selected = HashSet::new();
    for id in ids {
        let places = &by_id[id];
        if places.len() > 1 {
            return Err(TrimError::DuplicateOperationId {
                id: id.to_owned(),
                locations: places.iter().map(|(p, m)| location(p, m)).collect(),
            });
        }
        selected.extend(places.iter().cloned());
    }
    if selected.is_empty() {
        return Err(TrimError::NothingSelected);
    }
    Ok(selected)
}

/// `DELETE /api/tokens`: how errors name an operation without an id.
fn location(path: &str, method: &str) -> String {
    format!("{} {path}", method.to_ascii_uppercase())
}

/// The state shared by the rewrites of all kept operations.
struct TrimContext<'a> {
    /// The upstream components, read-only.
    components: &'a Map<String, Value>,
    /// The working copy of `components.schemas`: error schemas are merged
    /// and made tolerant here.
    schemas: Map<String, Value>,
    /// The component schemas used as error bodies, in the order met.
    error_schemas: Vec<String>,
    /// The recipe's choice for rule 4.
    several_success_types: SeveralSuccessTypes,
    /// The document's `security`, inherited by operations without their own.
    security: Option<&'a Value>,
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
}
