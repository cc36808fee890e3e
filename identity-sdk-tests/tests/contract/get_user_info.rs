//! `GetUserInfo`: `GET /api/me`, no parameters, answering `200` with the
//! `CurrentUserResponse` of the token's user.

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, instant, serve_once};

#[tokio::test]
async fn get_user_info_sends_no_parameters_and_decodes_the_current_user() {
    let contract = Contract::new("GET", "/api/me");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00u1alicesmith4k2j8",
                "emailAddress": "alice.smith@acme.example",
                "type": "Personal",
                "domainType": "Production",
                "userExpiry": "2024-12-31T23:59:59Z",
                "links": [{
                    "relation": "RequestDocumentation",
                    "href": "https://acme.lusid.com/identity/swagger/index.html",
                    "method": "GET"
                }]
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::CurrentUserResponse> = client(&server)
        .api()
        .get_user_info()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "00u1alicesmith4k2j8");
    assert_eq!(response.email_address.as_str(), "alice.smith@acme.example");
    assert_eq!(response.domain_type.as_deref(), Some("Production"));
    assert_eq!(
        response.user_expiry.map(SystemTime::from),
        Some(instant("Tue, 31 Dec 2024 23:59:59 GMT"))
    );
}

/// The Me tag's error contract: a `401` with problem details is the SDK's
/// authentication error with its status, request id and problem.
#[tokio::test]
async fn get_user_info_with_a_revoked_token_is_an_unauthorized_error_with_the_problem() {
    let contract = Contract::new("GET", "/api/me");
    let unauthorized = Problem::new(
        401,
        "InvalidToken",
        "The access token is invalid or has expired",
        "0HN8K2QJ4V7TF:00000006",
    );
    let server = serve_once(&contract, unauthorized.answer(&contract)).await;

    let error = client(&server)
        .api()
        .get_user_info()
        .execute()
        .await
        .unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    unauthorized.assert_is(&error);
}
