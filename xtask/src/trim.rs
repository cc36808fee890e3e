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
//! 3. **`application/json` only** where a body is offered in several media
//!    types. A request body offered in several types none of which is JSON
//!    is refused (progenitor takes exactly one); a response without JSON is
//!    kept as is (progenitor reads it as a byte stream whatever its types).
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
//! 10. **Refusals** name what is wrong: OpenAPI other than 3.0.x, unknown,
//!     duplicate or (with `--all`) missing operationIds, references outside
//!     `#/components/` or to components the document lacks.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::recipe::{Recipe, Selection, SeveralSuccessTypes};

/// The `tool` recorded in the provenance of every trimmed document: a
/// change of the tool's version is a reviewed change of the output.
pub const TOOL: &str = concat!("cargo xtask trim (xtask ", env!("CARGO_PKG_VERSION"), ")");

/// The key of the provenance object inside `info`.
pub const PROVENANCE_KEY: &str = "x-identity-sdk-trim";

/// The HTTP methods an OpenAPI path item may hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type kept where several are offered.
const JSON: &str = "application/json";

/// How many `$ref` hops resolving one reference may take before it is
/// called a cycle.
const MAX_REF_HOPS: usize = 32;

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
    let mut work = Work {
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
                work.rewrite_operation(&mut operation)?;
                kept_operations.push(operation.clone());
                kept.insert(key.clone(), Value::Object(operation));
            }
        }
        kept_paths.insert(path.clone(), Value::Object(kept));
    }
    work.make_error_schemas_tolerant();
    let mut components = work.closure(&kept_paths, &kept_operations)?;
    for value in kept_paths.values_mut().chain(components.values_mut()) {
        drop_no_op_constraints(value);
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
    info.insert(
        PROVENANCE_KEY.into(),
        json!({
            "upstreamTitle": upstream_info.get("title"),
            "upstreamVersion": upstream_info.get("version"),
            "upstreamSha256": upstream_sha256,
            "tool": TOOL,
        }),
    );

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

/// Rule 10: OpenAPI 3.0.x only.
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

/// What a response status means to progenitor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// `101`, `2xx`, `2XX`: decoded into the success type.
    Success,
    /// `4xx`, `5xx`, `4XX`, `5XX`, `default`: decoded into the error type.
    Error,
    /// Anything else (`1xx`, `3xx`): progenitor ignores it.
    Other,
}

fn class(status: &str) -> Class {
    match status.as_bytes() {
        b"default" => Class::Error,
        [b'2', x, y] if range_marks(*x, *y) => Class::Success,
        [b'4' | b'5', x, y] if range_marks(*x, *y) => Class::Error,
        _ => match status.parse::<u16>() {
            Ok(101 | 200..=299) => Class::Success,
            Ok(400..=599) => Class::Error,
            _ => Class::Other,
        },
    }
}

fn range_marks(x: u8, y: u8) -> bool {
    x.eq_ignore_ascii_case(&b'X') && y.eq_ignore_ascii_case(&b'X')
}

/// The digit of a range status (`4` for `4XX`).
fn range_digit(status: &str) -> Option<u8> {
    match status.as_bytes() {
        [d @ b'1'..=b'5', x, y] if range_marks(*x, *y) => Some(*d),
        _ => None,
    }
}

/// The digit of a code status's class (`4` for `404`).
fn code_digit(status: &str) -> Option<u8> {
    match status.as_bytes() {
        [d @ b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => Some(*d),
        _ => None,
    }
}

/// A status's place in progenitor's order: codes by value, a range at its
/// first code (after equal codes), `default` last.
fn rank(status: &str) -> (u16, u8) {
    if let Ok(code) = status.parse::<u16>() {
        (code, 0)
    } else if let Some(digit) = range_digit(status) {
        (u16::from(digit - b'0') * 100, 1)
    } else {
        (u16::MAX, 2)
    }
}

fn is_json(media_type: &str) -> bool {
    // What progenitor recognizes as JSON.
    media_type == JSON || media_type.starts_with("application/json;")
}

/// The body of a response as progenitor types it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Body {
    /// No content: `()`.
    None,
    /// Content, none of it JSON: a byte stream.
    Raw,
    /// JSON with this schema (its JSON text, to compare).
    Json(String),
}

