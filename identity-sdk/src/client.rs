//! The client users hold: the generated operations, plus the calls a
//! generator cannot write (one typed error, sign-out semantics).

use std::future::Future;

use bytes::Bytes;
use progenitor_client::{Error as GeneratedError, ResponseValue};
use reqwest::StatusCode;
use serde::Serialize;

use crate::error::{self, Error, ErrorKind};
use crate::generated::{Client, ClientTokensExt};
use crate::record::{CallRecord, ErrorResponse};
use crate::transport::{self, MAX_ERROR_BODY};

/// A client of the Identity API, configured with credentials, timeouts and
/// a retry policy that apply to every operation. Cheap to clone; clones share
/// connections and cached tokens.
///
/// # Example
///
/// ```no_run
/// use identity_sdk::{IdentityClient, SignOut};
///
/// # async fn run() -> Result<(), identity_sdk::Error> {
/// let client = IdentityClient::from_env()?;
/// match client.sign_out().await? {
///     SignOut::SignedOut { .. } => println!("signed out"),
///     SignOut::AlreadySignedOut { .. } => println!("the token was already invalid"),
///     _ => {}
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct IdentityClient {
    api: Client,
}

/// What [`IdentityClient::sign_out`] achieved.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignOut {
    /// The token was invalidated.
    SignedOut {
        /// The service's id for the request, if it sent one.
        request_id: Option<String>,
    },
    /// The service refused the token as already invalid (401): the user is
    /// signed out either way.
    AlreadySignedOut {
        /// The service's id for the request, if it sent one.
        request_id: Option<String>,
    },
}

impl SignOut {
    /// The service's id for the request, to quote to support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            SignOut::SignedOut { request_id } | SignOut::AlreadySignedOut { request_id } => {
                request_id.as_deref()
            }
        }
    }
}

impl IdentityClient {
    pub(crate) fn new(api: Client) -> Self {
        IdentityClient { api }
    }

    /// The generated client: every operation of the spec, with this client's
    /// authentication, identification headers, retries and timeouts, and
    /// progenitor's own error type.
    pub fn api(&self) -> &Client {
        &self.api
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        use progenitor_client::ClientInfo;
        self.api.baseurl()
    }

    /// Runs one generated operation and turns its error into an [`Error`]
    /// that keeps the status, request id, body and attempt count even when
    /// the body was not the documented type.
    ///
    /// ```no_run
    /// # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
    /// use identity_sdk::ClientTokensExt;
    /// client.call(client.api().invalidate_token().send()).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub async fn call<T, E: Serialize>(
        &self,
        operation: impl Future<Output = Result<ResponseValue<T>, GeneratedError<E>>>,
    ) -> Result<ResponseValue<T>, Error> {
        let (result, record) = CallRecord::scope(operation).await;
        match result {
            Ok(value) => Ok(value),
            Err(error) => Err(into_error(error, record).await),
        }
    }

    /// Invalidates the current token (`DELETE /api/tokens`), exactly as the
    /// spec says: any error status is an error.
    pub async fn invalidate_token(&self) -> Result<ResponseValue<()>, Error> {
        self.call(self.api.invalidate_token().send()).await
    }

    /// Signs the current user out of all FINBOURNE platforms.
    ///
    /// A 401 from this endpoint means the token is already invalid, so the
    /// user is signed out either way: that is
    /// [`SignOut::AlreadySignedOut`], not an error. Any success status
    /// counts as signed out (some gateways turn the documented `204` into a
    /// `200`). Everything else is an error.
    pub async fn sign_out(&self) -> Result<SignOut, Error> {
        match self.invalidate_token().await {
            Ok(response) => Ok(SignOut::SignedOut {
                request_id: error::request_id(response.headers()),
            }),
            Err(error)
                if error.kind() == ErrorKind::Response
                    && error.status().is_some_and(|status| status.is_success()) =>
            {
                Ok(SignOut::SignedOut {
                    request_id: error.request_id().map(str::to_owned),
                })
            }
            Err(error)
                if error.kind() == ErrorKind::Response
                    && error.status() == Some(StatusCode::UNAUTHORIZED) =>
            {
                Ok(SignOut::AlreadySignedOut {
                    request_id: error.request_id().map(str::to_owned),
                })
            }
            Err(error) => Err(error),
        }
    }
}

/// Our error for progenitor's, with what the hooks recorded during the call
/// (the status, headers and body it could not decode, the attempts).
async fn into_error<E: Serialize>(error: GeneratedError<E>, record: CallRecord) -> Error {
    let CallRecord {
        attempts,
        operation,
        status,
        response,
        auth_error,
    } = record;
    let error = match (error, response) {
        // The pre hook failed: no attempt was made, and the token source's
        // error (which counts its own attempts) says why.
        (GeneratedError::Custom(message), _) => {
            return auth_error.unwrap_or_else(|| Error::new(ErrorKind::InvalidRequest, message));
        }
        (
            _,
            Some(ErrorResponse {
                status,
                headers,
                body,
                broken_body: Some(cause),
            }),
        ) => Error::incomplete(status, &headers, body, cause),
        (GeneratedError::UnexpectedResponse(mut response), _) => {
            let (status, headers) = (response.status(), response.headers().clone());
            // Already in memory (the transport buffered it): no wait.
            let (body, _) = transport::read_capped(&mut response, MAX_ERROR_BODY).await;
            if status.is_success() {
                let documented = crate::generated::documented_success(operation);
                Error::unexpected_success(status, &headers, body, documented)
            } else if status.is_redirection() {
                Error::redirected(status, &headers, body)
            } else {
                Error::from_response(status, &headers, body)
            }
        }
        (
            GeneratedError::ErrorResponse(_) | GeneratedError::InvalidResponsePayload(..),
            Some(recorded),
        ) => Error::from_response(recorded.status, &recorded.headers, recorded.body),
        (GeneratedError::ErrorResponse(response), None) => {
            // Not recorded (not expected: error statuses always are); the
            // decoded body, re-encoded, keeps every field the type knows.
            let (status, headers) = (response.status(), response.headers().clone());
            let body = serde_json::to_vec(&response.into_inner()).unwrap_or_default();
            Error::from_response(status, &headers, Bytes::from(body))
        }
        (GeneratedError::InvalidResponsePayload(_, cause), None) => {
            let status = status.map_or_else(String::new, |status| format!("{status} "));
            Error::new(
                ErrorKind::Response,
                format!("the {status}response body is not the type the API documents"),
            )
            .with_source(cause)
        }
        (
            GeneratedError::CommunicationError(error)
            | GeneratedError::ResponseBodyError(error)
            | GeneratedError::InvalidUpgrade(error),
            _,
        ) => Error::from_transport(error),
        (GeneratedError::InvalidRequest(message), _) => {
            Error::new(ErrorKind::InvalidRequest, message)
        }
    };
    error.with_attempts(attempts)
}
