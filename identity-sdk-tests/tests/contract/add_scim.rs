//! `AddScim`: `PUT /api/identityprovider/scim`, no body, optionally with
//! `apiTokenAction` and `oldApiTokenDeactivation` (a date-time, sent as
//! RFC 3339 in UTC), answering `200` with the SCIM endpoint and its API
//! token.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, instant, serve_once};

#[tokio::test]
async fn add_scim_sends_the_token_action_and_old_token_deactivation_and_decodes_the_new_token() {
    let contract = Contract::new("PUT", "/api/identityprovider/scim")
        .query("apiTokenAction", "regenerate")
        .query("oldApiTokenDeactivation", "2024-06-08T12:00:00Z");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "baseUrl": "https://acme.lusid.com/identity/scim/v2",
                "apiToken": "scim-9b7e2f4a6c8d0e1f3a5b7c9d"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::AddScimResponse> = client(&server)
        .api()
        .add_scim()
        .api_token_action("regenerate")
        .old_api_token_deactivation(instant("Sat, 08 Jun 2024 12:00:00 GMT"))
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.base_url.as_deref(),
        Some("https://acme.lusid.com/identity/scim/v2")
    );
    let token = response.api_token.as_ref().expect("the SCIM API token");
    assert_eq!(token.expose_secret(), "scim-9b7e2f4a6c8d0e1f3a5b7c9d");
}

#[tokio::test]
async fn add_scim_without_options_sends_no_query_and_no_body() {
    let contract = Contract::new("PUT", "/api/identityprovider/scim");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "baseUrl": "https://acme.lusid.com/identity/scim/v2",
                "apiToken": "scim-1a2b3c4d5e6f7a8b9c0d1e2f"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::AddScimResponse> =
        client(&server).api().add_scim().execute().await.unwrap();

    assert_eq!(response.status(), 200);
    assert!(response.api_token.is_some());
}
