//! One operation of a document: where it is, what it is called, what it
//! takes and what it answers.

use serde_json::{Map, Value};

use crate::Document;

/// One method of one path item.
#[derive(Clone, Copy, Debug)]
pub struct Operation<'a> {
    document: Document<'a>,
    path: &'a str,
    method: &'a str,
    item: &'a Map<String, Value>,
    value: &'a Value,
}

impl<'a> Operation<'a> {
    pub(crate) fn new(
        document: Document<'a>,
        path: &'a str,
        method: &'a str,
        item: &'a Map<String, Value>,
        value: &'a Value,
    ) -> Self {
        Operation {
            document,
            path,
            method,
            item,
            value,
        }
    }

    /// The path template (`/api/users/{id}`).
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The method as the document spells it (lower case: `get`).
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The path item the operation belongs to (its shared `parameters`...).
    pub fn path_item(&self) -> &'a Map<String, Value> {
        self.item
    }

    /// The operation's JSON, whatever its shape.
    pub fn value(&self) -> &'a Value {
        self.value
    }

    /// The operation object; `None` if the document holds something else.
    pub fn object(&self) -> Option<&'a Map<String, Value>> {
        self.value.as_object()
    }

    /// Its operationId, if it has one that is a string.
    pub fn operation_id(&self) -> Option<&'a str> {
        self.value.get("operationId")?.as_str()
    }

    /// `DELETE /api/tokens`: how to name an operation without an id.
    pub fn location(&self) -> String {
        format!("{} {}", self.method.to_ascii_uppercase(), self.path)
    }

    /// Its operationId, else its [`location`](Self::location).
    pub fn name(&self) -> String {
        self.operation_id()
            .map_or_else(|| self.location(), str::to_owned)
    }

    /// Its tags that are strings, in order.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.value
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// Its `requestBody`, as written (possibly a `$ref`).
    pub fn request_body(&self) -> Option<&'a Value> {
        self.value.get("requestBody")
    }

    /// The schema of its request body (`$ref`s to components resolved one
    /// hop), see [`content_schema`](Self::content_schema).
    pub fn request_body_schema(&self) -> Option<&'a Value> {
        self.content_schema(self.document.resolve(self.request_body()?)?)
    }

    /// Whether its request body says `required: true`.
    pub fn request_body_required(&self) -> bool {
        self.request_body()
            .and_then(|body| self.document.resolve(body))
            .and_then(|body| body.get("required"))
            == Some(&Value::Bool(true))
    }

    /// The schema of its response for `status` (`$ref`s to components
    /// resolved one hop); `None` for an undocumented status or a response
    /// without content.
    pub fn response_schema(&self, status: &str) -> Option<&'a Value> {
        let responses = self.value.get("responses")?;
        self.content_schema(self.document.resolve(responses.get(status)?)?)
    }

    /// The schema of a request body or response object's `content`: that of
    /// `application/json`, else that of the first media type.
    pub fn content_schema(&self, body: &'a Value) -> Option<&'a Value> {
        let content = body.get("content")?.as_object()?;
        content
            .get("application/json")
            .or_else(|| content.values().next())?
            .get("schema")
    }

    /// Its responses by status (`200`, `4XX`, `default`), as written.
    pub fn responses(&self) -> impl Iterator<Item = (&'a str, &'a Value)> + use<'a> {
        self.value
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(status, response)| (status.as_str(), response))
    }

    /// Whether `status` is an error status of a response map: `4xx`, `5xx`,
    /// their ranges, or `default` (which FINBOURNE uses for errors only).
    pub fn is_error_status(status: &str) -> bool {
        status == "default" || status.starts_with('4') || status.starts_with('5')
    }

    /// Its parameters, `$ref`s resolved: its own, then those of the path
    /// item it does not override (same `in` and `name`). A parameter that
    /// cannot be resolved or has no `in` or `name` is left out.
    pub fn parameters(&self) -> Vec<Parameter<'a>> {
        let read = |list: Option<&'a Value>| -> Vec<Parameter<'a>> {
            list.and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|parameter| Parameter::read(self.document.resolve(parameter)?))
                .collect()
        };
        let mut parameters = read(self.value.get("parameters"));
        for shared in read(self.item.get("parameters")) {
            if !parameters
                .iter()
                .any(|own| own.location == shared.location && own.name == shared.name)
            {
                parameters.push(shared);
            }
        }
        parameters
    }
}

/// One parameter of an operation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Parameter<'a> {
    /// Where it goes: `path`, `query`, `header` or `cookie`.
    pub location: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Whether the spec says `required: true`.
    pub required: bool,
    /// Its schema, as written (possibly a `$ref`).
    pub schema: Option<&'a Value>,
    /// The parameter object.
    pub value: &'a Value,
}

