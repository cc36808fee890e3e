//! `cargo xtask diff`: what a regeneration changes for users, between two
//! versions of a spec, in the upstream's names.
//!
//! [`compare`] reads both documents with the `identity-openapi` model and
//! lists every [`Change`] to the operations (`operations.rs`) and the
//! component schemas (`schemas.rs`), each value's type, format,
//! nullability and limits compared by `facets.rs`. Prose (descriptions,
//! summaries, examples) is never read, so a document whose prose alone
//! changed has no change at all. Changes to the problem details, which
//! identity-sdk decodes by hand, are marked by `handwritten.rs`. Should no
//! comparison find a change while the documents differ outside prose,
//! `unclassified.rs` names where. [`render`] writes the report for a
//! reader, and [`changelog`] as the draft `cargo xtask trim` puts in
//! CHANGELOG.md.
//!
//! ```
//! use serde_json::json;
//! use xtask::diff::{Verdict, compare};
//!
//! let old = json!({"info": {"version": "1"}, "components": {"schemas": {"User": {
//!     "properties": {"id": {"type": "string", "maxLength": 25}}}}}});
//! let new = json!({"info": {"version": "2"}, "components": {"schemas": {"User": {
//!     "properties": {"id": {"type": "string", "maxLength": 40}}}}}});
//! let report = compare(&old, &new);
//! assert_eq!(report.verdict, Verdict::Additive);
//! assert_eq!(
//!     serde_json::to_value(&report).unwrap(),
//!     json!({"from": "1", "to": "2", "verdict": "additive", "changes": [
//!         {"change": "limit-changed", "schema": "User", "property": "id",
//!          "limit": "maxLength", "from": 25, "to": 40, "breaking": false}
//!     ]})
//! );
//! ```

mod change;
pub mod changelog;
mod facets;
mod handwritten;
mod operations;
pub mod render;
mod schemas;
mod unclassified;

use std::path::Path;

pub use change::{Change, Detail, Kind, Subject};
use identity_openapi::Document;
use serde::Serialize;
use serde_json::Value;

use crate::Error;

/// What a regeneration means for users, from the changes' `breaking` flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    /// Code that compiled against the old crate may stop compiling or
    /// behave differently: something removed or retyped, a property
    /// switching between optional and required, a tightened limit, a new
    /// required input.
    #[serde(rename = "breaking")]
    Breaking,
    /// Only additions: operations, schemas, optional properties and
    /// parameters, documented statuses, relaxed limits.
    #[serde(rename = "additive")]
    Additive,
    /// Nothing users see changed (prose at most).
    #[serde(rename = "none")]
    Unchanged,
}

impl Verdict {
    /// `breaking`, `additive` or `none`, as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::Additive => "additive",
            Verdict::Unchanged => "none",
        }
    }
}

/// The report: both versions, the verdict and every change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// The older document's `info.version`.
    pub from: Option<String>,
    /// The newer document's `info.version`.
    pub to: Option<String>,
    /// What the changes add up to.
    pub verdict: Verdict,
    /// Operations first, then component schemas.
    pub changes: Vec<Change>,
}

impl Report {
    /// The report as one line of JSON (`--json`).
    pub fn to_json(&self) -> String {
        // A tree of strings, numbers and booleans: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// How many changes break users.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|change| change.breaking).count()
    }
}

/// `cargo xtask diff OLD NEW [--json]`: compares two spec files and prints
/// the report, as text or as one JSON object.
pub fn run(old: &Path, new: &Path, json: bool) -> Result<Report, Error> {
    let read = |path: &Path| -> Result<Value, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_slice(&bytes).map_err(|source| Error::Json {
            path: path.to_owned(),
            source,
        })
    };
    let report = compare(&read(old)?, &read(new)?);
    let text = if json {
        format!("{}\n", report.to_json())
    } else {
        render::text(&report)
    };
    // A reader that closed the pipe (`| head`) has seen what it wanted.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
    Ok(report)
}

