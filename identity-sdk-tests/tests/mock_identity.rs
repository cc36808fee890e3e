//! The mock Identity service behaves like the real one for sign-out flows.

use std::time::{Duration, Instant};

use identity_sdk::auth::PasswordGrantCredentials;
use identity_sdk::prelude::*;
use identity_sdk::{IdentityClient, SignOut};
use identity_sdk_mock::{Fault, MockIdentity, fast_retries};

mod common;
use common::mock::{client, jane_doe};

fn client_for(identity: &MockIdentity, token: &str) -> IdentityClient {
    IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_access_token(token)
        .with_retry_policy(fast_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_live_token_signs_out_once_and_is_rejected_after() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    let client = client_for(&identity, &token);

    assert_eq!(
        client.sign_out().await.unwrap(),
        SignOut::SignedOut {
            request_id: Some("mock-req-1".into())
        }
    );
    assert!(!identity.is_live(&token));
    let error = client.invalidate_token().await.unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.request_id(), Some("mock-req-2"));
    assert_eq!(
        error.problem().unwrap().name.as_deref(),
        Some("InvalidToken")
    );
    let calls = identity.calls();
    assert_eq!(
        calls.iter().map(|c| c.status).collect::<Vec<_>>(),
        [204, 401]
    );
    assert!(
        calls
            .iter()
            .all(|c| c.method == "DELETE" && c.path == "/identity/api/tokens")
    );
    assert_eq!(calls[0].token.as_deref(), Some(token.as_str()));
}

#[tokio::test]
async fn an_unknown_token_is_rejected() {
    let identity = MockIdentity::start().await;
    let outcome = client_for(&identity, "never-issued")
        .sign_out()
        .await
        .unwrap();
    assert!(matches!(outcome, SignOut::AlreadySignedOut { .. }));
}

#[tokio::test]
async fn injected_server_errors_and_rate_limits_are_served_in_order() {
    let identity = MockIdentity::start().await;
    let token = identity.issue_token();
    identity.inject(Fault::ServerError(503));
    identity.inject(Fault::RateLimited { retry_after: 0 });

    client_for(&identity, &token).sign_out().await.unwrap();

    assert_eq!(
        identity
            .calls()
            .iter()
            .map(|c| c.status)
            .collect::<Vec<_>>(),
        [503, 429, 204]
    );
}

#[tokio::test]
async fn an_injected_malformed_body_keeps_status_and_request_id() {
    let identity = MockIdentity::start().await;
    identity.inject(Fault::MalformedBody(500));

    let error = client_for(&identity, &identity.issue_token())
        .sign_out()
        .await
        .unwrap_err();

    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(error.request_id(), Some("mock-req-1"));
    assert!(error.problem().is_none() && error.raw_body().is_some());
}

#[tokio::test]
async fn an_injected_delay_slows_the_answer() {
    let identity = MockIdentity::start().await;
    identity.inject(Fault::Delay(Duration::from_millis(200)));
    let started = Instant::now();
    client_for(&identity, &identity.issue_token())
        .sign_out()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn the_token_endpoint_issues_tokens_to_the_password_grant() {
    let identity = MockIdentity::start().await;
    let client = IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_password_grant(PasswordGrantCredentials {
            token_url: identity.token_url().parse().unwrap(),
            username: "alice".into(),
            password: "password".into(),
            client_id: "client".into(),
            client_secret: "secret".into(),
        })
        .build()
        .unwrap();

    assert!(matches!(
        client.sign_out().await.unwrap(),
        SignOut::SignedOut { .. }
    ));
    let calls = identity.calls();
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.method.as_str(), c.status))
            .collect::<Vec<_>>(),
        [("POST", 200), ("DELETE", 204)]
    );
}

