//! `ExpirePassword`: `POST /api/users/{id}/lifecycle/$expirepassword`, no
//! body, answering `200` with the user's `TemporaryPassword`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn expire_password_posts_no_body_and_decodes_the_temporary_password() {
    let contract = Contract::new("POST", "/api/users/{id}/lifecycle/$expirepassword")
        .path_param("id", "00u1alicesmith4k2j8");
    let server = serve_once(
        &contract,
        contract.success_json(200, json!({"password": "Tmp-8fJ2-kq9W-x4Lz"})),
    )
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
