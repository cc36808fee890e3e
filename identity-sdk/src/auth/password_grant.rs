//! The OAuth2 resource-owner password grant, as FINBOURNE's SDKs use it:
//! log in once, refresh ahead of expiry, log in again when the refresh is
//! refused, and never let concurrent callers log in twice.

use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::header::{ACCEPT, HeaderValue};
use reqwest::{StatusCode, Url};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::time::Instant;

use super::token::{AccessToken, TokenFuture, TokenSource};
use crate::error::{Error, ErrorKind};
use crate::sync::lock;
use crate::telemetry;
use crate::transport::{self, CopyRequest, Limits};

/// The scope FINBOURNE's SDKs ask for.
const SCOPE: &str = "openid client groups offline_access";

/// How long a token is assumed to live when the endpoint does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// Who logs in, and where. The secrets are
/// [`SecretString`](crate::secrecy::SecretString)s, from the re-exported
/// [`secrecy`](crate::secrecy) crate.
#[derive(Clone)]
pub struct PasswordGrantCredentials {
    /// The OAuth2 token endpoint (`FBN_TOKEN_URL`).
    pub token_url: Url,
    /// `FBN_USERNAME`.
    pub username: String,
    /// `FBN_PASSWORD`.
    pub password: SecretString,
    /// `FBN_CLIENT_ID`.
    pub client_id: String,
    /// `FBN_CLIENT_SECRET`.
    pub client_secret: SecretString,
}

impl fmt::Debug for PasswordGrantCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordGrantCredentials")
            .field("token_url", &self.token_url.as_str())
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .finish()
    }
}

/// Access tokens from the OAuth2 password grant, cached and refreshed.
///
/// * The first call logs in (`grant_type=password`).
/// * A token is refreshed (`grant_type=refresh_token`, client credentials
///   as HTTP Basic) once it is within the refresh margin of expiry — 60 s by
///   default, or half the token's lifetime if that is shorter.
/// * A refused refresh (400 or 401) falls back to a full login.
/// * Callers that find the token stale at the same time wait for one login
///   or refresh and share its token.
/// * 429, 408, 502, 503, 504 and connection failures at the token endpoint
///   are retried within the client's retry policy and total timeout.
pub struct PasswordGrant {
    credentials: PasswordGrantCredentials,
    http: reqwest::Client,
    limits: Limits,
    refresh_margin: Duration,
    /// The current token; held only to copy it, never across an await.
    current: Mutex<Option<Issued>>,
    /// Held by the one caller that logs in or refreshes.
    renewing: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Issued {
    token: AccessToken,
    refresh_token: Option<SecretString>,
    /// When to stop using the token and renew it.
    renew_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
}

impl PasswordGrant {
    /// A token source that logs in with `credentials`, sending token requests
    /// with `http`.
    pub fn new(credentials: PasswordGrantCredentials, http: reqwest::Client) -> Self {
        PasswordGrant {
            credentials,
            http,
            limits: Limits::default(),
            refresh_margin: Duration::from_secs(60),
            current: Mutex::new(None),
            renewing: tokio::sync::Mutex::new(()),
        }
    }

    /// Retries and time limits of each token request (default
    /// [`Limits::default`]); a client built by
    /// [`ClientBuilder`](crate::ClientBuilder) passes its own.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// How long before expiry a token is renewed (default 60 s).
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    fn fresh(&self) -> Option<Issued> {
        lock(&self.current)
            .clone()
            .filter(|issued| Instant::now() < issued.renew_at)
    }

    async fn current_token(&self) -> Result<AccessToken, Error> {
        if let Some(issued) = self.fresh() {
            return Ok(issued.token);
        }
        let _renewing = self.renewing.lock().await;
        // Whoever held the lock before us may have renewed already.
        if let Some(issued) = self.fresh() {
            return Ok(issued.token);
        }
        let stale = lock(&self.current).take();
        let issued = match stale.and_then(|issued| issued.refresh_token) {
            Some(refresh_token) => match self.refresh(&refresh_token).await {
                Err(error)
                    if matches!(
                        error.status(),
                        Some(StatusCode::BAD_REQUEST | StatusCode::UNAUTHORIZED)
                    ) =>
                {
                    tracing::info!("refresh token refused; logging in again");
                    self.login().await?
                }
                other => other?,
            },
            None => self.login().await?,
        };
        let token = issued.token.clone();
        *lock(&self.current) = Some(issued);
        Ok(token)
    }

