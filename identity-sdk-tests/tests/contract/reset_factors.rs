//! `ResetFactors`: `POST /api/users/{id}/lifecycle/$resetfactors`, no body,
//! answering `204`: the user's multi-factor enrolments are cleared.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;

use crate::support::client;

#[tokio::test]
async fn reset_factors_posts_no_body_for_the_user_and_accepts_no_content() {
    let server = identity_server().await;
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$resetfactors")
        .path_param("id", "00u1alicesmith4k2j8");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .reset_factors()
        .id("00u1alicesmith4k2j8")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
