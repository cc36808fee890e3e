//! The state every generated client carries, and the request path every
//! generated operation takes: progenitor's hooks (generated in
//! `identity-codegen`) forward here.

use std::fmt;
use std::sync::Arc;

use progenitor_client::{Error as GeneratedError, OperationInfo};
use reqwest::header::AUTHORIZATION;
use reqwest::{Request, Response};

use crate::auth::TokenSource;
use crate::error::Error;
use crate::record::{CallRecord, ErrorResponse};
use crate::transport::{self, Limits};
use crate::{tables, telemetry};

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

    /// Sets the bearer token on a request (the generated `pre` hook).
    #[doc(hidden)]
    pub async fn authorize<E>(
        &self,
        request: &mut Request,
        _: &OperationInfo,
    ) -> Result<(), GeneratedError<E>> {
        match self.0.tokens.token().await {
            Ok(token) => {
                request
                    .headers_mut()
                    .insert(AUTHORIZATION, token.bearer_header());
                Ok(())
            }
            Err(error) => {
                let error = match error.downcast::<Error>() {
                    Ok(ours) => *ours,
                    Err(theirs) => Error::authentication("the token source failed")
                        .with_source(BoxedSource(theirs)),
                };
                let message = error.to_string();
                CallRecord::update(|record| record.auth_error = Some(error));
                Err(GeneratedError::Custom(message))
            }
        }
    }

    /// Sends a request with retries and deadline (the generated `exec` hook).
    #[doc(hidden)]
    pub async fn execute(
        &self,
        http: &reqwest::Client,
        request: Request,
        info: &OperationInfo,
    ) -> reqwest::Result<Response> {
        let span = tables::operation_span(info.operation_id);
        telemetry::describe_request(&span, &request);
        let sent =
            transport::send_in_span(&span, http, request, &self.0.limits, info.operation_id).await;
        let response = match &sent.outcome {
            Ok(response) if !response.status().is_success() || sent.broken_body.is_some() => {
                Some(ErrorResponse {
                    status: response.status(),
                    headers: response.headers().clone(),
                    body: sent.body.clone(),
                    broken_body: sent.broken_body,
                })
            }
            _ => None,
        };
        CallRecord::update(|record| {
            record.attempts = sent.attempts;
            record.operation = info.operation_id;
            record.status = sent.outcome.as_ref().ok().map(Response::status);
            record.response = response;
        });
        sent.outcome
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
