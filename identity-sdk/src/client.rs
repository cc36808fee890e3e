//! The client users hold: the generated operations, with the SDK's
//! authentication, retries, timeouts and one typed error.

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
    /// authentication, identification headers, retries and timeouts. Run an
    /// operation with [`Operation::execute`](crate::Operation::execute) for
    /// the SDK's [`Error`](crate::Error); the builders' own `send()` returns
    /// progenitor's error type.
    pub fn api(&self) -> &Client {
        &self.api
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        use progenitor_client::ClientInfo;
        self.api.baseurl()
    }
}
