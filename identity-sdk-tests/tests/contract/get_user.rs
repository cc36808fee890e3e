//! `GetUser`: `GET /api/users/{id}`, optionally with `includeRoles`,
//! answering `200` with the `UserResponse`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::{identity_server, problem_details};
use serde_json::json;

use crate::support::{assert_problem, client};

#[tokio::test]
async fn get_user_sends_its_id_and_include_roles_and_decodes_the_user_with_roles() {
    let server = identity_server().await;
    let contract = Contract::new("GET", "/api/users/{id}")
        .path_param("id", "00u1alicesmith4k2j8")
        .query("includeRoles", "true");
    contract
        .mock()
        .respond_with(contract.success_json(
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
        ))
        .expect(1)
        .mount(&server)
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
    let server = identity_server().await;
    let contract = Contract::new("GET", "/api/users/{id}").path_param("id", "00u1alicesmith4k2j8");
    contract
        .mock()
        .respond_with(contract.success_json(
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
        ))
        .expect(1)
        .mount(&server)
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
    let server = identity_server().await;
    let contract = Contract::new("GET", "/api/users/{id}").path_param("id", "00u9nosuchuser0000");
    contract
        .mock()
        .respond_with(contract.error(
            404,
            problem_details(
                404,
                "UserNotFound",
                "User not found",
                "0HN8K2QJ4V7TC:00000003",
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .api()
        .get_user()
        .id("00u9nosuchuser0000")
        .execute()
        .await
        .unwrap_err();

    assert_problem(
        &error,
        404,
        "UserNotFound",
        "User not found",
        "0HN8K2QJ4V7TC:00000003",
    );
}
