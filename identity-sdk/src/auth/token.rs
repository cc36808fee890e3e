//! What a token source is and what it hands out: the [`TokenSource`] trait
//! and the [`AccessToken`] it returns.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};

use crate::error::Error;

/// What a [`TokenSource`] returns: a token, or why there is none.
///
/// Custom sources may return any error; it reaches the caller as an
/// [`Error`] of kind [`Authentication`](crate::ErrorKind::Authentication)
/// with the original as its source.
pub type TokenResult = Result<AccessToken, Box<dyn std::error::Error + Send + Sync>>;

/// The future a [`TokenSource`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = TokenResult> + Send + 'a>>;

/// A source of bearer access tokens.
///
/// # Example
///
/// ```
/// use identity_sdk::auth::{AccessToken, TokenFuture, TokenSource};
///
/// #[derive(Debug)]
/// struct FromVault;
///
/// impl TokenSource for FromVault {
///     fn token(&self) -> TokenFuture<'_> {
///         Box::pin(async { Ok(AccessToken::new("token-from-the-vault")?) })
///     }
/// }
/// ```
pub trait TokenSource: fmt::Debug + Send + Sync + 'static {
    /// Returns a token that is valid now. Called before every request, so
    /// implementations should cache.
    fn token(&self) -> TokenFuture<'_>;
}

/// A bearer access token. Its `Debug` never shows the token.
///
/// Cloning is cheap (the token is shared), since a token source hands one
/// out for every request.
#[derive(Clone)]
pub struct AccessToken(Arc<Token>);

struct Token {
    secret: SecretString,
    /// `Bearer <token>`, made once and marked sensitive, so that a request
    /// costs no formatting and `Debug` of the request never shows it.
    header: HeaderValue,
}

impl AccessToken {
    /// Wraps `token`, refusing one that could not be sent in an HTTP header
    /// (empty, or holding control characters such as CR or LF).
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        let token: String = token.into();
        let token = token.trim();
        if token.is_empty() {
            return Err(Error::configuration("the access token is empty"));
        }
        if HeaderValue::from_str(token).is_err() || token.chars().any(char::is_control) {
            // The token itself is never echoed, not even in part.
            return Err(Error::configuration(
                "the access token holds characters that cannot be sent in an HTTP header",
            ));
        }
        let mut header = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            Error::configuration(
                "the access token holds characters that cannot be sent in an HTTP header",
            )
        })?;
        header.set_sensitive(true);
        Ok(AccessToken(Arc::new(Token {
            secret: SecretString::from(token),
            header,
        })))
    }

    /// The token, for sending it.
    pub fn expose_secret(&self) -> &str {
        self.0.secret.expose_secret()
    }

    /// The `Authorization` header value, marked sensitive so that reqwest
    /// and `Debug` never show it.
    pub(crate) fn bearer_header(&self) -> HeaderValue {
        self.0.header.clone()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken([REDACTED])")
    }
}
