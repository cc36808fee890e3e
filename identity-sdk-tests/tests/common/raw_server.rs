//! A raw HTTP peer on 127.0.0.1, for what a well-behaved server never
//! sends: half a status line, a body shorter than announced, silence.
//! Each test writes the bytes it answers with; this module only listens.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::SeqCst;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// A listener on 127.0.0.1 whose every connection is handled by `serve`,
/// for as long as the test runs. Returns the base URL a client is
/// configured with (`http://127.0.0.1:<port>/identity`).
pub async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream));
        }
    });
    format!("http://{address}/identity")
}

/// As [`raw_server`], telling `serve` which connection it handles (0 for
/// the first); the count is the connections served so far.
pub async fn counting_raw_server<F, Fut>(serve: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(usize, TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    let base = raw_server(move |stream| serve(count.fetch_add(1, SeqCst), stream)).await;
    (base, served)
}

/// A server that reads each request and never answers.
pub async fn silent_server() -> String {
    raw_server(|mut stream| async move {
        read_request_head(&mut stream).await;
        stall(stream).await;
    })
    .await
}

/// Reads up to the blank line that ends a request's head, or until the
/// peer hangs up; what was read is not needed.
pub async fn read_request_head(stream: &mut (impl AsyncRead + Unpin)) {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
}

/// Keeps the connection open and says nothing more until the test ends
/// (its runtime drops the task): no real time is slept.
pub async fn stall<S>(stream: S) {
    let _open = stream;
    std::future::pending::<()>().await;
}

/// A port on 127.0.0.1 that refuses every connection while this value
/// lives. The socket stays bound, so the kernel cannot hand the port to
/// another test's server (a port bound and then closed can be reused at
/// once), but never listens, so each connection is answered with a reset.
pub struct RefusingPort {
    _bound: TcpSocket,
    base_url: String,
}

impl RefusingPort {
    pub fn new() -> Self {
        let bound = TcpSocket::new_v4().unwrap();
        bound.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let base_url = format!("http://{}/identity", bound.local_addr().unwrap());
        Self {
            _bound: bound,
            base_url,
        }
    }

    /// The base URL a client is configured with.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}
