//! `DeleteUser`: `DELETE /api/users/{id}`, optionally with `purge`, no
//! body, answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{client, serve_once};

#[tokio::test]
async fn delete_user_sends_its_id_and_purge_and_accepts_no_content() {
    let contract = Contract::new("DELETE", "/api/users/{id}")
        .path_param("id", "00u2reconbot6m1p4")
        .query("purge", "true");
    let server = serve_once(&contract, contract.success(204)).await;

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
    let contract = Contract::new("DELETE", "/api/users/{id}").path_param("id", "00u2reconbot6m1p4");
    let server = serve_once(&contract, contract.success(204)).await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_user()
        .id("00u2reconbot6m1p4")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
