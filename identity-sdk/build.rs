//! Generates the Identity client from `openapi/identity.json` with progenitor.
//!
//! The spec read is the package's own copy (`identity-sdk/openapi/`), so the
//! crate builds from its `.crate` file; `cargo xtask trim` writes it beside
//! the workspace's `openapi/identity.json` and a test keeps the two equal.
//!
//! The settings live in `identity-codegen`, shared with the tooling that
//! checks other specs, so there is exactly one definition of "the client".

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let spec = manifest_dir.join("openapi/identity.json");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed=build.rs");

    let source = match identity_codegen::generate_file(&spec) {
        Ok(source) => source,
        Err(error) => {
            // One readable line in cargo's output instead of a panic backtrace.
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(env("OUT_DIR")).join("identity_client.rs");
    if let Err(error) = std::fs::write(&out, source) {
        eprintln!("error: cannot write {}: {error}", out.display());
        std::process::exit(1);
    }
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("error: cargo did not set {name}; run this build through cargo");
        std::process::exit(1);
    })
}
