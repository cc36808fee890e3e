//! `GetPasswordPolicy`: `GET /api/authentication/password-policy/{userType}`,
//! answering `200` with the `PasswordPolicyResponse` of that type of user.

use identity_sdk::prelude::*;
use identity_sdk::{ErrorKind, ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

fn contract(user_type: &str) -> Contract {
    Contract::new("GET", "/api/authentication/password-policy/{userType}")
        .path_param("userType", user_type)
}

#[tokio::test]
async fn get_password_policy_sends_the_user_type_and_decodes_the_policy() {
    let contract = contract("Personal");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "conditions": {
                    "complexity": {"minLength": 14, "excludeFirstName": true, "excludeLastName": false},
                    "age": {"maxAgeDays": 90, "historyCount": 4},
                    "lockout": {"maxAttempts": 10}
                }
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::PasswordPolicyResponse> = client(&server)
        .api()
        .get_password_policy()
        .user_type("Personal")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let conditions = &response.conditions;
    assert_eq!(conditions.complexity.min_length, 14);
    assert!(conditions.complexity.exclude_first_name);
    assert!(!conditions.complexity.exclude_last_name);
    assert_eq!(conditions.age.max_age_days, 90);
    assert_eq!(conditions.age.history_count, 4);
    assert_eq!(conditions.lockout.max_attempts, 10);
}

/// The spec allows letters only (`^[a-zA-Z]*$`, 1 to 20 of them): any
/// other user type is the SDK's invalid-request error, and nothing is sent
/// (the service's catch-all fails the test on any request).
#[tokio::test]
async fn get_password_policy_of_a_user_type_the_spec_refuses_is_never_sent() {
    let server = identity_server().await;

    for user_type in ["service-user", "", "Personalpersonalpersonal"] {
        let error = client(&server)
            .api()
            .get_password_policy()
            .user_type(user_type)
            .execute()
            .await
            .unwrap_err();

        assert_eq!(
            error.kind(),
            ErrorKind::InvalidRequest,
            "{user_type:?}: {error:?}"
        );
    }
}

/// The Authentication tag's error contract for this operation: a `404`
/// with problem details is the SDK's error with its status, request id and
/// problem.
#[tokio::test]
async fn get_password_policy_of_an_unknown_user_type_is_a_not_found_error_with_the_problem() {
    let contract = contract("Robot");
    let not_found = Problem::new(
        404,
        "PasswordPolicyNotFound",
        "No password policy for this type of user",
        "0HN8K2QJ4V7TJ:00000010",
    );
    let server = serve_once(&contract, not_found.answer(&contract)).await;

    let error = client(&server)
        .api()
        .get_password_policy()
        .user_type("Robot")
        .execute()
        .await
        .unwrap_err();

    not_found.assert_is(&error);
}
