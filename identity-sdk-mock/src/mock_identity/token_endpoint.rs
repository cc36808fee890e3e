//! The mock's OAuth2 token endpoint: the password grant for any user name
//! and password, and refresh tokens it issued.

use wiremock::{Request, ResponseTemplate};

use super::{DEFAULT_USER, State};

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
        Some("password")
            if field("username").is_some_and(|u| !u.is_empty()) && field("password").is_some() =>
        {
            Some(DEFAULT_USER.to_owned())
        }
        Some("refresh_token") => {
            field("refresh_token").and_then(|t| state.refresh_tokens.remove(t))
        }
        _ => None,
    };
    let Some(user) = user else {
        return (
            400,
            ResponseTemplate::new(400).set_body_json(serde_json::json!({
                "error": "invalid_grant", "error_description": "The grant is not valid."
            })),
        );
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
