//! The mock's OAuth2 token endpoint: the password grant and refresh tokens
//! it issued.
//!
//! A user name that is some user's login signs in as that user, as the
//! service would: only while the user can (`ACTIVE`, `PROVISIONED`, which
//! the first sign-in activates, or `PASSWORD_EXPIRED`), and with the
//! password once one is set, wrong ones counting towards the lockout of
//! the policy. Any other user name signs in as the mock's own user with any
//! password.

use wiremock::{Request, ResponseTemplate};

use super::api::policy_of;
use super::state::{DEFAULT_USER, State};

/// Answers a token request: `200` with a token response, or `400
/// invalid_grant`.
pub(super) fn respond(state: &mut State, request: &Request) -> (u16, ResponseTemplate) {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let user = match field("grant_type") {
        Some("password") => match (field("username"), field("password")) {
            (Some(username), Some(password)) if !username.is_empty() => {
                sign_in(state, username, password)
            }
            _ => Err("The grant is not valid."),
        },
        Some("refresh_token") => field("refresh_token")
            .and_then(|t| state.refresh_tokens.remove(t))
            .ok_or("The refresh token is not valid."),
        _ => Err("The grant is not valid."),
    };
    let user = match user {
        Ok(user) => user,
        Err(description) => {
            return (
                400,
                ResponseTemplate::new(400).set_body_json(serde_json::json!({
                    "error": "invalid_grant", "error_description": description
                })),
            );
        }
    };
    let access_token = state.issue(&user);
    let refresh_token = format!("refresh-{access_token}");
    state.refresh_tokens.insert(refresh_token.clone(), user);
    (
        200,
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 3600,
            "refresh_token": refresh_token,
            "scope": "openid client groups offline_access"
        })),
    )
}

/// The id of the user `username` signs in as, or why not.
fn sign_in(state: &mut State, username: &str, password: &str) -> Result<String, &'static str> {
    let Some(id) = state.user_by_login(username).map(|user| user.id.clone()) else {
        return Ok(DEFAULT_USER.to_owned());
    };
    let max_attempts = {
        let kind = &state.users[&id].kind;
        policy_of(state, kind)["lockout"]["maxAttempts"]
            .as_u64()
            .unwrap_or(0)
    };
    let Some(user) = state.users.get_mut(&id) else {
        return Err("The user cannot sign in.");
    };
    if !matches!(
        user.status.as_str(),
        "ACTIVE" | "PROVISIONED" | "PASSWORD_EXPIRED"
    ) {
        return Err("The user cannot sign in in its current status.");
    }
    if user.password.as_deref().is_some_and(|set| set != password) {
        user.failed_sign_ins += 1;
        if max_attempts > 0 && u64::from(user.failed_sign_ins) >= max_attempts {
            user.status = "LOCKED_OUT".to_owned();
        }
        return Err("The user name or password is not valid.");
    }
    user.failed_sign_ins = 0;
    if user.status == "PROVISIONED" {
        user.status = "ACTIVE".to_owned();
    }
    Ok(id)
}
