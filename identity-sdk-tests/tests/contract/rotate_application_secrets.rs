//! `RotateApplicationSecrets`: `POST
//! /api/applications/{id}/lifecycle/$newsecret`, no body, answering `200`
//! with the application and its new secret.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn rotate_application_secrets_posts_no_body_and_decodes_the_new_secret() {
    let contract = Contract::new("POST", "/api/applications/{id}/lifecycle/$newsecret")
        .path_param("id", "0oa2portalweb8k3m1");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "0oa2portalweb8k3m1",
                "type": "Web",
                "displayName": "Client portal",
                "secret": "Hn4t-rotated-portal-secret",
                "clientId": "client-portal",
                "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::OAuthApplication> = client(&server)
        .api()
        .rotate_application_secrets()
        .id("0oa2portalweb8k3m1")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "0oa2portalweb8k3m1");
    let secret = response.secret.as_ref().expect("the rotated secret");
    assert_eq!(secret.expose_secret(), "Hn4t-rotated-portal-secret");
}
