//! `GrantSupportAccess`: `POST /api/authentication/support` with a
//! `SupportAccessRequest`, answering `201` with the granted
//! `SupportAccessResponse`.

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, instant, serve_once};

/// The request both tests send: a day of read-only support access for a
/// ticket.
fn one_day_for_a_ticket() -> types::builder::SupportAccessRequest {
    types::SupportAccessRequest::builder()
        .duration("P1D")
        .description(Some(
            types::SupportAccessRequestDescription::try_from("SUP-4821: reconciliation breaks")
                .unwrap(),
        ))
        .permitted_roles(Some(vec!["00g1supportreadonly".into()]))
}

fn contract() -> Contract {
    Contract::new("POST", "/api/authentication/support").json_body(json!({
        "duration": "P1D",
        "description": "SUP-4821: reconciliation breaks",
        "permittedRoles": ["00g1supportreadonly"]
    }))
}

#[tokio::test]
async fn grant_support_access_sends_the_request_body_and_decodes_the_created_grant() {
    let contract = contract();
    let server = serve_once(
        &contract,
        contract.success_json(
            201,
            json!({
                "id": "3f2b9c1e-7d4a-4c8e-9b1f-2a6d5e8c0f13",
                "duration": "P1D",
                "description": "SUP-4821: reconciliation breaks",
                "createdAt": "2024-06-01T09:30:00+00:00",
                "expiry": "2024-06-02T09:30:00+00:00",
                "createdBy": "b6c1f0d2e4a8",
                "terminated": false,
                "permittedRoles": ["00g1supportreadonly"]
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::SupportAccessResponse> = client(&server)
        .api()
        .grant_support_access()
        .body(one_day_for_a_ticket())
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    assert_eq!(response.id.as_str(), "3f2b9c1e-7d4a-4c8e-9b1f-2a6d5e8c0f13");
    assert_eq!(response.duration.as_str(), "P1D");
    assert_eq!(
        SystemTime::from(response.expiry),
        instant("Sun, 02 Jun 2024 09:30:00 GMT")
    );
    assert_eq!(response.terminated, Some(false));
}

/// The Authentication tag's error contract: a `403` with problem details is
/// the SDK's error with its status, request id and problem.
#[tokio::test]
async fn grant_support_access_without_the_permission_is_a_forbidden_error_with_the_problem() {
    let contract = contract();
    let forbidden = Problem::new(
        403,
        "InsufficientPrivileges",
        "You are not allowed to grant support access",
        "0HN8K2QJ4V7TB:00000002",
    );
    let server = serve_once(&contract, forbidden.answer(&contract)).await;

    let error = client(&server)
        .api()
        .grant_support_access()
        .body(one_day_for_a_ticket())
        .execute()
        .await
        .unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    forbidden.assert_is(&error);
}
