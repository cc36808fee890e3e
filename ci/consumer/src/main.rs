//! Plain reqwest clients built before and after an `IdentityClient`, with
//! no crypto provider installed by anyone: none panics, all reach a local
//! server (127.0.0.1, no network). Exits non-zero on any failure.

use identity_sdk::{IdentityClient, RetryPolicy, SignOut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // The re-export a custom token source reaches for first; reqwest panics
    // here when the TLS feature it was built with has no provider.
    let before = identity_sdk::reqwest::Client::builder()
        .build()
        .expect("a plain client built before the SDK's");
    let base = serve().await;
    let identity = IdentityClient::builder()
        .with_base_url(&base)
        .with_access_token("t")
        .with_retry_policy(RetryPolicy::none())
        .build()
        .expect("the SDK's client");
    let after = identity_sdk::reqwest::Client::new();

    let signed_out = identity.sign_out().await.expect("sign-out");
    assert!(
        matches!(signed_out, SignOut::SignedOut { .. }),
        "{signed_out:?}"
    );
    for (which, client) in [("before", before), ("after", after)] {
        let response = client.get(&base).send().await.expect(which);
        assert_eq!(response.status(), 204, "the client built {which}");
    }
    println!("ok: plain clients before and after an IdentityClient, no provider installed");
}

/// A server on 127.0.0.1 answering every request with `204` and a request
/// id, one request per connection. Returns its base URL.
async fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("its address").port();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buffer = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buffer[..n]),
                    }
                }
                let answer = "HTTP/1.1 204 No Content\r\nidentity-meta-requestid: consumer-1\r\n\
                              connection: close\r\n\r\n";
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    format!("http://127.0.0.1:{port}/identity")
}
