//! `RemoveUserFromRole`: `DELETE /api/roles/{id}/users/{userId}`, no body,
//! answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{client, serve_once};

#[tokio::test]
async fn remove_user_from_role_sends_both_ids_and_no_body_and_accepts_no_content() {
    let contract = Contract::new("DELETE", "/api/roles/{id}/users/{userId}")
        .path_param("id", "00g1reconops7h3k9")
        .path_param("userId", "00u2reconbot6m1p4");
    let server = serve_once(&contract, contract.success(204)).await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .remove_user_from_role()
        .id("00g1reconops7h3k9")
        .user_id("00u2reconbot6m1p4")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
