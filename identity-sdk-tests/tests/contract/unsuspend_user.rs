//! `UnsuspendUser`: `POST /api/users/{id}/lifecycle/$unsuspend`, no body,
//! answering `204`: a suspended user is active again.

use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{USER_ID, assert_lifecycle_action};

#[tokio::test]
async fn unsuspend_user_posts_no_body_for_the_user_and_accepts_no_content() {
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$unsuspend");
    assert_lifecycle_action(contract, async |client| {
        client.api().unsuspend_user().id(USER_ID).execute().await
    })
    .await;
}
