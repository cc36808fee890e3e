//! The main job (`cargo run --bin sign_out`) as a process, against a mock
//! Identity service: output and exit codes.

use std::process::{Command, Output};

use identity_sdk_mock::{Fault, MockIdentity};

/// Runs the job with only the given FBN_* settings, in an empty directory
/// so that no secrets.json is picked up.
fn run(env: &[(&str, String)]) -> (Output, String, String) {
    run_with_args(&[], env)
}

fn run_with_args(args: &[&str], env: &[(&str, String)]) -> (Output, String, String) {
    let directory = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_sign_out"));
    command.args(args);
    command.current_dir(directory.path());
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("FBN_")) {
        command.env_remove(name);
    }
    command.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output, stdout, stderr)
}

fn configured(identity: &MockIdentity, token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("FBN_IDENTITY_URL", identity.base_url()),
        ("FBN_ACCESS_TOKEN", token.to_owned()),
    ]
}

#[tokio::test]
async fn it_signs_out_a_live_token() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();

    let (output, stdout, _) = run(&configured(&identity, &token));

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "Signed out of {} (request id mock-req-1)",
            identity.base_url()
        )),
        "{stdout}"
    );
    assert!(!stdout.contains(&token));
    assert!(!identity.is_live(&token));
}

#[tokio::test]
async fn an_already_invalid_token_is_reported_and_succeeds() {
    let identity = MockIdentity::start().await;

    let (output, stdout, _) = run(&configured(&identity, "long-gone-token"));

    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("already invalid"), "{stdout}");
}

#[tokio::test]
async fn a_server_error_exits_non_zero_with_one_line() {
    let identity = MockIdentity::start().await;
    identity.inject(Fault::ServerError(500));

    let (output, _, stderr) = run(&configured(&identity, &identity.issue_token()));

    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: 500 Internal Server Error"),
        "{stderr}"
    );
    assert!(stderr.contains("request id mock-req-1"), "{stderr}");
}

#[test]
fn without_credentials_it_demonstrates_against_the_embedded_mock() {
    let (output, stdout, _) = run(&[]);

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("embedded mock Identity service"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Signed out of http://127.0.0.1:"),
        "{stdout}"
    );
    assert!(stdout.contains("already invalid"), "{stdout}");
    assert!(
        !stdout.contains("mock-token-"),
        "the token must not be shown: {stdout}"
    );
}

#[test]
fn bad_configuration_exits_non_zero_with_one_line() {
    let (output, _, stderr) = run(&[
        ("FBN_ACCESS_TOKEN", "t".into()),
        ("FBN_IDENTITY_URL", "not a url".into()),
    ]);

    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("FBN_IDENTITY_URL"), "{stderr}");
}

#[tokio::test]
async fn a_partial_configuration_is_an_error_not_the_mock() {
    // A CI job whose username and secrets did not arrive.
    let identity = MockIdentity::start().await;
    let (output, stdout, stderr) = run(&[
        ("FBN_IDENTITY_URL", identity.base_url()),
        ("FBN_TOKEN_URL", identity.token_url()),
        ("FBN_CLIENT_ID", "client-1".into()),
    ]);

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("mock"), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for named in ["FBN_USERNAME", "FBN_PASSWORD", "FBN_CLIENT_SECRET"] {
        assert!(stderr.contains(named), "{named} not named: {stderr}");
    }
    assert!(identity.calls().is_empty());
}

#[test]
fn any_fbn_setting_means_the_configured_service() {
    let (output, stdout, stderr) = run(&[("FBN_APP_NAME", "nightly".into())]);

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stderr.contains("no credentials"), "{stderr}");
}

#[tokio::test]
async fn mock_is_used_when_asked_whatever_is_configured() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();

    let (output, stdout, _) = run_with_args(&["--mock"], &configured(&identity, &token));

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("embedded mock Identity service (--mock)"),
        "{stdout}"
    );
    assert!(
        identity.is_live(&token),
        "the configured service was not touched"
    );
}

#[test]
fn an_unknown_argument_is_a_usage_error() {
    let (output, _, stderr) = run_with_args(&["--sign-everyone-out"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr.contains("usage: sign_out [--mock]"), "{stderr}");
}

#[tokio::test]
async fn a_secrets_file_in_the_working_directory_configures_the_job() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    let directory = tempfile::tempdir().unwrap();
    let secrets = serde_json::json!({"api": {
        "identityUrl": identity.base_url(),
        "accessToken": token,
    }});
    std::fs::write(directory.path().join("secrets.json"), secrets.to_string()).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_sign_out"));
    command.current_dir(directory.path());
    for (name, _) in std::env::vars().filter(|(name, _)| name.starts_with("FBN_")) {
        command.env_remove(name);
    }

    let output = command.output().unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(!stdout.contains("embedded mock"), "{stdout}");
    assert!(
        !identity.is_live(&token),
        "the configured service signed the token out"
    );
}
