//! `RemoveScim`: `DELETE /api/identityprovider/scim`, no parameters, no
//! body, answering `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::{identity_server, problem_details};

use crate::support::{assert_problem, client};

#[tokio::test]
async fn remove_scim_sends_no_body_and_accepts_no_content() {
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/identityprovider/scim");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server).api().remove_scim().execute().await.unwrap();

    assert_eq!(response.status(), 204);
}

/// The Identity Provider tag's error contract: a `404` with problem
/// details is the SDK's error with its status, request id and problem.
#[tokio::test]
async fn remove_scim_when_scim_is_not_set_up_is_a_not_found_error_with_the_problem() {
    let server = identity_server().await;
    let contract = Contract::new("DELETE", "/api/identityprovider/scim");
    contract
        .mock()
        .respond_with(contract.error(
            404,
            problem_details(
                404,
                "ScimNotConfigured",
                "SCIM is not set up for this domain",
                "0HN8K2QJ4V7TD:00000004",
            ),
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .api()
        .remove_scim()
        .execute()
        .await
        .unwrap_err();

    assert_problem(
        &error,
        404,
        "ScimNotConfigured",
        "SCIM is not set up for this domain",
        "0HN8K2QJ4V7TD:00000004",
    );
}
