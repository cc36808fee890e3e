//! `GetAuthenticationInformation`: `GET /api/authentication/information`,
//! no parameters, answering `200` with the domain's
//! `AuthenticationInformation`.

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, instant, serve_once};

#[tokio::test]
async fn get_authentication_information_sends_no_parameters_and_decodes_the_issuers_and_support_expiry()
 {
    let contract = Contract::new("GET", "/api/authentication/information");
    let server = serve_once(&contract, contract.success_json(
            200,
            json!({
                "issuerUrl": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9",
                "fallbackIssuerUrls": ["https://acme.identity.lusid.com/oauth2/aus1c2d3e4f5g6h7i8j9"],
                "samlIdentityProviderId": "0oa3samlidp9x2y4z6",
                "support": {"expiry": "2024-06-02T09:30:00+00:00"},
                "supportAccessExpiryWithRole": [
                    {"expiry": "2024-06-02T09:30:00+00:00", "permittedRole": "00g1supportreadonly"}
                ],
                "links": [
                    {
                        "relation": "RequestDocumentation",
                        "href": "https://acme.lusid.com/identity/swagger/index.html",
                        "description": "A link to the LUSID Identity API documentation",
                        "method": "GET"
                    }
                ]
            }),
        )).await;

    let response: ResponseValue<types::AuthenticationInformation> = client(&server)
        .api()
        .get_authentication_information()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.issuer_url.as_str(),
        "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
    );
    assert_eq!(
        response.saml_identity_provider_id.as_deref(),
        Some("0oa3samlidp9x2y4z6")
    );
    let support = response.support.as_ref().expect("the support expiry");
    assert_eq!(
        SystemTime::from(support.expiry),
        instant("Sun, 02 Jun 2024 09:30:00 GMT")
    );
    let with_role = response.support_access_expiry_with_role.as_ref().unwrap();
    assert_eq!(with_role[0].permitted_role.as_str(), "00g1supportreadonly");
}
