//! Calls that must end within a time limit, measured on the real clock: a
//! test of a timeout or of a wait that must not happen.

use std::fmt::Debug;
use std::time::{Duration, Instant};

/// Awaits `call`, which must fail, and fail within `limit`: its error.
pub async fn fails_within<T: Debug, E>(
    limit: Duration,
    call: impl Future<Output = Result<T, E>>,
) -> E {
    let started = Instant::now();
    let error = call.await.expect_err("the call succeeded");
    let took = started.elapsed();
    assert!(took < limit, "took {took:?}, more than {limit:?}");
    error
}
