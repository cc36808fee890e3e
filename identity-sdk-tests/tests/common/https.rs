//! An HTTPS Identity stand-in for the TLS tests: a rustls server on
//! 127.0.0.1 with the test certificates in `tests/tls/`, answering every
//! request with `204` and a request id.

use std::path::PathBuf;
use std::sync::Arc;

use identity_sdk::{IdentityClient, RetryPolicy};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::raw_server::read_request_head;

/// A file of `tests/tls/`.
pub fn tls_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tls")
        .join(name)
}

/// A client of the stand-in at `base`, trusting the test CA, without
/// retries.
pub fn trusting_client(base: &str) -> IdentityClient {
    IdentityClient::builder()
        .with_base_url(base)
        .with_access_token("t")
        .with_root_certificates(tls_file("ca.pem"))
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Starts the server; with `require_client_certificate`, it refuses any
/// client without a certificate signed by the test CA. Returns the base URL
/// (`https://localhost:<port>/identity`).
pub async fn https_identity(require_client_certificate: bool) -> String {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server_pem = std::fs::read(tls_file("server.pem")).unwrap();
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&server_pem)
        .collect::<Result<_, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_slice(&server_pem).unwrap();
    let builder = rustls::ServerConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .unwrap();
    let config = if require_client_certificate {
        let mut roots = rustls::RootCertStore::empty();
        for ca in CertificateDer::pem_file_iter(tls_file("ca.pem")).unwrap() {
            roots.add(ca.unwrap()).unwrap();
        }
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    }
    .with_single_cert(chain, key)
    .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A refused handshake ends here: the client sees why.
                let Ok(mut stream) = acceptor.accept(stream).await else {
                    return;
                };
                read_request_head(&mut stream).await;
                let answer = "HTTP/1.1 204 No Content\r\nidentity-meta-requestid: tls-req-1\r\nconnection: close\r\n\r\n";
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("https://localhost:{port}/identity")
}
