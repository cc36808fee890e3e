//! One read-only model of an OpenAPI 3.0 document, for every tool of the
//! project that walks one: the trim, the generator's tag subset, the compile
//! check, the mock's routing and checks, and a change report between two
//! versions of a spec.
//!
//! The model borrows a [`serde_json::Value`] and never copies it: tools that
//! rewrite a document (the trim) keep doing so on the JSON, and use the model
//! to find what to rewrite. It is lenient by design: a member of the wrong
//! shape reads as absent, so a tool decides itself what is an error.
//!
//! * [`Document::operations`]: every operation, in document order, with its
//!   method, path, operationId, tags, [parameters](Operation::parameters),
//!   request body and responses; [`Document::operations_by_id`] keys them;
//! * [`Document::schemas`]: the component schemas, their
//!   [properties](Schema::properties) and which are required;
//! * [`Shape`]: what one schema says about a value (type, format,
//!   nullability, limits);
//! * [`closure`]: the components a set of values reaches through `$ref`s.
//!
//! ```
//! use identity_openapi::Document;
//! use serde_json::json;
//!
//! let spec = json!({"paths": {"/api/tokens": {"delete": {
//!     "operationId": "InvalidateToken", "tags": ["Tokens"]
//! }}}});
//! let document = Document::new(&spec);
//! let operation = document.operation("InvalidateToken").unwrap();
//! assert_eq!(operation.location(), "DELETE /api/tokens");
//! assert_eq!(operation.tags().collect::<Vec<_>>(), ["Tokens"]);
//! ```
#![warn(missing_docs)]

mod operation;
mod reference;
mod schema;
mod shape;

use std::collections::BTreeMap;

pub use operation::{Operation, Parameter};
pub use reference::{Closure, ComponentRef, RefError, closure, references};
pub use schema::{Property, Schema};
use serde_json::{Map, Value};
pub use shape::{LIMITS, Shape};

/// The HTTP methods an OpenAPI path item may hold, in the order the
/// specification lists them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether `key` of a path item is an operation (rather than `parameters`,
/// `summary`, an extension...).
pub fn is_method(key: &str) -> bool {
    METHODS.contains(&key)
}

/// An OpenAPI document, borrowed.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    value: &'a Value,
}

impl<'a> Document<'a> {
    /// The model of `value` (any JSON: what is not there reads as empty).
    pub fn new(value: &'a Value) -> Self {
        Document { value }
    }

    /// The JSON the model reads.
    pub fn value(&self) -> &'a Value {
        self.value
    }

    /// Its `info.version`, if that is a string.
    pub fn version(&self) -> Option<&'a str> {
        self.value.get("info")?.get("version")?.as_str()
    }

    /// The path items that are objects, by path template, in document order.
    pub fn paths(&self) -> impl Iterator<Item = (&'a str, &'a Map<String, Value>)> + use<'a> {
        self.value
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(path, item)| Some((path.as_str(), item.as_object()?)))
    }

    /// Every operation (each method of each path item), in document order.
    /// An operation that is not an object is still listed; its
    /// [`Operation::object`] is `None`.
    pub fn operations(&self) -> impl Iterator<Item = Operation<'a>> + use<'a> {
        let document = *self;
        self.paths().flat_map(move |(path, item)| {
            item.iter()
                .filter(|(key, _)| is_method(key))
                .map(move |(method, value)| Operation::new(document, path, method, item, value))
        })
    }

    /// The first operation whose operationId is `id`.
    pub fn operation(&self, id: &str) -> Option<Operation<'a>> {
        self.operations().find(|op| op.operation_id() == Some(id))
    }

    /// The operations that have an operationId, keyed by it (the first of a
    /// duplicated id), for comparing two versions of a document.
    pub fn operations_by_id(&self) -> BTreeMap<&'a str, Operation<'a>> {
        let mut by_id = BTreeMap::new();
        for operation in self.operations() {
            if let Some(id) = operation.operation_id() {
                by_id.entry(id).or_insert(operation);
            }
        }
        by_id
    }

    /// The component `name` of `section` (`schemas`, `parameters`...).
    pub fn component(&self, section: &str, name: &str) -> Option<&'a Value> {
        self.value.get("components")?.get(section)?.get(name)
    }

    /// `value`, or the component its `$ref` names (one hop; `None` for a
    /// reference the document cannot resolve).
    pub fn resolve(&self, value: &'a Value) -> Option<&'a Value> {
        match value.get("$ref") {
            None => Some(value),
            Some(reference) => {
                let target = ComponentRef::parse(reference.as_str()?).ok()?;
                self.component(&target.section, &target.name)
            }
        }
    }

    /// The component schemas, in document order.
    pub fn schemas(&self) -> impl Iterator<Item = Schema<'a>> + use<'a> {
        self.value
            .get("components")
            .and_then(|components| components.get("schemas"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, value)| Schema::new(name, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({"paths": {
            "/a": {"parameters": [], "get": {"operationId": "GetA"}, "delete": {}},
            "/b": {"post": {"operationId": "PostB"}, "x-get": {"operationId": "No"}},
            "/c": "not an item",
            "/d": {"put": "not an operation"}
        }})
    }

    #[test]
    fn operations_are_the_methods_of_object_path_items_in_document_order() {
        let spec = spec();
        let document = Document::new(&spec);
        let found: Vec<String> = document.operations().map(|op| op.location()).collect();
        assert_eq!(found, ["GET /a", "DELETE /a", "POST /b", "PUT /d"]);
        assert_eq!(
            document
                .operations()
                .filter(|op| op.object().is_none())
                .count(),
            1
        );
        assert_eq!(Document::new(&json!({})).operations().count(), 0);
        assert_eq!(Document::new(&json!({"paths": []})).operations().count(), 0);
    }

    #[test]
    fn operations_are_found_and_keyed_by_id() {
        let spec = spec();
        let document = Document::new(&spec);
        assert_eq!(document.operation("PostB").unwrap().path(), "/b");
        assert!(document.operation("No").is_none());
        let ids: Vec<&str> = document.operations_by_id().into_keys().collect();
        assert_eq!(ids, ["GetA", "PostB"]);
    }

    #[test]
    fn the_version_is_info_version_when_a_string() {
        let spec = json!({"info": {"version": "0.0.3076"}});
        assert_eq!(Document::new(&spec).version(), Some("0.0.3076"));
        let spec = json!({"info": {"version": 3}});
        assert_eq!(Document::new(&spec).version(), None);
    }

    #[test]
    fn references_resolve_one_hop_into_components() {
        let spec = json!({"components": {"parameters": {"Id": {"name": "id"}}}});
        let document = Document::new(&spec);
        let reference = json!({"$ref": "#/components/parameters/Id"});
        assert_eq!(document.resolve(&reference), Some(&json!({"name": "id"})));
        let plain = json!({"name": "x"});
        assert_eq!(document.resolve(&plain), Some(&plain));
        assert_eq!(
            document.resolve(&json!({"$ref": "#/components/parameters/No"})),
            None
        );
        assert_eq!(document.resolve(&json!({"$ref": "elsewhere.json"})), None);
    }
}
