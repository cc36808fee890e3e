//! Why a document cannot be trimmed: the refusals of every rule, each
//! naming what to look at.

use identity_openapi::RefError;

/// Why a document cannot be trimmed. Each variant names what to look at.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrimError {
    /// Only OpenAPI 3.0.x is supported (by progenitor, and so here).
    #[error(
        "OpenAPI {0} is not supported: progenitor generates clients from OpenAPI 3.0.x documents only"
    )]
    UnsupportedVersion(String),
    /// The recipe names operations the document does not have.
    #[error("the upstream spec has no operation {}", .0.join(", "))]
    UnknownOperations(Vec<String>),
    /// Nothing would be kept.
    #[error("no operations selected: the recipe's `operations` is empty")]
    NothingSelected,
    /// Two operations share an operationId, so a selection is ambiguous and
    /// progenitor would generate two methods of one name.
    #[error("operationId {id} is used by {}", .locations.join(" and "))]
    DuplicateOperationId {
        /// The operationId.
        id: String,
        /// Where it is used, as `METHOD /path`.
        locations: Vec<String>,
    },
    /// `--all` includes an operation progenitor cannot name.
    #[error("operation {0} has no operationId; progenitor needs one to name its method")]
    MissingOperationId(String),
    /// An operation has success responses with different body types and
    /// the recipe says to refuse.
    #[error(
        "operation {operation} has success responses with different body types ({statuses}); \
         progenitor needs one. Set `several-success-types = \"keep-lowest\"` in the recipe \
         to keep the lowest status's type, or leave the operation out"
    )]
    SeveralSuccessTypes {
        /// The operationId.
        operation: String,
        /// The statuses and their body types.
        statuses: String,
    },
    /// A request body is offered in several media types, none JSON.
    #[error(
        "operation {operation} offers its request body as {} and none is application/json; \
         progenitor takes exactly one media type",
        .offered.join(", ")
    )]
    RequestMediaTypes {
        /// The operationId.
        operation: String,
        /// The media types offered.
        offered: Vec<String>,
    },
    /// A `$ref` that is not a local `#/components/<section>/<name>`.
    #[error("unsupported reference {0}: only references into #/components/ are followed")]
    UnsupportedReference(String),
    /// A `$ref` to a component the document does not have.
    #[error("reference {0} names a component the upstream spec does not have")]
    DanglingReference(String),
    /// An operation's `security` names a scheme the document lacks.
    #[error(
        "operation {operation} names security scheme {scheme}, which the upstream spec does not define"
    )]
    UnknownSecurityScheme {
        /// The operationId.
        operation: String,
        /// The scheme's name.
        scheme: String,
    },
    /// The document does not have the shape of an OpenAPI document.
    #[error("the upstream spec is malformed: {0}")]
    Malformed(String),
    /// progenitor cannot generate operations the recipe or `--operation`
    /// names (with `--all` they are dropped instead).
    #[error(
        "progenitor cannot generate {}",
        .0.iter().map(|d| format!("operation {}: {}", d.operation, d.reason)).collect::<Vec<_>>().join("; ")
    )]
    NotGenerated(Vec<DroppedOperation>),
    /// Each kept operation generates alone, but not all of them together.
    #[error(
        "progenitor cannot generate the kept operations together, though each generates alone: {0}"
    )]
    NotGeneratedTogether(String),
    /// `--all` dropped every operation.
    #[error(
        "no operation can be kept: {}",
        .0.iter().map(|d| format!("{}: {}", d.operation, d.reason)).collect::<Vec<_>>().join("; ")
    )]
    AllDropped(Vec<DroppedOperation>),
}

impl TrimError {
    /// Whether this refusal is about one operation, which `--all` drops
    /// (and records) instead of refusing the document.
    pub(super) fn concerns_one_operation(&self) -> bool {
        matches!(
            self,
            TrimError::SeveralSuccessTypes { .. } | TrimError::RequestMediaTypes { .. }
        )
    }
}

impl From<RefError> for TrimError {
    fn from(error: RefError) -> Self {
        match error {
            RefError::Unsupported(reference) => TrimError::UnsupportedReference(reference),
            RefError::Dangling(reference) => TrimError::DanglingReference(reference),
        }
    }
}

/// A refusal of a document without the shape of an OpenAPI document.
pub(super) fn malformed(message: impl Into<String>) -> TrimError {
    TrimError::Malformed(message.into())
}

/// An operation rule 11 left out of a `--all` trim, as the provenance
/// records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DroppedOperation {
    /// Its operationId, or `METHOD /path` without one.
    pub operation: String,
    /// Why it was dropped: the refusal, or progenitor's message.
    pub reason: String,
}
