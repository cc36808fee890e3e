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
//! The code follows the same grouping: this module is the pipeline
//! (selection, version check, provenance, refusals, rendering); `status`
//! says how progenitor reads a status and a body; `responses` holds the
//! per-operation rules 2 to 7; `schemas` the schema surgery (rule 5's
//! merge, rules 8 and 9) and the `$ref` resolution behind rule 1's
//! closure; `patterns` rule 10; `generation` the generator run of rule 11;
//! `secrets` rule 12.
//! Each rule's tests sit beside it.

mod generation;
mod path_parameters;
mod patterns;
mod responses;
mod schemas;
mod secrets;
mod status;
#[cfg(test)]
mod test_support;

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::recipe::{Recipe, Selection, SeveralSuccessTypes};
use patterns::{DroppedPattern, translate_patterns};
use schemas::drop_no_op_constraints;

/// The `tool` recorded in the provenance of every trimmed document: a
/// change of the tool's version is a reviewed change of the output.
pub const TOOL: &str = concat!("cargo xtask trim (xtask ", env!("CARGO_PKG_VERSION"), ")");

/// The key of the provenance object inside `info`.
pub const PROVENANCE_KEY: &str = "x-identity-sdk-trim";

/// The HTTP methods an OpenAPI path item may hold.
pub(crate) const METHODS: [&str; 8] = [
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
    /// progenitor cannot generate operations the recipe or `--operation`
    /// names (with `--all` they are dropped instead).
    #[error(
        "progenitor cannot generate {}",
        .0.iter().map(|d| format!("operation {}: {}", d.operation, d.reason)).collect::<Vec<_>>().join("; ")
    )]
    NotGenerated(Vec<DroppedOperation>),
    /// Each kept operation generates alone, but not all of them together.
    #[error(
        "progenitor cannot generate the kept operations together, though each generates alone: {0}"
    )]
    NotGeneratedTogether(String),
    /// `--all` dropped every operation.
    #[error(
        "no operation can be kept: {}",
        .0.iter().map(|d| format!("{}: {}", d.operation, d.reason)).collect::<Vec<_>>().join("; ")
    )]
    AllDropped(Vec<DroppedOperation>),
}

impl TrimError {
    /// Whether this refusal is about one operation, which `--all` drops
    /// (and records) instead of refusing the document.
    fn concerns_one_operation(&self) -> bool {
        matches!(
            self,
            TrimError::SeveralSuccessTypes { .. } | TrimError::RequestMediaTypes { .. }
        )
    }
}

