//! No TLS feature: plain `http://` only, and certificate settings refused
//! with the features that would use them.

use super::PemFile;
use crate::error::Error;

pub(super) fn configure(
    http: reqwest::ClientBuilder,
    identity: Option<PemFile>,
    roots: Option<PemFile>,
) -> Result<reqwest::ClientBuilder, Error> {
    match identity.or(roots) {
        Some(file) => Err(file.not(&format!(
            "TLS certificates are set, but {}",
            super::WITHOUT_TLS
        ))),
        None => Ok(http),
    }
}

#[cfg(test)]
mod tests {
    use super::super::PemFile;

    #[test]
    fn certificates_without_tls_are_refused_naming_the_setting_and_the_features() {
        let file = PemFile {
            bytes: Vec::new(),
            origin: "FBN_CLIENT_CERTIFICATE (client.pem)".into(),
        };
        let error = super::configure(reqwest::Client::builder(), Some(file), None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "FBN_CLIENT_CERTIFICATE (client.pem): TLS certificates are \
             set, but identity-sdk was built without TLS: enable the rustls, rustls-ring or \
             native-tls feature"
        );
        assert!(super::configure(reqwest::Client::builder(), None, None).is_ok());
    }
}
