//! What the mock remembers between calls, and the shapes the service sends
//! it back in.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::{Value, json};

use super::{Call, Fault};

/// The user every token the mock issues belongs to, unless a test creates
/// others.
pub(super) const DEFAULT_USER: &str = "00u-mock-user-1";

/// A user as the service keeps it.
#[derive(Clone, Debug)]
pub(super) struct User {
    pub id: String,
    pub email: String,
    pub second_email: Option<String>,
    pub login: String,
    pub first_name: String,
    pub last_name: String,
    /// `Personal` or `Service`.
    pub kind: String,
    /// Okta's user states, which the service reports: `STAGED`,
    /// `PROVISIONED`, `ACTIVE`, `RECOVERY`, `PASSWORD_EXPIRED`,
    /// `LOCKED_OUT`, `SUSPENDED`, `DEPROVISIONED`.
    pub status: String,
    /// Set by SetPassword or ExpirePassword; until then any password signs
    /// in.
    pub password: Option<String>,
    /// The passwords set before, newest last, for the policy's history.
    pub history: Vec<String>,
    pub failed_sign_ins: u32,
}

impl User {
    /// A `UserResponse`; `roles` when the caller asked for them.
    pub fn response(&self, roles: Option<Vec<Value>>) -> Value {
        let mut user = json!({
            "id": self.id,
            "emailAddress": self.email,
            "login": self.login,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "type": self.kind,
            "status": self.status,
            "external": false,
        });
        if let Some(second) = &self.second_email {
            user["secondEmailAddress"] = Value::from(second.as_str());
        }
        if let Some(roles) = roles {
            user["roles"] = Value::Array(roles);
        }
        user
    }

    /// A `UserSummary`, as FindUsersById lists them.
    pub fn summary(&self) -> Value {
        json!({
            "id": self.id,
            "login": self.login,
            "email": self.email,
            "secondEmail": self.second_email,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "type": self.kind,
        })
    }
}

/// A personal access token (API key) as the mock keeps it.
#[derive(Clone, Debug)]
pub(super) struct ApiKey {
    pub id: String,
    pub display_name: String,
    pub created: String,
    pub deactivation: Option<String>,
    /// The key itself: a bearer token while the key exists.
    pub key: String,
    pub owner: String,
}

impl ApiKey {
    /// An `ApiKey`: never the key itself.
    pub fn response(&self) -> Value {
        json!({
            "id": self.id,
            "displayName": self.display_name,
            "createdDate": self.created,
            "deactivationDate": self.deactivation,
        })
    }
}

#[derive(Clone, Debug)]
pub(super) struct Role {
    pub name: String,
    pub description: Option<String>,
    pub members: Vec<String>,
}

impl Role {
    pub fn response(&self, id: &str) -> Value {
        json!({
            "id": id,
            "roleId": {"scope": "default", "code": self.name},
            "source": "LUSID",
            "name": self.name,
            "description": self.description,
        })
    }
}

#[derive(Clone, Debug)]
pub(super) struct Application {
    pub client_id: String,
    pub display_name: String,
    pub kind: String,
    pub secret: String,
}

/// One grant of support access.
#[derive(Clone, Debug)]
pub(super) struct SupportAccess {
    pub id: String,
    pub duration: String,
    pub description: Option<String>,
    pub created_at: String,
    pub expiry: String,
    pub created_by: String,
    pub terminated: Option<(String, String)>,
    pub permitted_roles: Option<Vec<String>>,
}

impl SupportAccess {
    pub fn response(&self) -> Value {
        let (terminated_at, terminated_by) = match &self.terminated {
            Some((at, by)) => (Value::from(at.as_str()), Value::from(by.as_str())),
            None => (Value::Null, Value::Null),
        };
        json!({
            "id": self.id,
            "duration": self.duration,
            "description": self.description,
            "createdAt": self.created_at,
            "expiry": self.expiry,
            "createdBy": self.created_by,
            "terminated": self.terminated.is_some(),
            "terminatedAt": terminated_at,
            "terminatedBy": terminated_by,
            "permittedRoles": self.permitted_roles,
        })
    }

    /// Not invalidated and not expired at `now` (both RFC 3339 in UTC, so
    /// they compare as strings).
    pub fn is_active(&self, now: &str) -> bool {
        self.terminated.is_none() && self.expiry.as_str() > now
    }
}

