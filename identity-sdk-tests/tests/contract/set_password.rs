//! `SetPassword`: `PUT /api/me/password` with a `SetPassword` (the new
//! password, a secret sent as it is), answering `200` with when it was set.

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, instant, serve_once};

#[tokio::test]
async fn set_password_sends_the_new_password_and_decodes_when_it_was_updated() {
    let contract = Contract::new("PUT", "/api/me/password")
        .json_body(json!({"value": "correct-horse-battery-staple-42"}));
    let server = serve_once(
        &contract,
        contract.success_json(200, json!({"updatedAt": "2024-06-01T09:31:07+00:00"})),
    )
    .await;

    let response: ResponseValue<types::SetPasswordResponse> = client(&server)
        .api()
        .set_password()
        .body_map(|password| password.value("correct-horse-battery-staple-42"))
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        SystemTime::from(response.updated_at),
        instant("Sat, 01 Jun 2024 09:31:07 GMT")
    );
    assert!(response.links.is_none());
}
