//! The report for a reader: one line per change, breaking ones marked.

use serde_json::Value;

use super::Report;
use super::change::{Change, Detail, Subject};

/// `0.0.2679 → 0.0.3076: additive, 25 changes (0 breaking)`, then a line per
/// change.
pub fn text(report: &Report) -> String {
    let mut out = headline(report);
    out.push('\n');
    for change in &report.changes {
        let mark = if change.breaking {
            "BREAKING "
        } else {
            "         "
        };
        out.push_str(&format!("  {mark}{}\n", line(change)));
    }
    out
}

/// The report's first line.
pub fn headline(report: &Report) -> String {
    let version = |v: &Option<String>| v.clone().unwrap_or_else(|| "(no version)".into());
    let plural = if report.changes.len() == 1 { "" } else { "s" };
    format!(
        "{} → {}: {}, {} change{plural} ({} breaking)",
        version(&report.from),
        version(&report.to),
        report.verdict.as_str(),
        report.changes.len(),
        report.breaking()
    )
}

/// `property-added UserResponse.alternativeUserIds, optional`.
pub fn line(change: &Change) -> String {
    let kind = serde_json::to_value(change.change).unwrap_or_default();
    let mut out = format!(
        "{} {}",
        kind.as_str().unwrap_or_default(),
        subject(&change.subject)
    );
    out.push_str(&detail(&change.detail));
    if change.handwritten {
        out.push_str(" (identity-sdk's hand-written problem decoder must follow)");
    }
    out
}

fn subject(subject: &Subject) -> String {
    match subject {
        Subject::Operation {
            operation,
            method,
            path,
        } => format!("{operation} ({method} {path})"),
        Subject::Parameter {
            operation,
            parameter,
            location,
        } => format!("{operation}: {location} parameter {parameter}"),
        Subject::RequestBody { operation } => format!("{operation}: request body"),
        Subject::Response { operation, status } => format!("{operation}: response {status}"),
        Subject::Schema { schema } => schema.clone(),
        Subject::Document { at } => format!("at {at}"),
        Subject::Property { schema, property } => format!("{schema}.{property}"),
    }
}

fn detail(detail: &Detail) -> String {
    match detail {
        Detail::Nothing {} => String::new(),
        Detail::Required { required: true } => ", required".into(),
        Detail::Required { required: false } => ", optional".into(),
        Detail::Nullable { nullable: true } => ", now nullable".into(),
        Detail::Nullable { nullable: false } => ", no longer nullable".into(),
        Detail::FromTo { from, to } => format!(": {} → {}", value(from), value(to)),
        Detail::Limit { limit, from, to } => {
            format!(": {limit} {} → {}", value(from), value(to))
        }
    }
}

/// A value as a reader writes it: strings bare, `none` for absent.
fn value(value: &Value) -> String {
    match value {
        Value::Null => "none".into(),
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(self::value).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::diff::compare;

    #[test]
    fn each_change_is_one_line_breaking_ones_marked() {
        let old = json!({"info": {"version": "1"},
            "paths": {"/a": {"get": {"operationId": "Old", "tags": ["T"]}}},
            "components": {"schemas": {"User": {"properties": {
                "id": {"type": "string", "maxLength": 25}, "tags": {"enum": ["a"]}}}}}});
        let new = json!({"info": {"version": "2"},
            "paths": {"/b": {"get": {"operationId": "New"}}},
            "components": {"schemas": {"User": {"required": ["email"], "properties": {
                "id": {"type": "string", "maxLength": 40}, "tags": {"enum": ["a", "b"]},
                "email": {"type": "string"}}}}}});
        assert_eq!(
            text(&compare(&old, &new)),
            "1 → 2: breaking, 5 changes (3 breaking)
  BREAKING operation-removed Old (GET /a)
           operation-added New (GET /b)
           limit-changed User.id: maxLength 25 → 40
  BREAKING limit-changed User.tags: enum [a] → [a, b]
  BREAKING property-added User.email, required
"
        );
    }
}
