//! `identity-mock` as CI in any language uses it: started as a process,
//! read from its one JSON line, driven with plain HTTP, stopped with a
//! signal or by closing its stdin. Malformed requests never take it down.
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

const SEED: &str = r#"{
  "users": [{"login": "ci.bot@example.com", "firstName": "CI", "lastName": "Bot", "type": "Service"}],
  "roles": [{"name": "Reconcilers", "members": ["ci.bot@example.com"]}],
  "keys": [{"displayName": "pipeline", "key": "ci-known-token", "user": "ci.bot@example.com"}]
}"#;

/// The running binary and what it printed on start.
struct Mock {
    child: Child,
    started: Value,
    address: String,
    _stdout: BufReader<ChildStdout>,
    /// What it has written on stderr so far, read as it comes.
    stderr: Arc<Mutex<String>>,
    reading_stderr: Option<JoinHandle<()>>,
}

fn start(arguments: &[&str]) -> Mock {
    let mut child = Command::new(env!("CARGO_BIN_EXE_identity-mock"))
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("identity-mock starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let started: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
    let base = started["baseUrl"].as_str().unwrap();
    let address = base
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut lines = BufReader::new(child.stderr.take().unwrap());
    let written = Arc::clone(&stderr);
    let reading_stderr = std::thread::spawn(move || {
        let mut line = String::new();
        while matches!(lines.read_line(&mut line), Ok(read) if read > 0) {
            written.lock().unwrap().push_str(&line);
            line.clear();
        }
    });
    Mock {
        child,
        started,
        address,
        _stdout: stdout,
        stderr,
        reading_stderr: Some(reading_stderr),
    }
}

impl Mock {
    /// Sends `method path` with `headers` and `body`; the status and body.
    fn send(&self, method: &str, path: &str, headers: &[&str], body: &[u8]) -> (u16, Value) {
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n",
            self.address,
            body.len()
        );
        for header in headers {
            request.push_str(header);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        stream.write_all(body).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response[9..12].parse().unwrap();
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .unwrap_or_default();
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }

    fn get(&self, path: &str, token: &str) -> (u16, Value) {
        self.send(
            "GET",
            path,
            &[&format!("authorization: Bearer {token}")],
            b"",
        )
    }

    fn post_json(&self, path: &str, token: &str, body: &str) -> (u16, Value) {
        let headers = [
            format!("authorization: Bearer {token}"),
            "content-type: application/json".into(),
        ];
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        self.send("POST", path, &headers, body.as_bytes())
    }

    fn token(&self) -> String {
        self.started["token"].as_str().unwrap().to_owned()
    }

    /// Waits (10 s at most) for the process to end; its stderr.
    fn wait(&mut self) -> (std::process::ExitStatus, String) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "identity-mock did not stop");
            std::thread::sleep(Duration::from_millis(10));
        };
        if let Some(reading) = self.reading_stderr.take() {
            reading.join().unwrap();
        }
        (status, self.stderr.lock().unwrap().clone())
    }

    /// Waits (10 s at most) until stderr has a line containing `text`:
    /// what a connection's task logs comes when that task runs, which a
    /// loaded machine may delay past later requests on other connections.
    fn await_log(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.stderr.lock().unwrap().contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?} on stderr: {}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A test that fails half-way leaves no server running.
impl Drop for Mock {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn a_ci_job_drives_the_mock_over_plain_http_and_stops_it_with_sigterm() {
    let seed = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("identity-mock-seed.json");
    std::fs::write(&seed, SEED).unwrap();
    let mut mock = start(&["--port", "0", "--seed", seed.to_str().unwrap()]);
    let token = mock.token();
    assert_eq!(
        mock.started["tokenUrl"],
        format!("http://{}/oauth2/token", mock.address)
    );

    // The issued token and the seeded key both work.
    let (status, me) = mock.get("/identity/api/me", &token);
    assert_eq!((status, me["id"].as_str()), (200, Some("00u-mock-user-1")));
    let (status, me) = mock.get("/identity/api/me", "ci-known-token");
    assert_eq!(
        (status, me["emailAddress"].as_str()),
        (200, Some("ci.bot@example.com"))
    );
    let (status, _) = mock.get("/identity/api/me", "never-issued");
    assert_eq!(status, 401);

