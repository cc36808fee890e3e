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
//! # Every operation, one expression
//!
//! Every operation of the spec is a builder on [`IdentityClient::api`]
//! (one extension trait per tag, such as `ClientUsersExt`), and
//! [`Operation::execute`] sends it with the client's authentication,
//! identification headers, retries and timeouts, returning the documented
//! success type or the SDK's [`Error`]. `use identity_sdk::prelude::*`
//! brings both into scope. Each tag is a cargo feature (`tokens`, the
//! default; `applications`, `authentication`, `users`, `identity-provider`,
//! `personal-authentication-tokens`, `me`, `application-metadata`, `roles`;
//! `full` for all), so a build generates only what it uses. An example per
//! tag (each shown when its feature is enabled, as on docs.rs):
//!
#![cfg_attr(
    feature = "tokens",
    doc = r#"
* Tokens: sign out, as the spec says it (see also `sign_out()`).

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  client.api().invalidate_token().execute().await?;
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "applications",
    doc = r#"
* Applications: list the OAuth applications.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let applications = client.api().list_applications().execute().await?;
  for application in applications.iter() {
      println!("{}", application.display_name.as_str());
  }
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "authentication",
    doc = r#"
* Authentication: how this domain authenticates.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let information = client.api().get_authentication_information().execute().await?;
  println!("{information:?}");
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "users",
    doc = r#"
* Users: one user, with their roles.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let user = client.api().get_user().id("00u1abcd").include_roles(true).execute().await?;
  println!("{} {}", user.first_name.as_str(), user.last_name.as_str());
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "identity-provider",
    doc = r#"
* Identity Provider: enable SCIM provisioning.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let scim = client.api().add_scim().api_token_action("ensure").execute().await?;
  println!("{:?}", scim.base_url);
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "personal-authentication-tokens",
    doc = r#"
* Personal Authentication Tokens: create an API key (its `key` is a [`Secret`]).

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let created = client
      .api()
      .create_api_key()
      .body_map(|key| key.display_name("nightly job"))
      .execute()
      .await?;
  let key: &str = created.key.expose_secret();
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "me",
    doc = r#"
* Me: the user the token belongs to.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let me = client.api().get_user_info().execute().await?;
  println!("{}", me.email_address.as_str());
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "application-metadata",
    doc = r#"
* Application Metadata: the access-controlled resources.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let resources = client.api().list_access_controlled_resources().execute().await?;
  println!("{resources:?}");
  # Ok(())
  # }
  ```
"#
)]
#![cfg_attr(
    feature = "roles",
    doc = r#"
* Roles: list the roles.

  ```no_run
  # use identity_sdk::prelude::*;
  # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
  let roles = client.api().list_roles().execute().await?;
  println!("{} roles", roles.len());
  # Ok(())
  # }
  ```
"#
)]
#![doc = "\n[progenitor]: https://github.com/oxidecomputer/progenitor"]
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
mod retry;
mod secret;
#[cfg(feature = "tokens")]
mod sign_out;
mod state;
mod sync;
mod telemetry;
mod tls;
mod transport;

pub use builder::ClientBuilder;
/// The date-time crate of the generated types (`DateTime<Utc>` fields and
/// parameters), for building them.
#[cfg(feature = "chrono")]
#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
pub use chrono;
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
/// The secret-string crate of [`auth::PasswordGrantCredentials`]
/// (`SecretString`, and `ExposeSecret` to read one).
pub use secrecy;
pub use secret::Secret;
/// The JSON crate of the generated types' free-form fields and of
/// [`Error::unexpected_problem_fields`].
pub use serde_json;
#[cfg(feature = "tokens")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokens")))]
pub use sign_out::SignOut;
/// The uuid crate of the generated types, for building them.
#[cfg(feature = "uuid")]
#[cfg_attr(docsrs, doc(cfg(feature = "uuid")))]
pub use uuid;

/// The trimmed OpenAPI document this client was generated from (the
/// workspace's `openapi/identity.json`), for tools that check stubs or
/// traffic against the same contract.
pub const OPENAPI_SPEC: &str = include_str!("../openapi/identity.json");
/// What the generated client carries (authentication, retries, timeouts):
/// named by the generated code, not meant for users.
#[doc(hidden)]
pub use state::ClientState;
pub use transport::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, Limits, MAX_ERROR_BODY,
};
