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

use identity_sdk::SignOut;
use identity_sdk_mock::Service;

const USAGE: &str = "usage: sign_out [--mock]";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let asked_for_mock = match std::env::args().skip(1).collect::<Vec<_>>().as_slice() {
        [] => false,
        [flag] if flag == "--mock" => true,
        [flag] if flag == "-h" || flag == "--help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(asked_for_mock).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(asked_for_mock: bool) -> Result<(), identity_sdk::Error> {
    let service = if asked_for_mock {
        Service::embedded().await
    } else {
        Service::from_env_or_mock().await?
    };
    let client = service.builder().build()?;
    let Some(identity) = service.mock() else {
        println!("Signing out of {}", client.base_url());
        report(client.base_url(), client.sign_out().await?);
        return Ok(());
    };

    let why = if asked_for_mock {
        "--mock"
    } else {
        "no FBN_* settings and no secrets file"
    };
    println!(
        "Using an embedded mock Identity service ({why}) at {}",
        identity.base_url()
    );
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
