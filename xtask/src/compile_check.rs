//! `cargo xtask compile-check SPEC`: proves that a trimmed spec yields a
//! client that compiles, generated exactly as identity-sdk generates its
//! own (`identity_codegen::generate_file`, the one home of the settings).
//!
//! The client goes into a scratch crate whose source is made by one
//! function, [`scratch_crate`]: its manifest lists every crate generated code
//! may use ([`identity_codegen::runtime_dependencies`], the same for every
//! spec, so that consecutive checks of different specs share their compiled
//! dependencies), its root provides what the
//! settings expect of the including crate (today a `ClientState` for
//! `with_inner_type` and `with_hooks`, from
//! [`identity_codegen::standalone_state`]), and it denies warnings as the
//! SDK's CI does. The SDK itself is not a dependency: the check is about the
//! spec, must not break while the SDK is being edited, and builds faster
//! without the SDK's TLS and runtime stack.
//!
//! The crate lives in `<target dir>/xtask-compile-check` with its own target
//! directory (no contention with the workspace's build lock) and the
//! workspace's `Cargo.lock` (the same dependency versions); files are only
//! rewritten when they change, so a rerun on the same spec is a no-op build.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::Error;

/// One file of the scratch crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScratchFile {
    /// Its path inside the crate.
    pub path: &'static str,
    /// Its text.
    pub contents: String,
}

/// The scratch crate that compiles `generated` (the output of
/// `identity_codegen::generate_file`).
///
/// This is the one place that knows what a crate including generated code
/// must provide; a new requirement of the settings (another hook target, an
/// inner type with other methods) is a change here or in
/// [`identity_codegen::standalone_state`].
pub fn scratch_crate(generated: &str) -> Vec<ScratchFile> {
    let manifest = format!(
        r#"# Written by `cargo xtask compile-check`; rewritten on every run.
[package]
name = "identity-compile-check"
version = "0.0.0"
edition = "2024"
publish = false

# Not a member of the project's workspace.
[workspace]

[dependencies]
{}"#,
        identity_codegen::runtime_dependencies()
    );
    let lib = format!(
        r#"//! A client generated from the spec under check, with what the SDK's
//! generation settings expect of the including crate. Written by
//! `cargo xtask compile-check`.
#![deny(warnings)]

/// The generated client, allowed exactly what identity-sdk allows it.
#[allow(missing_docs, clippy::all, rustdoc::all)]
pub mod generated;

{}"#,
        identity_codegen::standalone_state()
    );
    vec![
        ScratchFile {
            path: "Cargo.toml",
            contents: manifest,
        },
        ScratchFile {
            path: "src/lib.rs",
            contents: lib,
        },
        ScratchFile {
            path: "src/generated.rs",
            contents: generated.to_owned(),
        },
    ]
}

/// The number of operations (path items' methods) of an OpenAPI document.
pub fn operation_count(spec: &Value) -> usize {
    identity_openapi::Document::new(spec).operations().count()
}

/// The number of distinct operations in generated source: progenitor
/// passes every operation's `OperationInfo { operation_id: "..." }` to the
/// hooks, once per operation.
pub fn generated_operation_count(source: &str) -> usize {
    let marker = "operation_id: \"";
    let mut ids: Vec<&str> = source
        .match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &source[at + marker.len()..];
            rest.split('"').next()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// What a successful check found.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Operations generated (all of the spec's).
    pub operations: usize,
    /// How long `cargo check` took.
    pub elapsed: Duration,
    /// The optional crates the client uses
    /// ([`identity_codegen::required_crates`]): what a crate including it
    /// needs beside the ones every client needs.
    pub needs: BTreeSet<&'static str>,
}

