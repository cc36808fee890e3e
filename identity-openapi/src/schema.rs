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
