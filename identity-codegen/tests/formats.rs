//! The formats list is what typify does: a client generated from a spec
//! with every listed format uses each listed type, and the spec's required
//! crates are exactly the crates those types come from.

use std::collections::BTreeSet;
use std::path::Path;

use identity_codegen::{FORMATS, OPTIONAL_CRATES, REGRESS, generate, required_crates};
use serde_json::{Map, Value, json};

/// One operation returning an object with a property of each listed format
/// (and, with `pattern`, a patterned string).
fn spec(pattern: bool) -> Value {
    let mut properties: Map<String, Value> = FORMATS
        .iter()
        .map(|format| {
            (
                format!("p_{}", format.format.replace('-', "_")),
                json!({"type": "string", "format": format.format}),
            )
        })
        .collect();
    if pattern {
        properties.insert(
            "code".into(),
            json!({"type": "string", "pattern": "^[A-Z]{3}$"}),
        );
    }
    json!({
        "openapi": "3.0.1",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things": {"get": {
            "operationId": "GetThing",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}
            }}}}
        }}},
        "components": {"schemas": {"Thing": {"type": "object", "properties": properties}}}
    })
}

/// The optional crates `source` names (`::uuid::`...).
fn crates_in(source: &str) -> BTreeSet<&'static str> {
    OPTIONAL_CRATES
        .iter()
        .map(|krate| krate.name)
        .filter(|name| source.contains(&format!("::{name}::")))
        .collect()
}

#[test]
fn every_listed_format_generates_its_listed_type() {
    let spec = spec(false);
    let source = generate(Path::new("formats.json"), &spec.to_string()).unwrap();
    for format in FORMATS {
        assert!(
            source.contains(format.rust_type),
            "format {} should generate {}",
            format.format,
            format.rust_type
        );
    }
    let expected: BTreeSet<&str> = FORMATS
        .iter()
        .filter_map(|format| format.needs.map(|krate| krate.name))
        .collect();
    assert_eq!(required_crates(&spec), expected);
    assert_eq!(crates_in(&source), expected);
}

#[test]
fn a_pattern_generates_a_regress_check() {
    let spec = spec(true);
    let source = generate(Path::new("pattern.json"), &spec.to_string()).unwrap();
    assert!(source.contains("::regress::Regex::new(\"^[A-Z]{3}$\")"));
    assert!(required_crates(&spec).contains(REGRESS.name));
    assert_eq!(crates_in(&source), required_crates(&spec));
}

#[test]
fn an_unlisted_format_is_a_plain_string() {
    let mut spec = spec(false);
    spec["components"]["schemas"]["Thing"]["properties"] = json!({"link": {"type": "string", "format": "uri"}, "blob": {"type": "string", "format": "byte"}});
    let source = generate(Path::new("plain.json"), &spec.to_string()).unwrap();
    assert!(source.contains("pub link: ::std::option::Option<::std::string::String>"));
    assert!(crates_in(&source).is_empty());
    assert!(required_crates(&spec).is_empty());
}
