//! A stateful stand-in of the Identity service for the flows downstream CI
//! exercises: tokens and sign-out, personal access tokens, the current
//! user, users, roles and role membership, with an OAuth2 token endpoint.
//! Every JSON body it serves is checked against the spec the SDK was
//! generated from.

mod api;
mod token_endpoint;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::BASE_PATH;
use crate::spec::conforming;

/// The path of the mock's OAuth2 token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/token";

/// The response header that carries the request id.
const REQUEST_ID: &str = "identity-meta-requestid";

/// The user every token the mock issues belongs to, unless a test creates
/// others.
const DEFAULT_USER: &str = "00u-mock-user-1";

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

/// A personal access token (API key) as the mock keeps it.
#[derive(Clone, Debug)]
struct ApiKey {
    id: String,
    display_name: String,
    created: String,
    deactivation: Option<String>,
    /// The key itself: a bearer token while the key exists.
    key: String,
    owner: String,
}

#[derive(Clone, Debug)]
struct Role {
    name: String,
    description: Option<String>,
    members: Vec<String>,
}

/// Everything the mock remembers; ordered maps, so lists come back in the
/// order of their ids (creation order).
#[derive(Default)]
struct State {
    /// Live tokens and the user each belongs to.
    tokens: HashMap<String, String>,
    refresh_tokens: HashMap<String, String>,
    users: BTreeMap<String, serde_json::Value>,
    api_keys: BTreeMap<String, ApiKey>,
    roles: BTreeMap<String, Role>,
    calls: Vec<Call>,
    faults: VecDeque<Fault>,
    issued: u64,
    created: u64,
    requests: u64,
}

impl State {
    fn new() -> Self {
        let mut state = State::default();
        state.users.insert(
            DEFAULT_USER.to_owned(),
            api::user_response(
                DEFAULT_USER,
                &serde_json::json!({
                    "emailAddress": "mock.user@example.com",
                    "login": "mock.user@example.com",
                    "firstName": "Mock",
                    "lastName": "User",
                    "type": "Personal",
                }),
            ),
        );
        state
    }

    /// A new live token for `user`.
    fn issue(&mut self, user: &str) -> String {
        self.issued += 1;
        // Numbered for readable test output, random so that no test can
        // pass by guessing a token.
        let token = format!("mock-token-{}-{:016x}", self.issued, fastrand::u64(..));
        self.tokens.insert(token.clone(), user.to_owned());
        token
    }

    /// A new id with `prefix`, in creation order.
    fn next_id(&mut self, prefix: &str) -> String {
        self.created += 1;
        format!("{prefix}-{:04}", self.created)
    }
}

/// A fake Identity service on 127.0.0.1, built on wiremock.
///
/// What it does, per route (under `/identity`):
///
/// * `DELETE /api/tokens` signs the token out: `204` for a live token,
///   which then stops working everywhere; a LUSID `401` for an invalidated
///   or unknown one. Every API route answers `401` to such a token.
/// * `GET /api/me`: the token's user.
/// * `POST /api/keys` creates a personal access token whose key is a live
///   bearer token on the mock; `GET /api/keys` lists the user's keys;
///   `DELETE /api/keys/{id}` deletes one, and its key gets `401` after.
/// * `POST /api/users`, `GET /api/users`, `GET /api/users/{id}`,
///   `DELETE /api/users/{id}`.
/// * `POST /api/roles`, `GET /api/roles`, `GET /api/roles/{id}`,
///   `DELETE /api/roles/{id}`, and membership:
///   `PUT`/`DELETE /api/roles/{id}/users/{userId}`,
///   `GET /api/roles/{id}/users`.
/// * The spec's other operations answer `501` with problem details (mount
///   your own mock on [`server`](MockIdentity::server) for them); routes
///   the spec does not have answer `404` with problem details.
/// * `POST /oauth2/token` ([`token_url`](MockIdentity::token_url)) issues
///   tokens to any password-grant login and refreshes them.
///
/// Every answer carries an `identity-meta-requestid`; every JSON body is
/// checked against the spec. [`inject`](MockIdentity::inject) queues
/// faults for the next API calls; [`calls`](MockIdentity::calls) lists
/// what it answered.
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
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::new()));
        // The lowest priority: mocks a test mounts on `server()` win.
        Mock::given(any())
            .respond_with(Router(Arc::clone(&state)))
            .with_priority(u8::MAX)
            .named("MockIdentity")
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

    /// Creates a new live token of the mock's user.
    pub fn issue_token(&self) -> String {
        lock(&self.state).issue(DEFAULT_USER)
    }

    /// Whether `token` is live (issued and not invalidated).
    pub fn is_live(&self, token: &str) -> bool {
        lock(&self.state).tokens.contains_key(token)
    }

    /// The id of the user the mock's tokens belong to.
    pub fn user_id(&self) -> &'static str {
        DEFAULT_USER
    }

    /// Queues a fault; each queued fault replaces the next API answer.
    pub fn inject(&self, fault: Fault) {
        lock(&self.state).faults.push_back(fault);
    }

    /// The calls answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.state).calls.clone()
    }

    /// The underlying wiremock server, to mount more mocks on; they win
    /// over the mock's own answers.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn bearer(request: &Request) -> Option<String> {
    let value = request.headers.get("authorization")?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::to_owned)
}

/// A LUSID problem-details answer, checked against the spec's error schema
/// for `operation_id` (any operation: they share one error type).
fn problem(
    operation_id: &str,
    status: u16,
    name: &str,
    title: &str,
    request_id: &str,
) -> ResponseTemplate {
    let body = conforming(
        operation_id,
        status,
        crate::problem_details(status, name, title, request_id),
    );
    ResponseTemplate::new(status).set_body_json(body)
}

/// Routes every request: the token endpoint, the API, and the rest.
struct Router(Arc<Mutex<State>>);

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0);
        state.requests += 1;
        let request_id = format!("mock-req-{}", state.requests);
        let path = request.url.path();
        let token = bearer(request);
        let (status, response) = if request.method.as_str() == "POST" && path == TOKEN_PATH {
            token_endpoint::respond(&mut state, request)
        } else {
            api::respond(&mut state, request, token.as_deref(), &request_id)
        };
        state.calls.push(Call {
            method: request.method.to_string(),
            path: path.to_owned(),
            token,
            status,
            request_id: request_id.clone(),
        });
        response.insert_header(REQUEST_ID, request_id.as_str())
    }
}
