//! Authentication and identification: the headers every request carries,
//! and each way of getting a token.

use std::time::Duration;

use identity_sdk::auth::PasswordGrantCredentials;
use identity_sdk::{ClientTokensExt, IdentityClient};
use identity_sdk_mock::{FormBody, base_url, fast_retries, identity_server};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::raw_server::RefusingPort;

const TOKEN_PATH: &str = "/oauth2/token";

fn password_grant(server: &MockServer) -> identity_sdk::ClientBuilder {
    password_grant_at(server, &format!("{}{TOKEN_PATH}", server.uri()))
}

/// Alice's password grant, logging in at `token_url`.
fn password_grant_at(server: &MockServer, token_url: &str) -> identity_sdk::ClientBuilder {
    IdentityClient::builder()
        .with_base_url(base_url(server))
        .with_password_grant(PasswordGrantCredentials {
            token_url: token_url.parse().unwrap(),
            username: "alice".into(),
            password: "alice-password".into(),
            client_id: "client-1".into(),
            client_secret: "client-secret-1".into(),
        })
        .with_retry_policy(fast_retries())
}

fn login_form() -> FormBody {
    FormBody(vec![
        ("grant_type", "password".into()),
        ("username", "alice".into()),
        ("password", "alice-password".into()),
        ("client_id", "client-1".into()),
        ("client_secret", "client-secret-1".into()),
        ("scope", "openid client groups offline_access".into()),
    ])
}

fn refresh_form(refresh_token: &str) -> FormBody {
    FormBody(vec![
        ("grant_type", "refresh_token".into()),
        ("refresh_token", refresh_token.into()),
    ])
}

fn issued(access: &str, expires_in: u64, refresh: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "refresh_token": refresh,
        "scope": "openid client groups offline_access"
    }))
}

/// Expects one login with alice's password, answered with `answer`; a
/// later login goes to a mock mounted after this one.
async fn expect_login(server: &MockServer, answer: ResponseTemplate) {
    token_request()
        .and(login_form())
        .respond_with(answer)
        .up_to_n_times(1)
        .expect(1)
        .mount(server)
        .await;
}

/// A sign-out whose login the token endpoint refuses once with `status`
/// and this OAuth error: the error the caller gets.
async fn login_refused(
    server: &MockServer,
    status: u16,
    error: &str,
    description: &str,
) -> identity_sdk::Error {
    token_request()
        .respond_with(
            ResponseTemplate::new(status).set_body_json(serde_json::json!({
                "error": error, "error_description": description
            })),
        )
        .expect(1)
        .mount(server)
        .await;
    password_grant(server)
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap_err()
}

fn token_request() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
}

