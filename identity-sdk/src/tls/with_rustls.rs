//! The rustls backends (`rustls`: aws-lc-rs, `rustls-ring`: ring): a
//! client config built with the chosen provider, never installed as the
//! process default, and the platform's verifier with any extra roots.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls_platform_verifier::Verifier;

use super::PemFile;
use crate::error::Error;

/// The provider the features chose, for this client only.
fn provider() -> CryptoProvider {
    #[cfg(feature = "rustls-ring")]
    {
        rustls::crypto::ring::default_provider()
    }
    #[cfg(not(feature = "rustls-ring"))]
    {
        rustls::crypto::aws_lc_rs::default_provider()
    }
}

fn certificates(file: &PemFile) -> Result<Vec<CertificateDer<'static>>, Error> {
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&file.bytes)
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
        Some(file) => Verifier::new_with_extra_roots(certificates(&file)?, Arc::clone(&provider)),
        #[cfg(target_os = "android")]
        Some(file) => return Err(file.not("extra roots are not supported on Android")),
    }
    .map_err(|error| {
        Error::configuration("cannot load the platform's trusted certificates").with_source(error)
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
            let chain = certificates(&file).map_err(|_| file.no_client_certificate())?;
            let key =
                PrivateKeyDer::from_pem_slice(&file.bytes).map_err(|_| file.no_private_key())?;
            config.with_client_auth_cert(chain, key).map_err(|error| {
                file.not("the certificate and key cannot be used together")
                    .with_source(error)
            })?
        }
    };
    Ok(http.tls_backend_preconfigured(config))
}
