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
use crate::tls;
use crate::transport::Limits;

/// The settings of the password grant: any of them means all are needed.
const PASSWORD_GRANT: [Key; 5] = [
    config::TOKEN_URL,
    config::USERNAME,
    config::PASSWORD,
    config::CLIENT_ID,
    config::CLIENT_SECRET,
];

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
    match PASSWORD_GRANT.map(|key| settings.get(key)) {
        [None, None, None, None, None] => {}
        [
            Some(_),
            Some(username),
            Some(password),
            Some(client_id),
            Some(client_secret),
        ] => {
            let token_url = settings
                .credentials_url(config::TOKEN_URL)?
                .ok_or_else(|| Error::configuration("the token URL is missing"))?;
            tls::check_available(&token_url, "the token URL")?;
            let credentials = PasswordGrantCredentials {
                token_url,
                username: username.text().to_owned(),
                password: password.secret(),
                client_id: client_id.text().to_owned(),
                client_secret: client_secret.secret(),
            };
            let mut grant =
                PasswordGrant::new(credentials, http.clone()).with_limits(limits.clone());
            if let Some(margin) = refresh_margin {
                grant = grant.with_refresh_margin(margin);
            }
            return Ok(Arc::new(grant));
        }
        partial => {
            // Some of the password grant's settings: a secret that did not
            // arrive, say. Name what is there and what is not.
            let (given, missing): (Vec<_>, Vec<_>) = PASSWORD_GRANT
                .iter()
                .zip(partial)
                .partition(|(_, setting)| setting.is_some());
            let given: Vec<String> = given
                .iter()
                .filter_map(|(_, setting)| Some(setting.as_ref()?.origin.to_string()))
                .collect();
            let missing: Vec<String> = missing.iter().map(|(key, _)| key.describe()).collect();
            return Err(Error::configuration(format!(
                "{} {} set, so the password grant needs {} too",
                given.join(", "),
                if given.len() == 1 { "is" } else { "are" },
                missing.join(", ")
            )));
        }
    }
    Err(Error::configuration(
        "no credentials: set FBN_ACCESS_TOKEN, FBN_ACCESS_TOKEN_FILE or FBN_USERNAME (with FBN_TOKEN_URL, \
         FBN_PASSWORD, FBN_CLIENT_ID, FBN_CLIENT_SECRET), their secrets.json keys, or call a with_* credential method",
    ))
}
