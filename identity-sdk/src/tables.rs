//! Per-operation facts the generated client does not say at run time,
//! generated from the spec at build time by identity-codegen: the success
//! statuses each operation documents, and a tracing span named after it.

use crate::telemetry::operation_span;

include!(concat!(env!("OUT_DIR"), "/operation_tables.rs"));
