//! Passwords: the policy per user type, and setting one's own password
//! against it.

use serde_json::{Value, json};

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::clock::now_rfc3339;
use crate::mock_identity::state::{State, User, default_policy};

/// Checks the new password against the policy of the caller's user type;
/// `400` naming `value` with every rule it breaks. A password set ends
/// `PASSWORD_EXPIRED` and `RECOVERY`.
pub(super) fn set_password(state: &mut State, call: &Call<'_>) -> Answer {
    let password = call.body["value"].as_str().unwrap_or_default().to_owned();
    let Some(user) = state.users.get(&call.user) else {
        return call.not_found("UserNotFound", "The token's user no longer exists");
    };
    let policy = policy_of(state, &user.kind);
    let broken = broken_rules(&policy, user, &password);
    if !broken.is_empty() {
        let violations: Vec<(String, String)> = broken
            .into_iter()
            .map(|rule| ("/value".to_owned(), rule))
            .collect();
        return super::invalid(call.operation, call.request_id, &violations);
    }
    let Some(user) = state.users.get_mut(&call.user) else {
        return call.not_found("UserNotFound", "The token's user no longer exists");
    };
    if let Some(old) = user.password.replace(password) {
        user.history.push(old);
    }
    if matches!(user.status.as_str(), "PASSWORD_EXPIRED" | "RECOVERY") {
        user.status = "ACTIVE".to_owned();
    }
    call.json(200, json!({"updatedAt": now_rfc3339()}))
}

pub(super) fn get_policy(state: &mut State, call: &Call<'_>) -> Answer {
    match user_type(call) {
        Some(kind) => call.json(200, json!({"conditions": policy_of(state, kind)})),
        None => call.invalid("userType", "The user type must be personal or service"),
    }
}

pub(super) fn update_policy(state: &mut State, call: &Call<'_>) -> Answer {
    let Some(kind) = user_type(call) else {
        return call.invalid("userType", "The user type must be personal or service");
    };
    let conditions = call.body["conditions"].clone();
    state.policies.insert(kind.to_owned(), conditions.clone());
    call.json(200, json!({"conditions": conditions}))
}

/// The conditions for users of `kind` (`Personal`, `Service`, any case).
pub(in crate::mock_identity) fn policy_of(state: &State, kind: &str) -> Value {
    state
        .policies
        .get(&kind.to_ascii_lowercase())
        .cloned()
        .unwrap_or_else(default_policy)
}

fn user_type(call: &Call<'_>) -> Option<&'static str> {
    let asked = call.parameter("userType");
    ["personal", "service"]
        .into_iter()
        .find(|kind| kind.eq_ignore_ascii_case(&asked))
}

/// The rules of `policy` (its conditions) that `password` breaks for
/// `user`, in words.
fn broken_rules(policy: &Value, user: &User, password: &str) -> Vec<String> {
    let complexity = &policy["complexity"];
    let mut broken = Vec::new();
    let min_length = complexity["minLength"].as_u64().unwrap_or(0);
    if (password.chars().count() as u64) < min_length {
        broken.push(format!(
            "The password must be at least {min_length} characters long"
        ));
    }
    let lowered = password.to_lowercase();
    for (rule, name, what) in [
        ("excludeFirstName", &user.first_name, "first name"),
        ("excludeLastName", &user.last_name, "last name"),
    ] {
        if complexity[rule] == true && !name.is_empty() && lowered.contains(&name.to_lowercase()) {
            broken.push(format!("The password must not contain the user's {what}"));
        }
    }
    let history = policy["age"]["historyCount"].as_u64().unwrap_or(0) as usize;
    let recent = user
        .password
        .iter()
        .chain(user.history.iter().rev())
        .take(history);
    if recent.into_iter().any(|old| old == password) {
        broken.push(format!(
            "The password must differ from the last {history} passwords"
        ));
    }
    broken
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::broken_rules;
    use crate::mock_identity::state::{DEFAULT_USER, State, default_policy};

    #[test]
    fn a_password_is_checked_against_every_rule_of_the_policy() {
        let state = State::new("http://127.0.0.1");
        let mut user = state.users[DEFAULT_USER].clone();
        let policy = default_policy();

        assert!(broken_rules(&policy, &user, "correct horse battery").is_empty());
        assert_eq!(
            broken_rules(&policy, &user, "short"),
            ["The password must be at least 12 characters long"]
        );
        assert_eq!(broken_rules(&policy, &user, "MOCK-and-USER-1").len(), 2);

        user.password = Some("correct horse battery".into());
        assert_eq!(
            broken_rules(&policy, &user, "correct horse battery"),
            ["The password must differ from the last 4 passwords"]
        );
        let lenient = json!({"complexity": {"minLength": 4}, "age": {"historyCount": 0}});
        assert!(broken_rules(&lenient, &user, "correct horse battery").is_empty());
    }
}