/// Expects `times` sign-outs with `token`.
async fn expect_api_calls_with(server: &MockServer, token: &str, times: u64) {
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .and(header("authorization", format!("Bearer {token}")))
        .respond_with(ResponseTemplate::new(204))
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn every_request_identifies_the_sdk_and_the_application() {
    let server = identity_server().await;
    Mock::given(method("DELETE"))
        .and(path("/identity/api/tokens"))
        .and(header("authorization", "Bearer pat-123"))
        .and(header("x-lusid-sdk-language", "Rust"))
        .and(header("x-lusid-sdk-version", env!("CARGO_PKG_VERSION")))
        .and(header(
            "user-agent",
            format!("identity-sdk/{}", env!("CARGO_PKG_VERSION")).as_str(),
        ))
        .and(header("x-lusid-application", "nightly-job"))
        .and(header("correlationid", "run-42"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let client = IdentityClient::builder()
        .with_base_url(base_url(&server))
        .with_access_token("pat-123")
        .with_application_name("nightly-job")
        .with_correlation_id("run-42")
        .build()
        .unwrap();

    // Through the typed layer and through the raw generated operation alike.
    client.invalidate_token().await.unwrap();
    client.api().invalidate_token().send().await.unwrap();
}

#[tokio::test]
async fn a_token_file_is_read_again_when_it_changes() {
    let server = identity_server().await;
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "first-token\n").unwrap();
    let client = IdentityClient::builder()
        .with_base_url(base_url(&server))
        .with_token_file(file.path())
        .build()
        .unwrap();
    expect_api_calls_with(&server, "first-token", 1).await;
    client.invalidate_token().await.unwrap();

    // A renewed token of another length: the change is seen even where the
    // file system's clock is coarse.
    std::fs::write(file.path(), "second-token-renewed").unwrap();
    expect_api_calls_with(&server, "second-token-renewed", 1).await;
    client.invalidate_token().await.unwrap();
}

#[tokio::test]
async fn the_password_grant_logs_in_once_and_reuses_the_token() {
    let server = identity_server().await;
    expect_login(&server, issued("access-1", 3600, "refresh-1")).await;
    expect_api_calls_with(&server, "access-1", 3).await;

    let client = password_grant(&server).build().unwrap();
    for _ in 0..3 {
        client.invalidate_token().await.unwrap();
    }
}

#[tokio::test]
async fn a_token_near_expiry_is_refreshed_with_the_refresh_token() {
    let server = identity_server().await;
    // Issued for 1 s: the 60 s margin is capped at half the lifetime, so the
    // token is renewed from 0.5 s on, before it expires.
    expect_login(&server, issued("access-1", 1, "refresh-1")).await;
    token_request()
        .and(refresh_form("refresh-1"))
        // client credentials as HTTP Basic: client-1:client-secret-1
        .and(header(
            "authorization",
            "Basic Y2xpZW50LTE6Y2xpZW50LXNlY3JldC0x",
        ))
        .respond_with(issued("access-2", 3600, "refresh-2"))
        .expect(1)
        .mount(&server)
        .await;
    expect_api_calls_with(&server, "access-1", 1).await;
    expect_api_calls_with(&server, "access-2", 1).await;

    let client = password_grant(&server)
        .with_token_refresh_margin(Duration::from_secs(60))
        .build()
        .unwrap();
    client.invalidate_token().await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.invalidate_token().await.unwrap();
}

#[tokio::test]
async fn a_refused_refresh_falls_back_to_a_full_login() {
    let server = identity_server().await;
    expect_login(&server, issued("access-1", 0, "refresh-1")).await;
    token_request()
        .and(refresh_form("refresh-1"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant", "error_description": "The refresh token is invalid or expired."
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = password_grant(&server).build().unwrap();
    expect_api_calls_with(&server, "access-1", 1).await;
    client.invalidate_token().await.unwrap();

    expect_login(&server, issued("access-2", 3600, "refresh-2")).await;
    expect_api_calls_with(&server, "access-2", 1).await;
    client.invalidate_token().await.unwrap();
}

#[tokio::test]
async fn a_rate_limited_token_endpoint_is_retried() {
    let server = identity_server().await;
    token_request()
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    expect_login(&server, issued("access-1", 3600, "refresh-1")).await;
    expect_api_calls_with(&server, "access-1", 1).await;

    password_grant(&server)
        .build()
        .unwrap()
        .invalidate_token()
        .await
        .unwrap();
}

#[tokio::test]
async fn concurrent_callers_share_one_login() {
    let server = identity_server().await;
    // Slow enough that all twenty callers find no token.
    expect_login(
        &server,
        issued("access-1", 3600, "refresh-1").set_delay(Duration::from_millis(200)),
    )
    .await;
    expect_api_calls_with(&server, "access-1", 20).await;

    let client = password_grant(&server).build().unwrap();
    let calls = (0..20).map(|_| client.invalidate_token());
    for result in futures::future::join_all(calls).await {
        result.unwrap();
    }
}

#[tokio::test]
async fn a_refused_login_is_an_authentication_error_that_names_the_reason() {
    let server = identity_server().await;
    let error = login_refused(
        &server,
        401,
        "invalid_client",
        "Client authentication failed.",
    )
    .await;

    assert!(error.is_authentication(), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    let message = error.to_string();
    assert!(
        message.contains("invalid_client: Client authentication failed."),
        "{message}"
    );
    assert!(
        !message.contains("alice-password") && !message.contains("client-secret-1"),
        "{message}"
    );
}

#[tokio::test]
async fn an_unreachable_token_endpoint_names_its_origin_and_the_os_error() {
    let refusing = RefusingPort::new();
    let origin = refusing.base_url().strip_suffix("/identity").unwrap();
    let server = identity_server().await;
    let client = password_grant_at(&server, &format!("{origin}/oauth2/token?tenant=t1"))
        .build()
        .unwrap();

    let error = client.invalidate_token().await.unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    // The first attempt and the two transient retries of the policy.
    assert_eq!(error.attempts(), 3);
    let shown = error.to_string();
    assert!(
        shown.starts_with(&format!(
            "token login request: could not connect to {origin}"
        )),
        "{shown}"
    );
    assert!(!shown.contains("tenant=t1"), "{shown}");
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    let mut os_error = None;
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            os_error = Some(io.kind());
        }
        cause = current.source();
    }
    assert_eq!(os_error, Some(std::io::ErrorKind::ConnectionRefused));
    assert!(shown.contains("refused"), "{shown}");
}

#[tokio::test]
async fn an_oauth_error_body_is_reported_as_what_it_is() {
    let server = identity_server().await;
    let error = login_refused(&server, 400, "invalid_grant", "The grant is not valid.").await;

    assert_eq!(
        error.to_string(),
        format!(
            "the token endpoint {} refused the login with 400 Bad Request: invalid_grant: The grant is not valid.",
            server.uri()
        )
    );
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_short_lived_token_is_reused_until_half_its_life() {
    // Issued for 2 s with the 60 s margin: the margin is capped at half the
    // lifetime (1 s), so a second call right away reuses the token.
    let server = identity_server().await;
    expect_login(&server, issued("access-1", 2, "refresh-1")).await;
    expect_api_calls_with(&server, "access-1", 2).await;

    let client = password_grant(&server).build().unwrap();
    client.invalidate_token().await.unwrap();
    client.invalidate_token().await.unwrap();
}

#[tokio::test]
async fn a_failed_refresh_that_is_not_a_refusal_is_an_error_not_a_new_login() {
    // Only a refused refresh token (400, 401) means "log in again"; a
    // failing token endpoint is reported as it is.
    let server = identity_server().await;
    expect_login(&server, issued("access-1", 0, "refresh-1")).await;
    token_request()
        .and(refresh_form("refresh-1"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    expect_api_calls_with(&server, "access-1", 1).await;
    let client = password_grant(&server).build().unwrap();
    client.invalidate_token().await.unwrap();

    let error = client.invalidate_token().await.unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(error.to_string().contains("refused the refresh"), "{error}");
}

#[derive(Debug)]
struct FixedToken(&'static str);

impl identity_sdk::auth::TokenSource for FixedToken {
    fn token(&self) -> identity_sdk::auth::TokenFuture<'_> {
        let token = self.0;
        Box::pin(async move { Ok(identity_sdk::auth::AccessToken::new(token)?) })
    }
}

#[tokio::test]
async fn a_token_source_of_your_own_authenticates_every_request() {
    let server = identity_server().await;
    expect_api_calls_with(&server, "from-my-vault", 2).await;
    let client = IdentityClient::builder()
        .with_base_url(base_url(&server))
        // Wins over every other credential setting.
        .with_access_token("not-this-one")
        .with_token_source(FixedToken("from-my-vault"))
        .build()
        .unwrap();

    client.invalidate_token().await.unwrap();
    client.api().invalidate_token().send().await.unwrap();
}

#[derive(Debug)]
struct BrokenVault;

impl identity_sdk::auth::TokenSource for BrokenVault {
    fn token(&self) -> identity_sdk::auth::TokenFuture<'_> {
        Box::pin(async {
            let cause = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "vault sealed");
            Err(Box::new(VaultError(cause)) as Box<dyn std::error::Error + Send + Sync>)
        })
    }
}

#[derive(Debug)]
struct VaultError(std::io::Error);

impl std::fmt::Display for VaultError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the vault refused")
    }
}

impl std::error::Error for VaultError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[tokio::test]
async fn a_token_source_failure_keeps_its_cause_chain() {
    let server = identity_server().await;
    let client = IdentityClient::builder()
        .with_base_url(base_url(&server))
        .with_token_source(BrokenVault)
        .build()
        .unwrap();

    let error = client.invalidate_token().await.unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    assert_eq!(error.attempts(), 0);
    let mut chain = Vec::new();
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&error);
    while let Some(current) = cause {
        chain.push(current.to_string());
        cause = current.source();
    }
    assert_eq!(chain, ["the vault refused", "vault sealed"]);
    assert_eq!(error.to_string(), "the token source failed: vault sealed");
}
