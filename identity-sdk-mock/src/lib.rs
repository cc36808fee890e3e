//! Contract-testing kit for the Identity SDK, for its own tests and for
//! downstream pipelines that test their flows against a stand-in of the
//! Identity service, offline:
//!
//! * [`MockIdentity`]: a stateful fake Identity service on 127.0.0.1,
//!   every operation of the spec, started from a [`Seed`] if wanted; the
//!   `identity-mock` binary (feature `cli`, on by default) serves it as a
//!   process for CI in any language;
//! * [`spec`]: checks that stub bodies match the spec the SDK was generated
//!   from;
//! * [`contract`]: states an operation's whole request and checks the
//!   statement against the spec;
//! * [`identity_server`]: a bare wiremock server that fails on any request
//!   a test did not expect, and helpers to build clients and bodies.
#![warn(missing_docs)]

pub mod contract;
mod mock_identity;
pub mod spec;

pub use mock_identity::{Call, Fault, MockIdentity, Seed, SeedError, TOKEN_PATH};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The path the Identity service is mounted under on a LUSID domain
/// (`https://<domain>.lusid.com/identity`).
pub const BASE_PATH: &str = "/identity";

/// The access token the contract tests authenticate with.
pub const TEST_TOKEN: &str = "contract-test-token";

/// A client of the Identity service on `server`, authenticated with
/// [`TEST_TOKEN`], with short timeouts and retry waits so that tests of
/// failure paths stay fast.
pub fn client(server: &MockServer) -> identity_sdk::IdentityClient {
    builder(server).build().expect("a valid test client")
}

/// The builder behind [`client`], for tests that change a setting.
pub fn builder(server: &MockServer) -> identity_sdk::ClientBuilder {
    builder_for(&base_url(server))
}

/// The same test configuration for a service at `base_url` (a raw listener,
/// a port nothing listens on).
pub fn builder_for(base_url: &str) -> identity_sdk::ClientBuilder {
    identity_sdk::IdentityClient::builder()
        .with_base_url(base_url)
        .with_access_token(TEST_TOKEN)
        .with_retry_policy(fast_retries())
        .with_total_timeout(std::time::Duration::from_secs(10))
}

/// The default retry counts with millisecond backoff.
pub fn fast_retries() -> identity_sdk::RetryPolicy {
    identity_sdk::RetryPolicy {
        initial_backoff: std::time::Duration::from_millis(5),
        max_backoff: std::time::Duration::from_millis(20),
        ..identity_sdk::RetryPolicy::default()
    }
}

/// Starts a local Identity service on 127.0.0.1.
///
/// A catch-all mock with the lowest priority answers any request no other
/// mock matched with `418` naming the request, and is expected to be called
/// zero times, so an unexpected request fails the test with a report that
/// says which request it was, instead of passing silently or failing with a
/// vague status mismatch.
pub async fn identity_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(UnexpectedRequest)
        .with_priority(u8::MAX)
        .named("catch-all: a request the test did not expect")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// The base URL of the Identity API on `server`, as a client is configured
/// with it: `http://127.0.0.1:<port>/identity`.
pub fn base_url(server: &MockServer) -> String {
    format!("{}{BASE_PATH}", server.uri())
}

/// A LUSID problem-details body as the Identity service sends it.
///
/// `instance` ends with the request id, as on the real service.
pub fn problem_details(
    status: u16,
    name: &str,
    title: &str,
    request_id: &str,
) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "errorDetails": [],
        "code": i32::from(status) * 10 + 1,
        "type": format!("https://docs.lusid.com/#section/Error-Codes/{name}"),
        "title": title,
        "status": status,
        "detail": format!("{title} (detail)"),
        "instance": format!("https://example.lusid.com/app/insights/logs/{request_id}"),
        "extensions": {}
    })
}

/// Answers a request no mock expected with a body that names it.
struct UnexpectedRequest;

impl Respond for UnexpectedRequest {
    /// Names what a contract usually differs in: method, path, query,
    /// content type and the start of the body (never the headers, which
    /// carry the token).
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("none");
        let body = String::from_utf8_lossy(&request.body);
        let body: String = body.chars().take(300).collect();
        ResponseTemplate::new(418).set_body_string(format!(
            "identity-sdk-mock: no mock expected {} {}{}{} (content-type {content_type}, body {body:?})",
            request.method,
            request.url.path(),
            if request.url.query().is_some() { "?" } else { "" },
            request.url.query().unwrap_or_default(),
        ))
    }
}

/// Matches a `application/x-www-form-urlencoded` body that holds exactly
/// these fields (in any order).
#[derive(Debug)]
pub struct FormBody(pub Vec<(&'static str, String)>);

impl wiremock::Match for FormBody {
    fn matches(&self, request: &Request) -> bool {
        let mut sent: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        let mut expected: Vec<(String, String)> = self
            .0
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        sent.sort();
        expected.sort();
        sent == expected
    }
}

/// Where a program's client should point: the service its environment
/// configures, or an embedded [`MockIdentity`] when nothing is configured.
pub enum Service {
    /// Some `FBN_*` setting or a secrets file is present: use it.
    Configured(identity_sdk::ClientBuilder),
    /// Nothing is configured: a mock on 127.0.0.1, and a builder pointed at
    /// it with a token it issued.
    Embedded(MockIdentity, identity_sdk::ClientBuilder),
}

impl Service {
    /// The configured service if any `FBN_*` variable (ours or not: a job
    /// that sets some means the real service) or a secrets file in the
    /// working directory is present, else an embedded mock. A partial
    /// configuration is the configured service, and so an error when the
    /// client is built, never a silent fallback to the mock.
    pub async fn from_env_or_mock() -> Result<Self, identity_sdk::Error> {
        let configured = std::env::vars_os()
            .any(|(name, _)| name.as_encoded_bytes().starts_with(b"FBN_"))
            || std::path::Path::new(identity_sdk::DEFAULT_SECRETS_FILE).is_file();
        if configured {
            return Ok(Service::Configured(identity_sdk::ClientBuilder::from_env()?));
        }
        Ok(Self::embedded().await)
    }

    /// An embedded mock, whatever is configured.
    pub async fn embedded() -> Self {
        let identity = MockIdentity::start().await;
        let builder = identity_sdk::IdentityClient::builder()
            .with_base_url(identity.base_url())
            .with_access_token(identity.issue_token());
        Service::Embedded(identity, builder)
    }

    /// The builder to configure further and build.
    pub fn builder(&self) -> identity_sdk::ClientBuilder {
        match self {
            Service::Configured(builder) | Service::Embedded(_, builder) => builder.clone(),
        }
    }

    /// The embedded mock, if that is what this is.
    pub fn mock(&self) -> Option<&MockIdentity> {
        match self {
            Service::Configured(_) => None,
            Service::Embedded(identity, _) => Some(identity),
        }
    }
}
