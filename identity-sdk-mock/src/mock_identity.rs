//! A stateful fake of the Identity service for sign-out flows: it issues
//! tokens, invalidates them, records calls and fails on demand.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::spec::conforming;
use crate::{BASE_PATH, identity_server, problem_details};

/// The path of the mock's OAuth2 token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/token";

/// The response header that carries the request id.
const REQUEST_ID: &str = "identity-meta-requestid";

/// A failure to serve instead of the next answer of the Identity API.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answer normally, after this delay.
    Delay(Duration),
    /// `429 Too Many Requests` with `Retry-After` in seconds.
    RateLimited {
        /// The `Retry-After` value, in seconds.
        retry_after: u64,
    },
    /// This status (5xx) with a LUSID problem-details body.
    ServerError(u16),
    /// This status with a truncated JSON body.
    MalformedBody(u16),
}

/// A call the mock answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    /// `DELETE`, `POST`...
    pub method: String,
    /// The request path.
    pub path: String,
    /// The bearer token it carried, if any.
    pub token: Option<String>,
    /// The status the mock answered.
    pub status: u16,
    /// The request id the mock sent.
    pub request_id: String,
}

#[derive(Default)]
struct State {
    live: HashSet<String>,
    refresh_tokens: HashSet<String>,
    calls: Vec<Call>,
    faults: VecDeque<Fault>,
    issued: u64,
    requests: u64,
}

/// A fake Identity service on 127.0.0.1, built on wiremock.
///
/// * [`issue_token`](MockIdentity::issue_token) creates a live token; its
///   OAuth2 endpoint at [`token_url`](MockIdentity::token_url) issues them
///   to any password-grant login, and refreshes them.
/// * `DELETE /identity/api/tokens` answers `204` for a live token (which it
///   then invalidates) and a LUSID problem-details `401` for an invalidated
///   or unknown one. Every answer carries an `identity-meta-requestid`.
/// * [`inject`](MockIdentity::inject) queues faults for the next API calls.
/// * [`calls`](MockIdentity::calls) lists what it answered.
///
/// Every JSON body it serves is checked against `openapi/identity.json`.
///
/// # Example
///
/// A downstream crate's test of its own sign-out step:
///
/// ```
/// use identity_sdk::{IdentityClient, SignOut};
/// use identity_sdk_mock::{Fault, MockIdentity};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let identity = MockIdentity::start().await;
/// let token = identity.issue_token();
/// let client = IdentityClient::builder()
///     .with_base_url(identity.base_url())
///     .with_access_token(&token)
///     .build()
///     .unwrap();
///
/// identity.inject(Fault::ServerError(503)); // retried by the client
/// assert!(matches!(client.sign_out().await.unwrap(), SignOut::SignedOut { .. }));
/// assert!(!identity.is_live(&token));
/// assert!(matches!(client.sign_out().await.unwrap(), SignOut::AlreadySignedOut { .. }));
/// assert_eq!(identity.calls().len(), 3);
/// # }
/// ```
pub struct MockIdentity {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

impl MockIdentity {
    /// Starts the service on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let server = identity_server().await;
        let state = Arc::new(Mutex::new(State::default()));
        Mock::given(method("DELETE"))
            .and(path(format!("{BASE_PATH}/api/tokens")))
            .respond_with(SignOutEndpoint(Arc::clone(&state)))
            .named("MockIdentity: DELETE /identity/api/tokens")
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(TokenEndpoint(Arc::clone(&state)))
            .named("MockIdentity: POST /oauth2/token")
            .mount(&server)
            .await;
        MockIdentity { server, state }
    }

    /// The base URL to configure a client with (`FBN_IDENTITY_URL`).
    pub fn base_url(&self) -> String {
        format!("{}{BASE_PATH}", self.server.uri())
    }

    /// The OAuth2 token endpoint (`FBN_TOKEN_URL`).
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.server.uri())
    }

    /// Creates a new live token.
    pub fn issue_token(&self) -> String {
        issue(&mut lock(&self.state))
    }

    /// Whether `token` is live (issued and not invalidated).
    pub fn is_live(&self, token: &str) -> bool {
        lock(&self.state).live.contains(token)
    }

    /// Queues a fault; each queued fault replaces the next API answer.
    pub fn inject(&self, fault: Fault) {
        lock(&self.state).faults.push_back(fault);
    }

    /// The calls answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.state).calls.clone()
    }

    /// The underlying wiremock server, to mount more mocks on.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn issue(state: &mut State) -> String {
    state.issued += 1;
    // Numbered for readable test output, random so that no test can pass by
    // guessing a token.
    let token = format!("mock-token-{}-{:016x}", state.issued, fastrand::u64(..));
    state.live.insert(token.clone());
    token
}

fn bearer(request: &Request) -> Option<String> {
    let value = request.headers.get("authorization")?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::to_owned)
}

struct SignOutEndpoint(Arc<Mutex<State>>);

impl Respond for SignOutEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        state.requests += 1;
        let request_id = format!("mock-req-{}", state.requests);
        let token = bearer(request);
        let fault = state.faults.pop_front();
        let (status, mut response) = match &fault {
            Some(Fault::RateLimited { retry_after }) => (
                429,
                problem(429, "TooManyRequests", "Too many requests", &request_id)
                    .insert_header("retry-after", retry_after.to_string().as_str()),
            ),
            Some(Fault::ServerError(status)) => (
                *status,
                problem(*status, "InternalError", "The service failed", &request_id),
            ),
            Some(Fault::MalformedBody(status)) => (
                *status,
                ResponseTemplate::new(*status)
                    .set_body_raw(r#"{"name":"Intern"#, "application/json"),
            ),
            Some(Fault::Delay(_)) | None => match token.as_deref() {
                Some(live) if state.live.remove(live) => (204, ResponseTemplate::new(204)),
                _ => (
                    401,
                    problem(
                        401,
                        "InvalidToken",
                        "The token is invalid or has been signed out",
                        &request_id,
                    ),
                ),
            },
        };
        if let Some(Fault::Delay(delay)) = fault {
            response = response.set_delay(delay);
        }
        state.calls.push(Call {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            token,
            status,
            request_id: request_id.clone(),
        });
        response.insert_header(REQUEST_ID, request_id.as_str())
    }
}

fn problem(status: u16, name: &str, title: &str, request_id: &str) -> ResponseTemplate {
    let body = conforming(
        "InvalidateToken",
        status,
        problem_details(status, name, title, request_id),
    );
    ResponseTemplate::new(status).set_body_json(body)
}

struct TokenEndpoint(Arc<Mutex<State>>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let field = |name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let mut state = lock(&self.0);
        state.requests += 1;
        let request_id = format!("mock-req-{}", state.requests);
        let accepted = match field("grant_type") {
            Some("password") => {
                field("username").is_some_and(|u| !u.is_empty()) && field("password").is_some()
            }
            Some("refresh_token") => {
                field("refresh_token").is_some_and(|t| state.refresh_tokens.remove(t))
            }
            _ => false,
        };
        let status = if accepted { 200 } else { 400 };
        state.calls.push(Call {
            method: request.method.to_string(),
            path: request.url.path().to_owned(),
            token: None,
            status,
            request_id: request_id.clone(),
        });
        if !accepted {
            return ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"error": "invalid_grant", "error_description": "The grant is not valid."}));
        }
        let access_token = issue(&mut state);
        let refresh_token = format!("refresh-{access_token}");
        state.refresh_tokens.insert(refresh_token.clone());
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": refresh_token,
            "scope": "openid client groups offline_access"
        }))
    }
}
