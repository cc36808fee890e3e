//! The settings of a client, with the names FINBOURNE's own SDKs use: read
//! from the builder, the environment and a `secrets.json` file, merged into
//! one view with typed getters that check each value and name the setting
//! and where it came from when it is wrong.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use crate::error::Error;
use crate::tls;

/// The base URL used when none is configured.
pub const DEFAULT_BASE_URL: &str = "https://www.lusid.com/identity";

/// The secrets file read when `FBN_SECRETS_PATH` is not set, if it exists in
/// the working directory.
pub const DEFAULT_SECRETS_FILE: &str = "secrets.json";

/// The environment variable that names the secrets file.
const SECRETS_PATH: &str = "FBN_SECRETS_PATH";

/// One setting: its environment variable and its `secrets.json` key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    pub env: &'static str,
    /// `(section, key)` in `secrets.json`, when the file can hold it.
    pub file: Option<(&'static str, &'static str)>,
}

/// Declares each setting as a constant, and `ALL`: every setting, in the
/// order the documentation lists them.
macro_rules! keys {
    ($($name:ident = $env:literal $(, $section:literal . $key:literal)?;)*) => {
        $(pub(crate) const $name: Key = Key { env: $env, file: keys!(@file $($section, $key)?) };)*
        pub(crate) const ALL: &[Key] = &[$($name),*];
    };
    (@file $section:literal, $key:literal) => { Some(($section, $key)) };
    (@file) => { None };
}

keys! {
    IDENTITY_URL = "FBN_IDENTITY_URL", "api"."identityUrl";
    LEGACY_IDENTITY_URL = "FBN_FINBOURNE_IDENTITY_API_URL", "api"."finbourne_identityUrl";
    TOKEN_URL = "FBN_TOKEN_URL", "api"."tokenUrl";
    USERNAME = "FBN_USERNAME", "api"."username";
    PASSWORD = "FBN_PASSWORD", "api"."password";
    CLIENT_ID = "FBN_CLIENT_ID", "api"."clientId";
    CLIENT_SECRET = "FBN_CLIENT_SECRET", "api"."clientSecret";
    APP_NAME = "FBN_APP_NAME", "api"."applicationName";
    ACCESS_TOKEN = "FBN_ACCESS_TOKEN", "api"."accessToken";
    ACCESS_TOKEN_FILE = "FBN_ACCESS_TOKEN_FILE";
    TOTAL_TIMEOUT_MS = "FBN_TOTAL_TIMEOUT_MS", "api"."totalTimeoutMs";
    CONNECT_TIMEOUT_MS = "FBN_CONNECT_TIMEOUT_MS", "api"."connectTimeoutMs";
    READ_TIMEOUT_MS = "FBN_READ_TIMEOUT_MS", "api"."readTimeoutMs";
    RATE_LIMIT_RETRIES = "FBN_RATE_LIMIT_RETRIES", "api"."rateLimitRetries";
    PROXY_ADDRESS = "FBN_PROXY_ADDRESS", "proxy"."address";
    PROXY_USERNAME = "FBN_PROXY_USERNAME", "proxy"."username";
    PROXY_PASSWORD = "FBN_PROXY_PASSWORD", "proxy"."password";
    CORRELATION_ID = "FBN_CORRELATION_ID";
    CLIENT_CERTIFICATE = "FBN_CLIENT_CERTIFICATE", "api"."clientCertificate";
}

impl Key {
    /// `FBN_X (or api.x in the secrets file)`: how an error asks for it.
    pub(crate) fn describe(self) -> String {
        match self.file {
            Some((section, name)) => {
                format!("{} (or {section}.{name} in the secrets file)", self.env)
            }
            None => self.env.to_owned(),
        }
    }
}

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// An environment variable.
    Env(&'static str),
    /// A key of a secrets file.
    File {
        /// The secrets file.
        path: PathBuf,
        /// The key, as `section.key` (e.g. `api.tokenUrl`).
        key: String,
    },
    /// A call on the builder.
    Builder(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Env(name) => write!(f, "environment variable {name}"),
            Origin::File { path, key } => write!(f, "key {key} of {}", path.display()),
            Origin::Builder(method) => write!(f, "ClientBuilder::{method}"),
        }
    }
}

/// A setting's value as it was given: text from the environment or a file
/// (checked by the getter of its kind), or a typed value from a builder
/// method (checked by the type, and by the getter where a type cannot say
/// it: a zero timeout).
#[derive(Clone)]
pub(crate) enum Given {
    Text(SecretString),
    Duration(Duration),
    Path(PathBuf),
}

/// A setting's value and where it came from.
#[derive(Clone)]
pub(crate) struct Setting {
    pub given: Given,
    pub origin: Origin,
}

