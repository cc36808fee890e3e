//! Running an operation: [`Operation::execute`], implemented for every
//! request builder of the generated client (the implementations are
//! generated from the spec at build time, beside the client, and carry each
//! operation's facts as constants).

use std::future::Future;

use crate::call::BodyError;
use crate::error::Error;
use crate::generated::ResponseValue;

/// A request to the Identity API, built with the generated client's
/// builder (`client.api().list_users().include_roles(true)`), ready to run.
///
/// [`execute`](Operation::execute) sends it with the client's
/// authentication, retries and timeouts and returns the documented success
/// type or the SDK's [`Error`] (status, request id, problem details, raw
/// body, attempts), never progenitor's error type. Bring it into scope with
/// `use identity_sdk::prelude::*`.
///
/// ```no_run
/// use identity_sdk::prelude::*;
///
/// # async fn run(client: identity_sdk::IdentityClient) -> Result<(), identity_sdk::Error> {
/// client.api().invalidate_token().execute().await?;
/// # Ok(())
/// # }
/// ```
///
/// The trait is sealed: only the generated builders implement it.
pub trait Operation: Sealed + Sized + Send {
    /// What the operation returns on success.
    type Output: Send;

    /// progenitor's name of the operation (`invalidate_token`).
    #[doc(hidden)]
    const NAME: &'static str;

    /// The success statuses the spec documents (`"204"`, `"2XX"`).
    #[doc(hidden)]
    const DOCUMENTED_SUCCESS: &'static [&'static str];

    /// The span of one call, named after the operation.
    #[doc(hidden)]
    fn span() -> tracing::Span;

    /// The output of a documented success status's body; `None` for a
    /// status the spec does not document as a success.
    #[doc(hidden)]
    fn decode(status: u16, body: &[u8]) -> Option<Result<Self::Output, BodyError>>;

    /// Sends the request and returns the documented success value, or the
    /// SDK's [`Error`].
    fn execute(self) -> impl Future<Output = Result<ResponseValue<Self::Output>, Error>> + Send;
}

mod sealed {
    /// Only the generated builders are operations.
    pub trait Sealed {}
}
use sealed::Sealed;

include!(concat!(env!("OUT_DIR"), "/operations.rs"));