#[tokio::test]
async fn a_personal_access_token_works_until_it_is_deleted() {
    let identity = MockIdentity::start().await;
    let session = client(&identity, &identity.issue_token());

    let created = session
        .api()
        .create_api_key()
        .body_map(|key| key.display_name("ci key"))
        .execute()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.display_name.as_str(), "ci key");
    let key = created.key.expose_secret().to_owned();

    // The key is a bearer token of the same user.
    let with_key = client(&identity, &key);
    let me = with_key.api().get_user_info().execute().await.unwrap();
    assert_eq!(me.id.as_str(), identity.user_id());

    let listed = session.api().list_own_api_keys().execute().await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|key| key.id.as_str()).collect();
    assert_eq!(ids, [created.id.as_str()]);

    let deleted = session
        .api()
        .delete_api_key()
        .id(created.id.as_str())
        .execute()
        .await
        .unwrap();
    assert_eq!(deleted.id.as_str(), created.id.as_str());
    let error = with_key.api().get_user_info().execute().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn users_and_roles_are_created_listed_joined_and_deleted() {
    let identity = MockIdentity::start().await;
    let client = client(&identity, &identity.issue_token());
    let api = client.api();

    let user = api
        .create_user()
        .body_map(jane_doe)
        .execute()
        .await
        .unwrap();
    assert_eq!(user.status(), 201);
    let fetched = api.get_user().id(user.id.as_str()).execute().await.unwrap();
    assert_eq!(fetched.login.as_str(), "jane.doe@example.com");
    let users = api.list_users().execute().await.unwrap();
    assert_eq!(users.len(), 2, "the mock's own user and Jane");

    let role = api
        .create_role()
        .body_map(|role| role.name("Reconcilers"))
        .execute()
        .await
        .unwrap();
    api.add_user_to_role()
        .id(role.id.as_str())
        .user_id(user.id.as_str())
        .execute()
        .await
        .unwrap();
    let members = api
        .list_users_in_role()
        .id(role.id.as_str())
        .execute()
        .await
        .unwrap();
    assert_eq!(
        members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [user.id.as_str()]
    );
    api.remove_user_from_role()
        .id(role.id.as_str())
        .user_id(user.id.as_str())
        .execute()
        .await
        .unwrap();
    assert!(
        api.list_users_in_role()
            .id(role.id.as_str())
            .execute()
            .await
            .unwrap()
            .is_empty()
    );

    api.delete_user()
        .id(user.id.as_str())
        .execute()
        .await
        .unwrap();
    let error = api
        .get_user()
        .id(user.id.as_str())
        .execute()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        error.problem().unwrap().name.as_deref(),
        Some("UserNotFound")
    );
    api.delete_role()
        .id(role.id.as_str())
        .execute()
        .await
        .unwrap();
    assert!(api.list_roles().execute().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_signed_out_token_is_refused_everywhere() {
    let identity = MockIdentity::start().await;
    let client = client(&identity, &identity.issue_token());

    client.sign_out().await.unwrap();

    let error = client.api().list_users().execute().await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        error.problem().unwrap().name.as_deref(),
        Some("InvalidToken")
    );
}

#[test]
fn every_operation_of_the_spec_is_simulated() {
    // A regeneration that adds an operation fails here, naming it.
    let missing: Vec<String> = identity_sdk_mock::spec::operations()
        .into_iter()
        .map(|(id, _, _)| id)
        .filter(|id| !MockIdentity::simulates(id))
        .collect();
    assert!(
        missing.is_empty(),
        "MockIdentity does not simulate {missing:?}"
    );
    assert!(!MockIdentity::simulates("NoSuchOperation"));
}

#[tokio::test]
async fn unknown_routes_are_404_and_unknown_methods_405() {
    let identity = MockIdentity::start().await;

    let response = reqwest_get(&format!("{}/api/no-such-route", identity.base_url())).await;
    assert_eq!(response.0, 404);
    assert!(
        response.1.contains("\"name\":\"NotFound\""),
        "{}",
        response.1
    );
    let response = reqwest_send("PATCH", &format!("{}/api/users/00u-1", identity.base_url())).await;
    assert_eq!(response.0, 405);
    assert!(
        response.1.contains("\"name\":\"MethodNotAllowed\""),
        "{}",
        response.1
    );
}

async fn reqwest_send(method: &str, url: &str) -> (u16, String) {
    let response = identity_sdk::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .request(method.parse().unwrap(), url)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn reqwest_get(url: &str) -> (u16, String) {
    let response = identity_sdk::http_client_builder()
        .unwrap()
        .build()
        .unwrap()
        .get(url)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}
