//! `GetRole`: `GET /api/roles/{id}`, answering `200` with the
//! `RoleResponse`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

#[tokio::test]
async fn get_role_sends_its_id_and_decodes_the_role() {
    let contract = Contract::new("GET", "/api/roles/{id}").path_param("id", "00g1reconops7h3k9");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00g1reconops7h3k9",
                "roleId": {"scope": "default", "code": "reconciliation-operators"},
                "source": "LUSID",
                "name": "Reconciliation Operators",
                "description": "Run and review the nightly reconciliation",
                "samlName": "LUSID-Reconciliation-Operators"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::RoleResponse> = client(&server)
        .api()
        .get_role()
        .id("00g1reconops7h3k9")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.name.as_str(), "Reconciliation Operators");
    assert_eq!(
        response.description.as_deref(),
        Some("Run and review the nightly reconciliation")
    );
    assert_eq!(
        response.saml_name.as_deref(),
        Some("LUSID-Reconciliation-Operators")
    );
}

/// The Roles tag's error contract: a `404` with problem details is the
/// SDK's error with its status, request id and problem.
#[tokio::test]
async fn get_role_of_an_unknown_id_is_a_not_found_error_with_the_problem() {
    let contract = Contract::new("GET", "/api/roles/{id}").path_param("id", "00g9nosuchrole000");
    let not_found = Problem::new(
        404,
        "RoleNotFound",
        "Role not found",
        "0HN8K2QJ4V7TH:00000008",
    );
    let server = serve_once(&contract, not_found.answer(&contract)).await;

    let error = client(&server)
        .api()
        .get_role()
        .id("00g9nosuchrole000")
        .execute()
        .await
        .unwrap_err();

    not_found.assert_is(&error);
}
