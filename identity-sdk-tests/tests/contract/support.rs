//! What every contract test shares.

use std::time::SystemTime;

use identity_sdk::{Error, ErrorKind, IdentityClient, ResponseValue, RetryPolicy};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::{builder, identity_server, problem_details};
use wiremock::{MockServer, ResponseTemplate};

/// A local Identity service that expects `contract`'s exact request once
/// and answers it with `answer`; any other request, or none, fails the
/// test.
pub async fn serve_once(contract: &Contract, answer: ResponseTemplate) -> MockServer {
    let server = identity_server().await;
    contract
        .mock()
        .respond_with(answer)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// The client under contract: retries off, so that each answer is seen
/// exactly as the service sent it (retries are tested in resilience.rs).
pub fn client(server: &MockServer) -> IdentityClient {
    builder(server)
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// The user the lifecycle actions act on.
pub const USER_ID: &str = "00u1alicesmith4k2j8";

/// A user-lifecycle action (`POST /api/users/{id}/lifecycle/$…`, no body,
/// answering `204`): `call` sends it for [`USER_ID`] exactly as `contract`
/// states it and accepts the `204`.
pub async fn assert_lifecycle_action(
    contract: Contract,
    call: impl AsyncFnOnce(&IdentityClient) -> Result<ResponseValue<()>, identity_sdk::Error>,
) {
    let contract = contract.path_param("id", USER_ID);
    let server = serve_once(&contract, contract.success(204)).await;

    let response = call(&client(&server)).await.unwrap();

    assert_eq!(response.status(), 204);
}

/// An instant written as an HTTP date (`Sat, 01 Jun 2024 09:30:00 GMT`),
/// for the generated client's date-time parameters, which take anything
/// that converts into chrono's `DateTime<Utc>` (this crate does not depend
/// on chrono; `SystemTime` converts). Written in another format than the
/// wire's, so that the contract's RFC 3339 is an independent statement of
/// what the client sends.
#[track_caller]
pub fn instant(http_date: &str) -> SystemTime {
    httpdate::parse_http_date(http_date).expect("an HTTP date")
}

/// An error answer with problem details, as
/// `identity_sdk_mock::problem_details` writes them, and what the SDK's
/// error must keep of it.
pub struct Problem {
    status: u16,
    name: &'static str,
    title: &'static str,
    request_id: &'static str,
}

impl Problem {
    pub fn new(
        status: u16,
        name: &'static str,
        title: &'static str,
        request_id: &'static str,
    ) -> Self {
        Problem {
            status,
            name,
            title,
            request_id,
        }
    }

    /// The service's answer to `contract`, checked against the spec.
    #[track_caller]
    pub fn answer(&self, contract: &Contract) -> ResponseTemplate {
        let body = problem_details(self.status, self.name, self.title, self.request_id);
        contract.error(self.status, body)
    }

    /// Checks that `error` is the SDK's error for this answer: the status,
    /// the request id (from the problem's `instance`, the service sending
    /// no `identity-meta-requestid` header here) and the decoded problem.
    #[track_caller]
    pub fn assert_is(&self, error: &identity_sdk::Error) {
        let status = self.status;
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(status),
            "{error:?}"
        );
        assert_eq!(error.request_id(), Some(self.request_id), "{error:?}");
        let problem = error.problem().expect("decoded problem details");
        assert_eq!(problem.name.as_deref(), Some(self.name));
        assert_eq!(problem.title.as_deref(), Some(self.title));
        assert_eq!(problem.status, Some(i32::from(status)));
        assert_eq!(
            problem.instance.as_deref(),
            Some(
                format!(
                    "https://example.lusid.com/app/insights/logs/{}",
                    self.request_id
                )
                .as_str()
            )
        );
    }
}

/// `error` is the SDK's refusal of a value outside the spec's limits,
/// naming it (`says`), and `server` received no request.
pub async fn assert_refused_before_sending(error: &Error, says: &str, server: &MockServer) {
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error:?}");
    assert!(error.to_string().contains(says), "{error}");
    assert_eq!(
        server.received_requests().await.map(|sent| sent.len()),
        Some(0),
        "a refused request was sent"
    );
}
