//! A spec progenitor cannot handle must come back as one readable error that
//! names the file, never as a panic.

use std::path::Path;

use identity_codegen::{CodegenError, generate, generate_file};

/// The smallest document with one operation, whose responses are `responses`.
fn spec_with_responses(openapi: &str, responses: serde_json::Value) -> String {
    serde_json::json!({
        "openapi": openapi,
        "info": {"title": "t", "version": "1"},
        "paths": {"/api/tokens": {"delete": {
            "operationId": "InvalidateToken",
            "responses": responses
        }}},
        "components": {"schemas": {"Problem": {
            "type": "object",
            "properties": {"name": {"type": "string"}}
        }}}
    })
    .to_string()
}

fn problem_response() -> serde_json::Value {
    serde_json::json!({
        "description": "Error response",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

#[test]
fn the_committed_spec_generates_the_tokens_client() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/identity.json");
    let source = generate_file(&spec).unwrap();
    assert!(source.contains("pub trait ClientTokensExt"));
    assert!(source.contains("fn invalidate_token(&self)"));
    assert!(source.contains("schemars::JsonSchema"));
}

#[test]
fn a_default_error_beside_no_content_is_reported_not_panicked() {
    // The upstream InvalidateToken as published: progenitor asserts on it.
    let text = spec_with_responses(
        "3.0.1",
        serde_json::json!({"204": {"description": "No Content"}, "default": problem_response()}),
    );
    let error = generate(Path::new("upstream.json"), &text).unwrap_err();
    assert!(matches!(error, CodegenError::Generate { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("upstream.json"), "{message}");
    assert!(message.contains("generator panicked"), "{message}");
}

#[test]
fn error_ranges_beside_no_content_generate() {
    let text = spec_with_responses(
        "3.0.1",
        serde_json::json!({
            "204": {"description": "No Content"},
            "4XX": problem_response(),
            "5XX": problem_response()
        }),
    );
    generate(Path::new("ranges.json"), &text).unwrap();
}

#[test]
fn openapi_3_1_is_refused_by_name() {
    let text = spec_with_responses("3.1.0", serde_json::json!({"204": {"description": "ok"}}));
    let message = generate(Path::new("new.json"), &text)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("new.json") && message.contains("3.1.0"),
        "{message}"
    );
}

#[test]
fn a_missing_file_names_the_file() {
    let error = generate_file(Path::new("no/such/spec.json")).unwrap_err();
    assert!(matches!(error, CodegenError::Read { .. }));
    assert!(error.to_string().contains("no/such/spec.json"));
}

#[test]
fn invalid_json_names_the_file_and_the_position() {
    let message = generate(Path::new("broken.json"), "{\"openapi\": ")
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("broken.json") && message.contains("line 1"),
        "{message}"
    );
}
