//! Which token source a client's settings describe: an access token, a
//! token file, or the password grant, in that order.

use std::sync::Arc;
use std::time::Duration;

use super::password_grant::{PasswordGrant, PasswordGrantCredentials};
use super::static_token::StaticToken;
use super::token::{AccessToken, TokenSource};
use super::token_file::TokenFile;
use crate::config::{self, Key, Settings};
use crate::error::Error;
use crate::transport::Limits;

/// The token source `settings` describe. The password grant's token
/// requests go through `http` with `limits`, like the API's.
pub(crate) fn token_source(
    settings: &Settings,
    http: &reqwest::Client,
    limits: &Limits,
    refresh_margin: Option<Duration>,
) -> Result<Arc<dyn TokenSource>, Error> {
    if let Some(setting) = settings.get(config::ACCESS_TOKEN) {
        let token = AccessToken::new(setting.text())
            .map_err(|error| Error::configuration(format!("{}: {error}", setting.origin)))?;
        return Ok(Arc::new(StaticToken::new(token)));
    }
    if let Some(setting) = settings.get(config::ACCESS_TOKEN_FILE) {
        let path = settings.path(config::ACCESS_TOKEN_FILE).unwrap_or_default();
        let file = TokenFile::new(path)
            .map_err(|error| Error::configuration(format!("{}: {error}", setting.origin)))?;
        return Ok(Arc::new(file));
    }
    if let Some(username) = settings.get(config::USERNAME) {
        let missing = |key: Key| {
            Error::configuration(format!(
                "{} is set, so the password grant needs {} too",
                username.origin,
                key.describe()
            ))
        };
        let require = |key: Key| settings.get(key).ok_or_else(|| missing(key));
        let credentials = PasswordGrantCredentials {
            token_url: settings
                .credentials_url(config::TOKEN_URL)?
                .ok_or_else(|| missing(config::TOKEN_URL))?,
            username: username.text().to_owned(),
            password: require(config::PASSWORD)?.secret(),
            client_id: require(config::CLIENT_ID)?.text().to_owned(),
            client_secret: require(config::CLIENT_SECRET)?.secret(),
        };
        let mut grant = PasswordGrant::new(credentials, http.clone()).with_limits(limits.clone());
        if let Some(margin) = refresh_margin {
            grant = grant.with_refresh_margin(margin);
        }
        return Ok(Arc::new(grant));
    }
    Err(Error::configuration(
        "no credentials: set FBN_ACCESS_TOKEN, FBN_ACCESS_TOKEN_FILE or FBN_USERNAME (with FBN_TOKEN_URL, \
         FBN_PASSWORD, FBN_CLIENT_ID, FBN_CLIENT_SECRET), their secrets.json keys, or call a with_* credential method",
    ))
}
