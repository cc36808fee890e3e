//! One change between two versions of a spec: what kind, where, what it
//! was and is, and whether it breaks users. Serialized as one flat JSON
//! object (`{"change": "property-added", "schema": ..., "breaking": false}`).

use serde::Serialize;
use serde_json::Value;

/// One change a regeneration brings to users.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// What changed.
    pub change: Kind,
    /// Where, in the upstream's names.
    #[serde(flatten)]
    pub subject: Subject,
    /// What it was and is, where the kind alone does not say.
    #[serde(flatten)]
    pub detail: Detail,
    /// Whether code that compiled against the old crate may stop compiling
    /// or behave differently.
    pub breaking: bool,
    /// Whether hand-written code (the problem-details decoder) reads what
    /// changed and must follow it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub handwritten: bool,
}

impl Change {
    /// A change that the hand-written layer does not read.
    pub fn new(change: Kind, subject: Subject, detail: Detail, breaking: bool) -> Self {
        Change {
            change,
            subject,
            detail,
            breaking,
            handwritten: false,
        }
    }
}

/// The kinds of change, serialized in kebab case (`operation-added`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A new operation (its builder and method appear).
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// The same operationId under another method or path.
    OperationMoved,
    /// Its tags changed: it moves to another cargo feature and trait.
    TagsChanged,
    /// A new parameter; breaking when required.
    ParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// A parameter switched between optional and required.
    ParameterRequiredChanged,
    /// A parameter moved (`query` to `header`...).
    ParameterLocationChanged,
    /// An operation takes a request body it did not.
    RequestBodyAdded,
    /// An operation no longer takes a request body.
    RequestBodyRemoved,
    /// Its request body has another type.
    RequestBodyChanged,
    /// Its request body switched between optional and required.
    RequestBodyRequiredChanged,
    /// A newly documented response status.
    StatusAdded,
    /// A response status is no longer documented.
    StatusRemoved,
    /// A response's body has another type.
    ResponseBodyChanged,
    /// A new component schema (its properties follow as `property-added`).
    SchemaAdded,
    /// A component schema is gone (its properties follow as
    /// `property-removed`).
    SchemaRemoved,
    /// A new property; breaking when required.
    PropertyAdded,
    /// A property is gone.
    PropertyRemoved,
    /// A property switched between optional and required.
    PropertyRequiredChanged,
    /// A property, parameter or schema has another type.
    TypeChanged,
    /// ... another format (`date-time`, `uuid`: another Rust type).
    FormatChanged,
    /// ... now admits `null`, or no longer does.
    NullableChanged,
    /// ... a limit (`maxLength`, `pattern`, `enum`...) changed.
    LimitChanged,
    /// A difference outside prose that no other kind describes (reported
    /// only when there is no other change, so that `none` means prose).
    Unclassified,
}

/// Where a change is, in the upstream's names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Subject {
    /// An operation, by operationId, where it is (in the newer spec, unless
    /// removed).
    Operation {
        /// Its operationId.
        operation: String,
        /// Upper case: `GET`.
        method: String,
        /// The path template.
        path: String,
    },
    /// A parameter of an operation.
    Parameter {
        /// The operationId.
        operation: String,
        /// The parameter's name.
        parameter: String,
        /// `path`, `query`, `header` or `cookie`.
        #[serde(rename = "in")]
        location: String,
    },
    /// An operation's request body.
    RequestBody {
        /// The operationId.
        operation: String,
    },
    /// One documented response of an operation.
    Response {
        /// The operationId.
        operation: String,
        /// `200`, `4XX`, `default`.
        status: String,
    },
    /// A component schema itself.
    Schema {
        /// Its name in `components.schemas`.
        schema: String,
    },
    /// A place in the document.
    Document {
        /// Its JSON pointer.
        at: String,
    },
    /// A property of a component schema.
    Property {
        /// The schema's name in `components.schemas`.
        schema: String,
        /// The property's wire name.
        property: String,
    },
}

/// What a change was and is.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// The kind and subject say it all.
    Nothing {},
    /// Whether the (new, or removed) property or parameter is required.
    Required {
        /// Its required-ness in the newer spec (the older for a removal).
        required: bool,
    },
    /// Whether it admits `null` now.
    Nullable {
        /// In the newer spec.
        nullable: bool,
    },
    /// A value before and after (`null`: absent).
    FromTo {
        /// In the older spec.
        from: Value,
        /// In the newer spec.
        to: Value,
    },
    /// A limit before and after (`null`: absent).
    Limit {
        /// The keyword, `items.` in front for an array's items.
        limit: String,
        /// In the older spec.
        from: Value,
        /// In the newer spec.
        to: Value,
    },
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_change_is_one_flat_object_with_the_kind_first() {
        let change = Change::new(
            Kind::OperationAdded,
            Subject::Operation {
                operation: "GetUserSchema".into(),
                method: "GET".into(),
                path: "/api/users/schema".into(),
            },
            Detail::Nothing {},
            false,
        );
        assert_eq!(
            serde_json::to_string(&change).unwrap(),
            r#"{"change":"operation-added","operation":"GetUserSchema","method":"GET","path":"/api/users/schema","breaking":false}"#
        );
        let change = Change {
            handwritten: true,
            ..Change::new(
                Kind::LimitChanged,
                Subject::Parameter {
                    operation: "ListUsers".into(),
                    parameter: "limit".into(),
                    location: "query".into(),
                },
                Detail::Limit {
                    limit: "maximum".into(),
                    from: json!(100),
                    to: Value::Null,
                },
                true,
            )
        };
        assert_eq!(
            serde_json::to_value(&change).unwrap(),
            json!({"change": "limit-changed", "operation": "ListUsers", "parameter": "limit",
                   "in": "query", "limit": "maximum", "from": 100, "to": null,
                   "breaking": true, "handwritten": true})
        );
    }
}
