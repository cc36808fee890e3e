//! The `native-tls` backend: the platform's TLS library, its trust store,
//! a PKCS#8 client identity.

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
            return Err(file.no_client_certificate());
        }
        if key.is_empty() {
            return Err(file.no_private_key());
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
