//! The main job: sign the current user out of all FINBOURNE platforms.
//!
//! With any `FBN_*` setting in the environment or a secrets file, it signs
//! out of the Identity service they configure; a partial configuration is an
//! error naming what is missing, never a fallback. With none at all, or with
//! `--mock`, it starts an embedded mock Identity service, signs a demo token
//! out, and shows that the token is rejected afterwards. It says which
//! service it signed out of, and exits non-zero with a one-line error on
//! failure.
//!
//! ```sh
//! cargo run --bin sign_out            # the configured service, else the mock
//! cargo run --bin sign_out -- --mock  # the embedded mock, whatever is configured
//! ```

use std::process::ExitCode;

use identity_sdk::{ClientBuilder, DEFAULT_SECRETS_FILE, IdentityClient, SignOut};
use identity_sdk_mock::MockIdentity;

const USAGE: &str = "usage: sign_out [--mock]";

/// Where to sign out.
enum Target {
    /// The service the `FBN_*` settings or the secrets file configure.
    Configured,
    /// The embedded mock.
    Mock { asked: bool },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let target = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] if is_configured() => Target::Configured,
        [] => Target::Mock { asked: false },
        [flag] if flag == "--mock" => Target::Mock { asked: true },
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(target).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Whether anything at all is configured: any `FBN_*` variable (ours or
/// not: a CI job that sets some expects the real service), or a secrets
/// file in the working directory.
fn is_configured() -> bool {
    std::env::vars_os().any(|(name, _)| name.as_encoded_bytes().starts_with(b"FBN_"))
        || std::path::Path::new(DEFAULT_SECRETS_FILE).is_file()
}

async fn run(target: Target) -> Result<(), identity_sdk::Error> {
    if let Target::Configured = target {
        let client = ClientBuilder::from_env()?.build()?;
        println!("Signing out of {}", client.base_url());
        report(client.base_url(), client.sign_out().await?);
        return Ok(());
    }

    let identity = MockIdentity::start().await;
    let why = match target {
        Target::Mock { asked: true } => "--mock",
        _ => "no FBN_* settings and no secrets file",
    };
    println!(
        "Using an embedded mock Identity service ({why}) at {}",
        identity.base_url()
    );
    let token = identity.issue_token();
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(&token)
        .build()?;
    println!("Signing out with a demo token ([REDACTED])");
    report(client.base_url(), client.sign_out().await?);
    println!("Signing out again with the same token");
    report(client.base_url(), client.sign_out().await?);
    Ok(())
}

fn report(service: &str, outcome: SignOut) {
    let request_id = outcome.request_id().unwrap_or("none").to_owned();
    match outcome {
        SignOut::SignedOut { .. } => {
            println!("Signed out of {service} (request id {request_id})")
        }
        SignOut::AlreadySignedOut { .. } => println!(
            "The token was already invalid at {service}: signed out (request id {request_id})"
        ),
        _ => println!("Finished at {service} (request id {request_id})"),
    }
}