/// Everything the mock remembers; ordered maps, so lists come back in the
/// order of their ids (creation order).
#[derive(Default)]
pub(super) struct State {
    /// `http://127.0.0.1:<port>`, for the URLs the service names.
    pub origin: String,
    /// Live tokens and the user each belongs to.
    pub tokens: HashMap<String, String>,
    /// Tokens handed out by `issue_token` and `/_mock/tokens`: they outlive
    /// a reset.
    pub minted: HashSet<String>,
    pub refresh_tokens: HashMap<String, String>,
    pub users: BTreeMap<String, User>,
    /// Deleted without `purge`: listed with `includeDeactivated`.
    pub deleted: BTreeMap<String, User>,
    pub api_keys: BTreeMap<String, ApiKey>,
    pub roles: BTreeMap<String, Role>,
    pub applications: BTreeMap<String, Application>,
    pub support: Vec<SupportAccess>,
    /// The SCIM API token, while SCIM is on.
    pub scim: Option<String>,
    /// Password policy conditions by user type (`personal`, `service`).
    pub policies: BTreeMap<String, Value>,
    /// The user schema's alternative user ids.
    pub user_schema: Vec<Value>,
    pub calls: Vec<Call>,
    pub faults: VecDeque<Fault>,
    pub issued: u64,
    pub created: u64,
    pub requests: u64,
}

/// The policy a domain starts with: Okta's defaults, with FINBOURNE's
/// twelve-character minimum.
pub(super) fn default_policy() -> Value {
    json!({
        "complexity": {"minLength": 12, "excludeFirstName": true, "excludeLastName": true},
        "age": {"maxAgeDays": 0, "historyCount": 4},
        "lockout": {"maxAttempts": 10},
    })
}

impl State {
    /// The state of a new domain: the mock's own active user.
    pub fn new(origin: &str) -> Self {
        let mut state = State {
            origin: origin.to_owned(),
            ..State::default()
        };
        for user_type in ["personal", "service"] {
            state
                .policies
                .insert(user_type.to_owned(), default_policy());
        }
        state.users.insert(
            DEFAULT_USER.to_owned(),
            User {
                id: DEFAULT_USER.to_owned(),
                email: "mock.user@example.com".to_owned(),
                second_email: None,
                login: "mock.user@example.com".to_owned(),
                first_name: "Mock".to_owned(),
                last_name: "User".to_owned(),
                kind: "Personal".to_owned(),
                status: "ACTIVE".to_owned(),
                password: None,
                history: Vec::new(),
                failed_sign_ins: 0,
            },
        );
        state
    }

    /// A new live token for `user`.
    pub fn issue(&mut self, user: &str) -> String {
        self.issued += 1;
        // Numbered for readable test output, random so that no test can
        // pass by guessing a token.
        let token = format!("mock-token-{}-{:016x}", self.issued, fastrand::u64(..));
        self.tokens.insert(token.clone(), user.to_owned());
        token
    }

    /// A new id with `prefix`, in creation order.
    pub fn next_id(&mut self, prefix: &str) -> String {
        self.created += 1;
        format!("{prefix}-{:04}", self.created)
    }

    /// A random secret with `prefix`, never guessable by a test.
    pub fn secret(prefix: &str) -> String {
        format!(
            "{prefix}-{:016x}{:016x}",
            fastrand::u64(..),
            fastrand::u64(..)
        )
    }

    /// The user with this login (case-insensitive, as logins are emails).
    pub fn user_by_login(&self, login: &str) -> Option<&User> {
        self.users
            .values()
            .find(|user| user.login.eq_ignore_ascii_case(login))
    }

    /// The user with this id or, failing that, this login.
    pub fn user_id_of(&self, id_or_login: &str) -> Option<String> {
        if self.users.contains_key(id_or_login) {
            return Some(id_or_login.to_owned());
        }
        self.user_by_login(id_or_login).map(|user| user.id.clone())
    }

    /// The roles `user` is a member of, as `RoleResponse`s.
    pub fn roles_of(&self, user: &str) -> Vec<Value> {
        self.roles
            .iter()
            .filter(|(_, role)| role.members.iter().any(|member| member == user))
            .map(|(id, role)| role.response(id))
            .collect()
    }

    /// Forgets a user everywhere: role memberships, tokens and keys.
    pub fn forget_user(&mut self, id: &str) {
        for role in self.roles.values_mut() {
            role.members.retain(|member| member != id);
        }
        self.tokens.retain(|_, owner| owner != id);
        self.refresh_tokens.retain(|_, owner| owner != id);
        self.api_keys.retain(|_, key| key.owner != id);
    }
}
