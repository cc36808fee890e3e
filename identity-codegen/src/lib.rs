//! The one home of the settings that turn a trimmed Identity OpenAPI document
//! into Rust source with progenitor.
//!
//! `identity-sdk/build.rs` uses this crate to generate the client at build
//! time; tooling that must produce exactly the same client (for example a
//! compile check of another spec) uses it too, so the two cannot drift.
//! What the generated code needs at run time is here too ([`FORMATS`],
//! [`runtime_dependencies`], [`required_crates`]).

use std::cell::Cell;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};

mod additive;
mod modules;
mod operations;
mod pregenerated;
mod runtime;
mod sdk;
mod send_limits;
mod subset;
mod tolerant;

pub use pregenerated::{
    PREGENERATED_FEATURES, PREGENERATED_FILES, declared_features, fingerprint, header, pregenerated,
};
/// The JSON crate the build script reads the spec with.
pub use serde_json;

pub use sdk::{Features, Sdk, generate_sdk};
pub use subset::{feature_name, operation_tags, subset};

pub use runtime::{
    CHRONO, FORMATS, Format, OPTIONAL_CRATES, REGRESS, RuntimeCrate, UUID, for_each_schema_object,
    required_crates, runtime_dependencies,
};

/// Why a spec could not be turned into Rust source.
///
/// Every variant names the spec file, so that a failing build says which
/// file to look at and what is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    /// The spec file could not be read.
    #[error("cannot read OpenAPI spec {path}: {source}")]
    Read {
        /// The spec file.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The file is not an OpenAPI 3.0 document.
    #[error("{path} is not a valid OpenAPI 3.0 document: {source}")]
    Parse {
        /// The spec file.
        path: PathBuf,
        /// Where and why parsing failed.
        source: serde_json::Error,
    },
    /// progenitor refused the document.
    #[error("progenitor cannot generate a client from {path}: {message}")]
    Generate {
        /// The spec file.
        path: PathBuf,
        /// What progenitor reported (its error, or the message of its panic).
        message: String,
    },
    /// The crate's manifest cannot be read for its features.
    #[error("cannot read the features of the manifest: {message}")]
    Manifest {
        /// What the TOML parser said.
        message: String,
    },
    /// progenitor produced tokens that are not a Rust file.
    #[error("progenitor generated invalid Rust from {path}: {source}")]
    Format {
        /// The spec file.
        path: PathBuf,
        /// The parse error.
        source: syn::Error,
    },
}

/// Choices a build makes about the generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Derive `schemars::JsonSchema` on every generated type (the SDK's
    /// `schemars` feature); off, the build needs no schemars.
    pub json_schema: bool,
}

impl Default for Options {
    /// Everything on: what the compile check of a whole spec builds.
    fn default() -> Self {
        Options { json_schema: true }
    }
}

/// The type secrets are generated as: strings with `format: password`,
/// which the trim gives every property that carries a secret. It shows a
/// redaction marker in `Debug` and serialises unchanged; the crate that
/// includes the generated code provides it.
pub const SECRET_TYPE: &str = "crate::Secret";

/// The progenitor settings of the Identity client.
///
/// * builder interface: `client.invalidate_token().send()`;
/// * one extension trait per OpenAPI tag (`ClientTokensExt` for `Tokens`);
/// * with [`Options::json_schema`], `schemars::JsonSchema` derived on every
///   generated type, so users can describe the wire types in their own
///   schemas;
/// * `format: password` strings as [`SECRET_TYPE`];
/// * the client carries a `crate::ClientState` (authentication, retry
///   policy, timeouts) and its hooks are the ones in [`HOOKS`], so every
///   generated operation goes through the same hand-written request path.
pub fn settings(options: &Options) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Separate)
        .with_inner_type(STATE_TYPE.parse().expect("a valid type path"))
        .with_hooks(HooksMode::Expected)
        .with_conversion(
            schemars08::schema::SchemaObject {
                instance_type: Some(schemars08::schema::InstanceType::String.into()),
                format: Some("password".to_owned()),
                ..Default::default()
            },
            SECRET_TYPE,
            [TypeImpl::FromStr].into_iter(),
        );
    if options.json_schema {
        settings.with_derive("schemars::JsonSchema");
    }
    settings
}

/// The type every generated client carries; the crate that includes the
/// generated source must provide it.
pub const STATE_TYPE: &str = "crate::ClientState";

/// The `ClientHooks` implementation appended to the generated source.
///
/// It must live beside the generated `Client` (the trait and the type are
/// both foreign to any other crate), and it only forwards to the
/// `ClientState` methods, so the request path itself stays hand-written.
pub const HOOKS: &str = r#"
impl ClientHooks<crate::ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        self.inner.authorize(request, info).await
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner.execute(&self.client, request, info).await
    }
}
"#;

