//! Generates the Identity client from `openapi/identity.json` for the enabled
//! features, into `OUT_DIR`.
//!
//! The spec read is the package's own copy (`identity-sdk/openapi/`), so the
//! crate builds from its `.crate` file; `cargo xtask trim` writes it beside
//! the workspace's `openapi/identity.json` and a test keeps the two equal.
//!
//! Two ways, one result:
//!
//! * With only the default features, the sources `cargo xtask trim`
//!   generated into `generated/` with identity-codegen are copied, after
//!   checking that they were made from this very spec: compiling progenitor
//!   in every user's build script is most of what the SDK would add to a
//!   clean build.
//! * With any feature that changes the generated code (a tag other than
//!   `tokens`, `schemars`, ...; they enable the private `__generate`),
//!   identity-codegen generates here, with progenitor, only the enabled
//!   tags' operations. Each OpenAPI tag is a cargo feature named after it in
//!   kebab case; `full` enables all. A tag the manifest has no feature for
//!   yet still builds (with `full`), with a cargo warning naming the edit.

use std::path::{Path, PathBuf};

/// The files written to `OUT_DIR`, as the library includes them.
const OUT_FILES: [&str; 2] = ["identity_client.rs", "operations.rs"];

fn main() {
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let spec = manifest_dir.join("openapi/identity.json");
    let manifest = manifest_dir.join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", manifest.display());
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(env("OUT_DIR"));

    #[cfg(feature = "__generate")]
    generate(&spec, &manifest, &out);
    #[cfg(not(feature = "__generate"))]
    copy_pregenerated(&spec, &manifest_dir.join("generated"), &out);
}

/// Generates the client of the enabled features with identity-codegen.
#[cfg(feature = "__generate")]
fn generate(spec: &Path, manifest: &Path, out: &Path) {
    use identity_codegen::{Features, Options, declared_features, generate_sdk, serde_json};

    // A spec progenitor cannot handle makes it panic: show only the error
    // that panic becomes, not a backtrace hint.
    identity_codegen::quiet_generator_panics();

    let text = read(spec);
    let document: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| fail(&format!("{} is not JSON: {error}", spec.display())));
    let declared =
        declared_features(&read(manifest)).unwrap_or_else(|error| fail(&error.to_string()));
    let enabled = declared
        .iter()
        .filter(|feature| std::env::var_os(feature_variable(feature)).is_some())
        .cloned()
        .collect();
    let features = Features { declared, enabled };
    let options = Options {
        json_schema: features.enabled.contains("schemars"),
    };
    let sdk = generate_sdk(spec, &document, &features, &options)
        // One readable line in cargo's output instead of a panic backtrace.
        .unwrap_or_else(|error| fail(&error.to_string()));
    for warning in &sdk.warnings {
        println!("cargo:warning={warning}");
    }
    let [client, operations] = OUT_FILES;
    write(&out.join(client), &sdk.client);
    write(&out.join(operations), &sdk.operations);
}

/// `CARGO_FEATURE_<NAME>`, as cargo sets it for an enabled feature.
#[cfg(feature = "__generate")]
fn feature_variable(feature: &str) -> String {
    format!(
        "CARGO_FEATURE_{}",
        feature.to_ascii_uppercase().replace('-', "_")
    )
}

/// Copies the pregenerated sources, refusing them if they were made from
/// another spec than the one beside them.
#[cfg(not(feature = "__generate"))]
fn copy_pregenerated(spec: &Path, generated: &Path, out: &Path) {
    let fingerprint = fingerprint(&read(spec));
    let regenerate = "run `cargo xtask trim --upstream <the upstream spec>` to regenerate them, \
                      or enable the `full` feature to generate at build time";
    for name in OUT_FILES {
        let path = generated.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let source = read(&path);
        let made_from = source.lines().next().unwrap_or_default();
        if !made_from.contains(&format!("(fingerprint {fingerprint})")) {
            fail(&format!(
                "{} was not generated from {}: {regenerate}",
                path.display(),
                spec.display()
            ));
        }
        write(&out.join(name), &source);
    }
    let warnings = generated.join("warnings.txt");
    println!("cargo:rerun-if-changed={}", warnings.display());
    // The first line says where the file comes from; each other is a warning.
    for warning in read(&warnings).lines().skip(1) {
        println!("cargo:warning={warning}");
    }
}

/// The spec's fingerprint as identity-codegen computes it (64-bit FNV-1a,
/// hex): a build with the default features does not compile identity-codegen.
#[cfg(not(feature = "__generate"))]
fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
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
