//! `InvalidateSupportAccess`: `DELETE /api/authentication/support`, no
//! parameters, answering `200` with the grants it terminated.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn invalidate_support_access_sends_no_body_and_decodes_the_terminated_grants() {
    let contract = Contract::new("DELETE", "/api/authentication/support");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([{
                "id": "3f2b9c1e-7d4a-4c8e-9b1f-2a6d5e8c0f13",
                "duration": "P1D",
                "description": "SUP-4821: reconciliation breaks",
                "createdAt": "2024-06-01T09:30:00+00:00",
                "expiry": "2024-06-02T09:30:00+00:00",
                "createdBy": "b6c1f0d2e4a8",
                "terminated": true,
                "terminatedAt": "2024-06-01T15:05:00+00:00",
                "terminatedBy": "b6c1f0d2e4a8",
                "permittedRoles": ["00g1supportreadonly"]
            }]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::SupportAccessResponse>> = client(&server)
        .api()
        .invalidate_support_access()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 1);
    assert_eq!(response[0].terminated, Some(true));
    assert_eq!(response[0].terminated_by.as_deref(), Some("b6c1f0d2e4a8"));
    assert!(response[0].terminated_at.is_some());
}
