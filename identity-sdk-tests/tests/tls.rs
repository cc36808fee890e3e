//! HTTPS with the TLS backend the features chose (CI runs this file once
//! per backend: rustls with aws-lc-rs, rustls with ring, native-tls), and
//! mutual TLS with a client certificate, as FINBOURNE's Python SDK reads it
//! (`FBN_CLIENT_CERTIFICATE`, a PEM file with the certificate and its key).

mod common;

use std::collections::HashMap;

use common::https::{https_identity, tls_file};
use identity_sdk::{ClientBuilder, IdentityClient, RetryPolicy, SignOut};

fn env(pairs: &[(&str, String)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// A client of `base` configured from the environment, trusting the test
/// CA, without retries.
fn client_from(pairs: &[(&str, String)]) -> Result<IdentityClient, identity_sdk::Error> {
    ClientBuilder::from_env_map(&env(pairs))?
        .with_root_certificates(tls_file("ca.pem"))
        .with_retry_policy(RetryPolicy::none())
        .build()
}

#[tokio::test]
async fn https_to_a_trusted_server_signs_out() {
    let base = https_identity(false).await;
    let client =
        client_from(&[("FBN_IDENTITY_URL", base), ("FBN_ACCESS_TOKEN", "t".into())]).unwrap();

    let outcome = client.sign_out().await.unwrap();

    assert_eq!(
        outcome,
        SignOut::SignedOut {
            request_id: Some("tls-req-1".into())
        }
    );
}

#[tokio::test]
async fn a_client_certificate_from_the_environment_opens_mutual_tls() {
    let base = https_identity(true).await;
    let client = client_from(&[
        ("FBN_IDENTITY_URL", base),
        ("FBN_ACCESS_TOKEN", "t".into()),
        (
            "FBN_CLIENT_CERTIFICATE",
            tls_file("client.pem").display().to_string(),
        ),
    ])
    .unwrap();

    assert!(matches!(
        client.sign_out().await.unwrap(),
        SignOut::SignedOut { .. }
    ));
}

#[tokio::test]
async fn without_the_client_certificate_the_handshake_fails_cleanly() {
    let base = https_identity(true).await;
    let client = client_from(&[
        ("FBN_IDENTITY_URL", base.clone()),
        ("FBN_ACCESS_TOKEN", "t".into()),
    ])
    .unwrap();

    let error = client.sign_out().await.unwrap_err();

    assert!(error.is_connection() || error.is_timeout(), "{error:?}");
    assert!(error.status().is_none(), "{error:?}");
}

#[tokio::test]
async fn a_server_the_client_does_not_trust_is_refused() {
    let base = https_identity(false).await;
    let client = ClientBuilder::from_env_map(&env(&[
        ("FBN_IDENTITY_URL", base),
        ("FBN_ACCESS_TOKEN", "t".into()),
    ]))
    .unwrap()
    .with_retry_policy(RetryPolicy::none())
    .build()
    .unwrap();

    let error = client.sign_out().await.unwrap_err();

    assert!(error.is_connection(), "{error:?}");
    assert!(error.to_string().contains("https://localhost:"), "{error}");
}

#[test]
fn a_missing_certificate_file_names_the_setting() {
    let error = client_from(&[
        ("FBN_ACCESS_TOKEN", "t".into()),
        ("FBN_CLIENT_CERTIFICATE", "no/such/client.pem".into()),
    ])
    .unwrap_err();

    assert!(error.is_configuration(), "{error:?}");
    let shown = error.to_string();
    assert!(
        shown.contains("FBN_CLIENT_CERTIFICATE") && shown.contains("no/such/client.pem"),
        "{shown}"
    );
    assert!(shown.contains("cannot read the file"), "{shown}");
}

#[test]
fn a_file_that_is_not_a_certificate_names_the_secrets_key() {
    let not_a_certificate = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(not_a_certificate.path(), "hello, I am not PEM\n").unwrap();
    let secrets = tempfile::NamedTempFile::new().unwrap();
    let json = serde_json::json!({"api": {
        "accessToken": "t",
        "clientCertificate": not_a_certificate.path(),
    }});
    std::fs::write(secrets.path(), json.to_string()).unwrap();

    let error = ClientBuilder::from_secrets_file(secrets.path())
        .unwrap()
        .build()
        .unwrap_err();

    assert!(error.is_configuration(), "{error:?}");
    let shown = error.to_string();
    assert!(shown.contains("api.clientCertificate"), "{shown}");
    assert!(shown.contains("holds no certificate"), "{shown}");
}

#[test]
fn a_certificate_without_its_key_is_refused() {
    let error = client_from(&[
        ("FBN_ACCESS_TOKEN", "t".into()),
        (
            "FBN_CLIENT_CERTIFICATE",
            tls_file("ca.pem").display().to_string(),
        ),
    ])
    .unwrap_err();

    assert!(
        error.to_string().contains("holds no private key"),
        "{error}"
    );
}
