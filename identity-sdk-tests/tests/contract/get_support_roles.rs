//! `GetSupportRoles`: `GET /api/authentication/support-roles`, no
//! parameters, answering `200` with the roles support staff may assume.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn get_support_roles_sends_no_parameters_and_decodes_the_roles() {
    let contract = Contract::new("GET", "/api/authentication/support-roles");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "supportRoles": [
                    {
                        "label": "Read only",
                        "description": "Support staff can read, not change, your data",
                        "roleIdentifier": {"scope": "support", "code": "support-readonly"},
                        "internalIdentifier": "00g1supportreadonly"
                    },
                    {
                        "label": "Administrator",
                        "description": "Support staff can administer your domain",
                        "roleIdentifier": {"scope": "support", "code": "support-administrator"},
                        "internalIdentifier": "00g2supportadmin"
                    }
                ]
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::SupportRolesResponse> = client(&server)
        .api()
        .get_support_roles()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let roles = response.support_roles.as_ref().expect("the support roles");
    assert_eq!(roles.len(), 2);
    assert_eq!(roles[0].label.as_deref(), Some("Read only"));
    assert_eq!(
        roles[0].internal_identifier.as_deref(),
        Some("00g1supportreadonly")
    );
    let identifier = roles[1].role_identifier.as_ref().unwrap();
    assert_eq!(identifier["code"], "support-administrator");
}
