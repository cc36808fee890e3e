//! Rules 1 to 10 and 12 for a set of selected operations: the trimmed
//! document, assembled in the committed layout. Each step is one function;
//! [`build`] runs them in order.

use std::collections::HashSet;

use identity_openapi::is_method;
use serde_json::{Map, Value, json};

use super::components::Components;
use super::error::{DroppedOperation, TrimError, malformed};
use super::patterns::{DroppedPattern, translate_patterns};
use super::responses::Rewriter;
use super::schemas::drop_no_op_constraints;
use super::secrets;
use super::select::Selected;
use crate::recipe::Recipe;

/// The `tool` recorded in the provenance of every trimmed document: a
/// change of the tool's version is a reviewed change of the output.
pub const TOOL: &str = concat!("cargo xtask trim (xtask ", env!("CARGO_PKG_VERSION"), ")");

/// The key of the provenance object inside `info`.
pub const PROVENANCE_KEY: &str = "x-identity-sdk-trim";

/// Rules 1 to 10 and 12 for the `selected` operations. With `named` false
/// (`--all`), an operation a rule refuses is left out and returned with
/// the reason instead of failing the trim.
pub(super) fn build(
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
    let empty = Map::new();
    let components = match upstream.get("components") {
        None => &empty,
        Some(components) => components
            .as_object()
            .ok_or_else(|| malformed("`components` is not an object"))?,
    };
    let mut rewriter = Rewriter {
        components: Components::new(components),
        several_success_types: recipe.several_success_types,
        security: upstream.get("security"),
    };
    let kept = rewrite_paths(paths, selected, named, &mut rewriter)?;
    rewriter.components.make_error_schemas_tolerant();
    let components = rewriter.components.closure(&kept.paths, &kept.operations)?;
    let (paths, components, dropped_patterns) = finish_schemas(kept.paths, components);
    let tags = used_tags(upstream, &kept.operations);
    let info = info_with_provenance(upstream, upstream_sha256, &dropped_patterns)?;
    let document = assemble(upstream, info, paths, components, tags);
    Ok((document, kept.refused))
}

/// What [`rewrite_paths`] kept and left out.
struct Kept {
    /// The path items that keep an operation, with their other keys.
    paths: Map<String, Value>,
    /// The kept operations, rewritten.
    operations: Vec<Map<String, Value>>,
    /// The operations a rule refused (only with `--all`).
    refused: Vec<DroppedOperation>,
}

/// Rules 1 to 7 per path item: the selected operations rewritten, the
/// path items' other keys kept, paths and methods in upstream order
/// whatever the recipe's order.
fn rewrite_paths(
    paths: &Map<String, Value>,
    selected: &[Selected],
    named: bool,
    rewriter: &mut Rewriter<'_>,
) -> Result<Kept, TrimError> {
    let chosen = |path: &str, method: &str| {
        selected
            .iter()
            .find(|op| op.path == path && op.method == method)
    };
    let mut out = Kept {
        paths: Map::new(),
        operations: Vec::new(),
        refused: Vec::new(),
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue; // `select` has refused non-object path items
        };
        let mut kept = Map::new();
        let mut any = false;
        for (key, value) in item {
            if !is_method(key) {
                kept.insert(key.clone(), value.clone());
            } else if let Some(chosen) = chosen(path, key) {
                let mut operation = value.as_object().cloned().unwrap_or_default();
                match rewriter.rewrite_operation(&mut operation) {
                    Ok(()) => {
                        out.operations.push(operation.clone());
                        kept.insert(key.clone(), Value::Object(operation));
                        any = true;
                    }
                    // These refusals come before the rewrite changes the
                    // shared context, so leaving the operation out is clean.
                    Err(error) if !named && error.concerns_one_operation() => {
                        out.refused.push(DroppedOperation {
                            operation: chosen.name.clone(),
                            reason: error.to_string(),
                        });
                    }
                    Err(error) => return Err(error),
                }
            }
        }
        if any {
            out.paths.insert(path.clone(), Value::Object(kept));
        }
    }
    Ok(out)
}

/// Rules 9, 10 and 12 on everything kept: no-op constraints dropped,
/// patterns translated (those dropped returned), secrets marked.
fn finish_schemas(
    paths: Map<String, Value>,
    components: Map<String, Value>,
) -> (Value, Value, Vec<DroppedPattern>) {
    let mut paths = Value::Object(paths);
    let mut components = Value::Object(components);
    drop_no_op_constraints(&mut paths);
    drop_no_op_constraints(&mut components);
    let mut dropped_patterns = Vec::new();
    translate_patterns(&mut paths, "#/paths", &mut dropped_patterns);
    translate_patterns(&mut components, "#/components", &mut dropped_patterns);
    secrets::mark_secrets(&mut paths, None);
    secrets::mark_component_secrets(&mut components);
    (paths, components, dropped_patterns)
}

/// Rule 1: the upstream tag objects of the tags the kept operations use,
/// in upstream order.
fn used_tags(upstream: &Value, operations: &[Map<String, Value>]) -> Vec<Value> {
    let used: HashSet<&str> = operations
        .iter()
        .filter_map(|operation| operation.get("tags")?.as_array())
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    upstream
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|tag| {
            tag.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| used.contains(name))
        })
        .cloned()
        .collect()
}

/// The upstream `info` with the provenance record: where the document
/// came from, the tool that made it, and the patterns rule 10 dropped.
fn info_with_provenance(
    upstream: &Value,
    upstream_sha256: &str,
    dropped_patterns: &[DroppedPattern],
) -> Result<Map<String, Value>, TrimError> {
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
    Ok(info)
}

/// The document in the committed key order: `openapi`, `info`, `servers`,
/// `paths`, `components` and `tags` (if any), then the top-level `x-fbn-*`
/// extensions as published.
fn assemble(
    upstream: &Value,
    info: Map<String, Value>,
    paths: Value,
    components: Value,
    tags: Vec<Value>,
) -> Value {
    let mut out = Map::new();
    out.insert("openapi".into(), upstream["openapi"].clone());
    out.insert("info".into(), Value::Object(info));
    if let Some(servers) = upstream.get("servers") {
        out.insert("servers".into(), servers.clone());
    }
    out.insert("paths".into(), paths);
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
    Value::Object(out)
}
