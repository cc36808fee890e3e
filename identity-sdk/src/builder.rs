//! Building an [`IdentityClient`]: the builder's setters, and `build`,
//! which checks every setting once and puts the client together.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::auth::{self, PasswordGrantCredentials, TokenSource};
use crate::client::IdentityClient;
use crate::config::{self, Given, Key, Settings};
use crate::error::Error;
use crate::generated::Client;
use crate::http;
use crate::retry::RetryPolicy;
use crate::state::ClientState;
use crate::tls;
use crate::transport::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TOTAL_TIMEOUT, Limits,
};

/// Builds an [`IdentityClient`].
///
/// Settings come from three places; for each setting the first that has it
/// wins:
///
/// 1. calls on this builder (`with_*`),
/// 2. the environment (`FBN_*` variables, see [`ClientBuilder::from_env`]),
/// 3. the secrets file (`FBN_SECRETS_PATH`, else `./secrets.json`),
///
/// then the defaults. Authentication is the first of: a
/// [`with_token_source`](ClientBuilder::with_token_source) source, an access
/// token (`FBN_ACCESS_TOKEN`), a token file (`FBN_ACCESS_TOKEN_FILE`), the
/// password grant (`FBN_USERNAME` and friends).
///
/// # Example
///
/// ```
/// use std::time::Duration;
/// use identity_sdk::IdentityClient;
///
/// let client = IdentityClient::builder()
///     .with_base_url("https://example.lusid.com/identity")
///     .with_access_token("<personal access token>")
///     .with_application_name("nightly-reconciliation")
///     .with_total_timeout(Duration::from_secs(10))
///     .build()?;
/// # Ok::<(), identity_sdk::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    settings: Settings,
    root_certificates: Option<PathBuf>,
    token_source: Option<Arc<dyn TokenSource>>,
    password_grant: Option<PasswordGrantCredentials>,
    retry: Option<RetryPolicy>,
    refresh_margin: Option<Duration>,
}

impl IdentityClient {
    /// A builder with no settings but the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A client configured from the process environment and the secrets file
    /// it names; see [`ClientBuilder::from_env_map`].
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }
}

impl ClientBuilder {
    /// A builder with no settings but the defaults.
    pub fn new() -> Self {
        ClientBuilder::default()
    }

