//! Sign out with the configuration FINBOURNE's SDKs read: `FBN_*`
//! variables or `secrets.json`. With nothing configured, it runs against an
//! embedded mock of the Identity service, so it works offline.
//!
//! ```sh
//! cargo run -p identity-sdk --example sign_out_from_env
//! ```

use identity_sdk::SignOut;
use identity_sdk_mock::Service;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), identity_sdk::Error> {
    let service = Service::from_env_or_mock().await?;
    let client = service.builder().build()?;
    match client.sign_out().await? {
        SignOut::SignedOut { request_id } => {
            println!(
                "signed out of {} (request id {request_id:?})",
                client.base_url()
            );
        }
        SignOut::AlreadySignedOut { .. } => println!("the token was already invalid"),
        _ => println!("signed out"),
    }
    Ok(())
}