/// Rust source of a stand-in for [`STATE_TYPE`] (the methods [`HOOKS`]
/// calls, with the same signatures, doing nothing but sending the request)
/// and for [`SECRET_TYPE`].
///
/// Tooling that compiles generated code outside the SDK (the compile check
/// of a whole upstream spec) puts this at its crate root instead of
/// depending on the SDK: the check is then about the spec, not about the
/// SDK's state of the day, and it builds without the SDK's dependencies.
/// It lives here, beside [`HOOKS`], so that a change to what the hooks call
/// is made to both at once.
pub fn standalone_state() -> &'static str {
    r#"/// Stand-in for the SDK's client state: what the generated hooks call.
#[derive(Clone, Debug, Default)]
pub struct ClientState;

impl ClientState {
    /// The `pre` hook's target: leaves the request as it is.
    pub async fn authorize<E>(
        &self,
        _request: &mut reqwest::Request,
        _info: &progenitor_client::OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        Ok(())
    }

    /// The `exec` hook's target: sends the request once.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        _info: &progenitor_client::OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        client.execute(request).await
    }
}

/// Stand-in for the SDK's redacting secret string (what `format: password`
/// strings are generated as).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Secret(text.to_owned()))
    }
}
"#
}

/// Reads the OpenAPI document at `path` and returns the generated client as
/// formatted Rust source.
pub fn generate_file(path: &Path) -> Result<String, CodegenError> {
    let text = std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
        path: path.to_owned(),
        source,
    })?;
    generate(path, &text)
}

/// Generates the client from the text of an OpenAPI document with every
/// [`Options`] on; `path` is only used to name the document in errors.
pub fn generate(path: &Path, text: &str) -> Result<String, CodegenError> {
    generate_document(path, text, &Options::default()).map(|generated| generated.source)
}

/// A document progenitor generated from: the spec as it read it, and its
/// output, parsed and as formatted source with [`HOOKS`].
pub(crate) struct Generated {
    pub spec: openapiv3::OpenAPI,
    pub file: syn::File,
    pub source: String,
}

/// Generates the client of the document `text`.
pub(crate) fn generate_document(
    path: &Path,
    text: &str,
    options: &Options,
) -> Result<Generated, CodegenError> {
    let spec: openapiv3::OpenAPI =
        serde_json::from_str(text).map_err(|source| CodegenError::Parse {
            path: path.to_owned(),
            source,
        })?;
    let generate_error = |message: String| CodegenError::Generate {
        path: path.to_owned(),
        message,
    };
    let settings = settings(options);
    let tokens = catch_generator_panic(|| Generator::new(&settings).generate_tokens(&spec))
        .map_err(&generate_error)?
        .map_err(|e| generate_error(e.to_string()))?;
    let mut file: syn::File = syn::parse2(tokens).map_err(|source| CodegenError::Format {
        path: path.to_owned(),
        source,
    })?;
    tolerant::tolerate(&mut file);
    additive::keep_additive(&mut file);
    let document: serde_json::Value =
        serde_json::from_str(text).map_err(|source| CodegenError::Parse {
            path: path.to_owned(),
            source,
        })?;
    send_limits::check_what_is_sent(&mut file, &document);
    let source = prettyplease::unparse(&file) + HOOKS;
    Ok(Generated { spec, file, source })
}

thread_local! {
    /// Whether this thread is running the generator: its panics are
    /// reported as [`CodegenError::Generate`].
    static GENERATING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into its message.
///
/// progenitor asserts rather than returns errors for some specs it cannot
/// handle (for instance an operation with two success or two error body
/// types). The panic is caught and returned as an error; the panic hook is
/// left alone, because it belongs to the program, not to a library. A
/// program that wants such a panic to print nothing but the error it
/// becomes installs [`quiet_generator_panics`].
fn catch_generator_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = GENERATING.with(|generating| generating.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GENERATING.with(|generating| generating.set(was));
    result.map_err(|payload| PanicMessage(payload).to_string())
}

/// For programs (build scripts, tools), never called by this crate: replaces
/// the process's panic hook, once, with one that stays silent for panics
/// of the generator (they come back as [`CodegenError::Generate`], one
/// readable line) and defers to the previous hook for every other panic.
///
/// The hook is installed once rather than swapped around each call: swaps
/// would race when threads generate at once, and one thread could restore
/// another's silent hook for good.
///
/// ```
/// // At the start of a build script's `main`.
/// identity_codegen::quiet_generator_panics();
/// ```
pub fn quiet_generator_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GENERATING.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

struct PanicMessage(Box<dyn std::any::Any + Send>);

impl fmt::Display for PanicMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self
            .0
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| self.0.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panicked without a message");
        write!(f, "generator panicked: {message}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generator_panic_comes_back_as_its_message() {
        let caught = catch_generator_panic(|| -> u8 { panic!("two success types") });
        assert_eq!(caught.unwrap_err(), "generator panicked: two success types");
        // The flag is this call's only: a later panic is the program's.
        assert!(!GENERATING.with(Cell::get));
        assert_eq!(catch_generator_panic(|| 7), Ok(7));
    }
}
