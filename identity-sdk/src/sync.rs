//! Locks that outlive a panic elsewhere.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex`, taking its value even if a thread panicked while holding
/// it: every value the SDK guards this way (a cached token, a call count)
/// is whole after any single write, so a panic elsewhere must not turn
/// every later call into one.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
