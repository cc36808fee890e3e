//! `UnlockUser`: `POST /api/users/{id}/lifecycle/$unlock`, no body,
//! answering `204`: a locked-out user can sign in again.

use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{USER_ID, assert_lifecycle_action};

#[tokio::test]
async fn unlock_user_posts_no_body_for_the_user_and_accepts_no_content() {
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$unlock");
    assert_lifecycle_action(contract, async |client| {
        client.api().unlock_user().id(USER_ID).execute().await
    })
    .await;
}
