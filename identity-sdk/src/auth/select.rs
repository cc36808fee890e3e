//! Which token source a client's settings describe: an access token, a
//! token file, or the password grant, in that order.

use std::sync::Arc;
use std::time::Duration;

use super::password_grant::{PasswordGrant, PasswordGrantCredentials};
use super::static_token::StaticToken;
use super::token::{AccessToken, TokenSource};
use super::token_file::TokenFile;
use crate::config::{self, Key, Origin, Settings};
use crate::error::Error;
use crate::transport::Limits;

/// The settings of the password grant: any of them means all are needed.
pub(crate) const PASSWORD_GRANT: [Key; 5] = [
    config::TOKEN_URL,
    config::USERNAME,
    config::PASSWORD,
    config::CLIENT_ID,
    config::CLIENT_SECRET,
];

/// What `with_password_grant` gave, as given.
pub(crate) const GRANT_ORIGIN: Origin = Origin::Builder("with_password_grant");

/// The token source `settings` describe, with the password grant's
/// credentials given whole to the builder (`grant`) in place of the
/// grant's five settings. The password grant's token requests go through
/// `http` with `limits`, like the API's.
pub(crate) fn token_source(
    settings: &Settings,
    grant: Option<PasswordGrantCredentials>,
    http: &reqwest::Client,
    limits: &Limits,
    refresh_margin: Option<Duration>,
) -> Result<Arc<dyn TokenSource>, Error> {
    if let Some(setting) = settings.get(config::ACCESS_TOKEN) {
        let token = AccessToken::new(setting.required_text()?)
            .map_err(|error| Error::configuration(format!("{}: {error}", setting.origin)))?;
        return Ok(Arc::new(StaticToken::new(token)));
    }
    if let Some((path, origin)) = settings.path(config::ACCESS_TOKEN_FILE) {
        let file = TokenFile::new(path)
            .map_err(|error| Error::configuration(format!("{origin}: {error}")))?;
        return Ok(Arc::new(file));
    }
    let credentials = match grant {
        Some(credentials) => {
            let url = &credentials.token_url;
            settings.check_credentials_url(url, Some(&GRANT_ORIGIN), "the token URL")?;
            Some(credentials)
        }
        None => grant_settings(settings)?,
    };
    let Some(credentials) = credentials else {
        return Err(Error::configuration(
            "no credentials: set FBN_ACCESS_TOKEN, FBN_ACCESS_TOKEN_FILE or FBN_USERNAME (with FBN_TOKEN_URL, \
             FBN_PASSWORD, FBN_CLIENT_ID, FBN_CLIENT_SECRET), their secrets.json keys, or call a with_* credential method",
        ));
    };
    let mut grant = PasswordGrant::new(credentials, http.clone()).with_limits(limits.clone());
    if let Some(margin) = refresh_margin {
        grant = grant.with_refresh_margin(margin);
    }
    Ok(Arc::new(grant))
}

/// The password grant's credentials from its five settings, each read
/// once as what it is; `None` when none is set.
fn grant_settings(settings: &Settings) -> Result<Option<PasswordGrantCredentials>, Error> {
    match PASSWORD_GRANT.map(|key| settings.get(key)) {
        [None, None, None, None, None] => Ok(None),
        [
            Some(_),
            Some(username),
            Some(password),
            Some(client_id),
            Some(client_secret),
        ] => {
            let token_url = settings
                .credentials_url(config::TOKEN_URL, "the token URL")?
                .ok_or_else(|| Error::configuration("the token URL is missing"))?;
            Ok(Some(PasswordGrantCredentials {
                token_url,
                username: username.required_text()?.to_owned(),
                password: password.secret()?,
                client_id: client_id.required_text()?.to_owned(),
                client_secret: client_secret.secret()?,
            }))
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
            Err(Error::configuration(format!(
                "{} {} set, so the password grant needs {} too",
                given.join(", "),
                if given.len() == 1 { "is" } else { "are" },
                missing.join(", ")
            )))
        }
    }
}
