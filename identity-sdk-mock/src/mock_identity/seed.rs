//! What a mock starts with besides its own user: users, roles and API keys
//! read from JSON, each checked as the service would check it.

use serde::Deserialize;
use serde_json::{Value, json};

use super::clock::now_rfc3339;
use super::state::{ApiKey, DEFAULT_USER, Role, State, User};
use crate::spec;

/// Users, roles and personal access tokens a [`MockIdentity`] starts (and
/// resets) with, read from JSON:
///
/// ```json
/// {
///   "users": [{"login": "ci.bot@example.com", "firstName": "CI", "lastName": "Bot",
///              "type": "Service", "status": "ACTIVE"}],
///   "roles": [{"name": "Reconcilers", "members": ["ci.bot@example.com"]}],
///   "keys": [{"displayName": "pipeline", "key": "ci-known-token", "user": "ci.bot@example.com"}]
/// }
/// ```
///
/// A user has the fields of CreateUserRequest (`emailAddress` defaults to
/// the login, `type` to `Personal`), and may set its `id`, its `status`
/// (`ACTIVE` unless said) and a `password`. A role's members and a key's
/// `user` are user ids or logins; a key without `user` is the mock's own
/// user's. A key's `key` is a bearer token the mock accepts from the start.
///
/// [`MockIdentity`]: crate::MockIdentity
///
/// # Example
///
/// ```
/// use identity_sdk_mock::Seed;
///
/// let seed = Seed::from_json(r#"{"roles": [{"name": "Reconcilers"}]}"#).unwrap();
/// let error = Seed::from_json(r#"{"roles": [{"nmae": "Reconcilers"}]}"#).unwrap_err();
/// assert!(error.to_string().contains("nmae"), "{error}");
/// # drop(seed);
/// ```
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    #[serde(default)]
    users: Vec<SeedUser>,
    #[serde(default)]
    roles: Vec<SeedRole>,
    #[serde(default)]
    keys: Vec<SeedKey>,
}

#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SeedUser {
    id: Option<String>,
    login: String,
    email_address: Option<String>,
    second_email_address: Option<String>,
    first_name: String,
    last_name: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    password: Option<String>,
}

/// Never shows the password.
impl std::fmt::Debug for SeedUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedUser")
            .field("login", &self.login)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedRole {
    name: String,
    description: Option<String>,
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SeedKey {
    display_name: String,
    key: String,
    user: Option<String>,
    deactivation_date: Option<String>,
}

/// Never shows the key.
impl std::fmt::Debug for SeedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedKey")
            .field("display_name", &self.display_name)
            .finish_non_exhaustive()
    }
}

/// Why a seed was refused: the place in the file and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedError(String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid seed: {}", self.0)
    }
}

impl std::error::Error for SeedError {}

/// The states a seeded user may be in.
const STATUSES: &[&str] = &[
    "STAGED",
    "PROVISIONED",
    "ACTIVE",
    "RECOVERY",
    "PASSWORD_EXPIRED",
    "LOCKED_OUT",
    "SUSPENDED",
];

impl Seed {
    /// Reads a seed and checks it whole: fields, references between its
    /// parts, and what the spec requires of each user, role and key.
    pub fn from_json(text: &str) -> Result<Self, SeedError> {
        let seed: Seed =
            serde_json::from_str(text).map_err(|error| SeedError(error.to_string()))?;
        seed.apply(&mut State::new("http://127.0.0.1"))?;
        Ok(seed)
    }

