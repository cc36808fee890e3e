//! MockIdentity simulates the whole service: downstream flows that span
//! users, roles, keys, applications and the rest run on it through the SDK,
//! with the statuses and errors the service documents.

use identity_sdk::IdentityClient;
use identity_sdk::auth::PasswordGrantCredentials;
use identity_sdk::prelude::*;
use identity_sdk_mock::{MockIdentity, Seed};

mod common;
use common::mock::{client, jane_doe};

/// A client that signs in as `login` with the password grant.
fn signed_in(identity: &MockIdentity, login: &str, password: &str) -> IdentityClient {
    IdentityClient::builder()
        .with_base_url(identity.base_url())
        .with_password_grant(PasswordGrantCredentials {
            token_url: identity.token_url().parse().unwrap(),
            username: login.into(),
            password: password.into(),
            client_id: "our-client".into(),
            client_secret: "our-secret".into(),
        })
        .with_retry_policy(identity_sdk::RetryPolicy::none())
        .build()
        .unwrap()
}

fn status_of(error: &identity_sdk::Error) -> (Option<u16>, Option<String>) {
    (
        error.status().map(|status| status.as_u16()),
        error.problem().and_then(|problem| problem.name.clone()),
    )
}

#[tokio::test]
async fn onboard_a_service_user_then_rotate_our_applications_secret() {
    let identity = MockIdentity::start().await;
    let admin = client(&identity, &identity.issue_token());
    let api = admin.api();
    let application = api
        .create_application()
        .body_map(|app| {
            app.display_name("Nightly reconciliation")
                .client_id("nightly-recon")
                .type_("Web")
        })
        .execute()
        .await
        .unwrap()
        .into_inner();
    let first_secret = application.secret.clone().expect("shown on creation");

    // Create it.
    let user = api
        .create_user()
        .body_map(|user| {
            user.email_address("recon.bot@example.com")
                .login("recon.bot@example.com")
                .first_name("Recon")
                .last_name("Bot")
                .type_("Service")
        })
        .execute()
        .await
        .unwrap();
    assert_eq!(user.status(), 201);
    assert_eq!(user.status.as_str(), "STAGED");
    let user = user.into_inner();

    // Activate it.
    let activated = api
        .send_activation_email()
        .id(user.id.as_str())
        .execute()
        .await
        .unwrap();
    assert_eq!(activated.status(), 204);

    // Add it to a role.
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

    // Give it a key: signed in as itself, it creates one, which then works.
    let as_bot = signed_in(&identity, "recon.bot@example.com", "any password");
    let key = as_bot
        .api()
        .create_api_key()
        .body_map(|key| key.display_name("reconciliation job"))
        .execute()
        .await
        .unwrap()
        .into_inner();
    let with_key = client(&identity, key.key.expose_secret());
    let me = with_key.api().get_user_info().execute().await.unwrap();
    assert_eq!(me.id.as_str(), user.id.as_str());

    let onboarded = api
        .get_user()
        .id(user.id.as_str())
        .include_roles(true)
        .execute()
        .await
        .unwrap();
    assert_eq!(onboarded.status.as_str(), "ACTIVE", "its first sign-in");
    let roles: Vec<&str> = onboarded
        .roles
        .iter()
        .flatten()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(roles, ["Reconcilers"]);
    let runnable = api.list_runnable_users().execute().await.unwrap();
    assert_eq!(
        runnable.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        [user.id.as_str()]
    );

    // Rotate our application's secret: a new one, shown once.
    let rotated = api
        .rotate_application_secrets()
        .id(application.id.as_str())
        .execute()
        .await
        .unwrap()
        .into_inner();
    let second_secret = rotated.secret.expect("shown on rotation");
    assert_ne!(second_secret.expose_secret(), first_secret.expose_secret());
    let fetched = api
        .get_application()
        .id(application.id.as_str())
        .execute()
        .await
        .unwrap();
    assert!(fetched.secret.is_none(), "never shown again by default");
    let listed = api.list_applications().execute().await.unwrap();
    assert!(listed.iter().all(|app| app.secret.is_none()));
}

