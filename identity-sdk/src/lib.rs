//! A typed Rust client for FINBOURNE's Identity API.
//!
//! The client is generated at build time by [progenitor] from the trimmed
//! OpenAPI document in the workspace's `openapi/` folder, so it follows the
//! published contract exactly: one method per operation, one extension trait
//! per API tag, typed request and response bodies.
//!
//! # Example
//!
//! Signing the current user out of all FINBOURNE platforms:
//!
//! ```no_run
//! use identity_sdk::{Client, ClientTokensExt};
//! use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut bearer = HeaderValue::from_str("Bearer <access token>")?;
//! bearer.set_sensitive(true);
//! let http = reqwest::Client::builder()
//!     .default_headers(HeaderMap::from_iter([(AUTHORIZATION, bearer)]))
//!     .build()?;
//! let client = Client::new_with_client("https://example.lusid.com/identity", http);
//!
//! match client.invalidate_token().send().await {
//!     Ok(response) => println!("signed out ({})", response.status()),
//!     Err(identity_sdk::Error::ErrorResponse(problem)) => {
//!         println!("{}: {:?}", problem.status(), problem.title);
//!     }
//!     Err(other) => return Err(other.into()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! [progenitor]: https://github.com/oxidecomputer/progenitor
#![warn(missing_docs)]

mod generated;

pub use generated::{
    Client, ClientInfo, ClientTokensExt, Error, ResponseValue, builder, prelude, types,
};

/// The code blocks of the workspace README, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
