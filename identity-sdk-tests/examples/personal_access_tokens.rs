//! Personal access tokens, offline: on the embedded mock of the Identity
//! service, create a key, call the API with it, list the keys, revoke it,
//! and see the revoked key refused.
//!
//! ```sh
//! cargo run --example personal_access_tokens
//! ```

use identity_sdk::IdentityClient;
use identity_sdk::prelude::*;
use identity_sdk_mock::MockIdentity;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), identity_sdk::Error> {
    let identity = MockIdentity::start().await;
    let session = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(identity.issue_token())
        .build()?;

    let created = session
        .api()
        .create_api_key()
        .body_map(|key| key.display_name("nightly job"))
        .execute()
        .await?
        .into_inner();
    // The key is a Secret: its Debug never shows it.
    println!(
        "created key {} ({:?}): {:?}",
        created.id.as_str(),
        created.display_name.as_str(),
        created.key
    );

    let with_key = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(created.key.expose_secret())
        .build()?;
    let me = with_key.api().get_user_info().execute().await?;
    println!(
        "the key works: it is user {} ({})",
        me.id.as_str(),
        me.email_address.as_str()
    );

    let keys = session.api().list_own_api_keys().execute().await?;
    for key in keys.iter() {
        println!(
            "listed key {} ({})",
            key.id.as_str(),
            key.display_name.as_str()
        );
    }

    session
        .api()
        .delete_api_key()
        .id(created.id.as_str())
        .execute()
        .await?;
    println!("revoked key {}", created.id.as_str());

    match with_key.api().get_user_info().execute().await {
        Err(error) if error.is_authentication() => {
            println!("the revoked key is refused: {error}");
            Ok(())
        }
        Err(error) => Err(error),
        Ok(_) => {
            eprintln!("error: the revoked key still works");
            std::process::exit(1);
        }
    }
}
