//! What every contract test shares.

use std::time::SystemTime;

use identity_sdk::{IdentityClient, RetryPolicy};
use identity_sdk_mock::builder;
use wiremock::MockServer;

/// The client under contract: retries off, so that each answer is seen
/// exactly as the service sent it (retries are tested in resilience.rs).
pub fn client(server: &MockServer) -> IdentityClient {
    builder(server)
        .with_retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
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

/// Checks that `error` is the SDK's error for an answer of `status` with
/// `identity_sdk_mock::problem_details(status, name, title, request_id)`:
/// the status, the request id (from the problem's `instance`, the service
/// sending no `identity-meta-requestid` header here) and the decoded
/// problem.
#[track_caller]
pub fn assert_problem(
    error: &identity_sdk::Error,
    status: u16,
    name: &str,
    title: &str,
    request_id: &str,
) {
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(status),
        "{error:?}"
    );
    assert_eq!(error.request_id(), Some(request_id), "{error:?}");
    let problem = error.problem().expect("decoded problem details");
    assert_eq!(problem.name.as_deref(), Some(name));
    assert_eq!(problem.title.as_deref(), Some(title));
    assert_eq!(problem.status, Some(i32::from(status)));
    assert_eq!(
        problem.instance.as_deref(),
        Some(format!("https://example.lusid.com/app/insights/logs/{request_id}").as_str())
    );
}
