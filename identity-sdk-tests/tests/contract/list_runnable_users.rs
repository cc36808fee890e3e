//! `ListRunnableUsers`: `GET /api/users/$runnable`, no parameters, answering
//! `200` with the users the caller may run as.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn list_runnable_users_sends_no_parameters_and_decodes_the_users() {
    let contract = Contract::new("GET", "/api/users/$runnable");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([{
                "id": "00u2reconbot6m1p4",
                "emailAddress": "platform-team@acme.example",
                "login": "recon-bot@acme.example",
                "firstName": "Reconciliation",
                "lastName": "Bot",
                "type": "Service",
                "status": "ACTIVE",
                "external": false,
                "links": [{
                    "relation": "User",
                    "href": "https://acme.lusid.com/identity/api/users/00u2reconbot6m1p4",
                    "method": "GET"
                }]
            }]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::UserResponse>> = client(&server)
        .api()
        .list_runnable_users()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 1);
    assert_eq!(response[0].id.as_str(), "00u2reconbot6m1p4");
    let links = response[0].links.as_ref().expect("the user's links");
    assert_eq!(links[0].relation, "User");
}
