//! Running one generated operation and turning progenitor's error into
//! the SDK's, with what the hooks recorded during the call.

use std::future::Future;

use bytes::Bytes;
use progenitor_client::{Error as GeneratedError, ResponseValue};
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::record::{CallRecord, ErrorResponse};
use crate::tables;
use crate::transport::{self, MAX_ERROR_BODY};

/// Runs `operation` (a generated `send()` future) recording what the hooks
/// see, and returns its value or the SDK's [`Error`].
pub(crate) async fn call<T, E: Serialize>(
    operation: impl Future<Output = Result<ResponseValue<T>, GeneratedError<E>>>,
) -> Result<ResponseValue<T>, Error> {
    let (result, record) = CallRecord::scope(operation).await;
    match result {
        Ok(value) => Ok(value),
        Err(error) => Err(into_error(error, record).await),
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
                let documented = tables::documented_success(operation);
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
