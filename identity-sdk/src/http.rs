//! The HTTP client every request goes through: identification headers,
//! proxy, connect timeout, TLS (configured in `tls`), and no redirects.

use std::path::Path;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::config::{self, Settings};
use crate::error::Error;
use crate::tls;

/// The `User-Agent` every request carries.
pub(crate) const SDK_USER_AGENT: &str = concat!("identity-sdk/", env!("CARGO_PKG_VERSION"));

/// The reqwest client for `settings`, trusting `roots` (a PEM file) beside
/// the platform's certificates.
pub(crate) fn client(
    settings: &Settings,
    connect_timeout: Duration,
    roots: Option<&Path>,
) -> Result<reqwest::Client, Error> {
    let mut http = reqwest::Client::builder()
        .default_headers(identification_headers(settings)?)
        .connect_timeout(connect_timeout)
        // FINBOURNE APIs do not redirect; following one could hand the
        // bearer token to another host.
        .redirect(reqwest::redirect::Policy::none());
    if let Some(proxy) = proxy(settings)? {
        http = http.proxy(proxy);
    }
    let certificate = settings
        .path(config::CLIENT_CERTIFICATE)
        .map(|(path, origin)| (path, origin.to_string()));
    let certificate = certificate
        .as_ref()
        .map(|(path, origin)| (path.as_path(), origin.as_str()));
    let http = tls::configure(http, certificate, roots)?;
    http.build()
        .map_err(|error| Error::configuration("cannot build the HTTP client").with_source(error))
}

/// A reqwest client builder with the SDK's TLS backend configured on it,
/// explicitly: it needs no process-wide crypto provider, whichever TLS
/// feature is enabled. For a [`PasswordGrant`](crate::auth::PasswordGrant)
/// built by hand, or a token source of your own that calls a token service.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let http = identity_sdk::http_client_builder()?
///     .timeout(std::time::Duration::from_secs(10))
///     .build()?;
/// # Ok(())
/// # }
/// ```
pub fn http_client_builder() -> Result<reqwest::ClientBuilder, Error> {
    tls::configure(reqwest::Client::builder(), None, None)
}

/// The headers FINBOURNE's SDKs identify themselves and the application
/// with.
fn identification_headers(settings: &Settings) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, HeaderValue::from_static(SDK_USER_AGENT));
    headers.insert("x-lusid-sdk-language", HeaderValue::from_static("Rust"));
    headers.insert(
        "x-lusid-sdk-version",
        HeaderValue::from_static(env!("CARGO_PKG_VERSION")),
    );
    for (key, name) in [
        (config::APP_NAME, "x-lusid-application"),
        (config::CORRELATION_ID, "correlationid"),
    ] {
        if let Some(setting) = settings.get(key) {
            let value = HeaderValue::from_str(setting.required_text()?).map_err(|_| {
                Error::configuration(format!(
                    "{}: holds characters that cannot be sent in an HTTP header",
                    setting.origin
                ))
            })?;
            headers.insert(HeaderName::from_static(name), value);
        }
    }
    Ok(headers)
}

fn proxy(settings: &Settings) -> Result<Option<reqwest::Proxy>, Error> {
    let Some(url) = settings.url(config::PROXY_ADDRESS)? else {
        return Ok(None);
    };
    let mut proxy = reqwest::Proxy::all(url).map_err(|error| {
        let origin = settings
            .get(config::PROXY_ADDRESS)
            .map(|setting| setting.origin.to_string())
            .unwrap_or_default();
        Error::configuration(format!("{origin}: not a usable proxy address")).with_source(error)
    })?;
    match (
        settings.get(config::PROXY_USERNAME),
        settings.get(config::PROXY_PASSWORD),
    ) {
        (Some(user), Some(password)) => {
            proxy = proxy.basic_auth(user.required_text()?, password.required_text()?);
        }
        (None, None) => {}
        (Some(given), None) => return Err(half_proxy_credentials(&given.origin, "password")),
        (None, Some(given)) => return Err(half_proxy_credentials(&given.origin, "username")),
    }
    Ok(Some(proxy))
}

fn half_proxy_credentials(given: &config::Origin, missing: &str) -> Error {
    Error::configuration(format!(
        "{given} is set but the proxy {missing} is not: set both or neither"
    ))
}
