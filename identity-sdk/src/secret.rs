//! The type the generated wire types use for fields that carry secrets
//! (a new API key, an application's client secret, a temporary password).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A string that is a secret: its `Debug` shows `[REDACTED]`, it has no
/// `Display`, and it serialises to the wire unchanged. The trim marks every
/// property whose name says it holds a secret (`key`, `secret`,
/// `password`, `apiToken`, `SetPassword.value`) with `format: password`, and
/// the generator uses this type for it.
///
/// ```
/// use identity_sdk::Secret;
///
/// let key: Secret = "s3cr3t".parse().unwrap();
/// assert_eq!(format!("{key:?}"), "[REDACTED]");
/// assert_eq!(key.expose_secret(), "s3cr3t");
/// assert_eq!(serde_json::to_string(&key).unwrap(), r#""s3cr3t""#);
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, to hand to whatever needs it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Secret(secret)
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Self {
        Secret(secret.to_owned())
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(secret: &str) -> Result<Self, Self::Err> {
        Ok(Secret(secret.to_owned()))
    }
}