impl Setting {
    /// The value as text (secret or not: callers decide what to expose);
    /// `None` for a value a builder method gave typed, which has none.
    pub fn text(&self) -> Option<&str> {
        match &self.given {
            Given::Text(text) => Some(text.expose_secret()),
            Given::Duration(_) | Given::Path(_) => None,
        }
    }

    /// The text as one, checked (not empty, and given as text).
    pub fn required_text(&self) -> Result<&str, Error> {
        self.text().ok_or_else(|| self.wrong("text"))
    }

    /// The value as the secret it was read as, without exposing it.
    pub fn secret(&self) -> Result<SecretString, Error> {
        match &self.given {
            Given::Text(text) => Ok(text.clone()),
            Given::Duration(_) | Given::Path(_) => Err(self.wrong("text")),
        }
    }

    /// A typed value where the setting takes another kind: only a change
    /// to a builder method could cause it, so it says so.
    fn wrong(&self, what: &str) -> Error {
        Error::configuration(format!("{}: expected {what}", self.origin))
    }

    fn parse<T: std::str::FromStr>(&self, text: &str, what: &str) -> Result<T, Error> {
        text.parse().map_err(|_| {
            Error::configuration(format!("{}: expected {what}, got {text:?}", self.origin))
        })
    }
}

/// Every setting of a client: the builder's, then the environment's, then
/// the secrets file's, per setting. One value per setting, whatever gave it.
#[derive(Clone, Default)]
pub(crate) struct Settings {
    /// From builder methods; wins over `found`.
    given: HashMap<&'static str, Setting>,
    /// From the environment and the secrets file, already merged.
    found: HashMap<&'static str, Setting>,
    /// Whether credentials may go over plain http to hosts other than
    /// loopback.
    pub allow_plain_http: bool,
}

impl Settings {
    /// The settings in `env` and in the secrets file it names:
    /// `FBN_SECRETS_PATH` if set (it must then exist), else
    /// [`DEFAULT_SECRETS_FILE`] in the working directory if present. The
    /// environment wins over the file, setting by setting.
    pub fn from_env(env: &HashMap<String, String>) -> Result<Self, Error> {
        let mut settings = match env.get(SECRETS_PATH).filter(|path| !path.trim().is_empty()) {
            Some(path) => Self::from_file(Path::new(path.trim()))?,
            None if Path::new(DEFAULT_SECRETS_FILE).is_file() => {
                Self::from_file(Path::new(DEFAULT_SECRETS_FILE))?
            }
            None => Settings::default(),
        };
        for &key in ALL {
            if let Some(value) = env.get(key.env).filter(|value| !value.trim().is_empty()) {
                let given = Given::Text(SecretString::from(value.trim()));
                settings.found.insert(
                    key.env,
                    Setting {
                        given,
                        origin: Origin::Env(key.env),
                    },
                );
            }
        }
        Ok(settings)
    }

