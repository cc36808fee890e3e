//! `GetUser`: `GET /api/users/{id}`, optionally with `includeRoles`,
//! answering `200` with the `UserResponse`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

#[tokio::test]
async fn get_user_sends_its_id_and_include_roles_and_decodes_the_user_with_roles() {
    let contract = Contract::new("GET", "/api/users/{id}")
        .path_param("id", "00u1alicesmith4k2j8")
        .query("includeRoles", "true");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00u1alicesmith4k2j8",
                "emailAddress": "alice.smith@acme.example",
                "login": "alice.smith@acme.example",
                "firstName": "Alice",
                "lastName": "Smith",
                "roles": [{
                    "id": "00g1reconops7h3k9",
                    "roleId": {"scope": "default", "code": "reconciliation-operators"},
                    "source": "LUSID",
                    "name": "Reconciliation Operators"
                }],
                "type": "Personal",
                "status": "ACTIVE",
                "external": true
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::UserResponse> = client(&server)
        .api()
        .get_user()
        .id("00u1alicesmith4k2j8")
        .include_roles(true)
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.first_name.as_str(), "Alice");
    assert!(response.external);
    let roles = response.roles.as_ref().expect("the user's roles");
    assert_eq!(roles[0].name.as_str(), "Reconciliation Operators");
}

#[tokio::test]
async fn get_user_without_include_roles_sends_only_its_id() {
    let contract = Contract::new("GET", "/api/users/{id}").path_param("id", "00u1alicesmith4k2j8");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00u1alicesmith4k2j8",
                "emailAddress": "alice.smith@acme.example",
                "login": "alice.smith@acme.example",
                "firstName": "Alice",
                "lastName": "Smith",
                "type": "Personal",
                "status": "ACTIVE",
                "external": false
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::UserResponse> = client(&server)
        .api()
        .get_user()
        .id("00u1alicesmith4k2j8")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "00u1alicesmith4k2j8");
    assert!(response.roles.is_none());
}

/// The Users tag's error contract: a `404` with problem details is the
/// SDK's error with its status, request id and problem.
#[tokio::test]
async fn get_user_of_an_unknown_id_is_a_not_found_error_with_the_problem() {
    let contract = Contract::new("GET", "/api/users/{id}").path_param("id", "00u9nosuchuser0000");
    let not_found = Problem::new(
        404,
        "UserNotFound",
        "User not found",
        "0HN8K2QJ4V7TC:00000003",
    );
    let server = serve_once(&contract, not_found.answer(&contract)).await;

    let error = client(&server)
        .api()
        .get_user()
        .id("00u9nosuchuser0000")
        .execute()
        .await
        .unwrap_err();

    not_found.assert_is(&error);
}
