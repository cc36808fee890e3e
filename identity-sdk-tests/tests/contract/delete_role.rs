//! `DeleteRole`: `DELETE /api/roles/{id}`, no body, answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{client, serve_once};

#[tokio::test]
async fn delete_role_sends_its_id_and_no_body_and_accepts_no_content() {
    let contract = Contract::new("DELETE", "/api/roles/{id}").path_param("id", "00g1reconops7h3k9");
    let server = serve_once(&contract, contract.success(204)).await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_role()
        .id("00g1reconops7h3k9")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
