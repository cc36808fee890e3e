//! `UpdatePasswordPolicy`: `PUT /api/authentication/password-policy/{userType}`
//! with an `UpdatePasswordPolicyRequest` (the spec makes the body optional,
//! but its `conditions` are required, so the generated client always sends
//! a whole policy), answering `200` with the `PasswordPolicyResponse` now in
//! force.

use identity_sdk::prelude::*;
use identity_sdk::{ErrorKind, ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;
use serde_json::{Value, json};

use crate::support::{assert_refused_before_sending, client, serve_once};

/// The policy the test sets, as the JSON the request must carry...
fn stricter_policy_json() -> Value {
    json!({
        "conditions": {
            "complexity": {"minLength": 15, "excludeFirstName": true, "excludeLastName": true},
            "age": {"maxAgeDays": 30, "historyCount": 10},
            "lockout": {"maxAttempts": 5}
        }
    })
}

/// ...and as the generated types, built with their builders.
fn stricter_policy() -> types::builder::UpdatePasswordPolicyRequest {
    policy_with_min_length(15)
}

#[tokio::test]
async fn update_password_policy_sends_the_user_type_and_the_policy_and_decodes_the_policy() {
    let contract = Contract::new("PUT", "/api/authentication/password-policy/{userType}")
        .path_param("userType", "Service")
        .json_body(stricter_policy_json());
    let server = serve_once(
        &contract,
        contract.success_json(200, stricter_policy_json()),
    )
    .await;

    let response: ResponseValue<types::PasswordPolicyResponse> = client(&server)
        .api()
        .update_password_policy()
        .user_type("Service")
        .body(stricter_policy())
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let conditions = &response.conditions;
    assert_eq!(conditions.complexity.min_length, 15);
    assert!(conditions.complexity.exclude_last_name);
    assert_eq!(conditions.age.max_age_days, 30);
    assert_eq!(conditions.lockout.max_attempts, 5);
}

/// A policy without its required `conditions` is the SDK's invalid-request
/// error, and nothing is sent.
#[tokio::test]
async fn update_password_policy_without_conditions_is_never_sent() {
    let server = identity_server().await;

    let error = client(&server)
        .api()
        .update_password_policy()
        .user_type("Service")
        .execute()
        .await
        .unwrap_err();

    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error:?}");
    assert!(error.to_string().contains("conditions"), "{error}");
}

/// The policy of [`stricter_policy`] with a minimum password length of
/// `min_length`.
fn policy_with_min_length(min_length: i32) -> types::builder::UpdatePasswordPolicyRequest {
    types::UpdatePasswordPolicyRequest::builder().conditions(
        types::UpdatePasswordPolicyRequestConditions::builder()
            .complexity(
                types::UpdatePasswordPolicyRequestComplexity::builder()
                    .min_length(min_length)
                    .exclude_first_name(true)
                    .exclude_last_name(true),
            )
            .age(
                types::UpdatePasswordPolicyRequestAge::builder()
                    .max_age_days(30)
                    .history_count(10),
            )
            .lockout(types::UpdatePasswordPolicyRequestLockout::builder().max_attempts(5)),
    )
}

/// The spec's limits on `minLength` (12 to 30) are sent as they are at
/// both ends.
#[tokio::test]
async fn update_password_policy_sends_the_shortest_and_longest_minimum_length() {
    for min_length in [12, 30] {
        let mut policy = stricter_policy_json();
        policy["conditions"]["complexity"]["minLength"] = json!(min_length);
        let contract = Contract::new("PUT", "/api/authentication/password-policy/{userType}")
            .path_param("userType", "Service")
            .json_body(policy.clone());
        let server = serve_once(&contract, contract.success_json(200, policy)).await;

        let response = client(&server)
            .api()
            .update_password_policy()
            .user_type("Service")
            .body(policy_with_min_length(min_length))
            .execute()
            .await
            .unwrap();

        assert_eq!(response.conditions.complexity.min_length, min_length);
    }
}

/// A minimum length outside 12..=30 is the SDK's invalid-request error,
/// naming the field, the value and the limit, and nothing is sent.
#[tokio::test]
async fn update_password_policy_with_a_minimum_length_outside_the_limits_is_never_sent() {
    let server = identity_server().await;

    for (min_length, expected) in [
        (5, "minLength: 5 is less than the minimum 12"),
        (31, "minLength: 31 is more than the maximum 30"),
    ] {
        let error = client(&server)
            .api()
            .update_password_policy()
            .user_type("Service")
            .body(policy_with_min_length(min_length))
            .execute()
            .await
            .unwrap_err();

        assert_refused_before_sending(&error, expected, &server).await;
    }
}

/// The fields are public: a policy built valid and changed afterwards is
/// checked again when it is sent, with the path of the field.
#[tokio::test]
async fn update_password_policy_changed_after_it_was_built_is_checked_at_send() {
    let server = identity_server().await;
    let mut policy = types::UpdatePasswordPolicyRequest::try_from(stricter_policy()).unwrap();
    policy.conditions.lockout.max_attempts = 101;

    let error = client(&server)
        .api()
        .update_password_policy()
        .user_type("Service")
        .body(policy)
        .execute()
        .await
        .unwrap_err();

    let says = "conditions.lockout.maxAttempts: 101 is more than the maximum 100";
    assert_refused_before_sending(&error, says, &server).await;
}
