//! The state every generated client carries: how to authenticate, retry
//! and time out. The SDK's own path ([`Operation::execute`]) reads it
//! directly; progenitor's generated `send()` reaches it through the hooks
//! generated in `identity-codegen`, which forward here.
//!
//! [`Operation::execute`]: crate::Operation::execute

use std::fmt;
use std::sync::Arc;

use progenitor_client::{Error as GeneratedError, OperationInfo};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{Request, Response};

use crate::auth::TokenSource;
use crate::error::Error;
use crate::telemetry::{self, operation_span};
use crate::transport::{self, CopyRequest, Limits};

/// What the generated client carries: how to authenticate, retry and time
/// out. Built by [`ClientBuilder`](crate::ClientBuilder); cheap to clone.
#[derive(Clone)]
pub struct ClientState(Arc<State>);

struct State {
    tokens: Arc<dyn TokenSource>,
    limits: Limits,
}

impl ClientState {
    pub(crate) fn new(tokens: Arc<dyn TokenSource>, limits: Limits) -> Self {
        ClientState(Arc::new(State { tokens, limits }))
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.0.limits
    }

    /// The `Authorization` header of the next request, or the token
    /// source's error as the SDK's (the built-in sources' errors are
    /// already ours; a custom source's becomes the source of one).
    pub(crate) async fn bearer(&self) -> Result<HeaderValue, Error> {
        match self.0.tokens.token().await {
            Ok(token) => Ok(token.bearer_header()),
            Err(error) => Err(match error.downcast::<Error>() {
                Ok(ours) => *ours,
                Err(theirs) => Error::authentication("the token source failed")
                    .with_source(BoxedSource(theirs)),
            }),
        }
    }

    /// Sets the bearer token on a request (the generated `pre` hook, for
    /// `send()`, whose error type can only carry a message).
    #[doc(hidden)]
    pub async fn authorize<E>(
        &self,
        request: &mut Request,
        _: &OperationInfo,
    ) -> Result<(), GeneratedError<E>> {
        let header = self
            .bearer()
            .await
            .map_err(|error| GeneratedError::Custom(error.to_string()))?;
        request.headers_mut().insert(AUTHORIZATION, header);
        Ok(())
    }

    /// Sends a request with retries and deadline (the generated `exec`
    /// hook, for `send()`), handing progenitor a response holding the body
    /// as read.
    #[doc(hidden)]
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: Request,
        info: &OperationInfo,
    ) -> reqwest::Result<Response> {
        // A span's name is fixed where it is written: `send()` gets one
        // span name for all operations, with the operation as a field.
        let span = operation_span!("identity_operation", info.operation_id);
        telemetry::describe_request(&span, &request);
        let copy = CopyRequest::default();
        let sent = transport::send_in_span(
            &span,
            http,
            request,
            copy,
            &self.0.limits,
            info.operation_id,
        )
        .await;
        sent.outcome.map(transport::Answer::into_response)
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("tokens", &self.0.tokens)
            .field("limits", &self.0.limits)
            .finish()
    }
}

/// A custom token source's error, kept as the source of ours.
#[derive(Debug)]
struct BoxedSource(Box<dyn std::error::Error + Send + Sync>);

impl fmt::Display for BoxedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for BoxedSource {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}
