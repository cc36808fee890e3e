//! A synchronous client (the `blocking` feature), for programs without an
//! async runtime: the same configuration, authentication, retries,
//! timeouts and [`Error`] as the async [`crate::IdentityClient`].
//!
//! It owns what it needs to run: a small Tokio runtime of its own (one
//! worker thread) drives the connections and timers, and each call runs on
//! the calling thread until it is done. So it also works when called from
//! inside another Tokio runtime, of either flavour (it blocks that thread
//! for the call, as any blocking call would; prefer the async client
//! there).
//!
//! ```no_run
//! # fn main() -> Result<(), identity_sdk::Error> {
//! let client = identity_sdk::blocking::IdentityClient::from_env()?;
//! let outcome = client.sign_out()?;
//! println!("{outcome:?}");
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::Thread;

use crate::builder::ClientBuilder;
use crate::error::Error;
use crate::generated::{Client, ResponseValue};
use crate::operation::Operation;
#[cfg(feature = "tokens")]
use crate::sign_out::SignOut;

/// A synchronous client of the Identity API. Cheap to clone; clones share
/// the runtime, connections and cached tokens.
#[derive(Clone)]
pub struct IdentityClient {
    inner: crate::IdentityClient,
    runtime: Arc<OwnedRuntime>,
}

impl ClientBuilder {
    /// Checks every setting and builds a [synchronous client](IdentityClient).
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    pub fn build_blocking(self) -> Result<IdentityClient, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("identity-sdk-blocking")
            .enable_all()
            .build()
            .map_err(|error| {
                Error::configuration("cannot start the blocking client's runtime")
                    .with_source(error)
            })?;
        let runtime = Arc::new(OwnedRuntime(Some(runtime)));
        // Built inside the runtime's context, like everything it runs.
        let inner = runtime.enter(|| self.build())?;
        Ok(IdentityClient { inner, runtime })
    }
}

impl IdentityClient {
    /// A client configured from the process environment and the secrets file
    /// it names; see [`ClientBuilder::from_env_map`].
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build_blocking()
    }

    /// The generated client, to build requests for
    /// [`execute`](IdentityClient::execute).
    pub fn api(&self) -> &Client {
        self.inner.api()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// Runs any generated operation to completion and returns its value or
    /// the SDK's [`Error`].
    ///
    /// ```no_run
    /// use identity_sdk::prelude::*;
    ///
    /// # fn run(client: identity_sdk::blocking::IdentityClient) -> Result<(), identity_sdk::Error> {
    /// client.execute(client.api().invalidate_token())?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn execute<O: Operation>(&self, operation: O) -> Result<ResponseValue<O::Output>, Error> {
        self.run(operation.execute())
    }

    /// Invalidates the current token (`DELETE /api/tokens`), exactly as the
    /// spec says; see [`crate::IdentityClient::invalidate_token`].
    #[cfg(feature = "tokens")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tokens")))]
    pub fn invalidate_token(&self) -> Result<ResponseValue<()>, Error> {
        self.run(self.inner.invalidate_token())
    }

    /// Signs the current user out of all FINBOURNE platforms; see
    /// [`crate::IdentityClient::sign_out`].
    #[cfg(feature = "tokens")]
    #[cfg_attr(docsrs, doc(cfg(feature = "tokens")))]
    pub fn sign_out(&self) -> Result<SignOut, Error> {
        self.run(self.inner.sign_out())
    }

    /// The async client behind this one.
    pub fn as_async(&self) -> &crate::IdentityClient {
        &self.inner
    }

    /// Runs `future` on this thread, with the client's runtime driving its
    /// connections and timers.
    fn run<F: Future>(&self, future: F) -> F::Output {
        self.runtime.enter(|| block_on(future))
    }
}

impl fmt::Debug for IdentityClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::IdentityClient")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

/// The client's runtime. Dropped without waiting (a runtime dropped the
/// ordinary way panics inside another runtime's task): its worker finishes
/// in the background.
struct OwnedRuntime(Option<tokio::runtime::Runtime>);

impl OwnedRuntime {
    fn enter<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.0 {
            Some(runtime) => {
                let _context = runtime.enter();
                f()
            }
            // Only `drop` takes the runtime out.
            None => f(),
        }
    }
}

impl Drop for OwnedRuntime {
    fn drop(&mut self) {
        if let Some(runtime) = self.0.take() {
            runtime.shutdown_background();
        }
    }
}

/// Polls `future` on this thread, parking between polls until its waker
/// is called. Unlike `Runtime::block_on`, this may run inside another
/// runtime's task: the I/O and timers it waits for are driven by the
/// client's own runtime on its own thread, so nothing here needs the
/// blocked thread.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);

    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }

        fn wake_by_ref(self: &Arc<Self>) {
            self.0.unpark();
        }
    }

    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            // A spurious wake-up only costs another poll.
            Poll::Pending => std::thread::park(),
        }
    }
}