fn body(response: &Value) -> Body {
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return Body::None;
    };
    match content.iter().find(|(media, _)| is_json(media)) {
        Some((_, media)) => Body::Json(
            media
                .get("schema")
                .map_or_else(String::new, Value::to_string),
        ),
        None if content.is_empty() => Body::None,
        None => Body::Raw,
    }
}

/// How an error message describes a body.
fn describe(body: &Body) -> String {
    match body {
        Body::None => "no body".to_owned(),
        Body::Raw => "a non-JSON body".to_owned(),
        Body::Json(schema) => serde_json::from_str::<Value>(schema)
            .ok()
            .and_then(|schema| {
                let reference = schema.get("$ref")?.as_str()?;
                Some(reference.rsplit('/').next().unwrap_or(reference).to_owned())
            })
            .unwrap_or_else(|| "an inline schema".to_owned()),
    }
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

/// The state shared by the rewrites of all kept operations.
struct Work<'a> {
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

impl Work<'_> {
    /// Rules 1 (security), 2 to 7 for one operation.
    fn rewrite_operation(&mut self, operation: &mut Map<String, Value>) -> Result<(), TrimError> {
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
            *request = self.resolve("requestBodies", request)?.clone();
            if let Some(content) = request.get_mut("content").and_then(Value::as_object_mut) {
                keep_json_request(&id, content)?;
            }
        }
        let Some(responses) = operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        for response in responses.values_mut() {
            *response = self.resolve("responses", response)?.clone();
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

    /// `value`, or the component its `$ref` (into `section`) names,
    /// following chains of references.
    fn resolve<'v>(&'v self, section: &str, value: &'v Value) -> Result<&'v Value, TrimError> {
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
    fn schema_name(&self, reference: &str) -> Result<String, TrimError> {
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
                self.merge_error_schemas(&schemas)?
            };
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let name = self.schema_name(reference)?;
                    if !self.error_schemas.contains(&name) {
                        self.error_schemas.push(name);
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

    /// One schema for several error body schemas, losing no property.
    fn merge_error_schemas(&mut self, schemas: &[Value]) -> Result<Value, TrimError> {
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
    fn make_error_schemas_tolerant(&mut self) {
        for name in &self.error_schemas {
            if let Some(schema) = self.schemas.get_mut(name) {
                make_tolerant(schema);
            }
        }
    }

    /// Rule 1's closure: the components the kept paths reference, directly
    /// or through other components, and the security schemes the kept
    /// operations name; upstream order of sections and members.
    fn closure(
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

/// Rule 3 for a request body: exactly one media type, JSON if offered.
fn keep_json_request(id: &str, content: &mut Map<String, Value>) -> Result<(), TrimError> {
    if content.len() <= 1 {
        return Ok(());
    }
    if !keep_json_response(content) {
        return Err(TrimError::RequestMediaTypes {
            operation: id.to_owned(),
            offered: content.keys().cloned().collect(),
        });
    }
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

/// An object schema whose properties can be merged and relaxed: `type:
/// object` or untyped with `properties`, and no composition.
fn is_object_schema(schema: &Value) -> bool {
    let Some(schema) = schema.as_object() else {
        return false;
    };
    let composed = ["$ref", "allOf", "anyOf", "oneOf", "not"]
        .iter()
        .any(|key| schema.contains_key(*key));
    let object = match schema.get("type") {
        Some(kind) => kind == "object",
        None => schema.contains_key("properties"),
    };
    object && !composed
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
fn make_tolerant(schema: &mut Value) {
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
        Some(Value::Object(extensions))
            if !["$ref", "allOf", "anyOf", "oneOf", "not"]
                .iter()
                .any(|key| extensions.contains_key(*key)) =>
        {
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
fn drop_no_op_constraints(value: &mut Value) {
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
mod tests;
