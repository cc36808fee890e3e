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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diff::change::Detail;

    #[test]
    fn the_error_schemas_are_those_of_error_statuses_only() {
        let body = |name: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
        let spec = json!({"paths": {"/a": {"get": {"responses": {
            "200": body("User"), "4XX": body("Problem"), "default": body("Fallback")}}}}});
        let names: Vec<String> = error_schemas(Document::new(&spec)).into_iter().collect();
        assert_eq!(names, ["Fallback", "Problem"]);
    }

    #[test]
    fn only_removals_and_retypes_in_error_schemas_are_marked() {
        let property = |schema: &str, kind| {
            let subject = Subject::Property {
                schema: schema.into(),
                property: "title".into(),
            };
            Change::new(kind, subject, Detail::Nothing {}, false)
        };
        let schema = |schema: &str, kind| {
            let subject = Subject::Schema {
                schema: schema.into(),
            };
            Change::new(kind, subject, Detail::Nothing {}, false)
        };
        let mut changes = [
            property("Problem", Kind::PropertyRemoved),
            property("Problem", Kind::NullableChanged),
            property("Problem", Kind::PropertyAdded),
            property("User", Kind::PropertyRemoved),
            property("User", Kind::TypeChanged),
            schema("Problem", Kind::SchemaRemoved),
            schema("Problem", Kind::TypeChanged),
            schema("Problem", Kind::SchemaAdded),
            schema("User", Kind::SchemaRemoved),
        ];
        mark(&mut changes, &BTreeSet::from(["Problem".to_owned()]));
        let marked: Vec<(bool, bool)> = changes
            .iter()
            .map(|c| (c.handwritten, c.breaking))
            .collect();
        assert_eq!(
            marked,
            [
                (true, true),
                (true, true),
                (false, false),
                (false, false),
                (false, false),
                (true, true),
                (true, true),
                (false, false),
                (false, false)
            ]
        );
    }
}
