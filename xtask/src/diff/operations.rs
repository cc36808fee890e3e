//! Operations before and after, matched by operationId: added, removed,
//! moved, re-tagged, and their parameters, bodies and documented statuses.

use std::collections::BTreeMap;

use identity_openapi::{Document, Operation, Parameter, Shape};
use serde_json::Value;

use super::change::{Change, Detail, Kind, Subject};
use super::facets::{self, Facets, describe};

static ABSENT: Value = Value::Null;

/// The changes to the operations: the older document's in its order, then
/// the newer's new ones in theirs. An operation without an operationId is
/// matched by method and path.
pub(super) fn compare(old: Document, new: Document, out: &mut Vec<Change>) {
    let old_by_name = by_name(old);
    let new_by_name = by_name(new);
    for operation in old.operations() {
        match new_by_name.get(&operation.name()) {
            Some(newer) => compare_operation(operation, *newer, out),
            None => out.push(whole(operation, Kind::OperationRemoved)),
        }
    }
    for operation in new.operations() {
        if !old_by_name.contains_key(&operation.name()) {
            out.push(whole(operation, Kind::OperationAdded));
        }
    }
}

fn by_name(document: Document) -> BTreeMap<String, Operation> {
    let mut found = BTreeMap::new();
    for operation in document.operations() {
        found.entry(operation.name()).or_insert(operation);
    }
    found
}

fn whole(operation: Operation, kind: Kind) -> Change {
    let breaking = kind == Kind::OperationRemoved;
    Change::new(kind, located(operation), Detail::Nothing {}, breaking)
}

fn located(operation: Operation) -> Subject {
    Subject::Operation {
        operation: operation.name(),
        method: operation.method().to_ascii_uppercase(),
        path: operation.path().to_owned(),
    }
}

fn from_to(from: impl Into<Value>, to: impl Into<Value>) -> Detail {
    Detail::FromTo {
        from: from.into(),
        to: to.into(),
    }
}

fn compare_operation(old: Operation, new: Operation, out: &mut Vec<Change>) {
    if old.location() != new.location() {
        let detail = from_to(old.location(), new.location());
        out.push(Change::new(
            Kind::OperationMoved,
            located(new),
            detail,
            true,
        ));
    }
    let (old_tags, new_tags): (Vec<&str>, Vec<&str>) = (old.tags().collect(), new.tags().collect());
    if old_tags != new_tags {
        // Each tag is a cargo feature and an extension trait.
        let detail = from_to(old_tags, new_tags);
        out.push(Change::new(Kind::TagsChanged, located(new), detail, true));
    }
    parameters(old, new, out);
    request_body(old, new, out);
    responses(old, new, out);
}

fn parameters(old: Operation, new: Operation, out: &mut Vec<Change>) {
    let (before, after) = (old.parameters(), new.parameters());
    let same = |a: &Parameter, b: &Parameter| a.location == b.location && a.name == b.name;
    let at = |parameter: &Parameter| Subject::Parameter {
        operation: new.name(),
        parameter: parameter.name.to_owned(),
        location: parameter.location.to_owned(),
    };
    // Moved: the same name, gone from one place and new in another.
    let moved = |parameter: &Parameter, from: &[Parameter], to: &[Parameter]| {
        !to.iter().any(|p| same(p, parameter))
            && to
                .iter()
                .any(|p| p.name == parameter.name && !from.iter().any(|q| same(p, q)))
    };
    for parameter in &before {
        let Some(newer) = after.iter().find(|p| same(p, parameter)) else {
            if moved(parameter, &before, &after) {
                let newer = after.iter().find(|p| p.name == parameter.name);
                let newer = newer.unwrap_or(parameter);
                let detail = from_to(parameter.location, newer.location);
                out.push(Change::new(
                    Kind::ParameterLocationChanged,
                    at(newer),
                    detail,
                    true,
                ));
            } else {
                let detail = Detail::Required {
                    required: parameter.required,
                };
                out.push(Change::new(
                    Kind::ParameterRemoved,
                    at(parameter),
                    detail,
                    true,
                ));
            }
            continue;
        };
        if parameter.required != newer.required {
            let detail = Detail::Required {
                required: newer.required,
            };
            out.push(Change::new(
                Kind::ParameterRequiredChanged,
                at(newer),
                detail,
                true,
            ));
        }
        facets::compare(&at(newer), facets_of(parameter), facets_of(newer), out);
    }
    for parameter in &after {
        if !before.iter().any(|p| same(p, parameter)) && !moved(parameter, &after, &before) {
            // A new required parameter is a new input users must give.
            let detail = Detail::Required {
                required: parameter.required,
            };
            out.push(Change::new(
                Kind::ParameterAdded,
                at(parameter),
                detail,
                parameter.required,
            ));
        }
    }
}

