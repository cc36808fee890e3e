//! An application that builds an `IdentityClient` before its own reqwest
//! client: the SDK installs no process-wide crypto provider (the
//! application's later choice is its own), and neither client panics.

mod common;

use identity_sdk::SignOut;

#[tokio::test]
async fn an_identity_client_then_a_plain_reqwest_client() {
    let base = common::https::https_identity(false).await;
    let identity = common::https::trusting_client(&base);
    assert!(matches!(
        identity.sign_out().await.unwrap(),
        SignOut::SignedOut { .. }
    ));
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "the SDK must not install a process-wide crypto provider"
    );

    // Now the application chooses, as reqwest asks when it has no provider
    // of its own (only the opt-in ring backend), and builds its client.
    #[cfg(all(
        feature = "rustls-ring",
        not(feature = "rustls"),
        not(feature = "native-tls")
    ))]
    rustls::crypto::ring::default_provider()
        .install_default()
        .expect("nothing was installed before");
    // The re-export a custom token source reaches for first: the same
    // reqwest as the application's own.
    let plain = identity_sdk::reqwest::Client::builder()
        .build()
        .expect("a plain client builds with the features' provider");

    let error = plain.get(&base).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    // The SDK's client still works after the application's choice.
    assert!(matches!(
        identity.sign_out().await.unwrap(),
        SignOut::AlreadySignedOut { .. } | SignOut::SignedOut { .. }
    ));
}
