//! The six user lifecycle calls, moving a user between Okta's states as
//! the service reports them. A call that makes no sense in the user's
//! state is `409 Conflict`, naming the state.

use serde_json::json;

use super::Call;
use crate::mock_identity::Answer;
use crate::mock_identity::state::{State, User};

/// `STAGED` (or `DEPROVISIONED`) → `PROVISIONED`; sent again while
/// `PROVISIONED`. The first sign-in then makes the user `ACTIVE`.
pub(super) fn send_activation_email(state: &mut State, call: &Call<'_>) -> Answer {
    transition(
        state,
        call,
        &["STAGED", "PROVISIONED", "DEPROVISIONED"],
        |user| {
            user.status = "PROVISIONED".to_owned();
        },
    )
}

/// → `PASSWORD_EXPIRED`, with a temporary password that signs in once and
/// must then be changed with SetPassword.
pub(super) fn expire_password(state: &mut State, call: &Call<'_>) -> Answer {
    let temporary = State::secret("Tmp");
    let password = temporary.clone();
    let answer = transition(
        state,
        call,
        &["ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "LOCKED_OUT"],
        move |user| {
            user.status = "PASSWORD_EXPIRED".to_owned();
            user.password = Some(password);
            user.failed_sign_ins = 0;
        },
    );
    if answer.0 != 204 {
        return answer;
    }
    call.json(200, json!({"password": temporary}))
}

/// Multi-factor enrolments are not simulated: the user is left as it is.
pub(super) fn reset_factors(state: &mut State, call: &Call<'_>) -> Answer {
    transition(
        state,
        call,
        &["ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "LOCKED_OUT"],
        |_| {},
    )
}

/// → `RECOVERY`: the password is gone until the user sets a new one.
pub(super) fn reset_password(state: &mut State, call: &Call<'_>) -> Answer {
    transition(
        state,
        call,
        &["ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "LOCKED_OUT"],
        |user| {
            user.status = "RECOVERY".to_owned();
            user.password = None;
            user.failed_sign_ins = 0;
        },
    )
}

/// `LOCKED_OUT` → `ACTIVE`.
pub(super) fn unlock(state: &mut State, call: &Call<'_>) -> Answer {
    transition(state, call, &["LOCKED_OUT"], |user| {
        user.status = "ACTIVE".to_owned();
        user.failed_sign_ins = 0;
    })
}

/// `SUSPENDED` → `ACTIVE`.
pub(super) fn unsuspend(state: &mut State, call: &Call<'_>) -> Answer {
    transition(state, call, &["SUSPENDED"], |user| {
        user.status = "ACTIVE".to_owned();
    })
}

/// Applies `change` to the user of the `id` parameter if its status is one
/// of `from`: `204`, else `404` or `409`.
fn transition(
    state: &mut State,
    call: &Call<'_>,
    from: &[&str],
    change: impl FnOnce(&mut User),
) -> Answer {
    let Some(user) = state.users.get_mut(&call.parameter("id")) else {
        return call.not_found("UserNotFound", "No user with this id");
    };
    if !from.contains(&user.status.as_str()) {
        let title = format!(
            "The user is {}: this call needs {}",
            user.status,
            from.join(" or ")
        );
        return call.problem(409, "InvalidUserStatus", &title);
    }
    change(user);
    call.empty(204)
}
