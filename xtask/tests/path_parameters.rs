//! A spec whose path parameter is nullable generates a client that does
//! not compile (progenitor holds an `Option`
//! and calls `encode_path(&id.to_string())` on it, E0599); trimmed, it
//! compiles. Both are proven by the compile check itself, in the scratch
//! crate `cargo xtask compile-check` uses, so its compiled dependencies are
//! shared.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use xtask::recipe::{Recipe, Selection, SeveralSuccessTypes};
use xtask::trim::{render, trim};

fn spec() -> Value {
    json!({
        "openapi": "3.0.1",
        "info": {"title": "Things", "version": "1"},
        "paths": {"/api/things/{scope}/{code}": {
            "parameters": [{"name": "scope", "in": "path", "required": true,
                            "schema": {"type": "string", "nullable": true}}],
            "get": {
                "operationId": "GetThing",
                "parameters": [{"name": "code", "in": "path", "required": true,
                                "schema": {"type": "string", "nullable": true}}],
                "responses": {"200": {"description": "The thing", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }
        }},
        "components": {"schemas": {"Thing": {"type": "object",
            "properties": {"code": {"type": "string"}}}}}
    })
}

fn target_dir() -> PathBuf {
    xtask::target_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

#[test]
fn a_nullable_path_parameter_compiles_only_once_trimmed() {
    let scratch = target_dir().join("xtask-compile-check");
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    let specs = target_dir().join("xtask-path-parameters");
    std::fs::create_dir_all(&specs).expect("a directory for the specs");

    let published = specs.join("published.json");
    std::fs::write(&published, render(&spec()).expect("renders")).expect("written");
    let refused = xtask::compile_check::run(&published, &scratch, Some(&lock))
        .expect_err("an Option in a path segment does not compile");
    assert!(
        matches!(refused, xtask::Error::DoesNotCompile { .. }),
        "{refused}"
    );

    let recipe = Recipe {
        selection: Selection::All,
        several_success_types: SeveralSuccessTypes::Refuse,
    };
    let trimmed = trim(&spec(), "abc", &recipe).expect("trims").document;
    let path = specs.join("trimmed.json");
    std::fs::write(&path, render(&trimmed).expect("renders")).expect("written");
    let checked = xtask::compile_check::run(&path, &scratch, Some(&lock)).expect("compiles");
    assert_eq!(checked.operations, 1);
}
