//! Signing out (the `tokens` feature): the raw `invalidate_token` call,
//! and `sign_out`, which reads its outcomes as a user means them.

use reqwest::StatusCode;

use crate::client::IdentityClient;
use crate::error::{self, Error, ErrorKind};
use crate::generated::{ClientTokensExt, ResponseValue};
use crate::operation::Operation;

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
    /// Invalidates the current token (`DELETE /api/tokens`), exactly as the
    /// spec says: any error status is an error.
    pub async fn invalidate_token(&self) -> Result<ResponseValue<()>, Error> {
        self.api().invalidate_token().execute().await
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