    /// Adds the seed's users, roles and keys to `state`.
    pub(super) fn apply(&self, state: &mut State) -> Result<(), SeedError> {
        for (index, seeded) in self.users.iter().enumerate() {
            let place = format!("users[{index}]");
            let user = user(seeded, state, &place)?;
            state.users.insert(user.id.clone(), user);
        }
        for (index, seeded) in self.roles.iter().enumerate() {
            let place = format!("roles[{index}]");
            let request = json!({"name": seeded.name, "description": seeded.description});
            conforms("CreateRole", &request, &place)?;
            if state
                .roles
                .values()
                .any(|role| role.name.eq_ignore_ascii_case(&seeded.name))
            {
                return Err(SeedError(format!(
                    "{place}: a role named {:?} is seeded twice",
                    seeded.name
                )));
            }
            let members = seeded
                .members
                .iter()
                .map(|member| known_user(state, member, &place))
                .collect::<Result<_, _>>()?;
            let id = state.next_id("mock-role");
            let role = Role {
                name: seeded.name.clone(),
                description: seeded.description.clone(),
                members,
            };
            state.roles.insert(id, role);
        }
        for (index, seeded) in self.keys.iter().enumerate() {
            let place = format!("keys[{index}]");
            let request = json!({"displayName": seeded.display_name, "deactivationDate": seeded.deactivation_date});
            conforms("CreateApiKey", &request, &place)?;
            if seeded.key.trim().is_empty() || state.tokens.contains_key(&seeded.key) {
                return Err(SeedError(format!("{place}.key: empty or seeded twice")));
            }
            let owner = match &seeded.user {
                Some(user) => known_user(state, user, &place)?,
                None => DEFAULT_USER.to_owned(),
            };
            let id = state.next_id("mock-key");
            state.tokens.insert(seeded.key.clone(), owner.clone());
            let key = ApiKey {
                id: id.clone(),
                display_name: seeded.display_name.clone(),
                created: now_rfc3339(),
                deactivation: seeded.deactivation_date.clone(),
                key: seeded.key.clone(),
                owner,
            };
            state.api_keys.insert(id, key);
        }
        Ok(())
    }
}

fn user(seeded: &SeedUser, state: &mut State, place: &str) -> Result<User, SeedError> {
    let email = seeded
        .email_address
        .clone()
        .unwrap_or_else(|| seeded.login.clone());
    let kind = seeded.kind.clone().unwrap_or_else(|| "Personal".to_owned());
    let request = json!({
        "login": seeded.login, "emailAddress": email, "secondEmailAddress": seeded.second_email_address,
        "firstName": seeded.first_name, "lastName": seeded.last_name, "type": kind,
    });
    conforms("CreateUser", &request, place)?;
    if state.user_by_login(&seeded.login).is_some() {
        return Err(SeedError(format!(
            "{place}.login: {:?} is seeded twice",
            seeded.login
        )));
    }
    let status = seeded.status.clone().unwrap_or_else(|| "ACTIVE".to_owned());
    if !STATUSES.contains(&status.as_str()) {
        return Err(SeedError(format!(
            "{place}.status: {status:?} is none of {}",
            STATUSES.join(", ")
        )));
    }
    let id = match &seeded.id {
        Some(id) if id.is_empty() || state.users.contains_key(id) => {
            return Err(SeedError(format!("{place}.id: empty or seeded twice")));
        }
        Some(id) => id.clone(),
        None => state.next_id("00u-mock"),
    };
    Ok(User {
        id,
        email,
        second_email: seeded.second_email_address.clone(),
        login: seeded.login.clone(),
        first_name: seeded.first_name.clone(),
        last_name: seeded.last_name.clone(),
        kind,
        status,
        password: seeded.password.clone(),
        history: Vec::new(),
        failed_sign_ins: 0,
    })
}

/// The id of the user `reference` (an id or a login) names.
fn known_user(state: &State, reference: &str, place: &str) -> Result<String, SeedError> {
    state
        .user_id_of(reference)
        .ok_or_else(|| SeedError(format!("{place}: no seeded user {reference:?}")))
}

/// Checks `request` as the service would check the body of `operation`.
fn conforms(operation: &str, request: &Value, place: &str) -> Result<(), SeedError> {
    match spec::request_violations(operation, request) {
        Some(Ok(violations)) if !violations.is_empty() => {
            let described: Vec<String> = violations
                .iter()
                .map(|(field, message)| format!("{place}{}: {message}", field.replace('/', ".")))
                .collect();
            Err(SeedError(described.join("; ")))
        }
        Some(Err(error)) => Err(SeedError(error)),
        _ => Ok(()),
    }
}
