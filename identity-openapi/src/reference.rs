//! `$ref`s into `#/components/` and the closure of components they reach.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

/// A component a `$ref` names: `#/components/<section>/<name>`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ComponentRef {
    /// `schemas`, `parameters`, `responses`...
    pub section: String,
    /// The component's name, JSON-pointer escapes (`~1`, `~0`) undone.
    pub name: String,
}

impl ComponentRef {
    /// Parses a local reference into `#/components/`; any other reference
    /// (another file, another part of the document) is
    /// [`RefError::Unsupported`].
    ///
    /// ```
    /// use identity_openapi::ComponentRef;
    ///
    /// let target = ComponentRef::parse("#/components/schemas/a~1b").unwrap();
    /// assert_eq!((target.section.as_str(), target.name.as_str()), ("schemas", "a/b"));
    /// assert!(ComponentRef::parse("other.json#/X").is_err());
    /// ```
    pub fn parse(reference: &str) -> Result<Self, RefError> {
        reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .filter(|(section, name)| {
                !section.is_empty() && !name.is_empty() && !name.contains('/')
            })
            .map(|(section, name)| ComponentRef {
                section: section.to_owned(),
                name: name.replace("~1", "/").replace("~0", "~"),
            })
            .ok_or_else(|| RefError::Unsupported(reference.to_owned()))
    }
}

/// Why a reference cannot be followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// Not a local `#/components/<section>/<name>` reference.
    Unsupported(String),
    /// A reference to a component the document does not have.
    Dangling(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Unsupported(reference) => write!(
                f,
                "unsupported reference {reference}: only references into #/components/ are followed"
            ),
            RefError::Dangling(reference) => write!(
                f,
                "reference {reference} names a component the document does not have"
            ),
        }
    }
}

impl std::error::Error for RefError {}

/// Every `$ref` string inside `value`, in document order.
pub fn references(value: &Value) -> Vec<&str> {
    let mut found = Vec::new();
    collect(value, &mut found);
    found
}

fn collect<'v>(value: &'v Value, into: &mut Vec<&'v str>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => into.push(reference),
                    _ => collect(child, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, into)),
        _ => {}
    }
}

/// The components reached from some values through `$ref`s, following
/// references inside the components reached too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Closure {
    /// Every component reached that `lookup` found.
    pub reached: BTreeSet<ComponentRef>,
    /// The first reference that could not be followed, in the order met
    /// (the roots' references in order, then the components'); the walk
    /// goes on past it, so a lenient caller still gets every other
    /// component.
    pub first_problem: Option<RefError>,
}

/// The [`Closure`] of the references inside `roots`. `lookup` gives the
/// component a reference names (`None`: the document lacks it); tools that
/// rewrite components pass their working copy.
///
/// ```
/// use identity_openapi::{Document, closure};
/// use serde_json::json;
///
/// let spec = json!({"components": {"schemas": {
///     "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
///     "B": {"type": "string"},
///     "C": {"type": "string"}
/// }}});
/// let document = Document::new(&spec);
/// let root = json!({"$ref": "#/components/schemas/A"});
/// let found = closure([&root], |target| document.component(&target.section, &target.name));
/// let names: Vec<&str> = found.reached.iter().map(|c| c.name.as_str()).collect();
/// assert_eq!(names, ["A", "B"]);
/// assert!(found.first_problem.is_none());
/// ```
pub fn closure<'v>(
    roots: impl IntoIterator<Item = &'v Value>,
    lookup: impl Fn(&ComponentRef) -> Option<&'v Value>,
) -> Closure {
    let mut out = Closure::default();
    let mut pending: Vec<(&str, ComponentRef)> = Vec::new();
    for root in roots {
        push_references(root, &mut pending, &mut out.first_problem);
    }
    while let Some((reference, target)) = pending.pop() {
        if out.reached.contains(&target) {
            continue;
        }
        match lookup(&target) {
            Some(component) => {
                push_references(component, &mut pending, &mut out.first_problem);
                out.reached.insert(target);
            }
            None => {
                out.first_problem
                    .get_or_insert(RefError::Dangling(reference.to_owned()));
            }
        }
    }
    out
}

/// Adds the references inside `value` to `pending`; the first that does
/// not parse goes to `problem` unless one is there already.
fn push_references<'v>(
    value: &'v Value,
    pending: &mut Vec<(&'v str, ComponentRef)>,
    problem: &mut Option<RefError>,
) {
    for reference in references(value) {
        match ComponentRef::parse(reference) {
            Ok(target) => pending.push((reference, target)),
            Err(error) => {
                problem.get_or_insert(error);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Document;

    #[test]
    fn only_local_component_references_parse() {
        for bad in [
            "#/components/schemas",
            "#/components//X",
            "#/components/schemas/",
            "#/components/schemas/a/b",
            "#/definitions/X",
            "other.json",
        ] {
            assert_eq!(
                ComponentRef::parse(bad),
                Err(RefError::Unsupported(bad.into()))
            );
        }
        let parsed = ComponentRef::parse("#/components/responses/a~0b~1c").unwrap();
        assert_eq!(parsed.name, "a~b/c");
    }

    #[test]
    fn references_are_listed_in_document_order() {
        let value = json!({"a": {"$ref": "#/1"}, "b": [{"$ref": "#/2"}, {"c": {"$ref": "#/3"}}], "$ref": 4});
        assert_eq!(references(&value), ["#/1", "#/2", "#/3"]);
    }

    #[test]
    fn the_closure_follows_components_and_reports_the_first_problem() {
        let spec = json!({"components": {
            "schemas": {
                "A": {"items": {"$ref": "#/components/schemas/B"}},
                "B": {"properties": {"a": {"$ref": "#/components/schemas/A"}}},
                "C": {}
            },
            "parameters": {"P": {"schema": {"$ref": "#/components/schemas/Gone"}}}
        }});
        let document = Document::new(&spec);
        let lookup = |target: &ComponentRef| document.component(&target.section, &target.name);
        let root =
            json!([{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/parameters/P"}]);
        let found = closure([&root], lookup);
        let names: Vec<&str> = found.reached.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["P", "A", "B"]);
        assert_eq!(
            found.first_problem,
            Some(RefError::Dangling("#/components/schemas/Gone".into()))
        );

        let root = json!([{"$ref": "elsewhere.json"}, {"$ref": "#/components/schemas/C"}]);
        let found = closure([&root], lookup);
        assert_eq!(found.reached.len(), 1);
        assert_eq!(
            found.first_problem.map(|p| p.to_string()),
            Some(
                "unsupported reference elsewhere.json: only references into #/components/ are followed"
                    .into()
            )
        );
    }
}
