//! `DeleteUser`: `DELETE /api/users/{id}`, optionally with `purge`, no
//! body, answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;

use crate::support::client;

#[tokio::test]
async fn delete_user_sends_its_id_and_purge_and_accepts_no_content() {
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/users/{id}")
        .path_param("id", "00u2reconbot6m1p4")
        .query("purge", "true");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_user()
        .id("00u2reconbot6m1p4")
        .purge(true)
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn delete_user_without_purge_sends_only_its_id() {
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/users/{id}").path_param("id", "00u2reconbot6m1p4");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_user()
        .id("00u2reconbot6m1p4")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
