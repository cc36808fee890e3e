//! Every generated operation in one expression that returns the SDK's
//! [`Error`]: [`Operation::execute`], implemented for every request builder
//! of the generated client (the implementations are generated from the
//! spec at build time, beside the client).

use std::future::Future;

use progenitor_client::Error as GeneratedError;
use serde::Serialize;

use crate::call::call;
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

    /// The error body type the spec documents (problem details).
    #[doc(hidden)]
    type Problem: Serialize + Send;

    /// The generated `send()`.
    #[doc(hidden)]
    fn send_generated(
        self,
    ) -> impl Future<Output = Result<ResponseValue<Self::Output>, GeneratedError<Self::Problem>>> + Send;

    /// Sends the request and returns the documented success value, or the
    /// SDK's [`Error`].
    fn execute(self) -> impl Future<Output = Result<ResponseValue<Self::Output>, Error>> + Send {
        call(self.send_generated())
    }
}

mod sealed {
    /// Only the generated builders are operations.
    pub trait Sealed {}
}
use sealed::Sealed;

include!(concat!(env!("OUT_DIR"), "/operations.rs"));
