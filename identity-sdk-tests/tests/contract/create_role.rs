//! `CreateRole`: `POST /api/roles` with a `CreateRoleRequest`, answering
//! `201` with the new `RoleResponse`.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn create_role_sends_the_name_and_description_and_decodes_the_created_role() {
    let contract = Contract::new("POST", "/api/roles").json_body(json!({
        "name": "Reconciliation Operators",
        "description": "Run and review the nightly reconciliation"
    }));
    let server = serve_once(
        &contract,
        contract.success_json(
            201,
            json!({
                "id": "00g1reconops7h3k9",
                "roleId": {"scope": "default", "code": "reconciliation-operators"},
                "source": "LUSID",
                "name": "Reconciliation Operators",
                "description": "Run and review the nightly reconciliation"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::RoleResponse> = client(&server)
        .api()
        .create_role()
        .body_map(|role| {
            role.name("Reconciliation Operators").description(Some(
                types::CreateRoleRequestDescription::try_from(
                    "Run and review the nightly reconciliation",
                )
                .unwrap(),
            ))
        })
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.id.as_str(), "00g1reconops7h3k9");
    assert_eq!(response.role_id.code.as_str(), "reconciliation-operators");
    assert_eq!(response.source.as_str(), "LUSID");
}