/// Generates the client of `spec`, writes the scratch crate into `scratch`
/// (with `lock` as its `Cargo.lock` if given) and runs `cargo check` on it.
/// Succeeds only if every operation was generated and the crate compiles
/// without warnings.
pub fn run(spec: &Path, scratch: &Path, lock: Option<&Path>) -> Result<Checked, Error> {
    let text = std::fs::read_to_string(spec).map_err(|source| Error::Read {
        path: spec.to_owned(),
        source,
    })?;
    let document: Value = serde_json::from_str(&text).map_err(|source| Error::Json {
        path: spec.to_owned(),
        source,
    })?;
    let expected = operation_count(&document);
    if expected == 0 {
        return Err(Error::NoOperations {
            path: spec.to_owned(),
        });
    }
    let source = identity_codegen::generate_file(spec)?;
    let generated = generated_operation_count(&source);
    if generated != expected {
        return Err(Error::OperationsMissing {
            spec: spec.to_owned(),
            expected,
            generated,
        });
    }

    for file in scratch_crate(&source) {
        write_if_changed(&scratch.join(file.path), &file.contents)?;
    }
    if let Some(lock) = lock {
        // Cargo prunes what the scratch crate does not use; copying the
        // workspace's lock every time keeps the versions the workspace's.
        match std::fs::read_to_string(lock) {
            Ok(lock_text) => write_if_changed(&scratch.join("Cargo.lock"), &lock_text)?,
            Err(source) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(Error::Read {
                    path: lock.to_owned(),
                    source,
                });
            }
        }
    }

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let status = Command::new(&cargo)
        .args(["check", "--quiet", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .status()
        .map_err(|source| Error::Cargo { cargo, source })?;
    if !status.success() {
        return Err(Error::DoesNotCompile {
            spec: spec.to_owned(),
            scratch: scratch.to_owned(),
        });
    }
    Ok(Checked {
        operations: generated,
        elapsed: started.elapsed(),
        needs: identity_codegen::required_crates(&document),
    })
}

/// Writes `contents` to `path` unless it already holds them, so cargo sees
/// an unchanged file as fresh.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    let write_error = |source| Error::Write {
        path: PathBuf::from(path),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    std::fs::write(path, contents).map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_scratch_crate_has_the_runtime_dependencies_the_state_and_the_client() {
        let files = scratch_crate("pub struct Client;\n");
        let paths: Vec<&str> = files.iter().map(|file| file.path).collect();
        assert_eq!(paths, ["Cargo.toml", "src/lib.rs", "src/generated.rs"]);
        assert!(files[0].contents.contains("\n[workspace]\n"));
        assert!(
            files[0]
                .contents
                .ends_with(&identity_codegen::runtime_dependencies())
        );
        assert!(files[1].contents.contains("#![deny(warnings)]"));
        assert!(files[1].contents.contains("pub mod generated;"));
        assert!(files[1].contents.contains("pub struct ClientState;"));
        assert_eq!(files[2].contents, "pub struct Client;\n");
    }

    #[test]
    fn the_state_provides_what_the_hooks_call() {
        // The hooks forward to `self.inner.<method>(`: the stand-in must
        // define each such method.
        let state = identity_codegen::standalone_state();
        let hooks = identity_codegen::HOOKS;
        let called: Vec<&str> = hooks
            .match_indices("self.inner.")
            .filter_map(|(at, marker)| hooks[at + marker.len()..].split('(').next())
            .collect();
        assert!(!called.is_empty());
        for method in called {
            assert!(
                state.contains(&format!("pub async fn {method}")),
                "standalone_state lacks {method}"
            );
        }
        assert!(identity_codegen::STATE_TYPE.ends_with("::ClientState"));
    }

    #[test]
    fn runtime_dependencies_use_the_workspaces_versions() {
        // Versions are taken from the workspace: a crate both list must have
        // the same requirement, or the check would compile against other
        // versions than the SDK.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
        let workspace: toml::Table = std::fs::read_to_string(root).unwrap().parse().unwrap();
        let workspace = workspace["workspace"]["dependencies"].as_table().unwrap();
        let runtime: toml::Table = identity_codegen::runtime_dependencies().parse().unwrap();
        let version = |spec: &toml::Value| -> Option<String> {
            match spec {
                toml::Value::String(version) => Some(version.clone()),
                toml::Value::Table(table) => Some(table.get("version")?.as_str()?.to_owned()),
                _ => None,
            }
        };
        let mut compared = 0;
        for (name, spec) in &runtime {
            if let Some(ours) = workspace.get(name) {
                assert_eq!(version(spec), version(ours), "{name}");
                compared += 1;
            }
        }
        assert!(
            compared >= 5,
            "progenitor-client, reqwest, serde, serde_json, schemars"
        );
    }

    #[test]
    fn regress_is_the_version_typify_checks_patterns_with() {
        // Generated code compiles each pattern at run time and unwraps: it
        // must be read by the regress that accepted it at generation time.
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock");
        let lock: toml::Table = std::fs::read_to_string(root).unwrap().parse().unwrap();
        let packages = lock["package"].as_array().unwrap();
        let typify = packages
            .iter()
            .find(|package| package["name"].as_str() == Some("typify-impl"))
            .unwrap();
        let regress_of_typify = typify["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|dependency| dependency.as_str())
            .find(|dependency| dependency.starts_with("regress"))
            .unwrap();
        // `regress` alone when the lock holds one version, else `regress 0.12.0`.
        let version = match regress_of_typify.split_once(' ') {
            Some((_, version)) => version.to_owned(),
            None => packages
                .iter()
                .find(|package| package["name"].as_str() == Some("regress"))
                .and_then(|package| package["version"].as_str())
                .unwrap()
                .to_owned(),
        };
        let runtime: toml::Table = identity_codegen::REGRESS.dependency.parse().unwrap();
        let wanted = runtime["regress"].as_str().unwrap();
        assert!(
            version.starts_with(&format!("{wanted}.")),
            "typify uses regress {version}, generated code gets {wanted}"
        );
    }

    #[test]
    fn operations_are_counted_in_the_spec_and_in_the_source() {
        let spec = json!({"paths": {
            "/a": {"parameters": [], "get": {}, "delete": {}},
            "/b": {"post": {}},
            "/c": "not an item"
        }});
        assert_eq!(operation_count(&spec), 3);
        assert_eq!(operation_count(&json!({})), 0);
        let source = r#"let info = OperationInfo { operation_id: "get_a" };
            OperationInfo { operation_id: "get_a" }; OperationInfo { operation_id: "post_b" };"#;
        assert_eq!(generated_operation_count(source), 2);
    }
}