fn facets_of<'a>(parameter: &Parameter<'a>) -> Facets<'a> {
    Facets {
        shape: Shape::of(parameter.schema.unwrap_or(&ABSENT)),
        nullable: parameter.nullable(),
    }
}

/// `User`, `array of User`, `string`: a body's type in a few words.
fn body_type(schema: &Value) -> String {
    describe(Shape::of(schema), true)
}

fn request_body(old: Operation, new: Operation, out: &mut Vec<Change>) {
    let subject = Subject::RequestBody {
        operation: new.name(),
    };
    // Any body added is breaking: the generated builder fails to send
    // without one.
    let change = match (old.request_body_schema(), new.request_body_schema()) {
        (None, None) => return,
        (None, Some(_)) => Change::new(
            Kind::RequestBodyAdded,
            subject,
            Detail::Required {
                required: new.request_body_required(),
            },
            true,
        ),
        (Some(_), None) => Change::new(Kind::RequestBodyRemoved, subject, Detail::Nothing {}, true),
        (Some(before), Some(after)) => {
            let required = new.request_body_required();
            if required != old.request_body_required() {
                let detail = Detail::Required { required };
                let change = Kind::RequestBodyRequiredChanged;
                out.push(Change::new(change, subject.clone(), detail, true));
            }
            let (before, after) = (body_type(before), body_type(after));
            if before == after {
                return;
            }
            Change::new(
                Kind::RequestBodyChanged,
                subject,
                from_to(before, after),
                true,
            )
        }
    };
    out.push(change);
}

