//! No secret ever shows in `Debug` or `Display`: each configuration, token
//! source, client and error is formatted with known secrets in it, and the
//! secrets must be absent.

use identity_sdk::auth::{
    AccessToken, PasswordGrant, PasswordGrantCredentials, StaticToken, TokenFile,
};
use identity_sdk::{ClientBuilder, IdentityClient};
use identity_sdk_mock::{base_url, identity_server};
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

const ACCESS_TOKEN: &str = "sEcReT-access-token-0001";
const PASSWORD: &str = "sEcReT-password-0002";
const CLIENT_SECRET: &str = "sEcReT-client-secret-0003";
const PROXY_PASSWORD: &str = "sEcReT-proxy-password-0004";
const SECRETS: [&str; 4] = [ACCESS_TOKEN, PASSWORD, CLIENT_SECRET, PROXY_PASSWORD];

#[track_caller]
fn assert_redacted(what: &str, shown: String) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{what} shows a secret: {shown}");
    }
}

/// Alice's password-grant credentials, with the known secrets.
fn credentials(token_url: &str) -> PasswordGrantCredentials {
    PasswordGrantCredentials {
        token_url: token_url.parse().unwrap(),
        username: "alice".into(),
        password: PASSWORD.into(),
        client_id: "client-1".into(),
        client_secret: CLIENT_SECRET.into(),
    }
}

fn full_builder(base: &str) -> ClientBuilder {
    IdentityClient::builder()
        .with_base_url(base)
        .with_access_token(ACCESS_TOKEN)
        .with_password_grant(credentials("https://login.example.com/oauth2/token"))
        .with_proxy("http://127.0.0.1:3128")
        .with_proxy_credentials("proxy-user", PROXY_PASSWORD)
}

#[test]
fn builders_and_clients_redact_every_secret() {
    let builder = full_builder("https://example.lusid.com/identity");
    assert_redacted("ClientBuilder", format!("{builder:?} {builder:#?}"));
    let client = builder.build().unwrap();
    assert_redacted("IdentityClient", format!("{client:?} {client:#?}"));
    assert_redacted("generated Client", format!("{:?}", client.api()));
}

#[test]
fn token_sources_redact_their_tokens() {
    let token = AccessToken::new(ACCESS_TOKEN).unwrap();
    assert_redacted("AccessToken", format!("{token:?}"));
    assert_redacted("StaticToken", format!("{:?}", StaticToken::new(token)));

    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), ACCESS_TOKEN).unwrap();
    assert_redacted(
        "TokenFile",
        format!("{:?}", TokenFile::new(file.path()).unwrap()),
    );

    let credentials = credentials("https://login.example.com/oauth2/token");
    assert_redacted("PasswordGrantCredentials", format!("{credentials:?}"));
    let grant = PasswordGrant::new(credentials, reqwest_client());
    assert_redacted("PasswordGrant", format!("{grant:?}"));
}

fn reqwest_client() -> identity_sdk::reqwest::Client {
    identity_sdk::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
}

#[tokio::test]
async fn errors_redact_what_the_request_carried() {
    let server = identity_server().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!("echoing {PASSWORD}?")))
        .expect(1)
        .mount(&server)
        .await;
    let client = IdentityClient::builder()
        .with_base_url(base_url(&server))
        .with_password_grant(credentials(&format!("{}/token", server.uri())))
        .build()
        .unwrap();

    let error = client.invalidate_token().await.unwrap_err();
    assert_redacted("token endpoint Error", format!("{error} {error:?}"));

    let error = full_builder("not a url").build().unwrap_err();
    assert_redacted("configuration Error", format!("{error} {error:?}"));

    let error = IdentityClient::builder()
        .with_access_token(format!("{ACCESS_TOKEN}\r\n"))
        .with_application_name("a\nb")
        .build()
        .unwrap_err();
    assert_redacted("header Error", format!("{error} {error:?}"));
}

#[test]
fn debug_output_says_what_is_there_without_the_secrets() {
    let token = AccessToken::new(ACCESS_TOKEN).unwrap();
    assert_eq!(format!("{token:?}"), "AccessToken([REDACTED])");
    assert_eq!(token.expose_secret(), ACCESS_TOKEN, "only when asked for");

    let builder = full_builder("https://example.lusid.com/identity");
    let shown = format!("{builder:?}");
    for expected in [
        "FBN_IDENTITY_URL",
        "ClientBuilder::with_base_url",
        "FBN_ACCESS_TOKEN",
        "FBN_PASSWORD",
        "ClientBuilder::with_password_grant",
        "FBN_PROXY_PASSWORD",
    ] {
        assert!(shown.contains(expected), "{expected} missing: {shown}");
    }

    let credentials = credentials("https://login.example.com/oauth2/token");
    let shown = format!("{credentials:?}");
    for expected in [
        "https://login.example.com/oauth2/token",
        "alice",
        "client-1",
        "[REDACTED]",
    ] {
        assert!(shown.contains(expected), "{expected} missing: {shown}");
    }
    let grant = PasswordGrant::new(credentials, reqwest_client());
    let shown = format!("{grant:?}");
    assert!(shown.starts_with("PasswordGrant {"), "{shown}");
    assert!(
        shown.contains("alice") && shown.contains("refresh_margin"),
        "{shown}"
    );

    let client = IdentityClient::builder()
        .with_base_url("https://example.lusid.com/identity")
        .with_access_token(ACCESS_TOKEN)
        .build()
        .unwrap();
    let shown = format!("{client:?}");
    for expected in ["ClientState", "tokens", "StaticToken", "limits"] {
        assert!(shown.contains(expected), "{expected} missing: {shown}");
    }

    let error = full_builder("not a url").build().unwrap_err();
    let shown = format!("{error:?}");
    assert!(
        shown.contains("Configuration") && shown.contains("not a valid URL"),
        "{shown}"
    );
    assert_redacted("Debug of all", format!("{builder:?} {grant:?} {error:?}"));
}
