//! `GetApplication`: `GET /api/applications/{id}`, optionally with
//! `includeSecret`, answering `200` with the `OAuthApplication`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::{identity_server, problem_details};
use serde_json::json;

use crate::support::{assert_problem, client};

#[tokio::test]
async fn get_application_sends_its_id_and_decodes_the_application_without_its_secret() {
    let server = identity_server().await;
    let contract =
        Contract::new("GET", "/api/applications/{id}").path_param("id", "0oa1nightlyrecon5d7");
    contract
        .mock()
        .respond_with(contract.success_json(
            200,
            json!({
                "id": "0oa1nightlyrecon5d7",
                "type": "Native",
                "displayName": "Nightly reconciliation",
                "clientId": "nightly-recon",
                "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<types::OAuthApplication> = client(&server)
        .api()
        .get_application()
        .id("0oa1nightlyrecon5d7")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "0oa1nightlyrecon5d7");
    assert_eq!(response.client_id.as_str(), "nightly-recon");
    assert_eq!(response.type_.as_str(), "Native");
    assert!(response.secret.is_none());
}

#[tokio::test]
async fn get_application_sends_include_secret_and_decodes_the_secret() {
    let server = identity_server().await;
    let contract = Contract::new("GET", "/api/applications/{id}")
        .path_param("id", "0oa1nightlyrecon5d7")
        .query("includeSecret", "true");
    contract
        .mock()
        .respond_with(contract.success_json(
            200,
            json!({
                "id": "0oa1nightlyrecon5d7",
                "type": "Web",
                "displayName": "Nightly reconciliation",
                "secret": "Zq3-secret-of-nightly-recon",
                "clientId": "nightly-recon",
                "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<types::OAuthApplication> = client(&server)
        .api()
        .get_application()
        .id("0oa1nightlyrecon5d7")
        .include_secret(true)
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.display_name.as_str(), "Nightly reconciliation");
    let secret = response.secret.as_ref().expect("the secret");
    assert_eq!(secret.expose_secret(), "Zq3-secret-of-nightly-recon");
}

/// The Applications tag's error contract: a `404` with problem details is
/// the SDK's error with its status, request id and problem.
#[tokio::test]
async fn get_application_of_an_unknown_id_is_a_not_found_error_with_the_problem() {
    let server = identity_server().await;
    let contract =
        Contract::new("GET", "/api/applications/{id}").path_param("id", "0oa1doesnotexist00");
    contract
        .mock()
        .respond_with(contract.error(
            404,
            problem_details(
                404,
                "ApplicationNotFound",
                "Application not found",
                "0HN8K2QJ4V7TA:00000001",
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .api()
        .get_application()
        .id("0oa1doesnotexist00")
        .execute()
        .await
        .unwrap_err();

    assert_problem(
        &error,
        404,
        "ApplicationNotFound",
        "Application not found",
        "0HN8K2QJ4V7TA:00000001",
    );
}
