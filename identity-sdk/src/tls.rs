//! TLS for the HTTP client: the backend the cargo features chose,
//! configured on the client itself (never as a process-wide default, so an
//! application's own choice of crypto provider, made before or after, is
//! left alone), with an optional client certificate for mutual TLS and
//! extra trusted roots.
//!
//! Precedence when several backend features are enabled (cargo unifies
//! features across a build): `native-tls`, then `rustls-aws-lc`, then
//! `rustls`: an explicit non-default choice wins over the default.

use std::path::Path;

use crate::config::{self, Settings};
use crate::error::Error;

/// Whether any TLS backend is compiled in; without one only `http://`
/// URLs can be used.
pub(crate) const ENABLED: bool = cfg!(any(feature = "native-tls", feature = "__rustls"));

/// The backend in use, for `Debug` and error messages.
pub(crate) const BACKEND: &str = if cfg!(feature = "native-tls") {
    "native-tls"
} else if cfg!(feature = "rustls-aws-lc") {
    "rustls (aws-lc-rs)"
} else if cfg!(feature = "rustls") {
    "rustls (ring)"
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
    fn setting(settings: &Settings, key: config::Key) -> Result<Option<Self>, Error> {
        match (settings.path(key), settings.get(key)) {
            (Some(path), Some(setting)) => Self::read(&path, &setting.origin.to_string()).map(Some),
            _ => Ok(None),
        }
    }

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
}

/// Configures `http` with the compiled-in backend, the client certificate
/// (`FBN_CLIENT_CERTIFICATE`) and the extra trusted roots, if any.
pub(crate) fn configure(
    http: reqwest::ClientBuilder,
    settings: &Settings,
    roots: Option<&Path>,
) -> Result<reqwest::ClientBuilder, Error> {
    let identity = PemFile::setting(settings, config::CLIENT_CERTIFICATE)?;
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
            "{what} is https, but identity-sdk was built without TLS: enable the rustls, \
             rustls-aws-lc or native-tls feature"
        )));
    }
    Ok(())
}

#[cfg(feature = "native-tls")]
mod backend {
    use super::PemFile;
    use crate::error::Error;

    pub(super) fn configure(
        mut http: reqwest::ClientBuilder,
        identity: Option<PemFile>,
        roots: Option<PemFile>,
    ) -> Result<reqwest::ClientBuilder, Error> {
        http = http.tls_backend_native();
        if let Some(file) = roots {
            let certificates = reqwest::Certificate::from_pem_bundle(&file.bytes)
                .map_err(|_| file.not("not a PEM file of certificates"))?;
            if certificates.is_empty() {
                return Err(file.not("holds no certificate"));
            }
            for certificate in certificates {
                http = http.add_root_certificate(certificate);
            }
        }
        if let Some(file) = identity {
            let text = String::from_utf8_lossy(&file.bytes);
            let certificates = pem_blocks(&text, |label| label == "CERTIFICATE");
            let key = pem_blocks(&text, |label| label.ends_with("PRIVATE KEY"));
            if certificates.is_empty() {
                return Err(file.not("holds no certificate (a PEM file with the client certificate and its private key is expected)"));
            }
            if key.is_empty() {
                return Err(file.not("holds no private key (a PEM file with the client certificate and its private key is expected)"));
            }
            let identity = reqwest::Identity::from_pkcs8_pem(certificates.as_bytes(), key.as_bytes())
                .map_err(|_| file.not("the certificate or its key cannot be used (native-tls needs a PKCS#8 key: BEGIN PRIVATE KEY)"))?;
            http = http.identity(identity);
        }
        Ok(http)
    }

    /// The PEM blocks of `text` whose label passes `wanted`, concatenated.
    fn pem_blocks(text: &str, wanted: impl Fn(&str) -> bool) -> String {
        let mut blocks = String::new();
        let mut inside = false;
        for line in text.lines() {
            let line = line.trim();
            if let Some(label) = line
                .strip_prefix("-----BEGIN ")
                .and_then(|rest| rest.strip_suffix("-----"))
            {
                inside = wanted(label);
            }
            if inside {
                blocks.push_str(line);
                blocks.push('\n');
            }
            if line.starts_with("-----END ") {
                inside = false;
            }
        }
        blocks
    }
}

#[cfg(all(feature = "__rustls", not(feature = "native-tls")))]
mod backend {
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use rustls_platform_verifier::Verifier;

    use super::PemFile;
    use crate::error::Error;

    /// The provider the features chose, for this client only.
    fn provider() -> CryptoProvider {
        #[cfg(feature = "rustls-aws-lc")]
        {
            rustls::crypto::aws_lc_rs::default_provider()
        }
        #[cfg(not(feature = "rustls-aws-lc"))]
        {
            rustls::crypto::ring::default_provider()
        }
    }

    fn certificates(file: &PemFile) -> Result<Vec<CertificateDer<'static>>, Error> {
        let certificates: Vec<CertificateDer<'static>> =
            CertificateDer::pem_slice_iter(&file.bytes)
                .collect::<Result<_, _>>()
                .map_err(|_| file.not("not a PEM file"))?;
        if certificates.is_empty() {
            return Err(file.not("holds no certificate"));
        }
        Ok(certificates)
    }

    pub(super) fn configure(
        http: reqwest::ClientBuilder,
        identity: Option<PemFile>,
        roots: Option<PemFile>,
    ) -> Result<reqwest::ClientBuilder, Error> {
        let provider = Arc::new(provider());
        let verifier = match roots {
            None => Verifier::new(Arc::clone(&provider)),
            #[cfg(not(target_os = "android"))]
            Some(file) => {
                Verifier::new_with_extra_roots(certificates(&file)?, Arc::clone(&provider))
            }
            #[cfg(target_os = "android")]
            Some(file) => return Err(file.not("extra roots are not supported on Android")),
        }
        .map_err(|error| {
            Error::configuration("cannot load the platform's trusted certificates")
                .with_source(error)
        })?;
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| {
                Error::configuration("the TLS provider supports no safe protocol version")
                    .with_source(error)
            })?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier));
        let config = match identity {
            None => config.with_no_client_auth(),
            Some(file) => {
                let chain = certificates(&file).map_err(|_| {
                    file.not("holds no certificate (a PEM file with the client certificate and its private key is expected)")
                })?;
                let key = PrivateKeyDer::from_pem_slice(&file.bytes).map_err(|_| {
                    file.not("holds no private key (a PEM file with the client certificate and its private key is expected)")
                })?;
                config.with_client_auth_cert(chain, key).map_err(|error| {
                    file.not("the certificate and key cannot be used together")
                        .with_source(error)
                })?
            }
        };
        Ok(http.tls_backend_preconfigured(config))
    }
}

#[cfg(not(any(feature = "native-tls", feature = "__rustls")))]
mod backend {
    use super::PemFile;
    use crate::error::Error;

    pub(super) fn configure(
        http: reqwest::ClientBuilder,
        identity: Option<PemFile>,
        roots: Option<PemFile>,
    ) -> Result<reqwest::ClientBuilder, Error> {
        match identity.or(roots) {
            Some(file) => Err(file.not(
                "TLS certificates are set, but identity-sdk was built without TLS: enable the \
                 rustls, rustls-aws-lc or native-tls feature",
            )),
            None => Ok(http),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_backend_is_named() {
        assert_eq!(super::ENABLED, super::BACKEND != "none");
    }
}
