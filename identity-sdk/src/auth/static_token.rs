//! A token given once: an access token or a personal access token.

use super::token::{AccessToken, TokenFuture, TokenSource};

/// Sends the same token on every request (a personal access token, or an
/// access token issued elsewhere).
#[derive(Clone, Debug)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// A source that always returns `token`.
    pub fn new(token: AccessToken) -> Self {
        StaticToken(token)
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}
