//! `ListApplications`: `GET /api/applications`, no parameters, answering
//! `200` with every `OAuthApplication` of the domain (without secrets).

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn list_applications_sends_no_parameters_and_decodes_every_application() {
    let contract = Contract::new("GET", "/api/applications");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([
                {
                    "id": "0oa1nightlyrecon5d7",
                    "type": "Native",
                    "displayName": "Nightly reconciliation",
                    "clientId": "nightly-recon",
                    "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
                },
                {
                    "id": "0oa2portalweb8k3m1",
                    "type": "Web",
                    "displayName": "Client portal",
                    "clientId": "client-portal",
                    "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
                }
            ]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::OAuthApplication>> = client(&server)
        .api()
        .list_applications()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 2);
    assert_eq!(response[0].client_id.as_str(), "nightly-recon");
    assert_eq!(response[1].type_.as_str(), "Web");
    assert_eq!(response[1].display_name.as_str(), "Client portal");
    assert!(
        response
            .iter()
            .all(|application| application.secret.is_none())
    );
}
