//! `ResetFactors`: `POST /api/users/{id}/lifecycle/$resetfactors`, no body,
//! answering `204`: the user's multi-factor enrolments are cleared.

use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{USER_ID, assert_lifecycle_action};

#[tokio::test]
async fn reset_factors_posts_no_body_for_the_user_and_accepts_no_content() {
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$resetfactors");
    assert_lifecycle_action(contract, async |client| {
        client.api().reset_factors().id(USER_ID).execute().await
    })
    .await;
}