fn responses(old: Operation, new: Operation, out: &mut Vec<Change>) {
    let at = |status: &str| Subject::Response {
        operation: new.name(),
        status: status.to_owned(),
    };
    let body = |operation: Operation, status| {
        operation
            .response_schema(status)
            .map_or_else(|| "no body".to_owned(), body_type)
    };
    let new_statuses: Vec<&str> = new.responses().map(|(status, _)| status).collect();
    let old_statuses: Vec<&str> = old.responses().map(|(status, _)| status).collect();
    for status in &old_statuses {
        if !new_statuses.contains(status) {
            // The answer that status brings is now an unexpected response.
            let change = Change::new(Kind::StatusRemoved, at(status), Detail::Nothing {}, true);
            out.push(change);
            continue;
        }
        let (before, after) = (body(old, status), body(new, status));
        if before != after {
            let detail = from_to(before, after);
            out.push(Change::new(
                Kind::ResponseBodyChanged,
                at(status),
                detail,
                true,
            ));
        }
    }
    for status in new_statuses {
        if !old_statuses.contains(&status) {
            let change = Change::new(Kind::StatusAdded, at(status), Detail::Nothing {}, false);
            out.push(change);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn changes(old: Value, new: Value) -> Vec<Value> {
        let mut out = Vec::new();
        compare(Document::new(&old), Document::new(&new), &mut out);
        out.iter()
            .map(|change| serde_json::to_value(change).unwrap())
            .collect()
    }

    fn spec(operation: Value) -> Value {
        json!({"paths": {"/api/users/{id}": {"get": operation}}})
    }

    #[test]
    fn operations_added_and_removed_are_named_by_operation_id() {
        let old = json!({"paths": {"/a": {"get": {"operationId": "Old"}}}});
        let new =
            json!({"paths": {"/api/users/schema": {"get": {"operationId": "GetUserSchema"}}}});
        assert_eq!(
            changes(old, new),
            [
                json!({"change": "operation-removed", "operation": "Old", "method": "GET", "path": "/a", "breaking": true}),
                json!({"change": "operation-added", "operation": "GetUserSchema", "method": "GET", "path": "/api/users/schema", "breaking": false}),
            ]
        );
    }

    #[test]
    fn a_moved_or_re_tagged_operation_breaks() {
        let old = json!({"paths": {"/a": {"get": {"operationId": "Op", "tags": ["Users"]}}}});
        let new = json!({"paths": {"/b": {"put": {"operationId": "Op", "tags": ["Roles"]}}}});
        assert_eq!(
            changes(old, new),
            [
                json!({"change": "operation-moved", "operation": "Op", "method": "PUT", "path": "/b", "from": "GET /a", "to": "PUT /b", "breaking": true}),
                json!({"change": "tags-changed", "operation": "Op", "method": "PUT", "path": "/b", "from": ["Users"], "to": ["Roles"], "breaking": true}),
            ]
        );
    }

    #[test]
    fn a_new_optional_parameter_is_additive_a_required_one_breaks() {
        let old = spec(
            json!({"operationId": "Op", "parameters": [{"in": "path", "name": "id", "required": true}]}),
        );
        let new = spec(json!({"operationId": "Op", "parameters": [
            {"in": "path", "name": "id", "required": true},
            {"in": "query", "name": "limit"},
            {"in": "header", "name": "X-Scope", "required": true}]}));
        assert_eq!(
            changes(old, new),
            [
                json!({"change": "parameter-added", "operation": "Op", "parameter": "limit", "in": "query", "required": false, "breaking": false}),
                json!({"change": "parameter-added", "operation": "Op", "parameter": "X-Scope", "in": "header", "required": true, "breaking": true}),
            ]
        );
    }

    #[test]
    fn parameters_removed_moved_made_required_or_re_limited_break() {
        let old = spec(json!({"operationId": "Op", "parameters": [
            {"in": "query", "name": "gone"},
            {"in": "query", "name": "scope"},
            {"in": "query", "name": "filter"},
            {"in": "query", "name": "limit", "schema": {"type": "integer", "maximum": 100}}]}));
        let new = spec(json!({"operationId": "Op", "parameters": [
            {"in": "header", "name": "scope"},
            {"in": "query", "name": "filter", "required": true},
            {"in": "query", "name": "limit", "schema": {"type": "integer", "maximum": 50}}]}));
        assert_eq!(
            changes(old, new),
            [
                json!({"change": "parameter-removed", "operation": "Op", "parameter": "gone", "in": "query", "required": false, "breaking": true}),
                json!({"change": "parameter-location-changed", "operation": "Op", "parameter": "scope", "in": "header", "from": "query", "to": "header", "breaking": true}),
                json!({"change": "parameter-required-changed", "operation": "Op", "parameter": "filter", "in": "query", "required": true, "breaking": true}),
                json!({"change": "limit-changed", "operation": "Op", "parameter": "limit", "in": "query", "limit": "maximum", "from": 100, "to": 50, "breaking": true}),
            ]
        );
    }

    #[test]
    fn a_parameter_made_nullable_beside_its_schema_is_reported() {
        let old = spec(
            json!({"operationId": "Op", "parameters": [{"in": "query", "name": "q", "schema": {"type": "boolean"}}]}),
        );
        let new = spec(
            json!({"operationId": "Op", "parameters": [{"in": "query", "name": "q", "schema": {"type": "boolean"}, "x-nullable": true}]}),
        );
        assert_eq!(changes(old, new)[0]["change"], "nullable-changed");
    }

    #[test]
    fn bodies_and_statuses_are_compared_by_type() {
        let user = |name: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
        let old = spec(json!({"operationId": "Op",
            "requestBody": user("CreateUserRequest"),
            "responses": {"200": user("User"), "404": {"description": "Not Found"}}}));
        let new = spec(json!({"operationId": "Op",
            "requestBody": user("NewUserRequest"),
            "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}},
                          "4XX": user("LusidProblemDetails")}}));
        assert_eq!(
            changes(old, new),
            [
                json!({"change": "request-body-changed", "operation": "Op", "from": "CreateUserRequest", "to": "NewUserRequest", "breaking": true}),
                json!({"change": "response-body-changed", "operation": "Op", "status": "200", "from": "User", "to": "array of User", "breaking": true}),
                json!({"change": "status-removed", "operation": "Op", "status": "404", "breaking": true}),
                json!({"change": "status-added", "operation": "Op", "status": "4XX", "breaking": false}),
            ]
        );
        let mut required = user("A");
        required["required"] = json!(true);
        assert_eq!(
            changes(
                spec(json!({"operationId": "Op", "requestBody": user("A")})),
                spec(json!({"operationId": "Op", "requestBody": required}))
            ),
            [
                json!({"change": "request-body-required-changed", "operation": "Op", "required": true, "breaking": true})
            ]
        );
        let bodiless = spec(json!({"operationId": "Op"}));
        let with_body = spec(json!({"operationId": "Op", "requestBody": user("A")}));
        assert_eq!(
            changes(bodiless.clone(), with_body.clone()),
            [
                json!({"change": "request-body-added", "operation": "Op", "required": false, "breaking": true})
            ]
        );
        assert_eq!(
            changes(with_body, bodiless),
            [json!({"change": "request-body-removed", "operation": "Op", "breaking": true})]
        );
    }
}
