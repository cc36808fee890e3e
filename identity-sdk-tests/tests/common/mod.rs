//! What several test files share: a raw HTTP peer for the faults wiremock
//! cannot make, and an HTTPS Identity stand-in for the TLS tests. Both
//! listen on 127.0.0.1 only.

#![allow(dead_code)] // each test file uses part of it

pub mod deadline;
pub mod https;
// Names the `users` types: only the tests that require `full` use it.
#[cfg(feature = "full")]
pub mod mock;
pub mod raw_server;
