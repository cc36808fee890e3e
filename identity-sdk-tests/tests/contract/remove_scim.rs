//! `RemoveScim`: `DELETE /api/identityprovider/scim`, no parameters, no
//! body, answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{Problem, client, serve_once};

#[tokio::test]
async fn remove_scim_sends_no_body_and_accepts_no_content() {
    let contract = Contract::new("DELETE", "/api/identityprovider/scim");
    let server = serve_once(&contract, contract.success(204)).await;

    let response: ResponseValue<()> = client(&server).api().remove_scim().execute().await.unwrap();

    assert_eq!(response.status(), 204);
}

/// The Identity Provider tag's error contract: a `404` with problem
/// details is the SDK's error with its status, request id and problem.
#[tokio::test]
async fn remove_scim_when_scim_is_not_set_up_is_a_not_found_error_with_the_problem() {
    let contract = Contract::new("DELETE", "/api/identityprovider/scim");
    let not_found = Problem::new(
        404,
        "ScimNotConfigured",
        "SCIM is not set up for this domain",
        "0HN8K2QJ4V7TD:00000004",
    );
    let server = serve_once(&contract, not_found.answer(&contract)).await;

    let error = client(&server)
        .api()
        .remove_scim()
        .execute()
        .await
        .unwrap_err();

    not_found.assert_is(&error);
}
