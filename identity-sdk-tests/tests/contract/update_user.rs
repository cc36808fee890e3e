//! `UpdateUser`: `PUT /api/users/{id}` with an `UpdateUserRequest`,
//! answering `200` with the updated `UserResponse`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn update_user_sends_its_id_and_the_body_and_decodes_the_updated_user() {
    let contract = Contract::new("PUT", "/api/users/{id}")
        .path_param("id", "00u1alicesmith4k2j8")
        .json_body(json!({
            "firstName": "Alice",
            "lastName": "Smith-Jones",
            "emailAddress": "alice.smith-jones@acme.example",
            "login": "alice.smith@acme.example"
        }));
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00u1alicesmith4k2j8",
                "emailAddress": "alice.smith-jones@acme.example",
                "login": "alice.smith@acme.example",
                "firstName": "Alice",
                "lastName": "Smith-Jones",
                "type": "Personal",
                "status": "ACTIVE",
                "external": false
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::UserResponse> = client(&server)
        .api()
        .update_user()
        .id("00u1alicesmith4k2j8")
        .body_map(|user| {
            user.first_name("Alice")
                .last_name("Smith-Jones")
                .email_address("alice.smith-jones@acme.example")
                .login("alice.smith@acme.example")
        })
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.last_name.as_str(), "Smith-Jones");
    assert_eq!(
        response.email_address.as_str(),
        "alice.smith-jones@acme.example"
    );
}
