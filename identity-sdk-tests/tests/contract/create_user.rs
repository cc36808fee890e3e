//! `CreateUser`: `POST /api/users` with a `CreateUserRequest` (here with an
//! alternative user id), optionally with `waitForReindex`, answering `201`
//! with the new `UserResponse`.

use std::collections::HashMap;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::{Value, json};

use crate::support::{assert_refused_before_sending, client, serve_once};

/// The new service user both tests create, as the generated type...
fn recon_bot() -> types::builder::CreateUserRequest {
    let operators = types::RoleId::builder()
        .scope("default")
        .code("reconciliation-operators");
    types::CreateUserRequest::builder()
        .first_name("Reconciliation")
        .last_name("Bot")
        .email_address("platform-team@acme.example")
        .second_email_address(Some(
            types::CreateUserRequestSecondEmailAddress::try_from("platform-oncall@acme.example")
                .unwrap(),
        ))
        .login("recon-bot@acme.example")
        .roles(Some(vec![operators.try_into().unwrap()]))
        .type_("Service")
        .alternative_user_ids(Some(HashMap::from([(
            "employeeId".to_owned(),
            Some("E-10442".to_owned()),
        )])))
}

/// ...and as the JSON the request must carry.
fn recon_bot_json() -> Value {
    json!({
        "firstName": "Reconciliation",
        "lastName": "Bot",
        "emailAddress": "platform-team@acme.example",
        "secondEmailAddress": "platform-oncall@acme.example",
        "login": "recon-bot@acme.example",
        "roles": [{"scope": "default", "code": "reconciliation-operators"}],
        "type": "Service",
        "alternativeUserIds": {"employeeId": "E-10442"}
    })
}

fn created() -> Value {
    json!({
        "id": "00u2reconbot6m1p4",
        "emailAddress": "platform-team@acme.example",
        "secondEmailAddress": "platform-oncall@acme.example",
        "login": "recon-bot@acme.example",
        "firstName": "Reconciliation",
        "lastName": "Bot",
        "type": "Service",
        "status": "PROVISIONED",
        "external": false,
        "alternativeUserIds": {"employeeId": "E-10442"}
    })
}

#[tokio::test]
async fn create_user_sends_wait_for_reindex_and_the_body_and_decodes_the_created_user() {
    let contract = Contract::new("POST", "/api/users")
        .query("waitForReindex", "true")
        .json_body(recon_bot_json());
    let server = serve_once(&contract, contract.success_json(201, created())).await;

    let response: ResponseValue<types::UserResponse> = client(&server)
        .api()
        .create_user()
        .wait_for_reindex(true)
        .body(recon_bot())
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.id.as_str(), "00u2reconbot6m1p4");
    assert_eq!(response.status.as_str(), "PROVISIONED");
    assert_eq!(response.type_.as_str(), "Service");
    let alternative_ids = response
        .alternative_user_ids
        .as_ref()
        .expect("alternative ids");
    assert_eq!(alternative_ids["employeeId"], "E-10442");
}

#[tokio::test]
async fn create_user_without_wait_for_reindex_sends_only_the_body() {
    let contract = Contract::new("POST", "/api/users").json_body(recon_bot_json());
    let server = serve_once(&contract, contract.success_json(201, created())).await;

    let response: ResponseValue<types::UserResponse> = client(&server)
        .api()
        .create_user()
        .body(recon_bot())
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.login.as_str(), "recon-bot@acme.example");
}

/// `n` roles, `role-1` to `role-n` in scope `default`: as the generated
/// type and as the JSON the request carries.
fn roles(n: usize) -> (Vec<types::RoleId>, Value) {
    let codes: Vec<String> = (1..=n).map(|i| format!("role-{i}")).collect();
    let typed = codes
        .iter()
        .map(|code| {
            types::RoleId::builder()
                .scope("default")
                .code(code.as_str())
                .try_into()
                .unwrap()
        })
        .collect();
    let json = codes
        .iter()
        .map(|code| json!({"scope": "default", "code": code}))
        .collect();
    (typed, json)
}

/// The spec allows a user to be created with at most 20 roles: 20 are
/// sent as they are.
#[tokio::test]
async fn create_user_sends_as_many_roles_as_the_spec_allows() {
    let (typed, json) = roles(20);
    let mut body = recon_bot_json();
    body["roles"] = json;
    let contract = Contract::new("POST", "/api/users").json_body(body);
    let server = serve_once(&contract, contract.success_json(201, created())).await;

    let response = client(&server)
        .api()
        .create_user()
        .body(recon_bot().roles(Some(typed)))
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
}

/// 21 roles are the SDK's invalid-request error, naming the field, the
/// count and the limit, and nothing is sent.
#[tokio::test]
async fn create_user_with_more_roles_than_the_spec_allows_is_never_sent() {
    let (typed, _) = roles(21);
    let server = identity_sdk_mock::identity_server().await;

    let error = client(&server)
        .api()
        .create_user()
        .body(recon_bot().roles(Some(typed)))
        .execute()
        .await
        .unwrap_err();

    assert_refused_before_sending(&error, "roles: 21 items, more than the maximum 20", &server)
        .await;
}
