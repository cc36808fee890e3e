//! `UpdateUserSchema`: `PUT /api/users/schema` with an
//! `UpdateUserSchemaRequest` (required), answering `200` with the
//! `UserSchemaResponse` now in force.

use identity_sdk::prelude::*;
use identity_sdk::{ErrorKind, ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;
use serde_json::json;

use crate::support::{assert_refused_before_sending, client, serve_once};

/// The alternative user id the tests declare, built as users build it.
fn employee_id() -> types::UserSchemaProperty {
    types::UserSchemaProperty::builder()
        .name("employeeId")
        .description("The HR system's employee number")
        .try_into()
        .unwrap()
}

#[tokio::test]
async fn update_user_schema_sends_the_alternative_user_ids_and_decodes_the_schema() {
    let ids = json!({
        "alternativeUserIds": [
            {"name": "employeeId", "description": "The HR system's employee number"}
        ]
    });
    let contract = Contract::new("PUT", "/api/users/schema").json_body(ids.clone());
    let server = serve_once(&contract, contract.success_json(200, ids)).await;

    let response: ResponseValue<types::UserSchemaResponse> = client(&server)
        .api()
        .update_user_schema()
        .body(types::UpdateUserSchemaRequest::builder().alternative_user_ids(vec![employee_id()]))
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let ids = response
        .alternative_user_ids
        .as_ref()
        .expect("alternative ids");
    assert_eq!(ids.len(), 1);
    assert_eq!(ids[0].name.as_str(), "employeeId");
}

/// Removing every alternative user id is an empty list, sent as such.
#[tokio::test]
async fn update_user_schema_with_no_alternative_user_ids_sends_an_empty_list() {
    let none = json!({"alternativeUserIds": []});
    let contract = Contract::new("PUT", "/api/users/schema").json_body(none.clone());
    let server = serve_once(&contract, contract.success_json(200, none)).await;

    let response = client(&server)
        .api()
        .update_user_schema()
        .body_map(|schema| schema.alternative_user_ids(Vec::new()))
        .execute()
        .await
        .unwrap();

    assert_eq!(
        response.alternative_user_ids.as_deref().map(<[_]>::len),
        Some(0)
    );
}

/// A name the spec's pattern (`^[a-zA-Z0-9_]+$`) refuses cannot become a
/// `UserSchemaPropertyName`, and a body left unset is the SDK's
/// invalid-request error: nothing is sent.
#[tokio::test]
async fn update_user_schema_with_a_name_or_body_the_spec_refuses_is_never_sent() {
    assert!(
        "employee id"
            .parse::<types::UserSchemaPropertyName>()
            .is_err()
    );
    assert!(
        "x".repeat(51)
            .parse::<types::UserSchemaPropertyName>()
            .is_err()
    );
    let server = identity_server().await;

    let error = client(&server)
        .api()
        .update_user_schema()
        .execute()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error:?}");
}

/// The spec allows at most 10 alternative user ids: 11 are the SDK's
/// invalid-request error, naming the field, the count and the limit, and
/// nothing is sent.
#[tokio::test]
async fn update_user_schema_with_more_alternative_user_ids_than_the_spec_allows_is_never_sent() {
    let server = identity_server().await;

    let error = client(&server)
        .api()
        .update_user_schema()
        .body(
            types::UpdateUserSchemaRequest::builder().alternative_user_ids(vec![employee_id(); 11]),
        )
        .execute()
        .await
        .unwrap_err();

    let says = "alternativeUserIds: 11 items, more than the maximum 10";
    assert_refused_before_sending(&error, says, &server).await;
}
