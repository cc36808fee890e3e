//! Where access tokens come from.
//!
//! A [`TokenSource`] is asked for a token before every request; the built-in
//! sources cache, so asking is cheap. Implement the trait to plug in your own
//! (a vault, a workload identity, a token broker).

mod password_grant;
pub(crate) mod select;
mod static_token;
mod token;
mod token_file;

pub use password_grant::{PasswordGrant, PasswordGrantCredentials};
pub use static_token::StaticToken;
pub use token::{AccessToken, TokenFuture, TokenResult, TokenSource};
pub use token_file::TokenFile;
