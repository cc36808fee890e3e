//! `ListUsers`: `GET /api/users`, optionally with `includeRoles` and
//! `includeDeactivated` (booleans, sent as `true`/`false`), answering `200`
//! with the users.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn list_users_sends_include_roles_and_include_deactivated_and_decodes_the_users_with_roles() {
    let contract = Contract::new("GET", "/api/users")
        .query("includeRoles", "true")
        .query("includeDeactivated", "false");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([{
                "id": "00u1alicesmith4k2j8",
                "emailAddress": "alice.smith@acme.example",
                "login": "alice.smith@acme.example",
                "firstName": "Alice",
                "lastName": "Smith",
                "roles": [{
                    "id": "00g1reconops7h3k9",
                    "roleId": {"scope": "default", "code": "reconciliation-operators"},
                    "source": "LUSID",
                    "name": "Reconciliation Operators",
                    "description": "Run and review the nightly reconciliation"
                }],
                "type": "Personal",
                "status": "ACTIVE",
                "external": false
            }]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::UserResponse>> = client(&server)
        .api()
        .list_users()
        .include_roles(true)
        .include_deactivated(false)
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 1);
    assert_eq!(response[0].login.as_str(), "alice.smith@acme.example");
    let roles = response[0].roles.as_ref().expect("the user's roles");
    assert_eq!(roles[0].role_id.code.as_str(), "reconciliation-operators");
}

#[tokio::test]
async fn list_users_without_options_sends_no_query_and_decodes_the_users() {
    let contract = Contract::new("GET", "/api/users");
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

    let response: ResponseValue<Vec<types::UserResponse>> =
        client(&server).api().list_users().execute().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 2);
    assert_eq!(response[1].type_.as_str(), "Service");
    assert!(response[1].roles.is_none());
}
