//! What the tests of MockIdentity start from: a client of the mock, and the
//! user most of them create.

use identity_sdk::{IdentityClient, types};
use identity_sdk_mock::MockIdentity;

/// A client of the mock authenticated with `token`, retries off (an answer
/// the test expects is never hidden behind a retry).
pub fn client(identity: &MockIdentity, token: &str) -> IdentityClient {
    IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(token)
        .with_retry_policy(identity_sdk::RetryPolicy::none())
        .build()
        .unwrap()
}

/// Jane Doe, a personal user: `api.create_user().body_map(jane_doe)`.
pub fn jane_doe(user: types::builder::CreateUserRequest) -> types::builder::CreateUserRequest {
    user.email_address("jane.doe@example.com")
        .login("jane.doe@example.com")
        .first_name("Jane")
        .last_name("Doe")
        .type_("Personal")
}
