//! A stateful stand-in of the Identity service for the flows downstream CI
//! exercises: tokens and sign-out, personal access tokens, the current
//! user, users, roles and role membership, with an OAuth2 token endpoint.
//! Every JSON body it serves is checked against the spec the SDK was
//! generated from.

mod admin;
mod api;
mod clock;
mod seed;
mod state;
mod token_endpoint;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::BASE_PATH;
use crate::spec::conforming;
pub use seed::{Seed, SeedError};
use state::{DEFAULT_USER, State};

/// The path of the mock's OAuth2 token endpoint.
pub const TOKEN_PATH: &str = "/oauth2/token";

/// The response header that carries the request id.
const REQUEST_ID: &str = "identity-meta-requestid";

/// The largest request body the mock reads: more is `413`.
const MAX_BODY: usize = 1024 * 1024;

/// A status and the response that carries it.
type Answer = (u16, ResponseTemplate);

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

/// A fake Identity service, built on wiremock: every operation of the
/// spec, with state, as a local stand-in for contract tests.
///
/// Under `/identity`, each operation of the spec answers as the service
/// does, keyed by its operationId (see [`simulates`](Self::simulates)):
///
/// * tokens and sign-out: `DELETE /api/tokens` signs the token out, and
///   every route then answers it `401`; `GET /api/me` is its user;
/// * personal access tokens, whose keys are live bearer tokens until
///   deleted;
/// * users: created `STAGED` (`409` for a login taken), listed, fetched
///   (with their roles for `includeRoles=true`), updated, found by ids,
///   deleted to `DEPROVISIONED` (listed with `includeDeactivated=true`)
///   or purged; runnable users are the active service users;
/// * the lifecycle calls move users between Okta's states: activation
///   makes a `STAGED` user `PROVISIONED`, and its first sign-in `ACTIVE`;
///   expiring a password gives a temporary one and `PASSWORD_EXPIRED`;
///   resetting it `RECOVERY`; unlock and unsuspend make a `LOCKED_OUT` or
///   `SUSPENDED` user `ACTIVE`; a call that makes no sense in the user's
///   state is `409`;
/// * roles (`409` for a name taken) and their members;
/// * applications, whose secret is shown on creation and rotation only;
/// * authentication information, support access and support roles; SCIM;
///   access-controlled resources; setting one's own password, checked
///   against the password policy of one's user type; the password policy
///   and the user schema, once the spec has their operations.
///
/// Unknown ids are `404`, a body the spec refuses is `400` whose `errors`
/// name each field, a body that is not JSON is `400`, one that is not
/// `application/json` is `415`, one over 1 MiB is `413`; paths the spec
/// does not have are `404`, methods it does not have on a path `405`. A
/// concrete path of the spec wins over a templated one. All errors are
/// LUSID problem details; every JSON body the mock serves is checked
/// against the spec.
///
/// `POST /oauth2/token` ([`token_url`](Self::token_url)) takes the password
/// grant and refresh tokens: a user name that is a user's login signs in as
/// that user (with its password once one is set), any other as the mock's
/// own user. Control endpoints under `/_mock/` issue tokens, inject faults,
/// read the call log and reset the state over HTTP.
///
/// Every answer carries an `identity-meta-requestid`.
/// [`inject`](Self::inject) queues faults for the next API calls;
/// [`calls`](Self::calls) lists what it answered.
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
    shared: Arc<Shared>,
}

/// What the server's responder and the handle share.
struct Shared {
    state: Mutex<State>,
    /// What a reset goes back to.
    seed: Seed,
    observers: Mutex<Vec<Observer>>,
}

type Observer = Box<dyn Fn(&Call) + Send + Sync>;

impl Shared {
    /// Back to the seeded state; counters go on (ids stay unique) and
    /// minted tokens of users that still exist stay live.
    fn reset(&self, state: &mut State) {
        let mut fresh = State::new(&state.origin);
        // Checked when the seed was read.
        let _ = self.seed.apply(&mut fresh);
        for token in &state.minted {
            if let Some(owner) = state
                .tokens
                .get(token)
                .filter(|o| fresh.users.contains_key(*o))
            {
                fresh.tokens.insert(token.clone(), owner.clone());
                fresh.minted.insert(token.clone());
            }
        }
        fresh.issued = state.issued;
        fresh.created = state.created;
        fresh.requests = state.requests;
        *state = fresh;
    }
}

