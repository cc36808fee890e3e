//! The synchronous client, from plain `main` (no async runtime of your
//! own). Runs against an embedded mock of the Identity service, which does
//! need a runtime: it gets one of its own here.
//!
//! ```sh
//! cargo run -p identity-sdk --features blocking --example blocking_sign_out
//! ```

use identity_sdk::prelude::*;
use identity_sdk::{IdentityClient, SignOut};
use identity_sdk_mock::MockIdentity;

fn main() -> Result<(), identity_sdk::Error> {
    let mock_runtime = tokio::runtime::Runtime::new().expect("a runtime for the mock");
    let identity = mock_runtime.block_on(MockIdentity::start());

    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(identity.issue_token())
        .build_blocking()?;

    // A generated operation, in one expression, with the SDK's error.
    let response = client.execute(client.api().invalidate_token())?;
    println!("invalidate_token: {}", response.status());

    // And the sign-out the SDK reads as a user means it.
    match client.sign_out()? {
        SignOut::AlreadySignedOut { .. } => println!("sign_out: the token was already invalid"),
        other => println!("sign_out: {other:?}"),
    }
    Ok(())
}
