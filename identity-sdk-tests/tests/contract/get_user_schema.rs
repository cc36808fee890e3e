//! `GetUserSchema`: `GET /api/users/schema`, no parameters, answering `200`
//! with the `UserSchemaResponse`: the alternative user ids the domain's
//! users may carry.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

fn contract() -> Contract {
    Contract::new("GET", "/api/users/schema")
}

#[tokio::test]
async fn get_user_schema_sends_no_parameters_and_decodes_the_alternative_user_ids() {
    let contract = contract();
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "alternativeUserIds": [
                    {"name": "employeeId", "description": "The HR system's employee number"},
                    {"name": "tradingDeskId", "description": ""}
                ]
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::UserSchemaResponse> = client(&server)
        .api()
        .get_user_schema()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let ids = response
        .alternative_user_ids
        .as_ref()
        .expect("alternative ids");
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0].name.as_str(), "employeeId");
    assert_eq!(
        ids[0].description.as_str(),
        "The HR system's employee number"
    );
    assert_eq!(ids[1].description.as_str(), "");
}

#[tokio::test]
async fn get_user_schema_without_alternative_user_ids_decodes_none() {
    let contract = contract();
    let server = serve_once(&contract, contract.success_json(200, json!({}))).await;

    let response = client(&server)
        .api()
        .get_user_schema()
        .execute()
        .await
        .unwrap();

    assert!(response.alternative_user_ids.is_none());
}

/// The Users tag's error contract for this operation: a `403` with problem
/// details is the SDK's authentication error with its status, request id
/// and problem.
#[tokio::test]
async fn get_user_schema_without_the_permission_is_a_forbidden_error_with_the_problem() {
    let contract = contract();
    let forbidden = Problem::new(
        403,
        "InsufficientPrivileges",
        "You are not allowed to read the user schema",
        "0HN8K2QJ4V7TK:00000011",
    );
    let server = serve_once(&contract, forbidden.answer(&contract)).await;

    let error = client(&server)
        .api()
        .get_user_schema()
        .execute()
        .await
        .unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    forbidden.assert_is(&error);
}
