//! `UpdateRole`: `PUT /api/roles/{id}` with an `UpdateRoleRequest` (the
//! spec makes the body optional; the generated client always sends one),
//! answering `200` with the updated `RoleResponse`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn update_role_sends_its_id_and_the_new_description_and_decodes_the_role() {
    let contract = Contract::new("PUT", "/api/roles/{id}")
        .path_param("id", "00g1reconops7h3k9")
        .json_body(json!({"description": "Run, review and sign off the reconciliation"}));
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00g1reconops7h3k9",
                "roleId": {"scope": "default", "code": "reconciliation-operators"},
                "source": "LUSID",
                "name": "Reconciliation Operators",
                "description": "Run, review and sign off the reconciliation"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::RoleResponse> = client(&server)
        .api()
        .update_role()
        .id("00g1reconops7h3k9")
        .body_map(|role| {
            role.description(Some(
                types::UpdateRoleRequestDescription::try_from(
                    "Run, review and sign off the reconciliation",
                )
                .unwrap(),
            ))
        })
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.description.as_deref(),
        Some("Run, review and sign off the reconciliation")
    );
}

#[tokio::test]
async fn update_role_without_a_body_sends_an_empty_object() {
    let contract = Contract::new("PUT", "/api/roles/{id}")
        .path_param("id", "00g1reconops7h3k9")
        .json_body(json!({}));
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "id": "00g1reconops7h3k9",
                "roleId": {"scope": "default", "code": "reconciliation-operators"},
                "source": "LUSID",
                "name": "Reconciliation Operators"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::RoleResponse> = client(&server)
        .api()
        .update_role()
        .id("00g1reconops7h3k9")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert!(response.description.is_none());
}
