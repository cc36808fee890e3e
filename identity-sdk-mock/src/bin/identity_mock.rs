//! `identity-mock`: MockIdentity as a process, for CI in any language.
//!
//! Prints one JSON line on stdout (`baseUrl`, `tokenUrl`, `token`,
//! `adminUrl`), logs one line per call on stderr (never a token or a
//! secret), and serves until SIGTERM or SIGINT, or with
//! `--exit-on-stdin-close` until stdin closes.

use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::process::ExitCode;

use clap::Parser;
use identity_sdk_mock::{MockIdentity, Seed};

/// A local stand-in of FINBOURNE's Identity service.
#[derive(Parser)]
#[command(name = "identity-mock", version, about)]
struct Options {
    /// The port to listen on; 0 takes any free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on. Anyone who can reach it can mint tokens and
    /// inject faults: keep it on loopback unless that is what you want.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// A JSON file of users, roles and keys to start (and reset) with.
    #[arg(long, value_name = "FILE.json")]
    seed: Option<std::path::PathBuf>,
    /// Stop when stdin closes, so that the mock ends with the process that
    /// started it, however that ends.
    #[arg(long)]
    exit_on_stdin_close: bool,
}

fn main() -> ExitCode {
    let options = Options::parse();
    quiet_request_panics();
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("identity-mock: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let seed = match &options.seed {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            Seed::from_json(&text).map_err(|error| format!("{}: {error}", path.display()))?
        }
        None => Seed::default(),
    };
    let addresses: Vec<SocketAddr> = (options.host.as_str(), options.port)
        .to_socket_addrs()
        .map_err(|error| format!("cannot resolve --host {}: {error}", options.host))?
        .collect();
    let listener = TcpListener::bind(&addresses[..]).map_err(|error| {
        format!(
            "cannot listen on {}:{}: {error}",
            options.host, options.port
        )
    })?;
    let address = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    if !address.ip().is_loopback() {
        eprintln!(
            "identity-mock: WARNING: listening on {address}, not loopback: anyone who can reach it \
             can mint tokens and inject faults"
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the runtime: {error}"))?;
    runtime.block_on(serve(listener, seed, options.exit_on_stdin_close))
}

async fn serve(listener: TcpListener, seed: Seed, exit_on_stdin_close: bool) -> Result<(), String> {
    let identity = MockIdentity::serve(listener, seed).await;
    // The method, path (no query), status and request id: never the token.
    identity.on_call(|call| {
        eprintln!(
            "identity-mock: {} {} {} {}",
            call.method, call.path, call.status, call.request_id
        );
    });
    let base = identity.base_url();
    let admin_url = format!(
        "{}/_mock",
        base.trim_end_matches(identity_sdk_mock::BASE_PATH)
    );
    let started = serde_json::json!({
        "baseUrl": base,
        "tokenUrl": identity.token_url(),
        "token": identity.issue_token(),
        "adminUrl": admin_url,
    });
    println!("{started}");
    stopped(exit_on_stdin_close).await;
    eprintln!("identity-mock: stopping");
    Ok(())
}

/// One line per panic instead of a message and a backtrace: wiremock ends
/// a connection that breaks off mid-body with a panic (of that connection's
/// task only, the server goes on). Other panics show where they happened
/// but not their message, which could quote a body and so a secret.
fn quiet_request_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
            .unwrap_or_default();
        if message.starts_with("Failed to read request body") {
            eprintln!("identity-mock: a connection broke off before its request was read");
        } else {
            let place = info.location().map(ToString::to_string).unwrap_or_default();
            eprintln!(
                "identity-mock: a request failed inside the mock at {place}; its connection is closed"
            );
        }
    }));
}

/// Resolves on SIGINT or SIGTERM, or when stdin closes if asked to.
async fn stopped(exit_on_stdin_close: bool) {
    let stdin_closed = async {
        if exit_on_stdin_close {
            use tokio::io::AsyncReadExt;
            let mut stdin = tokio::io::stdin();
            let mut buffer = [0u8; 1024];
            while matches!(stdin.read(&mut buffer).await, Ok(read) if read > 0) {}
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminated() => {}
        _ = stdin_closed => {}
    }
}

#[cfg(unix)]
async fn terminated() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            terminate.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending().await
}
