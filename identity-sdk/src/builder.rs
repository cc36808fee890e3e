//! Building an [`IdentityClient`]: settings from the builder, the
//! environment and a secrets file, checked once, with errors that name the
//! setting and where it came from.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use secrecy::{ExposeSecret, SecretString};

use crate::auth::{
    AccessToken, PasswordGrant, PasswordGrantCredentials, StaticToken, TokenFile, TokenSource,
};
use crate::client::IdentityClient;
use crate::config::{self, Key, Origin, Raw, Sources};
use crate::error::Error;
use crate::generated::Client;
use crate::hooks::ClientState;
use crate::retry::RetryPolicy;
use crate::transport::Limits;

/// The base URL used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://www.lusid.com/identity";
/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default longest wait for the service in one attempt.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(15);
/// Default time for a whole call, retries and waits included.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` every request carries.
pub(crate) const SDK_USER_AGENT: &str = concat!("identity-sdk/", env!("CARGO_PKG_VERSION"));

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
    sources: Sources,
    builder: HashMap<&'static str, Raw>,
    token_source: Option<Arc<dyn TokenSource>>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    refresh_margin: Option<Duration>,
    allow_plain_http: bool,
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
            sources: Sources::from_env(env)?,
            ..ClientBuilder::default()
        })
    }

    /// A builder with the settings of a `secrets.json` file (keys under
    /// `"api"` and `"proxy"`), and nothing from the environment.
    pub fn from_secrets_file(path: impl AsRef<Path>) -> Result<Self, Error> {
        Ok(ClientBuilder {
            sources: Sources::from_file(path.as_ref())?,
            ..ClientBuilder::default()
        })
    }

    fn set(mut self, key: Key, method: &'static str, value: impl Into<String>) -> Self {
        let raw = Raw {
            value: SecretString::from(value.into()),
            origin: Origin::Builder(method),
        };
        self.builder.insert(key.env, raw);
        self
    }

    /// The Identity API's base URL, e.g. `https://<domain>.lusid.com/identity`
    /// (`FBN_IDENTITY_URL`; default [`DEFAULT_BASE_URL`]).
    pub fn with_base_url(self, url: impl Into<String>) -> Self {
        self.set(config::IDENTITY_URL, "with_base_url", url)
    }

    /// Authenticate with this access token or personal access token
    /// (`FBN_ACCESS_TOKEN`).
    pub fn with_access_token(self, token: impl Into<String>) -> Self {
        self.set(config::ACCESS_TOKEN, "with_access_token", token)
    }

    /// Authenticate with the token in this file, read again when it changes
    /// (`FBN_ACCESS_TOKEN_FILE`).
    pub fn with_token_file(self, path: impl Into<PathBuf>) -> Self {
        let path = path.into().to_string_lossy().into_owned();
        self.set(config::ACCESS_TOKEN_FILE, "with_token_file", path)
    }

    /// Authenticate with the OAuth2 password grant at `token_url`
    /// (`FBN_TOKEN_URL`, `FBN_USERNAME`, `FBN_PASSWORD`, `FBN_CLIENT_ID`,
    /// `FBN_CLIENT_SECRET`).
    pub fn with_password_grant(
        self,
        token_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.set(config::TOKEN_URL, "with_password_grant", token_url)
            .set(config::USERNAME, "with_password_grant", username)
            .set(config::PASSWORD, "with_password_grant", password)
            .set(config::CLIENT_ID, "with_password_grant", client_id)
            .set(config::CLIENT_SECRET, "with_password_grant", client_secret)
    }

    /// Authenticate with a token source of your own; wins over every other
    /// credential setting.
    pub fn with_token_source(mut self, source: impl TokenSource) -> Self {
        self.token_source = Some(Arc::new(source));
        self
    }

    /// Sent as `X-LUSID-Application` (`FBN_APP_NAME`).
    pub fn with_application_name(self, name: impl Into<String>) -> Self {
        self.set(config::APP_NAME, "with_application_name", name)
    }

    /// Sent as `CorrelationId` (`FBN_CORRELATION_ID`).
    pub fn with_correlation_id(self, id: impl Into<String>) -> Self {
        self.set(config::CORRELATION_ID, "with_correlation_id", id)
    }

    /// Route requests through this proxy (`FBN_PROXY_ADDRESS`).
    pub fn with_proxy(self, address: impl Into<String>) -> Self {
        self.set(config::PROXY_ADDRESS, "with_proxy", address)
    }

    /// Authenticate to the proxy (`FBN_PROXY_USERNAME`, `FBN_PROXY_PASSWORD`).
    pub fn with_proxy_credentials(
        self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.set(config::PROXY_USERNAME, "with_proxy_credentials", username)
            .set(config::PROXY_PASSWORD, "with_proxy_credentials", password)
    }

    /// Time to establish a connection (`FBN_CONNECT_TIMEOUT_MS`; default 5 s).
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Longest wait for the service in one attempt, from sending the
    /// request to the end of the response (`FBN_READ_TIMEOUT_MS`; default
    /// 15 s). A timed-out attempt is retried while the total timeout allows.
    pub fn with_read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Time for a whole call, every retry and wait included
    /// (`FBN_TOTAL_TIMEOUT_MS`; default 30 s).
    pub fn with_total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The retry policy; `FBN_RATE_LIMIT_RETRIES` still sets its 429 count
    /// unless this call comes after it.
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
        self.allow_plain_http = true;
        self
    }

    fn get(&self, key: Key) -> Option<&Raw> {
        self.builder.get(key.env).or_else(|| self.sources.get(key))
    }

    /// Checks every setting and builds the client.
    pub fn build(self) -> Result<IdentityClient, Error> {
        let base_url = match self.get(config::IDENTITY_URL) {
            Some(raw) => parse_url(raw)?,
            None => Url::parse(DEFAULT_BASE_URL).expect("the default base URL is valid"),
        };
        self.check_transport_security(&base_url, self.get(config::IDENTITY_URL))?;

        let connect_timeout = self.timeout(
            self.connect_timeout,
            config::CONNECT_TIMEOUT_MS,
            DEFAULT_CONNECT_TIMEOUT,
        )?;
        let read_timeout = self.timeout(
            self.read_timeout,
            config::READ_TIMEOUT_MS,
            DEFAULT_READ_TIMEOUT,
        )?;
        let total_timeout = self.timeout(
            self.total_timeout,
            config::TOTAL_TIMEOUT_MS,
            DEFAULT_TOTAL_TIMEOUT,
        )?;
        let mut policy = self.retry.clone().unwrap_or_default();
        if self.retry.is_none()
            && let Some(raw) = self.get(config::RATE_LIMIT_RETRIES)
        {
            policy.rate_limit_retries = parse_number(raw, "a whole number of retries")?;
        }

        ensure_crypto_provider();
        let mut http = reqwest::Client::builder()
            .default_headers(self.identification_headers()?)
            .connect_timeout(connect_timeout)
            // FINBOURNE APIs do not redirect; following one could hand the
            // bearer token to another host.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(proxy) = self.proxy()? {
            http = http.proxy(proxy);
        }
        let http = http.build().map_err(|error| {
            Error::configuration("cannot build the HTTP client").with_source(error)
        })?;

        let limits = Limits {
            policy,
            total: total_timeout,
            attempt: read_timeout,
        };
        let tokens = self.token_source(&http, &limits)?;
        let state = ClientState::new(tokens, limits);
        let base_url = base_url.as_str().trim_end_matches('/');
        Ok(IdentityClient::new(Client::new_with_client(
            base_url, http, state,
        )))
    }

    fn timeout(
        &self,
        explicit: Option<Duration>,
        key: Key,
        default: Duration,
    ) -> Result<Duration, Error> {
        let timeout = match (explicit, self.get(key)) {
            (Some(timeout), _) => timeout,
            (None, Some(raw)) => {
                Duration::from_millis(parse_number(raw, "a whole number of milliseconds")?)
            }
            (None, None) => default,
        };
        if timeout.is_zero() {
            let origin = self
                .get(key)
                .map_or_else(|| "the builder".to_owned(), |raw| raw.origin.to_string());
            return Err(Error::configuration(format!(
                "{origin}: a timeout must be longer than zero"
            )));
        }
        Ok(timeout)
    }

    fn identification_headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_static(SDK_USER_AGENT));
        headers.insert("x-lusid-sdk-language", HeaderValue::from_static("Rust"));
        headers.insert(
            "x-lusid-sdk-version",
            HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
        );
        for (key, name) in [
            (
                config::APP_NAME,
                HeaderName::from_static("x-lusid-application"),
            ),
            (
                config::CORRELATION_ID,
                HeaderName::from_static("correlationid"),
            ),
        ] {
            if let Some(raw) = self.get(key) {
                let value = HeaderValue::from_str(raw.value.expose_secret()).map_err(|_| {
                    Error::configuration(format!(
                        "{}: holds characters that cannot be sent in an HTTP header",
                        raw.origin
                    ))
                })?;
                headers.insert(name, value);
            }
        }
        Ok(headers)
    }

    fn proxy(&self) -> Result<Option<reqwest::Proxy>, Error> {
        let Some(address) = self.get(config::PROXY_ADDRESS) else {
            return Ok(None);
        };
        let url = parse_url(address)?;
        let mut proxy = reqwest::Proxy::all(url).map_err(|error| {
            Error::configuration(format!("{}: not a usable proxy address", address.origin))
                .with_source(error)
        })?;
        match (
            self.get(config::PROXY_USERNAME),
            self.get(config::PROXY_PASSWORD),
        ) {
            (Some(user), Some(password)) => {
                proxy =
                    proxy.basic_auth(user.value.expose_secret(), password.value.expose_secret());
            }
            (None, None) => {}
            (Some(given), None) | (None, Some(given)) => {
                return Err(Error::configuration(format!(
                    "{} is set but the proxy {} is not: set both or neither",
                    given.origin,
                    if self.get(config::PROXY_USERNAME).is_some() {
                        "password"
                    } else {
                        "username"
                    }
                )));
            }
        }
        Ok(Some(proxy))
    }

    fn token_source(
        &self,
        http: &reqwest::Client,
        limits: &Limits,
    ) -> Result<Arc<dyn TokenSource>, Error> {
        if let Some(source) = &self.token_source {
            return Ok(Arc::clone(source));
        }
        if let Some(raw) = self.get(config::ACCESS_TOKEN) {
            let token = AccessToken::new(raw.value.expose_secret())
                .map_err(|error| Error::configuration(format!("{}: {error}", raw.origin)))?;
            return Ok(Arc::new(StaticToken::new(token)));
        }
        if let Some(raw) = self.get(config::ACCESS_TOKEN_FILE) {
            let file = TokenFile::new(raw.value.expose_secret())
                .map_err(|error| Error::configuration(format!("{}: {error}", raw.origin)))?;
            return Ok(Arc::new(file));
        }
        if let Some(username) = self.get(config::USERNAME) {
            let require = |key: Key| {
                self.get(key).ok_or_else(|| {
                    Error::configuration(format!(
                        "{} is set, so the password grant needs {} too",
                        username.origin,
                        describe(key)
                    ))
                })
            };
            let token_url = require(config::TOKEN_URL)?;
            let credentials = PasswordGrantCredentials {
                token_url: parse_url(token_url)?,
                username: username.value.expose_secret().to_owned(),
                password: require(config::PASSWORD)?.value.clone(),
                client_id: require(config::CLIENT_ID)?.value.expose_secret().to_owned(),
                client_secret: require(config::CLIENT_SECRET)?.value.clone(),
            };
            self.check_transport_security(&credentials.token_url, Some(token_url))?;
            let mut grant = PasswordGrant::new(credentials, http.clone()).with_limits(
                limits.policy.clone(),
                limits.total,
                limits.attempt,
            );
            if let Some(margin) = self.refresh_margin {
                grant = grant.with_refresh_margin(margin);
            }
            return Ok(Arc::new(grant));
        }
        Err(Error::configuration(
            "no credentials: set FBN_ACCESS_TOKEN, FBN_ACCESS_TOKEN_FILE or FBN_USERNAME (with FBN_TOKEN_URL, \
             FBN_PASSWORD, FBN_CLIENT_ID, FBN_CLIENT_SECRET), their secrets.json keys, or call a with_* credential method",
        ))
    }

    /// Credentials go over plain http only to this machine, unless the user
    /// opted in by name.
    fn check_transport_security(&self, url: &Url, raw: Option<&Raw>) -> Result<(), Error> {
        if url.scheme() != "http" || self.allow_plain_http || is_loopback(url) {
            return Ok(());
        }
        let origin = raw.map_or_else(|| "the URL".to_owned(), |raw| raw.origin.to_string());
        Err(Error::configuration(format!(
            "{origin}: refusing to send credentials over plain http to {}; use https, or call \
             ClientBuilder::danger_allow_credentials_over_plain_http",
            url.host_str().unwrap_or("(no host)")
        )))
    }
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Which settings are set and from where; never their values.
        let mut set: Vec<(&str, String)> = config::ALL
            .iter()
            .filter_map(|key| self.get(*key).map(|raw| (key.env, raw.origin.to_string())))
            .collect();
        set.sort();
        f.debug_struct("ClientBuilder")
            .field("settings", &set)
            .field("token_source", &self.token_source)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("retry", &self.retry)
            .field("allow_plain_http", &self.allow_plain_http)
            .finish()
    }
}

/// rustls needs a process-wide crypto provider. The SDK builds with ring
/// (measured: a clean build 9 s faster than aws-lc-rs on 2 cores, and no
/// system OpenSSL needed as with native-tls) and installs it only when the
/// application has not chosen one, so an application's own choice wins.
fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another installer is fine: one is installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

fn describe(key: Key) -> String {
    match key.file {
        Some((section, name)) => format!("{} (or {section}.{name} in the secrets file)", key.env),
        None => key.env.to_owned(),
    }
}

fn parse_url(raw: &Raw) -> Result<Url, Error> {
    let url = Url::parse(raw.value.expose_secret()).map_err(|error| {
        Error::configuration(format!("{}: not a valid URL ({error})", raw.origin))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::configuration(format!(
            "{}: must be an http or https URL with a host",
            raw.origin
        )));
    }
    Ok(url)
}

fn parse_number<T: std::str::FromStr>(raw: &Raw, what: &str) -> Result<T, Error> {
    let text = raw.value.expose_secret();
    text.parse()
        .map_err(|_| Error::configuration(format!("{}: expected {what}, got {text:?}", raw.origin)))
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}
