//! What the published crates carry: identity-sdk generates from its own
//! copy of the spec (so it builds from its `.crate`), and that copy can
//! never differ from the workspace's `openapi/identity.json`, the one people
//! edit and `trim --check` gates. Each published crate carries both licence
//! texts that `MIT OR Apache-2.0` names.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn the_packaged_spec_is_the_workspace_spec() {
    let edited = std::fs::read(workspace().join("openapi/identity.json")).unwrap();
    let packaged = std::fs::read(workspace().join("identity-sdk/openapi/identity.json")).unwrap();
    assert!(
        edited == packaged,
        "identity-sdk/openapi/identity.json differs from openapi/identity.json: regenerate both \
         with `cargo xtask trim --upstream <the upstream spec>`"
    );
}

#[test]
fn the_generated_client_and_the_mock_use_the_packaged_spec() {
    let packaged =
        std::fs::read_to_string(workspace().join("identity-sdk/openapi/identity.json")).unwrap();
    assert_eq!(identity_sdk::OPENAPI_SPEC, packaged);
    assert_eq!(identity_sdk_mock::spec::SPEC, packaged);
}

#[test]
fn every_published_crate_carries_both_licences() {
    for krate in ["identity-codegen", "identity-sdk", "identity-sdk-mock"] {
        for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
            let path = workspace().join(krate).join(licence);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert!(
                text.contains("Permission") || text.contains("Apache License"),
                "{krate}/{licence}"
            );
        }
    }
}
