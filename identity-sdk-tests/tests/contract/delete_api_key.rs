//! `DeleteApiKey`: `DELETE /api/keys/{id}`, no body, answering `200` with
//! the deleted key's metadata.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::{identity_server, problem_details};
use serde_json::json;

use crate::support::{assert_problem, client};

#[tokio::test]
async fn delete_api_key_sends_its_id_and_decodes_the_deleted_key() {
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/keys/{id}").path_param("id", "00t2laptopexcel");
    contract
        .mock()
        .respond_with(contract.success_json(
            200,
            json!({
                "id": "00t2laptopexcel",
                "displayName": "Excel add-in on my laptop",
                "createdDate": "2024-03-14T08:00:00+00:00",
                "deactivationDate": "2024-06-01T09:45:00+00:00"
            }),
        ))
        .expect(1)
        .mount(&server)
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
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/keys/{id}").path_param("id", "00t9nosuchkey0000");
    contract
        .mock()
        .respond_with(contract.error(
            404,
            problem_details(
                404,
                "ApiKeyNotFound",
                "API key not found",
                "0HN8K2QJ4V7TE:00000005",
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .api()
        .delete_api_key()
        .id("00t9nosuchkey0000")
        .execute()
        .await
        .unwrap_err();

    assert_problem(
        &error,
        404,
        "ApiKeyNotFound",
        "API key not found",
        "0HN8K2QJ4V7TE:00000005",
    );
}
