//! Component schemas and their properties.

use serde_json::Value;

/// One schema of `components.schemas`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schema<'a> {
    /// Its name in `components.schemas`.
    pub name: &'a str,
    /// The schema object, as written.
    pub value: &'a Value,
}

impl<'a> Schema<'a> {
    pub(crate) fn new(name: &'a str, value: &'a Value) -> Self {
        Schema { name, value }
    }

    /// Its own `properties`, in document order, each with whether the
    /// schema's `required` lists it (composed schemas, `allOf` and the like,
    /// are not followed).
    ///
    /// ```
    /// use identity_openapi::Document;
    /// use serde_json::json;
    ///
    /// let spec = json!({"components": {"schemas": {"User": {
    ///     "required": ["id"],
    ///     "properties": {"id": {"type": "string"}, "name": {"type": "string"}}
    /// }}}});
    /// let user = Document::new(&spec).schemas().next().unwrap();
    /// let required: Vec<(&str, bool)> =
    ///     user.properties().iter().map(|p| (p.name, p.required)).collect();
    /// assert_eq!(required, [("id", true), ("name", false)]);
    /// ```
    pub fn properties(&self) -> Vec<Property<'a>> {
        let required: Vec<&str> = self
            .value
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        self.value
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, schema)| Property {
                name,
                required: required.contains(&name.as_str()),
                schema,
            })
            .collect()
    }
}

/// One property of a schema.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Property<'a> {
    /// Its name.
    pub name: &'a str,
    /// Whether the schema requires it.
    pub required: bool,
    /// Its schema, as written (possibly a `$ref`).
    pub schema: &'a Value,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::Document;

    #[test]
    fn schemas_list_their_own_properties_only() {
        let spec = json!({"components": {"schemas": {
            "Composed": {"allOf": [{"$ref": "#/components/schemas/Base"}]},
            "Base": {"required": ["id", 3, "gone"], "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
            "Odd": {"properties": "not an object"}
        }}});
        let document = Document::new(&spec);
        let found: Vec<(&str, Vec<(&str, bool)>)> = document
            .schemas()
            .map(|schema| {
                let properties = schema.properties();
                (
                    schema.name,
                    properties.iter().map(|p| (p.name, p.required)).collect(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("Composed", vec![]),
                ("Base", vec![("id", true)]),
                ("Odd", vec![])
            ]
        );
        assert_eq!(Document::new(&json!({})).schemas().count(), 0);
    }
}