/// An operation rule 11 left out of a `--all` trim, as the provenance
/// records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedOperation {
    /// Its operationId, or `METHOD /path` without one.
    pub operation: String,
    /// Why it was dropped: the refusal, or progenitor's message.
    pub reason: String,
}

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
    check_version(upstream)?;
    let paths = upstream
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`paths` is missing or not an object"))?;
    let (mut selected, mut dropped) = select(paths, &recipe.selection)?;
    let named = matches!(recipe.selection, Selection::Operations(_));
    loop {
        if selected.is_empty() {
            return Err(TrimError::AllDropped(dropped));
        }
        let (mut document, refused) = build(upstream, upstream_sha256, recipe, &selected, named)?;
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
                upstream_operations: crate::compile_check::operation_count(upstream),
                document,
                dropped,
            });
        };
        // Which operations fail, each in a document of its own.
        let failing: Vec<DroppedOperation> = selected
            .iter()
            .filter_map(|op| {
                let alone = std::slice::from_ref(op);
                let reason = match build(upstream, upstream_sha256, recipe, alone, true) {
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

/// One selected operation.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Selected {
    path: String,
    method: String,
    /// Its operationId, or `METHOD /path` without one.
    name: String,
}

/// Rules 1 to 10 for the `selected` operations. With `named` false
/// (`--all`), an operation a rule refuses is left out and returned with
/// the reason instead of failing the trim.
fn build(
    upstream: &Value,
    upstream_sha256: &str,
    recipe: &Recipe,
    selected: &[Selected],
    named: bool,
) -> Result<(Value, Vec<DroppedOperation>), TrimError> {
    let paths = upstream
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`paths` is missing or not an object"))?;
    let is_selected = |path: &str, method: &str| {
        selected
            .iter()
            .any(|op| op.path == path && op.method == method)
    };
    let mut refused = Vec::new();
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
        let mut kept = Map::new();
        let mut any = false;
        for (key, value) in item {
            if !METHODS.contains(&key.as_str()) {
                kept.insert(key.clone(), value.clone());
            } else if is_selected(path, key) {
                let mut operation = value.as_object().cloned().unwrap_or_default();
                match context.rewrite_operation(&mut operation) {
                    Ok(()) => {
                        kept_operations.push(operation.clone());
                        kept.insert(key.clone(), Value::Object(operation));
                        any = true;
                    }
                    // These refusals come before the rewrite changes the
                    // shared context, so leaving the operation out is clean.
                    Err(error) if !named && error.concerns_one_operation() => {
                        refused.push(DroppedOperation {
                            operation: operation_name(path, key, &operation),
                            reason: error.to_string(),
                        });
                    }
                    Err(error) => return Err(error),
                }
            }
        }
        if any {
            kept_paths.insert(path.clone(), Value::Object(kept));
        }
    }
    context.make_error_schemas_tolerant();
    let mut components = context.closure(&kept_paths, &kept_operations)?;
    for value in kept_paths.values_mut().chain(components.values_mut()) {
        drop_no_op_constraints(value);
    }
    let mut dropped_patterns = Vec::new();
    let mut kept_paths = Value::Object(kept_paths);
    translate_patterns(&mut kept_paths, "#/paths", &mut dropped_patterns);
    let mut components = Value::Object(components);
    translate_patterns(&mut components, "#/components", &mut dropped_patterns);
    secrets::mark_secrets(&mut kept_paths, None);
    secrets::mark_component_secrets(&mut components);

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
    out.insert("paths".into(), kept_paths);
    if components
        .as_object()
        .is_some_and(|members| !members.is_empty())
    {
        out.insert("components".into(), components);
    }
    if !tags.is_empty() {
        out.insert("tags".into(), Value::Array(tags));
    }
    if let Some(top) = upstream.as_object() {
        for (key, value) in top.iter().filter(|(key, _)| key.starts_with("x-fbn-")) {
            out.insert(key.clone(), value.clone());
        }
    }
    path_parameters::require_path_parameters(&mut out);
    Ok((Value::Object(out), refused))
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

/// The operations the selection keeps, in upstream order. Named
/// operations must exist once; with `All`, operations without an
/// operationId or sharing one (progenitor needs a distinct name for each
/// method) are returned as dropped instead.
fn select(
    paths: &Map<String, Value>,
    selection: &Selection,
) -> Result<(Vec<Selected>, Vec<DroppedOperation>), TrimError> {
    let mut operations: Vec<(Selected, Option<&str>)> = Vec::new();
    let mut by_id: HashMap<&str, Vec<String>> = HashMap::new();
    for (path, item) in paths {
        let item = item
            .as_object()
            .ok_or_else(|| malformed(format!("path {path} is not an object")))?;
        for (method, operation) in item.iter().filter(|(k, _)| METHODS.contains(&k.as_str())) {
            let operation = operation
                .as_object()
                .ok_or_else(|| malformed(format!("{} is not an object", location(path, method))))?;
            let id = operation.get("operationId").and_then(Value::as_str);
            if let Some(id) = id {
                by_id.entry(id).or_default().push(location(path, method));
            }
            let selected = Selected {
                path: path.clone(),
                method: method.clone(),
                name: operation_name(path, method, operation),
            };
            operations.push((selected, id));
        }
    }
    let duplicate = |id: &str| TrimError::DuplicateOperationId {
        id: id.to_owned(),
        locations: by_id[id].clone(),
    };
    let mut selected = Vec::new();
    let mut dropped = Vec::new();
    match selection {
        Selection::All => {
            for (operation, id) in operations {
                let refusal = match id {
                    None => Some(TrimError::MissingOperationId(operation.name.clone())),
                    Some(id) if by_id[id].len() > 1 => Some(duplicate(id)),
                    Some(_) => None,
                };
                match refusal {
                    Some(refusal) => dropped.push(DroppedOperation {
                        operation: operation.name,
                        reason: refusal.to_string(),
                    }),
                    None => selected.push(operation),
                }
            }
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
            for id in ids {
                if by_id[id.as_str()].len() > 1 {
                    return Err(duplicate(id));
                }
            }
            selected = operations
                .into_iter()
                .filter(|(_, id)| id.is_some_and(|id| ids.iter().any(|wanted| wanted == id)))
                .map(|(operation, _)| operation)
                .collect();
            if selected.is_empty() {
                return Err(TrimError::NothingSelected);
            }
        }
    }
    Ok((selected, dropped))
}

/// How records and errors name an operation: its operationId, else
/// `METHOD /path`.
fn operation_name(path: &str, method: &str, operation: &Map<String, Value>) -> String {
    operation
        .get("operationId")
        .and_then(Value::as_str)
        .map_or_else(|| location(path, method), str::to_owned)
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
        let out = trim_with(&upstream(), &recipe).unwrap();
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
