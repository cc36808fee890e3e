//! `ListUsersInRole`: `GET /api/roles/{id}/users`, answering `200` with the
//! role's members.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn list_users_in_role_sends_the_role_id_and_decodes_its_members() {
    let contract =
        Contract::new("GET", "/api/roles/{id}/users").path_param("id", "00g1reconops7h3k9");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([
                {
                    "id": "00u1alicesmith4k2j8",
                    "emailAddress": "alice.smith@acme.example",
                    "login": "alice.smith@acme.example",
                    "firstName": "Alice",
                    "lastName": "Smith",
                    "type": "Personal",
                    "status": "ACTIVE",
                    "external": false
                },
                {
                    "id": "00u2reconbot6m1p4",
                    "emailAddress": "platform-team@acme.example",
                    "login": "recon-bot@acme.example",
                    "firstName": "Reconciliation",
                    "lastName": "Bot",
                    "type": "Service",
                    "status": "ACTIVE",
                    "external": false
                }
            ]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::UserResponse>> = client(&server)
        .api()
        .list_users_in_role()
        .id("00g1reconops7h3k9")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let logins: Vec<&str> = response.iter().map(|user| user.login.as_str()).collect();
    assert_eq!(
        logins,
        ["alice.smith@acme.example", "recon-bot@acme.example"]
    );
}
