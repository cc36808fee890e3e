//! The workspace's own tests of identity-sdk (in `tests/`), its benchmark
//! (`benches/`) and the `sign_out` job (`src/bin/`); the kit they use is the
//! published `identity-sdk-mock`. Not published.

/// The code blocks of the workspace README, compiled as doctests here,
/// where the SDK and the testing kit are both in scope.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