    /// A builder with the settings of the process environment and the
    /// secrets file it names.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_env_map(&std::env::vars().collect())
    }

    /// A builder with the settings of `env` (environment variable names to
    /// values) and the secrets file it names: `FBN_SECRETS_PATH`, which must
    /// exist if set, else `secrets.json` in the working directory if present.
    /// An environment variable wins over the file's key for the same setting.
    pub fn from_env_map(env: &HashMap<String, String>) -> Result<Self, Error> {
        Ok(ClientBuilder {
            settings: Settings::from_env(env)?,
            ..ClientBuilder::default()
        })
    }

    /// A builder with the settings of a `secrets.json` file (keys under
    /// `"api"` and `"proxy"`), and nothing from the environment.
    pub fn from_secrets_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        Ok(ClientBuilder {
            settings: Settings::from_file(path.as_ref())?,
            ..ClientBuilder::default()
        })
    }

    fn give(mut self, key: Key, method: &'static str, given: Given) -> Self {
        self.settings.give(key, method, given);
        self
    }

    fn give_text(self, key: Key, method: &'static str, text: impl Into<String>) -> Self {
        self.give(key, method, Given::Text(SecretString::from(text.into())))
    }

    /// The Identity API's base URL, e.g. `https://<domain>.lusid.com/identity`
    /// (`FBN_IDENTITY_URL`, or the older `FBN_FINBOURNE_IDENTITY_API_URL`
    /// when that is absent; default [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL)).
    pub fn with_base_url(self, url: impl Into<String>) -> Self {
        self.give_text(config::IDENTITY_URL, "with_base_url", url)
    }

    /// Authenticate with this access token or personal access token
    /// (`FBN_ACCESS_TOKEN`).
    pub fn with_access_token(self, token: impl Into<String>) -> Self {
        self.give_text(config::ACCESS_TOKEN, "with_access_token", token)
    }

    /// Authenticate with the token in this file, read again when it changes
    /// (`FBN_ACCESS_TOKEN_FILE`).
    pub fn with_token_file(self, path: impl Into<PathBuf>) -> Self {
        let path = Given::Path(path.into());
        self.give(config::ACCESS_TOKEN_FILE, "with_token_file", path)
    }

    /// Authenticate with the OAuth2 password grant (`FBN_TOKEN_URL`,
    /// `FBN_USERNAME`, `FBN_PASSWORD`, `FBN_CLIENT_ID`, `FBN_CLIENT_SECRET`).
    pub fn with_password_grant(mut self, credentials: PasswordGrantCredentials) -> Self {
        // Kept whole, as given: it stands for the grant's five settings.
        self.password_grant = Some(credentials);
        self
    }

    /// Authenticate with a token source of your own; wins over every other
    /// credential setting.
    pub fn with_token_source(mut self, source: impl TokenSource) -> Self {
        self.token_source = Some(Arc::new(source));
        self
    }

    /// Sent as `X-LUSID-Application` (`FBN_APP_NAME`).
    pub fn with_application_name(self, name: impl Into<String>) -> Self {
        self.give_text(config::APP_NAME, "with_application_name", name)
    }

    /// Sent as `CorrelationId` (`FBN_CORRELATION_ID`).
    pub fn with_correlation_id(self, id: impl Into<String>) -> Self {
        self.give_text(config::CORRELATION_ID, "with_correlation_id", id)
    }

    /// Present this client certificate for mutual TLS
    /// (`FBN_CLIENT_CERTIFICATE`): a PEM file with the certificate (and its
    /// chain) and its private key, as FINBOURNE's Python SDK reads it.
    pub fn with_client_certificate(self, pem_file: impl Into<PathBuf>) -> Self {
        let path = Given::Path(pem_file.into());
        self.give(config::CLIENT_CERTIFICATE, "with_client_certificate", path)
    }

    /// Trust the certificate authorities in this PEM file besides the
    /// platform's (a corporate TLS-inspecting proxy, a test server).
    pub fn with_root_certificates(mut self, pem_file: impl Into<PathBuf>) -> Self {
        self.root_certificates = Some(pem_file.into());
        self
    }

    /// Route requests through this proxy (`FBN_PROXY_ADDRESS`).
    pub fn with_proxy(self, address: impl Into<String>) -> Self {
        self.give_text(config::PROXY_ADDRESS, "with_proxy", address)
    }

    /// Authenticate to the proxy (`FBN_PROXY_USERNAME`, `FBN_PROXY_PASSWORD`).
    pub fn with_proxy_credentials(
        self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.give_text(config::PROXY_USERNAME, "with_proxy_credentials", username)
            .give_text(config::PROXY_PASSWORD, "with_proxy_credentials", password)
    }

    /// Time to establish a connection (`FBN_CONNECT_TIMEOUT_MS`; default
    /// [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn with_connect_timeout(self, timeout: Duration) -> Self {
        let given = Given::Duration(timeout);
        self.give(config::CONNECT_TIMEOUT_MS, "with_connect_timeout", given)
    }

    /// Longest wait for the service in one attempt, from sending the
    /// request to the end of the response (`FBN_READ_TIMEOUT_MS`; default
    /// [`DEFAULT_READ_TIMEOUT`]). A timed-out attempt is retried while the
    /// total timeout allows.
    pub fn with_read_timeout(self, timeout: Duration) -> Self {
        let given = Given::Duration(timeout);
        self.give(config::READ_TIMEOUT_MS, "with_read_timeout", given)
    }

    /// Time for a whole call, every retry and wait included
    /// (`FBN_TOTAL_TIMEOUT_MS`; default [`DEFAULT_TOTAL_TIMEOUT`]).
    pub fn with_total_timeout(self, timeout: Duration) -> Self {
        let given = Given::Duration(timeout);
        self.give(config::TOTAL_TIMEOUT_MS, "with_total_timeout", given)
    }

    /// The retry policy. Its `rate_limit_retries` wins over
    /// `FBN_RATE_LIMIT_RETRIES`, like every builder setting.
    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// How long before expiry a password-grant token is renewed (default 60 s).
    pub fn with_token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = Some(margin);
        self
    }

    /// Allows sending credentials over plain `http://` to hosts other than
    /// loopback. Without this, such a base or token URL is refused, because
    /// anyone on the path could read the token.
    pub fn danger_allow_credentials_over_plain_http(mut self) -> Self {
        self.settings.allow_plain_http = true;
        self
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<IdentityClient, Error> {
        let settings = &self.settings;
        let base_url = settings.base_url()?;
        // The builder's policy is the whole policy; without one, the
        // default with the configured count of rate-limit retries.
        let policy = match self.retry {
            Some(policy) => policy,
            None => {
                let mut policy = RetryPolicy::default();
                if let Some(count) = settings.count(config::RATE_LIMIT_RETRIES)? {
                    policy.rate_limit_retries = count;
                }
                policy
            }
        };
        let limits = Limits::new(
            policy,
            settings.timeout(config::TOTAL_TIMEOUT_MS, DEFAULT_TOTAL_TIMEOUT)?,
            settings.timeout(config::READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT)?,
        );
        let connect_timeout =
            settings.timeout(config::CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT)?;
        let http = http::client(settings, connect_timeout, self.root_certificates.as_deref())?;

        let tokens = match self.token_source {
            Some(source) => source,
            None => auth::select::token_source(
                settings,
                self.password_grant,
                &http,
                &limits,
                self.refresh_margin,
            )?,
        };
        let state = ClientState::new(tokens, limits);
        let base_url = base_url.as_str().trim_end_matches('/');
        Ok(IdentityClient::new(Client::new_with_client(
            base_url, http, state,
        )))
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Which settings are set and from where; never their values.
        let mut settings: Vec<(&str, String)> = self
            .settings
            .origins()
            .map(|(name, origin)| (name, origin.to_string()))
            .collect();
        if self.password_grant.is_some() {
            // The grant's five settings, given at once.
            let given = auth::select::GRANT_ORIGIN.to_string();
            for key in auth::select::PASSWORD_GRANT {
                settings.retain(|(name, _)| *name != key.env);
                settings.push((key.env, given.clone()));
            }
        }
        f.debug_struct("ClientBuilder")
            .field("settings", &settings)
            .field("root_certificates", &self.root_certificates)
            .field("tls", &tls::BACKEND)
            .field("token_source", &self.token_source)
            .field("retry", &self.retry)
            .field("refresh_margin", &self.refresh_margin)
            .field("allow_plain_http", &self.settings.allow_plain_http)
            .finish()
    }
}
