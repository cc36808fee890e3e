//! The project's tooling behind `cargo xtask`, as a library so that every
//! rule is unit-tested without files or processes; `main.rs` only parses
//! arguments and does I/O.
//!
//! * [`trim`]: an upstream FINBOURNE spec and a [`recipe`] in, the trimmed
//!   spec progenitor can generate a client from out (a pure function);
//! * [`compile_check`]: generate a client from a spec with the SDK's
//!   settings (`identity-codegen`) and prove it compiles;
//! * [`corpus`]: trim and compile-check every spec of a directory;
//! * [`diff`]: what a regeneration changes for users, between two versions
//!   of a spec, and its draft in CHANGELOG.md;
//! * [`unified_diff`]: what `trim --check` shows when the committed spec
//!   drifted;
//! * [`target_dir`]: where the tool and its tests put what they build.

pub mod compile_check;
pub mod corpus;
pub mod diff;
pub mod recipe;
pub mod trim;

use std::path::{Path, PathBuf};

use identity_codegen::CodegenError;

use crate::recipe::RecipeError;
use crate::trim::TrimError;

/// Why an xtask command failed. Each variant says which file or command to
/// look at; none is a panic.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line is wrong; the message includes the usage.
    #[error("{0}")]
    Usage(String),
    /// A file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The upstream file is not JSON.
    #[error("{} is not JSON: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// Where and why parsing failed.
        source: serde_json::Error,
    },
    /// The recipe is not valid.
    #[error("{}: {source}", path.display())]
    Recipe {
        /// The recipe file.
        path: PathBuf,
        /// What is wrong with it.
        source: RecipeError,
    },
    /// The upstream spec cannot be trimmed.
    #[error("{}: {source}", path.display())]
    Trim {
        /// The upstream file.
        path: PathBuf,
        /// Which rule refused it.
        source: TrimError,
    },
    /// The trimmed document could not be serialized (not expected for a
    /// JSON value, but reported rather than unwrapped).
    #[error("cannot render the trimmed spec: {0}")]
    Render(serde_json::Error),
    /// `trim --check`: the committed spec is not what the tool produces.
    #[error(
        "{} is not what the trim of {} produces (diff above): regenerate it by running the same \
         command without --check, and review the diff",
        committed.display(),
        upstream.display()
    )]
    Drift {
        /// The committed file.
        committed: PathBuf,
        /// The upstream file.
        upstream: PathBuf,
        /// The unified diff from the committed file to the tool's output.
        diff: String,
    },
    /// progenitor (through `identity-codegen`) refused the spec.
    #[error(transparent)]
    Codegen(#[from] CodegenError),
    /// A spec under compile check is not an OpenAPI document with paths.
    #[error("{} has no operations to check", path.display())]
    NoOperations {
        /// The spec.
        path: PathBuf,
    },
    /// progenitor generated fewer operations than the spec has.
    #[error("progenitor generated {generated} of the {expected} operations of {}", spec.display())]
    OperationsMissing {
        /// The spec.
        spec: PathBuf,
        /// Operations in the spec.
        expected: usize,
        /// Operations in the generated source.
        generated: usize,
    },
    /// cargo could not be started.
    #[error("cannot run {cargo}: {source}")]
    Cargo {
        /// The cargo executable.
        cargo: String,
        /// Why it could not be started.
        source: std::io::Error,
    },
    /// The generated client does not compile.
    #[error(
        "the client generated from {} does not compile cleanly (cargo's messages above; the \
         scratch crate is in {})",
        spec.display(),
        scratch.display()
    )]
    DoesNotCompile {
        /// The spec.
        spec: PathBuf,
        /// Where the generated crate is, to inspect.
        scratch: PathBuf,
    },
    /// `corpus`: the directory has no `*.json` file.
    #[error("{} holds no *.json spec", dir.display())]
    EmptyCorpus {
        /// The directory.
        dir: PathBuf,
    },
    /// `corpus`: some specs did not pass (each reported above).
    #[error("{} of {} specs did not regenerate: {}", failed.len(), total, failed.join("; "))]
    CorpusFailed {
        /// Each failed spec, with why.
        failed: Vec<String>,
        /// How many specs were tried.
        total: usize,
    },
}

/// The build output directory the user chose (`CARGO_TARGET_DIR`), else
/// the `target` directory of the workspace at `root`.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// A unified diff (three lines of context) from `old` to `new`, for a
/// reviewer to read in CI output.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_names_both_sides_and_shows_the_changed_line() {
        let diff = unified_diff(
            "{\n  \"a\": 1,\n  \"b\": 2\n}\n",
            "{\n  \"a\": 1,\n  \"b\": 3\n}\n",
            "openapi/identity.json (committed)",
            "trimmed from upstream",
        );
        assert!(
            diff.starts_with(
                "--- openapi/identity.json (committed)\n+++ trimmed from upstream\n@@"
            )
        );
        assert!(diff.contains("\n-  \"b\": 2\n+  \"b\": 3\n"), "{diff}");
    }

    #[test]
    fn equal_texts_have_an_empty_diff() {
        assert_eq!(unified_diff("a\n", "a\n", "x", "y"), "");
    }
}
