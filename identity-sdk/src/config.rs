//! Settings read from the environment and from a `secrets.json` file, with
//! the names FINBOURNE's own SDKs use, each remembering where it came from
//! so that an error can name it.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde_json::Value;

use crate::error::Error;

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
}

/// The environment variable that names the secrets file.
pub(crate) const SECRETS_PATH: &str = "FBN_SECRETS_PATH";

/// The secrets file used when `FBN_SECRETS_PATH` is not set, if it exists.
pub(crate) const DEFAULT_SECRETS_FILE: &str = "secrets.json";

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
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

/// A setting's value, as text, and where it came from.
#[derive(Clone)]
pub(crate) struct Raw {
    pub value: SecretString,
    pub origin: Origin,
}

/// The settings found in the environment and the secrets file, before they
/// are checked.
#[derive(Default, Clone)]
pub(crate) struct Sources {
    values: HashMap<&'static str, Raw>,
}

impl Sources {
    pub fn get(&self, key: Key) -> Option<&Raw> {
        self.values.get(key.env)
    }

    /// Reads the settings in `env` and, if there is one, the secrets file.
    ///
    /// Precedence, per setting: the environment, then the secrets file. The
    /// file is `FBN_SECRETS_PATH` if set (it must then exist), else
    /// `secrets.json` in the working directory if it exists.
    pub fn from_env(env: &HashMap<String, String>) -> Result<Self, Error> {
        let mut sources = match env.get(SECRETS_PATH).filter(|path| !path.trim().is_empty()) {
            Some(path) => Self::from_file(Path::new(path.trim()))?,
            None if Path::new(DEFAULT_SECRETS_FILE).is_file() => {
                Self::from_file(Path::new(DEFAULT_SECRETS_FILE))?
            }
            None => Sources::default(),
        };
        for &key in ALL {
            if let Some(value) = env.get(key.env).filter(|value| !value.trim().is_empty()) {
                sources.values.insert(
                    key.env,
                    Raw {
                        value: SecretString::from(value.trim()),
                        origin: Origin::Env(key.env),
                    },
                );
            }
        }
        Ok(sources)
    }

    /// Reads the settings of a `secrets.json` file.
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
        let mut sources = Sources::default();
        for &key in ALL {
            let Some((section, name)) = key.file else {
                continue;
            };
            let origin = || Origin::File {
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
                        "{} must be a string or a number",
                        origin()
                    )));
                }
            };
            sources.values.insert(
                key.env,
                Raw {
                    value: SecretString::from(text),
                    origin: origin(),
                },
            );
        }
        Ok(sources)
    }
}