impl MockIdentity {
    /// Starts the service on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        Self::mount(MockServer::start().await, Seed::default()).await
    }

    /// Starts the service on `listener` with `seed`, for a long-lived
    /// process: requests are not kept beyond the call log.
    ///
    /// ```
    /// use identity_sdk_mock::{MockIdentity, Seed};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let seed = Seed::from_json(r#"{"keys": [{"displayName": "ci", "key": "ci-token"}]}"#).unwrap();
    /// let identity = MockIdentity::serve(listener, seed).await;
    /// assert!(identity.is_live("ci-token"));
    /// # }
    /// ```
    pub async fn serve(listener: std::net::TcpListener, seed: Seed) -> Self {
        let server = MockServer::builder()
            .listener(listener)
            .disable_request_recording()
            .start()
            .await;
        Self::mount(server, seed).await
    }

    async fn mount(server: MockServer, seed: Seed) -> Self {
        let mut state = State::new(&server.uri());
        // `Seed::from_json` checked it against this same state.
        let _ = seed.apply(&mut state);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            seed,
            observers: Mutex::new(Vec::new()),
        });
        // The lowest priority: mocks a test mounts on `server()` win.
        Mock::given(any())
            .respond_with(Router(Arc::clone(&shared)))
            .with_priority(u8::MAX)
            .named("MockIdentity")
            .mount(&server)
            .await;
        MockIdentity { server, shared }
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
        let mut state = lock(&self.shared.state);
        let token = state.issue(DEFAULT_USER);
        state.minted.insert(token.clone());
        token
    }

    /// Whether `token` is live (issued and not invalidated).
    pub fn is_live(&self, token: &str) -> bool {
        lock(&self.shared.state).tokens.contains_key(token)
    }

    /// The id of the user the mock's tokens belong to.
    pub fn user_id(&self) -> &'static str {
        DEFAULT_USER
    }

    /// Whether the mock simulates the operation `operation_id`; the others
    /// answer `501 NotSimulated`.
    ///
    /// ```
    /// assert!(identity_sdk_mock::MockIdentity::simulates("CreateUser"));
    /// ```
    pub fn simulates(operation_id: &str) -> bool {
        api::simulates(operation_id)
    }

    /// Queues a fault; each queued fault replaces the next API answer.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.state).faults.push_back(fault);
    }

    /// The calls answered so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        lock(&self.shared.state).calls.clone()
    }

    /// Goes back to the starting state (the seed's), as `POST
    /// /_mock/reset` does; tokens from [`issue_token`](Self::issue_token)
    /// stay live.
    pub fn reset(&self) {
        let mut state = lock(&self.shared.state);
        self.shared.reset(&mut state);
    }

    /// Calls `observer` with each call after it is answered (to log it, for
    /// example: [`Call`]'s `token` is the one field not to show).
    pub fn on_call(&self, observer: impl Fn(&Call) + Send + Sync + 'static) {
        lock(&self.shared.observers).push(Box::new(observer));
    }

    /// The underlying wiremock server, to mount more mocks on; they win
    /// over the mock's own answers.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn bearer(request: &Request) -> Option<String> {
    let value = request.headers.get("authorization")?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::to_owned)
}

/// A request's JSON body, or the status, name and title of the problem:
/// `415` unless `application/json`, `400` if empty or not JSON.
fn body_json(request: &Request) -> Result<serde_json::Value, (u16, &'static str, String)> {
    let content_type = request
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        let title = "The body must be application/json".to_owned();
        return Err((415, "UnsupportedMediaType", title));
    }
    if request.body.is_empty() {
        return Err((
            400,
            "InvalidRequestBody",
            "The request has no body".to_owned(),
        ));
    }
    serde_json::from_slice(&request.body).map_err(|error| {
        (
            400,
            "InvalidRequestBody",
            format!("The body is not JSON: {error}"),
        )
    })
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
    let body = crate::problem_details(status, name, title, request_id);
    ResponseTemplate::new(status).set_body_json(conforming_problem(operation_id, status, body))
}

/// `body` (problem details), checked against `operation_id`'s error schema
/// for `status`. Some operations' `400` is LusidValidationProblemDetails,
/// which has no `extensions` and allows no property it does not list.
fn conforming_problem(
    operation_id: &str,
    status: u16,
    mut body: serde_json::Value,
) -> serde_json::Value {
    if crate::spec::check_response(operation_id, status, &body).is_err()
        && let Some(fields) = body.as_object_mut()
    {
        fields.remove("extensions");
    }
    conforming(operation_id, status, body)
}

/// Routes every request: the control endpoints, the token endpoint, the
/// API; bodies over [`MAX_BODY`] are refused before any of them.
struct Router(Arc<Shared>);

impl Respond for Router {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.0.state);
        state.requests += 1;
        let request_id = format!("mock-req-{}", state.requests);
        let path = request.url.path();
        if request.body.len() > MAX_BODY {
            let title = format!("The body is over {MAX_BODY} bytes");
            let body = crate::problem_details(413, "RequestTooLarge", &title, &request_id);
            return ResponseTemplate::new(413)
                .set_body_json(body)
                .insert_header(REQUEST_ID, request_id.as_str());
        }
        if path.starts_with(admin::PREFIX) {
            let (_, response) = admin::respond(&self.0, &mut state, request, &request_id);
            return response.insert_header(REQUEST_ID, request_id.as_str());
        }
        let token = bearer(request);
        let (status, response) = if request.method.as_str() == "POST" && path == TOKEN_PATH {
            token_endpoint::respond(&mut state, request)
        } else {
            api::respond(&mut state, request, token.as_deref(), &request_id)
        };
        let call = Call {
            method: request.method.to_string(),
            path: path.to_owned(),
            token,
            status,
            request_id: request_id.clone(),
        };
        state.calls.push(call.clone());
        drop(state);
        for observer in lock(&self.0.observers).iter() {
            observer(&call);
        }
        response.insert_header(REQUEST_ID, request_id.as_str())
    }
}
