//! `ResetPassword`: `POST /api/users/{id}/lifecycle/$resetpassword`, no
//! body, answering `204`: a password-reset email goes to the user.

use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{USER_ID, assert_lifecycle_action};

#[tokio::test]
async fn reset_password_posts_no_body_for_the_user_and_accepts_no_content() {
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$resetpassword");
    assert_lifecycle_action(contract, async |client| {
        client.api().reset_password().id(USER_ID).execute().await
    })
    .await;
}
