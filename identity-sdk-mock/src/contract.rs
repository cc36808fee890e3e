//! A contract test's statement of one operation, written by hand and checked
//! against the spec: the method, the path with its parameters, the query,
//! the request body (or its absence), the headers every call carries, and
//! the documented success status.
//!
//! [`Contract::mock`] turns the statement into a wiremock mock that matches
//! only the exact request, so a client that sends anything else (another
//! method, a body where there should be none, a missing parameter) gets the
//! catch-all's `418` and the test fails. And the statement itself is checked
//! against `openapi/identity.json`, so a spec that changed under the test
//! (a new required parameter or body, another method, path or success
//! status) fails it too, naming what changed.
//!
//! ```
//! use identity_sdk_mock::contract::Contract;
//!
//! let contract = Contract::new("DELETE", "/api/tokens");
//! assert_eq!(contract.operation_id(), "InvalidateToken");
//! let _mock = contract.mock().respond_with(contract.success(204));
//! ```

use serde_json::Value;
use wiremock::matchers::{header, method, path};
use wiremock::{Match, Mock, MockBuilder, Request, ResponseTemplate};

use crate::spec::{self, conforming};
use crate::{BASE_PATH, TEST_TOKEN};

/// What a request of one operation must be, as a contract test states it.
#[derive(Clone, Debug)]
pub struct Contract {
    operation_id: String,
    operation: Value,
    method: String,
    template: String,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Option<Value>,
    token: String,
}

impl Contract {
    /// The operation at `method` and `template` (the spec's path, with its
    /// `{parameters}`, without the `/identity` base path).
    ///
    /// # Panics
    ///
    /// When the spec has no such operation: the contract and the spec
    /// disagree.
    #[track_caller]
    pub fn new(method: &str, template: &str) -> Self {
        let method = method.to_ascii_uppercase();
        let Some((operation_id, operation)) = spec::operation_at(&method, template) else {
            panic!(
                "the contract states {method} {template}, which openapi/identity.json does not have"
            );
        };
        Contract {
            operation_id,
            operation,
            method,
            template: template.to_owned(),
            path_params: Vec::new(),
            query: Vec::new(),
            body: None,
            token: TEST_TOKEN.to_owned(),
        }
    }

    /// The spec's operationId for the stated method and path.
    pub fn operation_id(&self) -> &str {
        &self.operation_id
    }