/// Compares two OpenAPI documents (any JSON: what is missing reads as
/// empty).
pub fn compare(old: &Value, new: &Value) -> Report {
    let (old, new) = (Document::new(old), Document::new(new));
    let mut changes = Vec::new();
    operations::compare(old, new, &mut changes);
    schemas::compare(old, new, &mut changes);
    handwritten::mark(&mut changes, &handwritten::error_schemas(old));
    if changes.is_empty()
        && let Some(at) = unclassified::first_difference(old.value(), new.value())
    {
        let subject = Subject::Document { at };
        changes.push(Change::new(
            Kind::Unclassified,
            subject,
            Detail::Nothing {},
            true,
        ));
    }
    let verdict = if changes.iter().any(|change| change.breaking) {
        Verdict::Breaking
    } else if changes.is_empty() {
        Verdict::Unchanged
    } else {
        Verdict::Additive
    };
    Report {
        from: old.version().map(str::to_owned),
        to: new.version().map(str::to_owned),
        verdict,
        changes,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A spec with one operation whose errors are problem details.
    fn spec(problem: Value, user: Value) -> Value {
        let error = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/LusidProblemDetails"}}}});
        json!({
            "info": {"version": "0.0.1", "description": "Identity"},
            "paths": {"/api/users/{id}": {"get": {
                "operationId": "GetUser", "tags": ["Users"], "summary": "Get a user",
                "responses": {"200": {"description": "the user", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/User"}, "example": {"id": "x"}}}},
                    "4XX": error, "5XX": error}
            }}},
            "components": {"schemas": {"LusidProblemDetails": problem, "User": user}}
        })
    }

    fn problem() -> Value {
        json!({"type": "object", "properties": {
            "title": {"type": "string", "nullable": true},
            "instance": {"type": "string", "nullable": true},
            "status": {"type": "integer", "format": "int32", "nullable": true}}})
    }

    fn user() -> Value {
        json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "description": "its id"}}})
    }

    #[test]
    fn prose_alone_is_no_change() {
        let old = spec(problem(), user());
        let mut new = old.clone();
        new["info"]["description"] = json!("Identity, described anew");
        new["paths"]["/api/users/{id}"]["get"]["summary"] = json!("Gets one user");
        new["paths"]["/api/users/{id}"]["get"]["responses"]["200"]["description"] = json!("x");
        new["components"]["schemas"]["User"]["properties"]["id"]["description"] = json!("the id");
        new["components"]["schemas"]["User"]["properties"]["id"]["example"] = json!("a1");
        let report = compare(&old, &new);
        assert_eq!(
            (report.verdict, report.changes.len()),
            (Verdict::Unchanged, 0)
        );
        assert_eq!(
            report.to_json(),
            r#"{"from":"0.0.1","to":"0.0.1","verdict":"none","changes":[]}"#
        );
    }

    #[test]
    fn a_difference_no_kind_describes_is_not_called_none() {
        let old = spec(problem(), user());
        let mut new = old.clone();
        new["paths"]["/api/users/{id}"]["get"]["security"] = json!([{"oauth2": []}]);
        let report = compare(&old, &new);
        assert_eq!(report.verdict, Verdict::Breaking);
        assert_eq!(
            serde_json::to_value(&report.changes).unwrap(),
            json!([{"change": "unclassified", "at": "/paths/~1api~1users~1{id}/get/security", "breaking": true}])
        );
    }

    #[test]
    fn an_optional_property_added_is_additive() {
        let mut user = user();
        user["properties"]["alternativeUserIds"] =
            json!({"type": "array", "items": {"type": "string"}});
        let report = compare(&spec(problem(), self::user()), &spec(problem(), user));
        assert_eq!(report.verdict, Verdict::Additive);
        assert_eq!(report.breaking(), 0);
    }

    #[test]
    fn one_breaking_change_makes_the_whole_report_breaking() {
        let mut user = user();
        user["properties"]["id"]["maxLength"] = json!(10);
        user["properties"]["email"] = json!({"type": "string"});
        let report = compare(&spec(problem(), self::user()), &spec(problem(), user));
        assert_eq!(report.verdict, Verdict::Breaking);
        assert_eq!((report.changes.len(), report.breaking()), (2, 1));
    }

    #[test]
    fn a_problem_details_field_removed_or_retyped_is_for_the_hand_written_decoder() {
        let mut renamed = problem();
        let fields = renamed["properties"].as_object_mut().unwrap();
        let title = fields.shift_remove("title").unwrap();
        fields.insert("heading".into(), title);
        fields["status"] = json!({"type": "string", "nullable": true});
        let report = compare(&spec(problem(), user()), &spec(renamed, user()));
        let found: Vec<Value> = report
            .changes
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .collect();
        assert_eq!(
            found,
            [
                json!({"change": "property-removed", "schema": "LusidProblemDetails", "property": "title", "required": false, "breaking": true, "handwritten": true}),
                json!({"change": "type-changed", "schema": "LusidProblemDetails", "property": "status", "from": "integer", "to": "string", "breaking": true, "handwritten": true}),
                json!({"change": "property-added", "schema": "LusidProblemDetails", "property": "heading", "required": false, "breaking": false}),
            ]
        );
        assert_eq!(report.verdict, Verdict::Breaking);
    }

    #[test]
    fn error_responses_naming_another_schema_are_for_the_hand_written_decoder() {
        let old = spec(problem(), user());
        let mut new = old.clone();
        new["paths"]["/api/users/{id}"]["get"]["responses"]["4XX"] =
            json!({"content": {"application/json": {"schema": {"type": "object"}}}});
        let report = compare(&old, &new);
        assert_eq!(report.changes.len(), 1);
        assert!(report.changes[0].handwritten && report.changes[0].breaking);
        assert_eq!(report.changes[0].change, Kind::ResponseBodyChanged);
    }
}