    /// The settings of a `secrets.json` file (keys under `"api"` and
    /// `"proxy"`).
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            Error::configuration(format!(
                "cannot read the secrets file {}: {error}",
                path.display()
            ))
        })?;
        // serde_json's message gives line and column; it never quotes the
        // text, so no secret leaks through it.
        let document: Value = serde_json::from_str(&text).map_err(|error| {
            Error::configuration(format!(
                "the secrets file {} is not valid JSON: {error}",
                path.display()
            ))
        })?;
        let mut settings = Settings::default();
        for &key in ALL {
            let Some((section, name)) = key.file else {
                continue;
            };
            let origin = Origin::File {
                path: path.to_owned(),
                key: format!("{section}.{name}"),
            };
            let text = match document.get(section).and_then(|s| s.get(name)) {
                None | Some(Value::Null) => continue,
                Some(Value::String(text)) if text.trim().is_empty() => continue,
                Some(Value::String(text)) => text.trim().to_owned(),
                Some(Value::Number(number)) => number.to_string(),
                Some(_) => {
                    return Err(Error::configuration(format!(
                        "{origin} must be a string or a number"
                    )));
                }
            };
            let given = Given::Text(SecretString::from(text));
            settings.found.insert(key.env, Setting { given, origin });
        }
        Ok(settings)
    }

    /// Sets `key` from the builder method `method`.
    pub fn give(&mut self, key: Key, method: &'static str, given: Given) {
        let origin = Origin::Builder(method);
        self.given.insert(key.env, Setting { given, origin });
    }

    /// The setting's value, from wherever it came.
    pub fn get(&self, key: Key) -> Option<&Setting> {
        self.given.get(key.env).or_else(|| self.found.get(key.env))
    }

    /// Every setting that has a value, with where it came from, in the
    /// order of the documentation.
    pub fn origins(&self) -> impl Iterator<Item = (&'static str, &Origin)> {
        ALL.iter()
            .filter_map(|key| Some((key.env, &self.get(*key)?.origin)))
    }

    /// A URL setting: `http` or `https` with a host.
    pub fn url(&self, key: Key) -> Result<Option<Url>, Error> {
        let Some(setting) = self.get(key) else {
            return Ok(None);
        };
        let url = Url::parse(setting.required_text()?).map_err(|error| {
            Error::configuration(format!("{}: not a valid URL ({error})", setting.origin))
        })?;
        check_http(&url, &setting.origin)?;
        Ok(Some(url))
    }

    /// A URL that credentials are sent to: as [`url`](Self::url), and
    /// checked as [`check_credentials_url`](Self::check_credentials_url).
    pub fn credentials_url(&self, key: Key, what: &str) -> Result<Option<Url>, Error> {
        let url = self.url(key)?;
        if let Some(url) = &url {
            let origin = self.get(key).map(|setting| &setting.origin);
            self.check_credentials_url(url, origin, what)?;
        }
        Ok(url)
    }

    /// The one check of a URL credentials are sent to, whoever gave it
    /// (`origin`, `None` for the default): `https` needs a TLS backend, and
    /// plain http is refused to anything but this machine unless the user
    /// opted in by name.
    pub fn check_credentials_url(
        &self,
        url: &Url,
        origin: Option<&Origin>,
        what: &str,
    ) -> Result<(), Error> {
        if let Some(origin) = origin {
            check_http(url, origin)?;
        }
        tls::check_available(url, what)?;
        if url.scheme() != "http" || self.allow_plain_http || is_loopback(url) {
            return Ok(());
        }
        let origin = origin.map_or_else(|| "the URL".to_owned(), Origin::to_string);
        Err(Error::configuration(format!(
            "{origin}: refusing to send credentials over plain http to {}; use https, or call \
             ClientBuilder::danger_allow_credentials_over_plain_http",
            url.host_str().unwrap_or("(no host)")
        )))
    }

    /// The base URL: the current name, else the older one, else
    /// [`DEFAULT_BASE_URL`]; a credentials URL without query or fragment.
    pub fn base_url(&self) -> Result<Url, Error> {
        let key = match self.get(IDENTITY_URL) {
            Some(_) => IDENTITY_URL,
            None => LEGACY_IDENTITY_URL,
        };
        let Some(url) = self.credentials_url(key, "the base URL")? else {
            let url: Url = DEFAULT_BASE_URL
                .parse()
                .map_err(|_| Error::configuration("the default base URL is invalid"))?;
            self.check_credentials_url(&url, None, "the base URL")?;
            return Ok(url);
        };
        if url.query().is_some() || url.fragment().is_some() {
            // Operation paths are appended to it: a query would end up in
            // the middle of every request's path.
            return Err(Error::configuration(format!(
                "{}: the base URL must not have a query or fragment",
                self.get(key)
                    .map_or_else(String::new, |s| s.origin.to_string())
            )));
        }
        Ok(url)
    }

    /// A timeout in milliseconds (or as the builder gave it), longer than
    /// zero; `default` when unset.
    pub fn timeout(&self, key: Key, default: Duration) -> Result<Duration, Error> {
        let Some(setting) = self.get(key) else {
            return Ok(default);
        };
        let timeout = match &setting.given {
            Given::Duration(timeout) => *timeout,
            Given::Text(text) => Duration::from_millis(
                setting.parse(text.expose_secret(), "a whole number of milliseconds")?,
            ),
            Given::Path(_) => return Err(setting.wrong("a duration")),
        };
        if timeout.is_zero() {
            return Err(Error::configuration(format!(
                "{}: a timeout must be longer than zero",
                setting.origin
            )));
        }
        Ok(timeout)
    }

    /// A count (of retries).
    pub fn count(&self, key: Key) -> Result<Option<u32>, Error> {
        let Some(setting) = self.get(key) else {
            return Ok(None);
        };
        setting
            .parse(setting.required_text()?, "a whole number of retries")
            .map(Some)
    }

    /// A file path, with where it came from.
    pub fn path(&self, key: Key) -> Option<(PathBuf, &Origin)> {
        let setting = self.get(key)?;
        let path = match &setting.given {
            Given::Path(path) => path.clone(),
            Given::Text(text) => PathBuf::from(text.expose_secret()),
            Given::Duration(_) => return None,
        };
        Some((path, &setting.origin))
    }
}

/// `http` or `https` with a host: what every URL setting must be.
fn check_http(url: &Url, origin: &Origin) -> Result<(), Error> {
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::configuration(format!(
            "{origin}: must be an http or https URL with a host"
        )));
    }
    Ok(())
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}