    /// A path parameter's value, as the test passes it to the client.
    pub fn path_param(mut self, name: &str, value: &str) -> Self {
        self.path_params.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A query parameter the request must carry; the request carries no
    /// others.
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.query.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The JSON body the request must carry (checked against the spec's
    /// request schema); without this, the request must have no body and
    /// no `Content-Type`.
    #[track_caller]
    pub fn json_body(mut self, body: Value) -> Self {
        if let Err(message) = spec::check_request(&self.operation_id, &body) {
            panic!("{message}");
        }
        self.body = Some(body);
        self
    }

    /// The bearer token the request must carry (default [`TEST_TOKEN`]).
    pub fn bearer(mut self, token: &str) -> Self {
        self.token = token.to_owned();
        self
    }

    /// The request path the client must send, under `/identity`.
    pub fn path(&self) -> String {
        let mut path = self.template.clone();
        for (name, value) in &self.path_params {
            path = path.replace(&format!("{{{name}}}"), value);
        }
        format!("{BASE_PATH}{path}")
    }

    /// A mock that matches exactly the stated request: method, path, query
    /// (and no other), `Accept: application/json`, the bearer token, the
    /// `api-version` of the spec, and the body or its absence.
    ///
    /// # Panics
    ///
    /// When the statement disagrees with the spec: a required parameter or
    /// body the contract leaves out, a parameter or body the spec does not
    /// have.
    #[track_caller]
    pub fn mock(&self) -> MockBuilder {
        if let Err(message) = self.check_against_spec() {
            panic!("{} {}: {message}", self.method, self.template);
        }
        let version = spec::spec()["info"]["version"].as_str().unwrap_or_default();
        let body = match &self.body {
            None => RequestBody::None,
            Some(json) => RequestBody::Json(json.clone()),
        };
        Mock::given(method(self.method.as_str()))
            .and(path(self.path()))
            .and(ExactQuery(self.query.clone()))
            .and(header("accept", "application/json"))
            .and(header(
                "authorization",
                format!("Bearer {}", self.token).as_str(),
            ))
            .and(header("api-version", version))
            .and(body)
    }

    /// A success answer without a body.
    ///
    /// # Panics
    ///
    /// When the spec does not document `status` as this operation's
    /// success, or documents a body for it.
    #[track_caller]
    pub fn success(&self, status: u16) -> ResponseTemplate {
        match self.documented_success(status) {
            Some(None) => ResponseTemplate::new(status),
            Some(Some(_)) => panic!(
                "{}: the spec documents a body for {status}; use success_json",
                self.operation_id
            ),
            None => panic!(
                "{}: the spec does not document {status} as a success",
                self.operation_id
            ),
        }
    }

    /// A success answer with this JSON body, checked against the spec.
    #[track_caller]
    pub fn success_json(&self, status: u16, body: Value) -> ResponseTemplate {
        if self.documented_success(status).is_none() {
            panic!(
                "{}: the spec does not document {status} as a success",
                self.operation_id
            );
        }
        ResponseTemplate::new(status).set_body_json(conforming(&self.operation_id, status, body))
    }

    /// An error answer with this JSON body (problem details), checked
    /// against the spec.
    #[track_caller]
    pub fn error(&self, status: u16, body: Value) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_json(conforming(&self.operation_id, status, body))
    }

    /// `Some(body schema)` when the spec documents `status` as a success of
    /// this operation (`Some(None)`: without a body).
    fn documented_success(&self, status: u16) -> Option<Option<Value>> {
        let responses = self.operation.get("responses")?;
        let range = format!("{}XX", status / 100);
        if !(200..300).contains(&status) {
            return None;
        }
        let response = responses
            .get(status.to_string())
            .or_else(|| responses.get(&range))?;
        Some(
            response
                .pointer("/content/application~1json/schema")
                .cloned(),
        )
    }

    fn check_against_spec(&self) -> Result<(), String> {
        let parameters = spec::parameters(&self.operation);
        for (location, name, required) in &parameters {
            let stated = match location.as_str() {
                "path" => self.path_params.iter().any(|(n, _)| n == name),
                "query" => self.query.iter().any(|(n, _)| n == name),
                _ => continue,
            };
            if *required && !stated {
                return Err(format!(
                    "the spec requires {location} parameter {name}, the contract leaves it out"
                ));
            }
        }
        for (location, stated) in [("path", &self.path_params), ("query", &self.query)] {
            for (name, _) in stated {
                if !parameters
                    .iter()
                    .any(|(l, n, _)| l == location && n == name)
                {
                    return Err(format!(
                        "the contract states {location} parameter {name}, the spec has none"
                    ));
                }
            }
        }
        match (self.operation.get("requestBody"), &self.body) {
            (Some(body), None) if body["required"] == Value::Bool(true) => {
                Err("the spec requires a request body, the contract states none".to_owned())
            }
            (None, Some(_)) => {
                Err("the contract states a request body, the spec has none".to_owned())
            }
            _ => Ok(()),
        }
    }
}

/// Matches a request whose query holds exactly these pairs, in any order.
#[derive(Debug)]
struct ExactQuery(Vec<(String, String)>);

impl Match for ExactQuery {
    fn matches(&self, request: &Request) -> bool {
        let mut sent: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let mut expected = self.0.clone();
        sent.sort();
        expected.sort();
        sent == expected
    }
}

/// Matches the request body, or its absence.
#[derive(Debug)]
enum RequestBody {
    /// No body and no `Content-Type`.
    None,
    /// This JSON value, as `application/json`.
    Json(Value),
}

impl Match for RequestBody {
    fn matches(&self, request: &Request) -> bool {
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok());
        match self {
            RequestBody::None => request.body.is_empty() && content_type.is_none(),
            RequestBody::Json(expected) => {
                content_type.is_some_and(|t| t.starts_with("application/json"))
                    && serde_json::from_slice::<Value>(&request.body).ok().as_ref()
                        == Some(expected)
            }
        }
    }
}
