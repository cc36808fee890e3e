//! The client users hold: the generated operations, with the SDK's
//! authentication, retries, timeouts and one typed error.

use std::future::Future;

use progenitor_client::{Error as GeneratedError, ResponseValue};
use serde::Serialize;

use crate::call;
use crate::error::Error;
use crate::generated::Client;

/// A client of the Identity API, configured with credentials, timeouts and
/// a retry policy that apply to every operation. Cheap to clone; clones share
/// connections and cached tokens.
///
/// # Example
///
/// ```no_run
/// use identity_sdk::{IdentityClient, SignOut};
///
/// # async fn run() -> Result<(), identity_sdk::Error> {
/// let client = IdentityClient::from_env()?;
/// match client.sign_out().await? {
///     SignOut::SignedOut { .. } => println!("signed out"),
///     SignOut::AlreadySignedOut { .. } => println!("the token was already invalid"),
///     _ => {}
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct IdentityClient {
    api: Client,
}

impl IdentityClient {
    pub(crate) fn new(api: Client) -> Self {
        IdentityClient { api }
    }

    /// The generated client: every operation of the spec, with this client's
    /// authentication, identification headers, retries and timeouts, and
    /// progenitor's own error type.
    pub fn api(&self) -> &Client {
        &self.api
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        use progenitor_client::ClientInfo;
        self.api.baseurl()
    }

    /// Runs one generated operation and turns its error into an [`Error`]
    /// that keeps the status, request id, body and attempt count even when
    /// the body was not the documented type.
    ///
    /// ```no_run
    /// # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
    /// use identity_sdk::ClientTokensExt;
    /// client.call(client.api().invalidate_token().send()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn call<T, E: Serialize>(
        &self,
        operation: impl Future<Output = Result<ResponseValue<T>, GeneratedError<E>>>,
    ) -> Result<ResponseValue<T>, Error> {
        call::call(operation).await
    }
}
