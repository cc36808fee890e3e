//! A token source of your own: here, one that fetches a token from another
//! service (a stand-in for a vault or a workload-identity broker) and caches
//! it. Runs against an embedded mock of the Identity service.
//!
//! ```sh
//! cargo run -p identity-sdk --example custom_token_source
//! ```

use std::fmt;
use std::sync::{Arc, Mutex};

use identity_sdk::auth::{AccessToken, TokenFuture, TokenSource};
use identity_sdk::{IdentityClient, SignOut};
use identity_sdk_mock::MockIdentity;

/// Fetches a token once, then hands out the cached one.
struct Broker {
    /// Where tokens come from (the mock here; your vault in real life).
    identity: Arc<MockIdentity>,
    cached: Mutex<Option<AccessToken>>,
}

/// A token source must be `Debug`; never show the token.
impl fmt::Debug for Broker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Broker")
    }
}

impl TokenSource for Broker {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let mut cached = self
                .cached
                .lock()
                .map_err(|_| "the token cache is poisoned")?;
            if let Some(token) = cached.as_ref() {
                return Ok(token.clone());
            }
            let token = AccessToken::new(self.identity.issue_token())?;
            *cached = Some(token.clone());
            Ok(token)
        })
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), identity_sdk::Error> {
    let identity = Arc::new(MockIdentity::start().await);
    let broker = Broker {
        identity: Arc::clone(&identity),
        cached: Mutex::new(None),
    };
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_token_source(broker)
        .build()?;

    let outcome = client.sign_out().await?;
    assert!(matches!(outcome, SignOut::SignedOut { .. }));
    println!("signed out with a token from the broker: {outcome:?}");
    Ok(())
}
