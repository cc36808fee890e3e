//! Every operation of the spec has contract tests: a regeneration that adds
//! operations cannot pass CI until someone writes theirs.
//!
//! The convention: operation `InvalidateToken` (`DELETE /api/tokens`) is
//! tested in `tests/contract/invalidate_token.rs`, a module of the
//! `contract` test binary (`tests/contract/main.rs` declares it), which must
//! hold at least one test and state the whole request with
//! `Contract::new("DELETE", "/api/tokens")` (method, path, query, body and
//! headers, checked against the spec; see `identity_sdk_mock::contract`).

use std::path::Path;

/// `InvalidateToken` → `invalidate_token`.
fn snake_case(operation_id: &str) -> String {
    let mut snake = String::new();
    for (i, c) in operation_id.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.extend(c.to_lowercase());
    }
    snake
}

#[test]
fn every_operation_in_the_spec_has_a_contract_test() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Read from disk, not the copy embedded at compile time: this checks the
    // spec as it is in the tree now.
    let spec_path = crate_dir.join("../openapi/identity.json");
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();

    let main = std::fs::read_to_string(crate_dir.join("tests/contract/main.rs")).unwrap();
    let mut missing = Vec::new();
    let mut covered = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            let module = snake_case(id);
            let file = crate_dir
                .join("tests/contract")
                .join(format!("{module}.rs"));
            let declared = main.contains(&format!("\nmod {module};"));
            let statement = format!("Contract::new({:?}, {path:?})", method.to_uppercase());
            let source = std::fs::read_to_string(&file).unwrap_or_default();
            if !source.contains("#[tokio::test]") {
                missing.push(format!(
                    "{id} ({} {path}): expected tests in tests/contract/{module}.rs",
                    method.to_uppercase(),
                ));
            } else if !source.contains(&statement) {
                missing.push(format!(
                    "{id}: tests/contract/{module}.rs does not state the request with {statement}"
                ));
            } else if !declared {
                missing.push(format!(
                    "{id}: tests/contract/main.rs does not declare `mod {module};`"
                ));
            } else {
                covered += 1;
            }
        }
    }

    assert!(
        missing.is_empty(),
        "operations without contract tests:\n  {}",
        missing.join("\n  ")
    );
    assert!(covered > 0, "the spec has no operations");
}

#[test]
fn operation_ids_map_to_file_names() {
    assert_eq!(snake_case("InvalidateToken"), "invalidate_token");
    assert_eq!(snake_case("GetMyRoles"), "get_my_roles");
}
