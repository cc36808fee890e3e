//! `CreateApplication`: `POST /api/applications` with a
//! `CreateApplicationRequest`, answering `200` with the new
//! `OAuthApplication` and its secret.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn create_application_sends_the_request_body_and_decodes_the_new_application() {
    let contract = Contract::new("POST", "/api/applications").json_body(json!({
        "clientId": "client-portal",
        "displayName": "Client portal",
        "redirectUris": ["https://portal.acme.example/signin-oidc"],
        "postLogoutRedirectUris": ["https://portal.acme.example/"],
        "type": "Web"
    }));
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "0oa2portalweb8k3m1",
                "type": "Web",
                "displayName": "Client portal",
                "secret": "kq7V-portal-client-secret",
                "clientId": "client-portal",
                "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::OAuthApplication> = client(&server)
        .api()
        .create_application()
        .body_map(|application| {
            application
                .client_id("client-portal")
                .display_name("Client portal")
                .redirect_uris(Some(vec!["https://portal.acme.example/signin-oidc".into()]))
                .post_logout_redirect_uris(Some(vec!["https://portal.acme.example/".into()]))
                .type_("Web")
        })
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "0oa2portalweb8k3m1");
    assert_eq!(response.client_id.as_str(), "client-portal");
    let secret = response
        .secret
        .as_ref()
        .expect("the new application's secret");
    assert_eq!(secret.expose_secret(), "kq7V-portal-client-secret");
}
