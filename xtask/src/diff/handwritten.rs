//! Changes the hand-written layer must follow: identity-sdk's
//! `problem.rs` decodes the schema of the documented error responses (the
//! problem details) field by field, so a field of it removed, renamed,
//! retyped or made required changes what that code reads.

use std::collections::BTreeSet;

use identity_openapi::{Document, Operation, Shape};

use super::change::{Change, Kind, Subject};

/// The component schemas the error responses of `document` name.
pub(super) fn error_schemas(document: Document) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for operation in document.operations() {
        for (status, _) in operation.responses() {
            if !Operation::is_error_status(status) {
                continue;
            }
            if let Some(target) = operation
                .response_schema(status)
                .and_then(|schema| Shape::of(schema).reference())
            {
                names.insert(target.name);
            }
        }
    }
    names
}

/// Marks the changes to `schemas` (the older spec's error schemas) that
/// the decoder must follow, and makes them breaking: a renamed field reads
/// as absent, a retyped one as unexpected. New fields are not marked: the
/// decoder ignores what it does not know.
pub(super) fn mark(changes: &mut [Change], schemas: &BTreeSet<String>) {
    for change in changes {
        let follows = match &change.subject {
            Subject::Property { schema, .. } => {
                schemas.contains(schema)
                    && matches!(
                        change.change,
                        Kind::PropertyRemoved
                            | Kind::PropertyRequiredChanged
                            | Kind::TypeChanged
                            | Kind::FormatChanged
                            | Kind::NullableChanged
                    )
            }
            Subject::Schema { schema } => {
                schemas.contains(schema)
                    && matches!(change.change, Kind::SchemaRemoved | Kind::TypeChanged)
            }
            // The error responses now carry another schema.
            Subject::Response { status, .. } => {
                Operation::is_error_status(status) && change.change == Kind::ResponseBodyChanged
            }
            _ => false,
        };
        if follows {
            change.handwritten = true;
            change.breaking = true;
        }
    }
}
