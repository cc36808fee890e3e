//! TLS for the HTTP client: the backend the cargo features chose,
//! configured on the client itself (never as a process-wide default, so an
//! application's own choice of crypto provider, made before or after, is
//! left alone), with an optional client certificate for mutual TLS and
//! extra trusted roots.
//!
//! Precedence when several backend features are enabled (cargo unifies
//! features across a build): `native-tls`, then `rustls-ring`, then
//! `rustls`: an explicit non-default choice wins over the default.

use std::path::Path;

use crate::error::Error;

/// Whether any TLS backend is compiled in; without one only `http://`
/// URLs can be used.
pub(crate) const ENABLED: bool = cfg!(any(feature = "native-tls", feature = "__rustls"));

/// The backend in use, for `Debug` and error messages.
pub(crate) const BACKEND: &str = if cfg!(feature = "native-tls") {
    "native-tls"
} else if cfg!(feature = "rustls-ring") {
    "rustls (ring)"
} else if cfg!(feature = "rustls") {
    "rustls (aws-lc-rs)"
} else {
    "none"
};

/// PEM files read for TLS, with where their paths came from.
struct PemFile {
    #[cfg_attr(
        not(any(feature = "native-tls", feature = "__rustls")),
        allow(dead_code)
    )]
    bytes: Vec<u8>,
    origin: String,
}

impl PemFile {
    fn read(path: &Path, origin: &str) -> Result<Self, Error> {
        let origin = format!("{origin} ({})", path.display());
        let bytes = std::fs::read(path).map_err(|error| {
            Error::configuration(format!("{origin}: cannot read the file: {error}"))
        })?;
        Ok(PemFile { bytes, origin })
    }

    fn not(&self, what: &str) -> Error {
        Error::configuration(format!("{}: {what}", self.origin))
    }

    /// A client certificate file without a certificate, whatever backend.
    #[cfg(any(feature = "native-tls", feature = "__rustls"))]
    fn no_client_certificate(&self) -> Error {
        self.not(
            "holds no certificate (a PEM file with the client certificate and its private key \
             is expected)",
        )
    }

    /// A client certificate file without a private key, whatever backend.
    #[cfg(any(feature = "native-tls", feature = "__rustls"))]
    fn no_private_key(&self) -> Error {
        self.not(
            "holds no private key (a PEM file with the client certificate and its private key \
             is expected)",
        )
    }
}

/// What a setting that needs TLS is told in a build without it.
const WITHOUT_TLS: &str =
    "identity-sdk was built without TLS: enable the rustls, rustls-ring or native-tls feature";

/// Configures `http` with the compiled-in backend, the client certificate
/// (`FBN_CLIENT_CERTIFICATE`: its file and where that was set) and the
/// extra trusted roots, if any.
pub(crate) fn configure(
    http: reqwest::ClientBuilder,
    certificate: Option<(&Path, &str)>,
    roots: Option<&Path>,
) -> Result<reqwest::ClientBuilder, Error> {
    let identity = certificate
        .map(|(path, origin)| PemFile::read(path, origin))
        .transpose()?;
    let roots = roots
        .map(|path| PemFile::read(path, "ClientBuilder::with_root_certificates"))
        .transpose()?;
    backend::configure(http, identity, roots)
}

/// Refuses an `https` URL when no TLS backend is compiled in, naming the
/// features that would provide one.
pub(crate) fn check_available(url: &reqwest::Url, what: &str) -> Result<(), Error> {
    if url.scheme() == "https" && !ENABLED {
        return Err(Error::configuration(format!(
            "{what} is https, but {WITHOUT_TLS}"
        )));
    }
    Ok(())
}

#[cfg(feature = "native-tls")]
#[path = "tls/with_native_tls.rs"]
mod backend;
#[cfg(all(feature = "__rustls", not(feature = "native-tls")))]
#[path = "tls/with_rustls.rs"]
mod backend;
#[cfg(not(any(feature = "native-tls", feature = "__rustls")))]
#[path = "tls/without_tls.rs"]
mod backend;

#[cfg(test)]
mod tests {
    #[test]
    fn the_backend_is_named() {
        assert_eq!(super::ENABLED, super::BACKEND != "none");
    }

    /// Only in a build without any TLS feature (CI tests one).
    #[cfg(not(any(feature = "native-tls", feature = "__rustls")))]
    #[test]
    fn without_tls_an_https_url_is_refused_naming_the_features() {
        let https = "https://example.lusid.com/identity".parse().unwrap();
        let error = super::check_available(&https, "the base URL").unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Configuration);
        assert_eq!(
            error.to_string(),
            "the base URL is https, but identity-sdk was built without \
             TLS: enable the rustls, rustls-ring or native-tls feature"
        );
        let http = "http://127.0.0.1:8080/identity".parse().unwrap();
        assert!(super::check_available(&http, "the base URL").is_ok());
    }
}
