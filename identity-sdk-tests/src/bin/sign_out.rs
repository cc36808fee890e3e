//! The main job: sign the current user out of all FINBOURNE platforms.
//!
//! With FBN_* credentials in the environment or a secrets file, it signs out
//! of the configured Identity service. With none, it starts an embedded mock
//! Identity service, signs a demo token out, and shows that the token is
//! rejected afterwards. Exits non-zero with a one-line error on failure.
//!
//! ```sh
//! cargo run --bin sign_out
//! ```

use std::process::ExitCode;

use identity_sdk::{ClientBuilder, DEFAULT_SECRETS_FILE, IdentityClient, SignOut};
use identity_sdk_tests::MockIdentity;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), identity_sdk::Error> {
    // Any FBN_* setting, or a secrets file, means "use the real service".
    let configured = std::env::vars_os()
        .any(|(name, _)| name.as_encoded_bytes().starts_with(b"FBN_"))
        || std::path::Path::new(DEFAULT_SECRETS_FILE).is_file();
    if configured {
        let client = ClientBuilder::from_env()?.build()?;
        println!("Signing out of {}", client.base_url());
        report(client.sign_out().await?);
        return Ok(());
    }

    let identity = MockIdentity::start().await;
    println!(
        "No FBN_* credentials configured: using an embedded mock Identity service at {}",
        identity.base_url()
    );
    let token = identity.issue_token();
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(&token)
        .build()?;
    println!("Signing out with a demo token ([REDACTED])");
    report(client.sign_out().await?);
    println!("Signing out again with the same token");
    report(client.sign_out().await?);
    Ok(())
}

fn report(outcome: SignOut) {
    let request_id = outcome.request_id().unwrap_or("none").to_owned();
    match outcome {
        SignOut::SignedOut { .. } => println!("Signed out (request id {request_id})"),
        SignOut::AlreadySignedOut { .. } => {
            println!("The token was already invalid: signed out (request id {request_id})")
        }
        _ => println!("Finished (request id {request_id})"),
    }
}
