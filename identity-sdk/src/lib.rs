//! A typed Rust client for FINBOURNE's Identity API.
//!
//! The operations are generated at build time by [progenitor] from the
//! trimmed OpenAPI document in the workspace's `openapi/` folder, so they
//! follow the published contract exactly. Around them, a hand-written layer
//! adds what FINBOURNE's own SDKs have, with their configuration names:
//! authentication (access token, token file, OAuth2 password grant),
//! identification headers, timeouts, retries, and one typed [`Error`].
//!
//! # Example
//!
//! Signing the current user out of all FINBOURNE platforms:
//!
//! ```no_run
//! use identity_sdk::{IdentityClient, SignOut};
//!
//! # async fn run() -> Result<(), identity_sdk::Error> {
//! let client = IdentityClient::builder()
//!     .with_base_url("https://example.lusid.com/identity")
//!     .with_access_token("<access token>")
//!     .build()?;
//! let outcome = client.sign_out().await?;
//! println!("{outcome:?}");
//! # Ok(())
//! # }
//! ```
//!
//! Every generated operation is reachable through [`IdentityClient::api`],
//! with the same authentication, headers, retries and timeouts:
//!
//! ```no_run
//! use identity_sdk::{ClientTokensExt, IdentityClient};
//!
//! # async fn run(client: IdentityClient) {
//! match client.api().invalidate_token().send().await {
//!     Ok(response) => println!("{}", response.status()),
//!     Err(identity_sdk::generated::Error::ErrorResponse(problem)) => {
//!         println!("{}: {:?}", problem.status(), problem.title)
//!     }
//!     Err(other) => println!("{other}"),
//! }
//! # }
//! ```
//!
//! [progenitor]: https://github.com/oxidecomputer/progenitor
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod builder;
mod call;
mod client;
mod config;
mod error;
pub mod generated;

/// What most programs need in scope: the generated client and its
/// per-tag extension traits (`ClientTokensExt`, `ClientUsersExt`, ...), and
/// [`Operation`] for `execute()`.
pub mod prelude {
    pub use crate::generated::prelude::*;
    pub use crate::operation::Operation;
}
mod http;
mod operation;
mod problem;
mod record;
mod retry;
mod secret;
#[cfg(feature = "tokens")]
mod sign_out;
mod state;
mod sync;
mod tables;
mod telemetry;
mod tls;
mod transport;

pub use builder::ClientBuilder;
pub use client::IdentityClient;
pub use config::{DEFAULT_BASE_URL, DEFAULT_SECRETS_FILE};
pub use error::{Error, ErrorKind};
#[cfg(feature = "tokens")]
pub use generated::ClientTokensExt;
pub use generated::{ResponseValue, types};
pub use http::http_client_builder;
pub use operation::Operation;
/// The HTTP client crate the SDK is built on, for custom token sources;
/// [`http_client_builder`] gives a client builder with the SDK's TLS.
pub use reqwest;
pub use retry::RetryPolicy;
pub use secret::Secret;
#[cfg(feature = "tokens")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokens")))]
pub use sign_out::SignOut;

/// The trimmed OpenAPI document this client was generated from (the
/// workspace's `openapi/identity.json`), for tools that check stubs or
/// traffic against the same contract.
pub const OPENAPI_SPEC: &str = include_str!("../openapi/identity.json");
pub use state::ClientState;
pub use transport::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, Limits, MAX_ERROR_BODY,
};
