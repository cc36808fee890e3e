//! `DeleteApiKey`: `DELETE /api/keys/{id}`, no body, answering `200` with
//! the deleted key's metadata.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

#[tokio::test]
async fn delete_api_key_sends_its_id_and_decodes_the_deleted_key() {
    let contract = Contract::new("DELETE", "/api/keys/{id}").path_param("id", "00t2laptopexcel");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00t2laptopexcel",
                "displayName": "Excel add-in on my laptop",
                "createdDate": "2024-03-14T08:00:00+00:00",
                "deactivationDate": "2024-06-01T09:45:00+00:00"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::ApiKey> = client(&server)
        .api()
        .delete_api_key()
        .id("00t2laptopexcel")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "00t2laptopexcel");
    assert_eq!(response.display_name.as_str(), "Excel add-in on my laptop");
    assert!(response.deactivation_date.is_some());
}

/// The Personal Authentication Tokens tag's error contract: a `404` with
/// problem details is the SDK's error with its status, request id and
/// problem.
#[tokio::test]
async fn delete_api_key_of_an_unknown_id_is_a_not_found_error_with_the_problem() {
    let contract = Contract::new("DELETE", "/api/keys/{id}").path_param("id", "00t9nosuchkey0000");
    let not_found = Problem::new(
        404,
        "ApiKeyNotFound",
        "API key not found",
        "0HN8K2QJ4V7TE:00000005",
    );
    let server = serve_once(&contract, not_found.answer(&contract)).await;

    let error = client(&server)
        .api()
        .delete_api_key()
        .id("00t9nosuchkey0000")
        .execute()
        .await
        .unwrap_err();

    not_found.assert_is(&error);
}