    async fn login(&self) -> Result<Issued, Error> {
        let c = &self.credentials;
        let form = [
            ("grant_type", "password"),
            ("username", c.username.as_str()),
            ("password", c.password.expose_secret()),
            ("client_id", c.client_id.as_str()),
            ("client_secret", c.client_secret.expose_secret()),
            ("scope", SCOPE),
        ];
        let request = self.http.post(c.token_url.clone()).form(&form);
        self.request_token(request, "login").await
    }

    async fn refresh(&self, refresh_token: &SecretString) -> Result<Issued, Error> {
        let c = &self.credentials;
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose_secret()),
        ];
        let request = self
            .http
            .post(c.token_url.clone())
            .basic_auth(&c.client_id, Some(c.client_secret.expose_secret()))
            .form(&form);
        self.request_token(request, "refresh").await
    }

    async fn request_token(
        &self,
        request: reqwest::RequestBuilder,
        grant: &'static str,
    ) -> Result<Issued, Error> {
        let request = request
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .build()
            .map_err(|error| {
                Error::authentication(format!("cannot build the token {grant} request"))
                    .with_source(error.without_url())
            })?;
        let endpoint = self.credentials.token_url.origin().ascii_serialization();
        let span = telemetry::token_span(grant, &self.credentials.token_url);
        let sent = transport::send_in_span(
            &span,
            &self.http,
            request,
            CopyRequest::default(),
            &self.limits,
            "token endpoint",
        )
        .await;
        let attempts = sent.attempts;
        let failed = |message: String| Error::authentication(message).with_attempts(attempts);
        let answer = sent.outcome.map_err(|error| {
            Error::from_transport(error)
                .reclassify(ErrorKind::Authentication, &format!("token {grant} request"))
                .with_attempts(attempts)
        })?;
        let status = answer.status;
        if let Some(cause) = answer.broken {
            return Err(failed(format!(
                "the token {grant} response from {endpoint} ({status}) broke off"
            ))
            .with_status(status)
            .with_source(cause.without_url()));
        }
        let body = answer.body;
        if !status.is_success() {
            let reason = serde_json::from_slice::<OAuthError>(&body)
                .ok()
                .and_then(|e| match (e.error, e.error_description) {
                    (Some(error), Some(description)) => Some(format!(": {error}: {description}")),
                    (Some(error), None) | (None, Some(error)) => Some(format!(": {error}")),
                    (None, None) => None,
                })
                .unwrap_or_default();
            return Err(failed(format!(
                "the token endpoint {endpoint} refused the {grant} with {status}{reason}"
            ))
            .with_status(status));
        }
        // The body holds tokens: the decode error is reported without it.
        let issued: TokenResponse = serde_json::from_slice(&body).map_err(|_| {
            failed(format!(
                "the token {grant} response is not an OAuth2 token response"
            ))
        })?;
        let lifetime = issued
            .expires_in
            .map_or(DEFAULT_LIFETIME, Duration::from_secs);
        let margin = self.refresh_margin.min(lifetime / 2);
        Ok(Issued {
            token: AccessToken::new(issued.access_token).map_err(|error| {
                failed(format!(
                    "the token endpoint sent an unusable access token: {error}"
                ))
            })?,
            refresh_token: issued.refresh_token.map(SecretString::from),
            renew_at: Instant::now() + lifetime - margin,
        })
    }
}

impl fmt::Debug for PasswordGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordGrant")
            .field("credentials", &self.credentials)
            .field("limits", &self.limits)
            .field("refresh_margin", &self.refresh_margin)
            .finish_non_exhaustive()
    }
}

impl TokenSource for PasswordGrant {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move { Ok(self.current_token().await?) })
    }
}
