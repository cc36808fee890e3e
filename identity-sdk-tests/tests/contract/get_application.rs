//! `GetApplication`: `GET /api/applications/{id}`, optionally with
//! `includeSecret`, answering `200` with the `OAuthApplication`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

#[tokio::test]
async fn get_application_sends_its_id_and_decodes_the_application_without_its_secret() {
    let contract =
        Contract::new("GET", "/api/applications/{id}").path_param("id", "0oa1nightlyrecon5d7");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "0oa1nightlyrecon5d7",
                "type": "Native",
                "displayName": "Nightly reconciliation",
                "clientId": "nightly-recon",
                "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
            }),
        ),
    )
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
    let contract = Contract::new("GET", "/api/applications/{id}")
        .path_param("id", "0oa1nightlyrecon5d7")
        .query("includeSecret", "true");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "0oa1nightlyrecon5d7",
                "type": "Web",
                "displayName": "Nightly reconciliation",
                "secret": "Zq3-secret-of-nightly-recon",
                "clientId": "nightly-recon",
                "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
            }),
        ),
    )
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
    let contract =
        Contract::new("GET", "/api/applications/{id}").path_param("id", "0oa1doesnotexist00");
    let not_found = Problem::new(
        404,
        "ApplicationNotFound",
        "Application not found",
        "0HN8K2QJ4V7TA:00000001",
    );
    let server = serve_once(&contract, not_found.answer(&contract)).await;

    let error = client(&server)
        .api()
        .get_application()
        .id("0oa1doesnotexist00")
        .execute()
        .await
        .unwrap_err();

    not_found.assert_is(&error);
}
