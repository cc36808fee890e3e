//! `ListRoles`: `GET /api/roles`, no parameters, answering `200` with every
//! role of the domain.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn list_roles_sends_no_parameters_and_decodes_every_role() {
    let contract = Contract::new("GET", "/api/roles");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([
                {
                    "id": "00g1reconops7h3k9",
                    "roleId": {"scope": "default", "code": "reconciliation-operators"},
                    "source": "LUSID",
                    "name": "Reconciliation Operators",
                    "description": "Run and review the nightly reconciliation"
                },
                {
                    "id": "00g0lusidadmin2b4",
                    "roleId": {"scope": "default", "code": "lusid-administrator"},
                    "source": "LUSID",
                    "name": "lusid-administrator"
                }
            ]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::RoleResponse>> =
        client(&server).api().list_roles().execute().await.unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 2);
    assert_eq!(response[0].role_id.scope.as_str(), "default");
    assert_eq!(response[1].name.as_str(), "lusid-administrator");
    assert!(response[1].description.is_none());
}
