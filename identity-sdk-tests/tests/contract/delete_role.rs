//! `DeleteRole`: `DELETE /api/roles/{id}`, no body, answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;

use crate::support::client;

#[tokio::test]
async fn delete_role_sends_its_id_and_no_body_and_accepts_no_content() {
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/roles/{id}").path_param("id", "00g1reconops7h3k9");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_role()
        .id("00g1reconops7h3k9")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
