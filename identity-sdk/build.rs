//! Generates the Identity client from `openapi/identity.json` with progenitor,
//! for the enabled tag features only.
//!
//! The spec read is the package's own copy (`identity-sdk/openapi/`), so the
//! crate builds from its `.crate` file; `cargo xtask trim` writes it beside
//! the workspace's `openapi/identity.json` and a test keeps the two equal.
//! The settings live in `identity-codegen`, shared with the tooling that
//! checks other specs, so there is exactly one definition of "the client".
//!
//! Each OpenAPI tag is a cargo feature named after it in kebab case
//! (`Personal Authentication Tokens` → `personal-authentication-tokens`);
//! `full` enables all. A tag the manifest has no feature for yet still
//! builds (with `full`), with a cargo warning naming the edit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use identity_codegen::{Features, Options, generate_sdk};

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let spec = manifest_dir.join("openapi/identity.json");
    let manifest = manifest_dir.join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", manifest.display());
    println!("cargo:rerun-if-changed=build.rs");

    let text = read(&spec);
    let document: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| fail(&format!("{} is not JSON: {error}", spec.display())));
    let declared = declared_features(&read(&manifest));
    let enabled = declared
        .iter()
        .filter(|feature| std::env::var_os(feature_variable(feature)).is_some())
        .cloned()
        .collect();
    let features = Features { declared, enabled };
    let options = Options {
        json_schema: features.enabled.contains("schemars"),
    };
    let sdk = generate_sdk(&spec, &document, &features, &options)
        // One readable line in cargo's output instead of a panic backtrace.
        .unwrap_or_else(|error| fail(&error.to_string()));
    for warning in &sdk.warnings {
        println!("cargo:warning={warning}");
    }
    let out = PathBuf::from(env("OUT_DIR"));
    write(&out.join("identity_client.rs"), &sdk.client);
    write(&out.join("operation_tables.rs"), &sdk.tables);
    write(&out.join("operations.rs"), &sdk.operations);
}

/// The features a manifest declares: the keys of its `[features]` table.
/// A line scan, not a TOML parser: the manifest is this crate's own, whose
/// `[features]` lines are `name = [...]`, and a build script's
/// dependencies cost every user's build.
fn declared_features(manifest: &str) -> BTreeSet<String> {
    let mut in_features = false;
    let mut features = BTreeSet::new();
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
            continue;
        }
        if in_features
            && let Some((name, _)) = line.split_once('=')
            && !line.starts_with('#')
        {
            features.insert(name.trim().trim_matches('"').to_owned());
        }
    }
    features
}

/// `CARGO_FEATURE_<NAME>`, as cargo sets it for an enabled feature.
fn feature_variable(feature: &str) -> String {
    format!(
        "CARGO_FEATURE_{}",
        feature.to_ascii_uppercase().replace('-', "_")
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| fail(&format!("cannot read {}: {error}", path.display())))
}

fn write(path: &Path, text: &str) {
    if let Err(error) = std::fs::write(path, text) {
        fail(&format!("cannot write {}: {error}", path.display()));
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        fail(&format!(
            "cargo did not set {name}; run this build through cargo"
        ))
    })
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
