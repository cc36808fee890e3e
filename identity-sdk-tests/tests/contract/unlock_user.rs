//! `UnlockUser`: `POST /api/users/{id}/lifecycle/$unlock`, no body,
//! answering `204`: a locked-out user can sign in again.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;

use crate::support::client;

#[tokio::test]
async fn unlock_user_posts_no_body_for_the_user_and_accepts_no_content() {
    let server = identity_server().await;
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$unlock")
        .path_param("id", "00u1alicesmith4k2j8");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .unlock_user()
        .id("00u1alicesmith4k2j8")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