#[tokio::test]
async fn documented_errors_are_problem_details() {
    let identity = MockIdentity::start().await;
    let admin = client(&identity, &identity.issue_token());
    let api = admin.api();
    let create = || api.create_user().body_map(jane_doe);
    create().execute().await.unwrap();

    let duplicate = create().execute().await.unwrap_err();
    assert_eq!(
        status_of(&duplicate),
        (Some(409), Some("UserAlreadyExists".into()))
    );
    api.create_role()
        .body_map(|r| r.name("Auditors"))
        .execute()
        .await
        .unwrap();
    let duplicate = api
        .create_role()
        .body_map(|r| r.name("auditors"))
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        status_of(&duplicate),
        (Some(409), Some("RoleAlreadyExists".into()))
    );
    let unknown = api
        .update_role()
        .id("mock-role-none")
        .body_map(|r| r.description(Some("x".parse().unwrap())))
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        status_of(&unknown),
        (Some(404), Some("RoleNotFound".into()))
    );
    let unknown = api
        .unlock_user()
        .id("00u-none")
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        status_of(&unknown),
        (Some(404), Some("UserNotFound".into()))
    );

    // An active user is not locked out.
    let conflict = api
        .unlock_user()
        .id(identity.user_id())
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        status_of(&conflict),
        (Some(409), Some("InvalidUserStatus".into()))
    );

    // The policy: twelve characters, and not one's own name.
    let weak = api
        .set_password()
        .body_map(|password| password.value("Mock-1234567"))
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        status_of(&weak),
        (Some(400), Some("InvalidRequestBody".into()))
    );
    let errors = weak.problem().unwrap().errors.clone().unwrap_or_default();
    assert!(errors.contains_key("value"), "{errors:?}");
    let set = api
        .set_password()
        .body_map(|password| password.value("correct horse battery"))
        .execute()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
}

#[tokio::test]
async fn lifecycle_calls_move_a_user_between_states() {
    let seed = Seed::from_json(
        r#"{"users": [
            {"id": "00u-locked", "login": "locked@example.com", "firstName": "Lock", "lastName": "Ed", "status": "LOCKED_OUT"},
            {"id": "00u-suspended", "login": "suspended@example.com", "firstName": "Sus", "lastName": "Pended", "status": "SUSPENDED"}
        ]}"#,
    )
    .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let identity = MockIdentity::serve(listener, seed).await;
    let admin = client(&identity, &identity.issue_token());
    let api = admin.api();
    let status = |id: &'static str| {
        let api = admin.api();
        async move {
            api.get_user()
                .id(id)
                .execute()
                .await
                .unwrap()
                .status
                .to_string()
        }
    };

    api.unlock_user().id("00u-locked").execute().await.unwrap();
    assert_eq!(status("00u-locked").await, "ACTIVE");
    api.unsuspend_user()
        .id("00u-suspended")
        .execute()
        .await
        .unwrap();
    assert_eq!(status("00u-suspended").await, "ACTIVE");

    let temporary = api
        .expire_password()
        .id("00u-locked")
        .execute()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(status("00u-locked").await, "PASSWORD_EXPIRED");
    // The temporary password signs in; another does not.
    let wrong = signed_in(&identity, "locked@example.com", "guess");
    assert!(wrong.api().get_user_info().execute().await.is_err());
    let user = signed_in(
        &identity,
        "locked@example.com",
        temporary.password.expose_secret(),
    );
    user.api()
        .set_password()
        .body_map(|password| password.value("a much better passphrase"))
        .execute()
        .await
        .unwrap();
    assert_eq!(status("00u-locked").await, "ACTIVE");

    api.reset_password()
        .id("00u-locked")
        .execute()
        .await
        .unwrap();
    assert_eq!(status("00u-locked").await, "RECOVERY");
    api.reset_factors()
        .id("00u-suspended")
        .execute()
        .await
        .unwrap();
    assert_eq!(status("00u-suspended").await, "ACTIVE");

    let found = api
        .find_users_by_id()
        .id(vec!["00u-locked".to_owned(), "00u-none".to_owned()])
        .execute()
        .await
        .unwrap()
        .into_inner();
    assert!(found.values.unwrap_or_default().contains_key("00u-locked"));
    assert!(found.failed.unwrap_or_default().contains_key("00u-none"));

    // Deleted, not purged: listed only with includeDeactivated.
    api.delete_user()
        .id("00u-suspended")
        .execute()
        .await
        .unwrap();
    let listed = api.list_users().execute().await.unwrap();
    assert!(listed.iter().all(|u| u.id.as_str() != "00u-suspended"));
    let with_deleted = api
        .list_users()
        .include_deactivated(true)
        .execute()
        .await
        .unwrap();
    let deleted = with_deleted
        .iter()
        .find(|u| u.id.as_str() == "00u-suspended")
        .unwrap();
    assert_eq!(deleted.status.as_str(), "DEPROVISIONED");
}

