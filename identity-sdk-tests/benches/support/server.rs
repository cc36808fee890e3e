//! The local server both benchmarks call.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A minimal HTTP/1.1 server that answers every request with `204`, on its
/// own runtime and thread so that it is never the bottleneck of the client
/// being measured.
pub fn start_server() -> String {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            sender.send(listener.local_addr().unwrap()).unwrap();
            loop {
                let (mut stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 8192];
                    let mut filled = 0;
                    loop {
                        match stream.read(&mut buffer[filled..]).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => filled += n,
                        }
                        // Requests carry no body: each head ends a request.
                        while let Some(end) =
                            buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n")
                        {
                            buffer.copy_within(end + 4..filled, 0);
                            filled -= end + 4;
                            if stream
                                .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
                                .await
                                .is_err()
                            {
                                return;
                            }
                        }
                        if filled == buffer.len() {
                            return;
                        }
                    }
                });
            }
        });
    });
    let address = receiver.recv().unwrap();
    format!("http://{address}/identity")
}
