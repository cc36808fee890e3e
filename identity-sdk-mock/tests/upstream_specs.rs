//! The Identity specs published upstream, read where they are beside the
//! project (`../shared/openapi/upstream/*.json`, never copied in): every
//! operation of each, the newer ones included, has a handler in the mock,
//! so regenerating from a newer spec needs no new handler for what is
//! already there. When the directory is absent the test says so and
//! checks nothing.

use std::path::Path;

use identity_sdk_mock::MockIdentity;
use serde_json::Value;

#[test]
fn every_upstream_operation_has_a_handler() {
    let upstream = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi/upstream");
    let Ok(entries) = std::fs::read_dir(&upstream) else {
        eprintln!("skipped: no specs in {}", upstream.display());
        return;
    };
    let mut checked = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let missing: Vec<&str> = spec["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(_, item)| item.as_object().into_iter().flatten())
            .filter_map(|(_, operation)| operation.get("operationId")?.as_str())
            .filter(|id| !MockIdentity::simulates(id))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: no handler for {missing:?}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked > 0, "no spec in {}", upstream.display());
}