#[tokio::test]
async fn support_access_is_granted_listed_and_invalidated() {
    let identity = MockIdentity::start().await;
    let admin = client(&identity, &identity.issue_token());
    let api = admin.api();
    let roles = api
        .get_support_roles()
        .execute()
        .await
        .unwrap()
        .into_inner();
    let role = roles.support_roles.unwrap()[0]
        .internal_identifier
        .clone()
        .unwrap();

    let granted = api
        .grant_support_access()
        .body_map(|access| {
            access
                .duration("PT8H")
                .permitted_roles(Some(vec![role.clone()]))
        })
        .execute()
        .await
        .unwrap();
    assert_eq!(granted.status(), 201);
    let information = api
        .get_authentication_information()
        .execute()
        .await
        .unwrap();
    assert_eq!(information.support.as_ref().unwrap().expiry, granted.expiry);

    let ended = api.invalidate_support_access().execute().await.unwrap();
    assert_eq!(ended.len(), 1);
    assert!(ended[0].terminated.unwrap_or(false));
    let history = api.get_support_access_history().execute().await.unwrap();
    assert_eq!(history.len(), 1);
    let information = api
        .get_authentication_information()
        .execute()
        .await
        .unwrap();
    assert!(information.support.is_none());

    let invalid = api
        .grant_support_access()
        .body_map(|access| access.duration("P9999Y"))
        .execute()
        .await
        .unwrap_err();
    assert_eq!(status_of(&invalid).0, Some(400));
}

#[tokio::test]
async fn scim_shows_its_token_once_and_resources_are_described() {
    let identity = MockIdentity::start().await;
    let admin = client(&identity, &identity.issue_token());
    let api = admin.api();

    let added = api.add_scim().execute().await.unwrap().into_inner();
    assert!(added.api_token.is_some());
    let again = api.add_scim().execute().await.unwrap().into_inner();
    assert!(
        again.api_token.is_none(),
        "ensure: already on, not shown again"
    );
    let regenerated = api
        .add_scim()
        .api_token_action("regenerate")
        .execute()
        .await
        .unwrap();
    assert_ne!(
        regenerated.api_token.as_ref().unwrap().expose_secret(),
        added.api_token.as_ref().unwrap().expose_secret()
    );
    assert_eq!(api.remove_scim().execute().await.unwrap().status(), 204);
    let error = api.remove_scim().execute().await.unwrap_err();
    assert_eq!(status_of(&error).0, Some(404));

    let resources = api
        .list_access_controlled_resources()
        .execute()
        .await
        .unwrap();
    assert!(!resources.values.is_empty());
}

#[tokio::test]
async fn a_user_is_updated_unless_the_login_is_taken_and_an_application_deleted() {
    let identity = MockIdentity::start().await;
    let admin = client(&identity, &identity.issue_token());
    let api = admin.api();
    let user = api
        .create_user()
        .body_map(jane_doe)
        .execute()
        .await
        .unwrap();
    let update = |login: &'static str| {
        api.update_user()
            .id(user.id.as_str())
            .body_map(move |update| {
                update
                    .email_address(login)
                    .login(login)
                    .first_name("Jane")
                    .last_name("Smith")
            })
    };

    let updated = update("jane.smith@example.com").execute().await.unwrap();
    assert_eq!(updated.status(), 200);
    assert_eq!(
        (updated.login.as_str(), updated.last_name.as_str()),
        ("jane.smith@example.com", "Smith")
    );
    let taken = update("mock.user@example.com").execute().await.unwrap_err();
    assert_eq!(
        status_of(&taken),
        (Some(409), Some("UserAlreadyExists".into()))
    );

    let application = api
        .create_application()
        .body_map(|app| {
            app.display_name("Old tool")
                .client_id("old-tool")
                .type_("Native")
        })
        .execute()
        .await
        .unwrap();
    let deleted = api
        .delete_application()
        .id(application.id.as_str())
        .execute()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let gone = api
        .get_application()
        .id(application.id.as_str())
        .execute()
        .await
        .unwrap_err();
    assert_eq!(
        status_of(&gone),
        (Some(404), Some("ApplicationNotFound".into()))
    );
}
