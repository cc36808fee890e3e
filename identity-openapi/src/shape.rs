//! What a schema says about one value, as a change report compares it: its
//! type, format, nullability, the component it names, and its limits.

use serde_json::Value;

use crate::ComponentRef;

/// The validation keywords of OpenAPI 3.0 that limit the values a schema
/// accepts, in the order [`Shape::limits`] lists them.
pub const LIMITS: [&str; 11] = [
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
];

/// A schema object (or a `$ref` to one), read for its facets.
///
/// ```
/// use identity_openapi::Shape;
/// use serde_json::json;
///
/// let schema = json!({"type": "array", "nullable": true,
///                     "items": {"type": "string", "format": "uuid", "maxLength": 36}});
/// let shape = Shape::of(&schema);
/// assert_eq!((shape.type_name(), shape.nullable()), (Some("array"), true));
/// let items = shape.items().unwrap();
/// assert_eq!(items.format(), Some("uuid"));
/// assert_eq!(items.limits().collect::<Vec<_>>(), [("maxLength", &json!(36))]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shape<'a> {
    value: &'a Value,
}

impl<'a> Shape<'a> {
    /// The shape of `value` (any JSON: what is not there reads as absent).
    pub fn of(value: &'a Value) -> Self {
        Shape { value }
    }

    /// The schema's JSON.
    pub fn value(&self) -> &'a Value {
        self.value
    }

    /// The component it stands for: its `$ref`, or the one `$ref` of an
    /// `allOf` of one member (how a `$ref` is given siblings such as
    /// `nullable` in OpenAPI 3.0). `None` for a reference that does not
    /// parse.
    pub fn reference(&self) -> Option<ComponentRef> {
        let reference = match self.value.get("allOf").and_then(Value::as_array) {
            Some(members) if members.len() == 1 => members[0].get("$ref"),
            _ => self.value.get("$ref"),
        };
        ComponentRef::parse(reference?.as_str()?).ok()
    }

    /// Its `type`, if it is a string.
    pub fn type_name(&self) -> Option<&'a str> {
        self.value.get("type")?.as_str()
    }

    /// Its `format`, if it is a string.
    pub fn format(&self) -> Option<&'a str> {
        self.value.get("format")?.as_str()
    }

    /// Whether it admits `null`: `nullable: true`, or the `x-nullable: true`
    /// some generators write instead.
    pub fn nullable(&self) -> bool {
        ["nullable", "x-nullable"]
            .iter()
            .any(|key| self.value.get(key) == Some(&Value::Bool(true)))
    }

    /// The shape of its array `items`, if that is an object.
    pub fn items(&self) -> Option<Shape<'a>> {
        self.value
            .get("items")
            .filter(|items| items.is_object())
            .map(Shape::of)
    }

    /// The shape of its `additionalProperties` when that is a schema (a
    /// map's values); `None` when it is absent or a boolean.
    pub fn additional_properties(&self) -> Option<Shape<'a>> {
        self.value
            .get("additionalProperties")
            .filter(|values| values.is_object())
            .map(Shape::of)
    }

    /// The [`LIMITS`] it sets, with their values.
    pub fn limits(&self) -> impl Iterator<Item = (&'static str, &'a Value)> + use<'a> {
        let value = self.value;
        LIMITS
            .into_iter()
            .filter_map(move |keyword| Some((keyword, value.get(keyword)?)))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_reference_is_read_directly_or_through_a_single_all_of() {
        let direct = json!({"$ref": "#/components/schemas/User"});
        let wrapped = json!({"allOf": [{"$ref": "#/components/schemas/User"}], "nullable": true});
        for schema in [&direct, &wrapped] {
            assert_eq!(Shape::of(schema).reference().unwrap().name, "User");
        }
        let composed = json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]});
        assert_eq!(Shape::of(&composed).reference(), None);
        assert_eq!(Shape::of(&json!({"$ref": "other.json"})).reference(), None);
    }

    #[test]
    fn facets_of_the_wrong_shape_read_as_absent() {
        let schema = json!({"type": ["string"], "format": 3, "nullable": "yes",
                            "items": true, "additionalProperties": false});
        let shape = Shape::of(&schema);
        assert_eq!((shape.type_name(), shape.format()), (None, None));
        assert!(!shape.nullable());
        assert!(shape.items().is_none() && shape.additional_properties().is_none());
        assert!(Shape::of(&json!({"x-nullable": true})).nullable());
    }

    #[test]
    fn limits_are_listed_in_a_fixed_order() {
        let schema = json!({"enum": ["a"], "maxLength": 5, "minLength": 1, "description": "x"});
        let keywords: Vec<&str> = Shape::of(&schema).limits().map(|(k, _)| k).collect();
        assert_eq!(keywords, ["minLength", "maxLength", "enum"]);
        let map = json!({"additionalProperties": {"type": "integer"}});
        assert_eq!(
            Shape::of(&map).additional_properties().unwrap().type_name(),
            Some("integer")
        );
    }
}