impl<'a> Parameter<'a> {
    /// Whether it admits `null`: its schema says so, or the parameter itself
    /// carries `x-nullable: true` as some generators write it.
    pub fn nullable(&self) -> bool {
        crate::Shape::of(self.value).nullable()
            || self
                .schema
                .is_some_and(|schema| crate::Shape::of(schema).nullable())
    }

    fn read(value: &'a Value) -> Option<Self> {
        Some(Parameter {
            location: value.get("in")?.as_str()?,
            name: value.get("name")?.as_str()?,
            required: value.get("required") == Some(&Value::Bool(true)),
            schema: value.get("schema"),
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::Document;

    #[test]
    fn an_operation_knows_its_name_tags_body_and_responses() {
        let spec = json!({"paths": {"/t": {"delete": {
            "operationId": "Drop", "tags": ["A", 1, "B"],
            "requestBody": {"$ref": "#/components/requestBodies/X"},
            "responses": {"204": {}, "4XX": {}, "default": {}}
        }, "get": {}}}});
        let document = Document::new(&spec);
        let drop = document.operation("Drop").unwrap();
        assert_eq!((drop.name(), drop.method()), ("Drop".to_owned(), "delete"));
        assert_eq!(drop.tags().collect::<Vec<_>>(), ["A", "B"]);
        assert!(drop.request_body().is_some());
        let errors: Vec<&str> = drop
            .responses()
            .map(|(status, _)| status)
            .filter(|status| super::Operation::is_error_status(status))
            .collect();
        assert_eq!(errors, ["4XX", "default"]);
        let unnamed = document.operations().nth(1).unwrap();
        assert_eq!(unnamed.name(), "GET /t");
    }

    #[test]
    fn body_and_response_schemas_are_resolved_and_json_is_preferred() {
        let spec = json!({
            "paths": {"/u": {"post": {
                "operationId": "Post",
                "parameters": [{"in": "query", "name": "q", "x-nullable": true},
                               {"in": "query", "name": "r", "schema": {"nullable": true}},
                               {"in": "query", "name": "s", "schema": {}}],
                "requestBody": {"$ref": "#/components/requestBodies/B"},
                "responses": {
                    "200": {"content": {"text/plain": {"schema": {"type": "string"}},
                                        "application/json": {"schema": {"type": "object"}}}},
                    "204": {"description": "none"},
                    "400": {"content": {"text/plain": {"schema": {"type": "string"}}}}
                }
            }}},
            "components": {"requestBodies": {"B": {"required": true,
                "content": {"application/json": {"schema": {"type": "integer"}}}}}}
        });
        let document = Document::new(&spec);
        let post = document.operation("Post").unwrap();
        assert_eq!(
            post.request_body_schema(),
            Some(&json!({"type": "integer"}))
        );
        assert!(post.request_body_required());
        assert_eq!(
            post.response_schema("200"),
            Some(&json!({"type": "object"}))
        );
        assert_eq!(
            post.response_schema("400"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(post.response_schema("204"), None);
        assert_eq!(post.response_schema("500"), None);
        let nullable: Vec<bool> = post.parameters().iter().map(|p| p.nullable()).collect();
        assert_eq!(nullable, [true, true, false]);
        let spec = json!({"paths": {"/v": {"get": {"requestBody": {"content": {}}}}}});
        let get = Document::new(&spec).operations().next().unwrap();
        assert!(!get.request_body_required());
        assert_eq!(get.request_body_schema(), None);
    }

    #[test]
    fn parameters_are_resolved_and_path_level_ones_added_unless_overridden() {
        let spec = json!({
            "paths": {"/u/{id}": {
                "parameters": [
                    {"$ref": "#/components/parameters/Id"},
                    {"in": "query", "name": "limit", "schema": {"type": "integer"}}
                ],
                "get": {"parameters": [
                    {"in": "query", "name": "limit", "required": true},
                    {"in": "header", "name": "X-Trace"},
                    {"$ref": "#/components/parameters/Missing"},
                    {"name": "no-location"}
                ]}
            }},
            "components": {"parameters": {"Id": {"in": "path", "name": "id", "required": true}}}
        });
        let document = Document::new(&spec);
        let get = document.operations().next().unwrap();
        let found: Vec<(&str, &str, bool)> = get
            .parameters()
            .iter()
            .map(|p| (p.location, p.name, p.required))
            .collect();
        assert_eq!(
            found,
            [
                ("query", "limit", true),
                ("header", "X-Trace", false),
                ("path", "id", true)
            ]
        );
    }
}
