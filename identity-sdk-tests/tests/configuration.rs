//! Configuration: FINBOURNE's setting names from an injected environment and
//! a secrets file, one precedence order, and errors that name the setting
//! and where it came from.

use std::collections::HashMap;
use std::io::Write;

use identity_sdk::{ClientBuilder, Error, IdentityClient};
use identity_sdk_mock::{base_url, identity_server};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn secrets_file(json: serde_json::Value) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(json.to_string().as_bytes()).unwrap();
    file
}

/// Expects one sign-out carrying `token`, answered 204.
async fn expect_sign_out_with(server: &MockServer, token: &str) {
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .and(header("authorization", format!("Bearer {token}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(server)
        .await;
}

fn build_error(builder: Result<ClientBuilder, Error>) -> Error {
    match builder.and_then(ClientBuilder::build) {
        Ok(client) => panic!("expected a configuration error, built {client:?}"),
        Err(error) => {
            assert!(error.is_configuration(), "{error:?}");
            error
        }
    }
}

#[tokio::test]
async fn the_environment_wins_over_the_secrets_file_setting_by_setting() {
    let server = identity_server().await;
    let file = secrets_file(serde_json::json!({"api": {
        "identityUrl": base_url(&server),
        "accessToken": "token-from-file"
    }}));
    let env = env(&[
        ("FBN_SECRETS_PATH", file.path().to_str().unwrap()),
        ("FBN_ACCESS_TOKEN", "token-from-env"),
    ]);
    expect_sign_out_with(&server, "token-from-env").await;

    // The URL comes from the file (the environment lacks it), the token from
    // the environment.
    let client = ClientBuilder::from_env_map(&env).unwrap().build().unwrap();
    client.invalidate_token().await.unwrap();
}

#[tokio::test]
async fn the_builder_wins_over_the_environment() {
    let server = identity_server().await;
    let env = env(&[
        ("FBN_IDENTITY_URL", "https://elsewhere.lusid.com/identity"),
        ("FBN_ACCESS_TOKEN", "token-from-env"),
    ]);
    expect_sign_out_with(&server, "token-from-builder").await;

    let client = ClientBuilder::from_env_map(&env)
        .unwrap()
        .with_base_url(base_url(&server))
        .with_access_token("token-from-builder")
        .build()
        .unwrap();
    client.invalidate_token().await.unwrap();
}

#[tokio::test]
async fn a_secrets_file_alone_configures_the_client() {
    let server = identity_server().await;
    let file = secrets_file(serde_json::json!({
        "api": {
            "identityUrl": base_url(&server),
            "accessToken": "token-from-file",
            "applicationName": "reconciler",
            "totalTimeoutMs": 5000,
            "connectTimeoutMs": "1000",
            "rateLimitRetries": 0
        }
    }));
    Mock::given(method("DELETE"))
        .and(header("authorization", "Bearer token-from-file"))
        .and(header("x-lusid-application", "reconciler"))
        .respond_with(ResponseTemplate::new(429))
        .expect(1) // rateLimitRetries 0: no retry
        .mount(&server)
        .await;

    let client = ClientBuilder::from_secrets_file(file.path())
        .unwrap()
        .build()
        .unwrap();
    let error = client.invalidate_token().await.unwrap_err();
    assert!(error.is_rate_limited());
}

#[test]
fn no_configuration_at_all_asks_for_credentials() {
    let error = build_error(ClientBuilder::from_env_map(&env(&[])));
    assert!(error.to_string().contains("FBN_ACCESS_TOKEN"), "{error}");
}

#[test]
fn a_username_without_a_token_url_names_both_settings() {
    let error = build_error(ClientBuilder::from_env_map(&env(&[
        ("FBN_USERNAME", "alice"),
        ("FBN_PASSWORD", "hunter2"),
    ])));
    let message = error.to_string();
    assert!(
        message.contains("FBN_USERNAME") && message.contains("FBN_TOKEN_URL"),
        "{message}"
    );
    assert!(message.contains("api.tokenUrl"), "{message}");
}

#[test]
fn a_malformed_url_names_the_setting_and_its_origin() {
    let file =
        secrets_file(serde_json::json!({"api": {"identityUrl": "not a url", "accessToken": "t"}}));
    let error = build_error(ClientBuilder::from_secrets_file(file.path()));
    let message = error.to_string();
    assert!(message.contains("api.identityUrl"), "{message}");
    assert!(
        message.contains(&file.path().display().to_string()),
        "{message}"
    );

    let error = build_error(ClientBuilder::from_env_map(&env(&[
        ("FBN_IDENTITY_URL", "ftp://example.com/identity"),
        ("FBN_ACCESS_TOKEN", "t"),
    ])));
    assert!(
        error
            .to_string()
            .contains("environment variable FBN_IDENTITY_URL"),
        "{error}"
    );
}

#[test]
fn an_unreadable_or_invalid_secrets_file_is_named() {
    let error = build_error(ClientBuilder::from_env_map(&env(&[(
        "FBN_SECRETS_PATH",
        "no/such/secrets.json",
    )])));
    assert!(
        error.to_string().contains("no/such/secrets.json"),
        "{error}"
    );

    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(b"{\"api\": {\"password\": \"s3cret-value\",")
        .unwrap();
    let error = build_error(ClientBuilder::from_secrets_file(file.path()));
    let message = error.to_string();
    assert!(
        message.contains("not valid JSON") && message.contains("line 1"),
        "{message}"
    );
    assert!(!message.contains("s3cret-value"), "{message}");
}

#[test]
fn a_non_numeric_timeout_names_the_variable() {
    let error = build_error(ClientBuilder::from_env_map(&env(&[
        ("FBN_ACCESS_TOKEN", "t"),
        ("FBN_TOTAL_TIMEOUT_MS", "ten seconds"),
    ])));
    let message = error.to_string();
    assert!(
        message.contains("FBN_TOTAL_TIMEOUT_MS") && message.contains("milliseconds"),
        "{message}"
    );

    let error = build_error(ClientBuilder::from_env_map(&env(&[
        ("FBN_ACCESS_TOKEN", "t"),
        ("FBN_READ_TIMEOUT_MS", "0"),
    ])));
    assert!(error.to_string().contains("FBN_READ_TIMEOUT_MS"), "{error}");
}

#[test]
fn an_empty_token_is_refused() {
    let error = build_error(Ok(IdentityClient::builder().with_access_token("  ")));
    assert!(error.to_string().contains("empty"), "{error}");

    let file = tempfile::NamedTempFile::new().unwrap();
    let error = build_error(Ok(IdentityClient::builder().with_token_file(file.path())));
    assert!(error.to_string().contains("empty"), "{error}");
}

#[test]
fn a_token_that_cannot_be_a_header_is_a_configuration_error() {
    for token in [
        "abc\r\nX-Injected: yes",
        "abc\ndef",
        "tab\u{7f}del",
        "nul\0byte",
    ] {
        let error = build_error(Ok(IdentityClient::builder().with_access_token(token)));
        let message = format!("{error} {error:?}");
        assert!(
            message.contains("cannot be sent in an HTTP header"),
            "{message}"
        );
        assert!(
            !message.contains("abc") && !message.contains("Injected"),
            "{message}"
        );
    }
    let error = build_error(Ok(IdentityClient::builder()
        .with_access_token("t")
        .with_application_name("app\r\nname")));
    assert!(
        error.to_string().contains("with_application_name"),
        "{error}"
    );
}

#[test]
fn credentials_never_go_over_plain_http_to_another_host() {
    let error = build_error(Ok(IdentityClient::builder()
        .with_base_url("http://example.lusid.com/identity")
        .with_access_token("t")));
    assert!(
        error
            .to_string()
            .contains("danger_allow_credentials_over_plain_http"),
        "{error}"
    );

    let error = build_error(ClientBuilder::from_env_map(&env(&[
        ("FBN_TOKEN_URL", "http://login.example.com/oauth2/token"),
        ("FBN_USERNAME", "alice"),
        ("FBN_PASSWORD", "p"),
        ("FBN_CLIENT_ID", "c"),
        ("FBN_CLIENT_SECRET", "s"),
    ])));
    assert!(error.to_string().contains("FBN_TOKEN_URL"), "{error}");

    for allowed in [
        "http://127.0.0.1:1/identity",
        "http://localhost:1/identity",
        "http://[::1]:1/identity",
    ] {
        IdentityClient::builder()
            .with_base_url(allowed)
            .with_access_token("t")
            .build()
            .unwrap();
    }
    IdentityClient::builder()
        .with_base_url("http://example.lusid.com/identity")
        .with_access_token("t")
        .danger_allow_credentials_over_plain_http()
        .build()
        .unwrap();
}

#[tokio::test]
async fn the_proxy_settings_are_honoured() {
    // The mock server plays the proxy: a plain-http request through a proxy
    // is sent to it in absolute form.
    let proxy = identity_server().await;
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .and(header("host", "identity.example.com"))
        .and(header(
            "proxy-authorization",
            "Basic cHJveHktdXNlcjpwcm94eS1wYXNz",
        ))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&proxy)
        .await;
    let env = env(&[
        ("FBN_IDENTITY_URL", "http://identity.example.com/identity"),
        ("FBN_ACCESS_TOKEN", "t"),
        ("FBN_PROXY_ADDRESS", &proxy.uri()),
        ("FBN_PROXY_USERNAME", "proxy-user"),
        ("FBN_PROXY_PASSWORD", "proxy-pass"),
    ]);

    let client = ClientBuilder::from_env_map(&env)
        .unwrap()
        .danger_allow_credentials_over_plain_http()
        .build()
        .unwrap();
    client.invalidate_token().await.unwrap();
}

#[test]
fn a_proxy_username_without_a_password_is_refused() {
    let error = build_error(ClientBuilder::from_env_map(&env(&[
        ("FBN_ACCESS_TOKEN", "t"),
        ("FBN_PROXY_ADDRESS", "http://127.0.0.1:3128"),
        ("FBN_PROXY_USERNAME", "u"),
    ])));
    assert!(error.to_string().contains("FBN_PROXY_USERNAME"), "{error}");
}

#[test]
fn the_older_base_url_name_is_used_only_when_the_current_one_is_absent() {
    let client = ClientBuilder::from_env_map(&env(&[
        (
            "FBN_FINBOURNE_IDENTITY_API_URL",
            "https://older.lusid.com/identity",
        ),
        ("FBN_ACCESS_TOKEN", "t"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://older.lusid.com/identity");

    // The current name wins wherever it comes from: here the secrets file
    // has it and the environment has only the older one.
    let file = secrets_file(serde_json::json!({"api": {
        "identityUrl": "https://current.lusid.com/identity",
        "finbourne_identityUrl": "https://older-in-file.lusid.com/identity",
    }}));
    let client = ClientBuilder::from_env_map(&env(&[
        ("FBN_SECRETS_PATH", file.path().to_str().unwrap()),
        (
            "FBN_FINBOURNE_IDENTITY_API_URL",
            "https://older.lusid.com/identity",
        ),
        ("FBN_ACCESS_TOKEN", "t"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://current.lusid.com/identity");

    let file = secrets_file(serde_json::json!({"api": {
        "finbourne_identityUrl": "https://older-in-file.lusid.com/identity",
        "accessToken": "t",
    }}));
    let client = ClientBuilder::from_secrets_file(file.path())
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(
        client.base_url(),
        "https://older-in-file.lusid.com/identity"
    );
}

#[test]
fn a_base_url_with_a_query_is_refused() {
    let error = build_error(ClientBuilder::from_env_map(&env(&[
        (
            "FBN_IDENTITY_URL",
            "https://example.lusid.com/identity?tenant=t1",
        ),
        ("FBN_ACCESS_TOKEN", "t"),
    ])));
    assert!(error.to_string().contains("FBN_IDENTITY_URL"), "{error}");
    assert!(
        error.to_string().contains("must not have a query"),
        "{error}"
    );
}

#[test]
fn an_empty_value_in_the_secrets_file_counts_as_absent() {
    let file = secrets_file(serde_json::json!({"api": {
        "identityUrl": "   ",
        "accessToken": "t",
    }}));
    let client = ClientBuilder::from_secrets_file(file.path())
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.base_url(), identity_sdk::DEFAULT_BASE_URL);
}

#[test]
fn a_client_certificate_given_to_the_builder_is_named_when_missing() {
    let error = build_error(Ok(IdentityClient::builder()
        .with_access_token("t")
        .with_client_certificate("no/such/client.pem")));
    let message = error.to_string();
    assert!(
        message.contains("ClientBuilder::with_client_certificate")
            && message.contains("no/such/client.pem"),
        "{message}"
    );
}

#[test]
fn a_zero_connect_timeout_from_the_builder_is_refused_by_name() {
    let error = build_error(Ok(IdentityClient::builder()
        .with_access_token("t")
        .with_connect_timeout(std::time::Duration::ZERO)));
    assert!(
        error
            .to_string()
            .contains("ClientBuilder::with_connect_timeout"),
        "{error}"
    );
}
