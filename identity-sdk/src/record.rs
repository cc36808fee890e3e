//! What the hooks saw during one call made through
//! [`IdentityClient::call`](crate::IdentityClient::call), kept in a
//! task-local record.

use std::cell::RefCell;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::Error;

/// What progenitor's error loses (the status and headers of a body it could not decode, the
/// attempts, a typed authentication error) is kept here.
#[derive(Default)]
pub(crate) struct CallRecord {
    pub attempts: u32,
    /// progenitor's name of the operation (`invalidate_token`).
    pub operation: &'static str,
    /// The status of the last response.
    pub status: Option<StatusCode>,
    pub response: Option<ErrorResponse>,
    pub auth_error: Option<Error>,
}

/// A response that is not a whole success: its status line, headers and
/// body as read (error bodies up to the cap), and why the body broke off if
/// it did.
pub(crate) struct ErrorResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub broken_body: Option<reqwest::Error>,
}

tokio::task_local! {
    static CALL: RefCell<CallRecord>;
}

impl CallRecord {
    /// Runs `call`, recording what the hooks see during it.
    pub(crate) async fn scope<T>(call: impl Future<Output = T>) -> (T, CallRecord) {
        CALL.scope(RefCell::new(CallRecord::default()), async move {
            let output = call.await;
            (output, CALL.with(|record| record.take()))
        })
        .await
    }

    /// Records into the current call's record, if there is one: a call made
    /// on the generated client directly has none, and loses nothing by it.
    pub(crate) fn update(change: impl FnOnce(&mut CallRecord)) {
        let _ = CALL.try_with(|record| change(&mut record.borrow_mut()));
    }
}
