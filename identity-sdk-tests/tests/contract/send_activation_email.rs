//! `SendActivationEmail`: `POST /api/users/{id}/lifecycle/$activate`, no
//! body, answering `204`: the activation email goes to the user.

use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{USER_ID, assert_lifecycle_action};

#[tokio::test]
async fn send_activation_email_posts_no_body_for_the_user_and_accepts_no_content() {
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$activate");
    assert_lifecycle_action(contract, async |client| {
        client
            .api()
            .send_activation_email()
            .id(USER_ID)
            .execute()
            .await
    })
    .await;
}
