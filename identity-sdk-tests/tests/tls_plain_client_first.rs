//! An application that builds its own reqwest client before any
//! `IdentityClient`: neither panics, and both speak HTTPS. One process per
//! order of building (this file, and `tls_identity_client_first.rs`).

mod common;

use identity_sdk::SignOut;

/// What the application must do for its own plain reqwest client, as
/// reqwest documents it: with only the opt-in `rustls-ring` feature,
/// reqwest has no crypto provider of its own, so the application installs
/// one. The other backends bring their own (the default `rustls` enables
/// reqwest's `rustls`; `native-tls` needs none). The SDK needs nothing of
/// this.
pub fn install_provider_if_reqwest_needs_one() {
    #[cfg(all(
        feature = "rustls-ring",
        not(feature = "rustls"),
        not(feature = "native-tls")
    ))]
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("the first provider installed in this process");
}

#[tokio::test]
async fn a_plain_reqwest_client_then_an_identity_client() {
    install_provider_if_reqwest_needs_one();
    let installed = rustls::crypto::CryptoProvider::get_default().cloned();
    // The re-export a custom token source reaches for first: the same
    // reqwest as the application's own.
    let plain = identity_sdk::reqwest::Client::builder()
        .build()
        .expect("a plain client builds with the features' provider");

    let base = common::https::https_identity(false).await;
    let identity = common::https::trusting_client(&base);

    assert!(matches!(
        identity.sign_out().await.unwrap(),
        SignOut::SignedOut { .. }
    ));
    // The plain client reaches the server too (and distrusts its test CA).
    let error = plain.get(&base).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    // The SDK left the application's choice as it was.
    assert_eq!(
        rustls::crypto::CryptoProvider::get_default().map(|p| p.cipher_suites.len()),
        installed.map(|p| p.cipher_suites.len())
    );
}