    // The control endpoints: a token, a fault, the call log, a reset.
    let (status, minted) = mock.post_json("/_mock/tokens", "", r#"{"user": "ci.bot@example.com"}"#);
    assert_eq!(status, 201);
    let minted = minted["token"].as_str().unwrap().to_owned();
    assert_eq!(mock.get("/identity/api/me", &minted).0, 200);
    assert_eq!(
        mock.post_json(
            "/_mock/faults",
            "",
            r#"{"kind": "serverError", "status": 503}"#
        )
        .0,
        204
    );
    let (status, problem) = mock.get("/identity/api/roles", &token);
    assert_eq!(
        (status, problem["name"].as_str()),
        (503, Some("InternalError"))
    );
    let (status, fault) = mock.post_json(
        "/_mock/faults",
        "",
        r#"{"kind": "serverError", "status": 200}"#,
    );
    assert_eq!(
        (status, fault["name"].as_str()),
        (400, Some("InvalidFault"))
    );
    let created = r#"{"login": "temp.user@example.com", "emailAddress": "temp.user@example.com",
        "firstName": "Temp", "lastName": "User", "type": "Personal"}"#;
    assert_eq!(
        mock.post_json("/identity/api/users", &token, created).0,
        201
    );
    let (status, calls) = mock.get("/_mock/calls", "");
    assert_eq!(status, 200);
    let statuses: Vec<u64> = calls
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [200, 200, 401, 200, 503, 201]);
    assert!(
        !calls.to_string().contains(&token),
        "the call log shows no token"
    );
    assert_eq!(mock.post_json("/_mock/reset", "", "").0, 204);
    let (_, users) = mock.get("/identity/api/users", &token);
    let mut logins: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["login"].as_str().unwrap())
        .collect();
    logins.sort_unstable();
    assert_eq!(
        logins,
        ["ci.bot@example.com", "mock.user@example.com"],
        "back to the seed"
    );

    // Malformed requests: problem details, and the server stays up.
    let invalid = mock.post_json("/identity/api/users", &token, r#"{"login": "#);
    assert_eq!(
        (invalid.0, invalid.1["name"].as_str()),
        (400, Some("InvalidRequestBody"))
    );
    let (status, problem) = mock.post_json("/identity/api/users", &token, r#"{"login": "x"}"#);
    assert_eq!(status, 400);
    let errors = problem["errors"].as_object().unwrap();
    assert!(
        errors.contains_key("login") && errors.contains_key("firstName"),
        "{errors:?}"
    );
    let plain = mock.send(
        "POST",
        "/identity/api/users",
        &[
            &format!("authorization: Bearer {token}"),
            "content-type: text/plain",
        ],
        b"{}",
    );
    assert_eq!(
        (plain.0, plain.1["name"].as_str()),
        (415, Some("UnsupportedMediaType"))
    );
    let huge = vec![b' '; 2 * 1024 * 1024];
    let oversized = mock.send(
        "POST",
        "/identity/api/users",
        &["content-type: application/json"],
        &huge,
    );
    assert_eq!(
        (oversized.0, oversized.1["name"].as_str()),
        (413, Some("RequestTooLarge"))
    );
    let mut broken = TcpStream::connect(&mock.address).unwrap();
    broken
        .write_all(
            b"POST /identity/api/users HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{\"lo",
        )
        .unwrap();
    drop(broken);
    mock.await_log("a connection broke off");
    let mut garbage = TcpStream::connect(&mock.address).unwrap();
    garbage
        .write_all(b"\x16\x03\x01 not http at all\r\n\r\n")
        .unwrap();
    drop(garbage);
    assert_eq!(mock.get("/identity/api/me", &token).0, 200, "still serving");

    let pid = mock.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let (status, stderr) = mock.wait();
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(stderr.contains("GET /identity/api/me 200"), "{stderr}");
    assert!(
        stderr.contains("a connection broke off") && !stderr.contains("panicked"),
        "one line for the dropped connection: {stderr}"
    );
    for secret in [token.as_str(), minted.as_str(), "ci-known-token"] {
        assert!(!stderr.contains(secret), "the log shows a token: {stderr}");
    }
}

#[test]
fn it_stops_when_stdin_closes_if_asked() {
    let mut mock = start(&["--exit-on-stdin-close"]);
    assert_eq!(mock.get("/identity/api/me", &mock.token()).0, 200);
    drop(mock.child.stdin.take());
    let (status, _) = mock.wait();
    assert!(status.success());
}

#[test]
fn a_host_beyond_loopback_is_warned_about() {
    let mut mock = start(&["--host", "0.0.0.0", "--exit-on-stdin-close"]);
    drop(mock.child.stdin.take());
    let (_, stderr) = mock.wait();
    assert!(
        stderr.contains("anyone who can reach it can mint tokens and inject faults"),
        "{stderr}"
    );
}

#[test]
fn a_bad_seed_is_refused_with_its_place() {
    let seed =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("identity-mock-bad-seed.json");
    std::fs::write(
        &seed,
        r#"{"roles": [{"name": "Reconcilers", "members": ["nobody"]}]}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_identity-mock"))
        .args(["--seed", seed.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("roles[0]") && stderr.contains("nobody"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
