//! Rule 11's first refusals and rule 1's choice: which OpenAPI version is
//! read, and which operations the selection keeps.

use std::collections::HashMap;

use identity_openapi::Document;
use serde_json::Value;

use super::error::{DroppedOperation, TrimError, malformed};
use crate::recipe::Selection;

/// Rule 11: OpenAPI 3.0.x only.
pub(super) fn check_version(upstream: &Value) -> Result<(), TrimError> {
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

/// One selected operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Selected {
    pub(super) path: String,
    pub(super) method: String,
    /// Its operationId, or `METHOD /path` without one.
    pub(super) name: String,
}

/// The operations the selection keeps, in upstream order. Named
/// operations must exist once; with `All`, operations without an
/// operationId or sharing one (progenitor needs a distinct name for each
/// method) are returned as dropped instead.
pub(super) fn select(
    upstream: &Value,
    selection: &Selection,
) -> Result<(Vec<Selected>, Vec<DroppedOperation>), TrimError> {
    let paths = upstream
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`paths` is missing or not an object"))?;
    if let Some(path) = paths
        .iter()
        .find(|(_, item)| !item.is_object())
        .map(|(path, _)| path)
    {
        return Err(malformed(format!("path {path} is not an object")));
    }
    let mut operations: Vec<(Selected, Option<&str>)> = Vec::new();
    let mut by_id: HashMap<&str, Vec<String>> = HashMap::new();
    for operation in Document::new(upstream).operations() {
        if operation.object().is_none() {
            return Err(malformed(format!(
                "{} is not an object",
                operation.location()
            )));
        }
        let id = operation.operation_id();
        if let Some(id) = id {
            by_id.entry(id).or_default().push(operation.location());
        }
        let selected = Selected {
            path: operation.path().to_owned(),
            method: operation.method().to_owned(),
            name: operation.name(),
        };
        operations.push((selected, id));
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
