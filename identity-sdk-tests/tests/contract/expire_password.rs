//! `ExpirePassword`: `POST /api/users/{id}/lifecycle/$expirepassword`, no
//! body, answering `200` with the user's `TemporaryPassword`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;
use serde_json::json;

use crate::support::client;

#[tokio::test]
async fn expire_password_posts_no_body_and_decodes_the_temporary_password() {
    let server = identity_server().await;
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$expirepassword")
        .path_param("id", "00u1alicesmith4k2j8");
    contract
        .mock()
        .respond_with(contract.success_json(200, json!({"password": "Tmp-8fJ2-kq9W-x4Lz"})))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<types::TemporaryPassword> = client(&server)
        .api()
        .expire_password()
        .id("00u1alicesmith4k2j8")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.password.expose_secret(), "Tmp-8fJ2-kq9W-x4Lz");
}
