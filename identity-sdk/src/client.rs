//! The client users hold: the generated operations, plus the calls a
//! generator cannot write (one typed error, sign-out semantics).

use std::future::Future;

use bytes::Bytes;
use progenitor_client::{Error as GeneratedError, ResponseValue};
use reqwest::StatusCode;
use serde::Serialize;

use crate::error::{self, Error, ErrorKind};
use crate::generated::{Client, ClientTokensExt};
use crate::record::CallRecord;
use crate::transport;

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
            Err(error) => {
                let attempts = record.attempts;
                Err(into_error(error, record).await.with_attempts(attempts))
            }
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
    /// [`SignOut::AlreadySignedOut`], not an error. Everything else that is
    /// not a 204 is an error.
    pub async fn sign_out(&self) -> Result<SignOut, Error> {
        match self.invalidate_token().await {
            Ok(response) => Ok(SignOut::SignedOut {
                request_id: error::request_id(response.headers()),
            }),
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

async fn into_error<E: Serialize>(error: GeneratedError<E>, record: CallRecord) -> Error {
    match error {
        GeneratedError::ErrorResponse(response) => {
            let (status, headers) = (response.status(), response.headers().clone());
            // The body was decoded already; re-encoding it keeps every field
            // the generated type knows.
            let body = serde_json::to_vec(&response.into_inner()).unwrap_or_default();
            Error::from_response(status, &headers, Bytes::from(body))
        }
        GeneratedError::InvalidResponsePayload(body, _) => match record.response {
            Some(response) => Error::from_response(response.status, &response.headers, body),
            None => Error::new(
                ErrorKind::Response,
                "the response body could not be decoded",
            ),
        },
        GeneratedError::UnexpectedResponse(mut response) => {
            let (status, headers) = (response.status(), response.headers().clone());
            // What cannot be read is dropped: the status is what matters then.
            let body = transport::read_capped(&mut response)
                .await
                .unwrap_or_default();
            Error::from_response(status, &headers, body)
        }
        GeneratedError::CommunicationError(error)
        | GeneratedError::ResponseBodyError(error)
        | GeneratedError::InvalidUpgrade(error) => Error::from_transport(error),
        GeneratedError::InvalidRequest(message) => Error::new(ErrorKind::InvalidRequest, message),
        GeneratedError::Custom(message) => record
            .auth_error
            .unwrap_or_else(|| Error::new(ErrorKind::InvalidRequest, message)),
    }
}
