//! Rule 11's proof: the trimmed document is one progenitor generates a
//! client from, with the SDK's own settings, in process.

use std::path::Path;

use identity_codegen::CodegenError;
use serde_json::Value;

/// Why progenitor cannot generate a client from `document`, or `None` if
/// it can.
pub(super) fn failure(document: &Value) -> Option<String> {
    let text = match super::render(document) {
        Ok(text) => text,
        Err(error) => return Some(error.to_string()),
    };
    match identity_codegen::generate(Path::new("the trimmed spec"), &text) {
        Ok(_) => None,
        Err(CodegenError::Generate { message, .. }) => Some(message),
        Err(other) => Some(other.to_string()),
    }
}
