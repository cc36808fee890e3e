//! Rule 10: every `pattern` is one the generated code can compile.
//!
//! typify checks each string `pattern` with `regress` (ECMAScript syntax)
//! and the generated code compiles it at run time. FINBOURNE's patterns
//! are written for .NET, whose syntax is a superset: `regress` refuses
//! inline options such as `(?s)`, and reads a few .NET escapes (`\A`,
//! `\z`) as the letters themselves. What .NET means is translated into an
//! ECMAScript pattern that matches exactly the same strings; what has no
//! such translation is dropped from its schema and recorded, so the client
//! checks a little less than the server, never something else.
//!
//! The translation itself is `dotnet_regex`.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::dotnet_regex::to_ecmascript;

/// A pattern rule 10 dropped, as the provenance records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct DroppedPattern {
    /// The JSON pointer (`#/components/schemas/X/properties/y`) of the
    /// schema that had it.
    pub(super) schema: String,
    /// The pattern as published.
    pub(super) pattern: String,
    /// Why it has no ECMAScript equivalent.
    pub(super) reason: String,
}

impl DroppedPattern {
    /// The provenance entry.
    pub(super) fn to_json(&self) -> Value {
        json!({"schema": self.schema, "pattern": self.pattern, "reason": self.reason})
    }
}

/// Translates every `pattern` of a schema inside `value`, whose JSON
/// pointer is `pointer` (with its leading `#`), dropping and recording
/// those without an ECMAScript equivalent. Examples, defaults, enums and
/// extensions are data, not schemas, and are left alone
/// ([`identity_codegen::for_each_schema_object`], which also decides which
/// patterns need `regress`).
pub(super) fn translate_patterns(
    value: &mut Value,
    pointer: &str,
    dropped: &mut Vec<DroppedPattern>,
) {
    let mut found: Vec<(String, String)> = Vec::new();
    identity_codegen::for_each_schema_object(value, "", &mut |object, at| {
        if let Some(Value::String(pattern)) = object.get("pattern") {
            found.push((at.to_owned(), pattern.clone()));
        }
    });
    for (at, pattern) in found {
        let Some(schema) = value.pointer_mut(&at).and_then(Value::as_object_mut) else {
            continue; // found just above: always there
        };
        match to_ecmascript(&pattern) {
            Ok(Cow::Borrowed(_)) => {}
            Ok(Cow::Owned(translated)) => {
                schema.insert("pattern".into(), Value::String(translated));
            }
            Err(reason) => {
                schema.shift_remove("pattern");
                dropped.push(DroppedPattern {
                    schema: format!("{pointer}{at}"),
                    pattern,
                    reason,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trim::test_support::*;

    #[test]
    fn patterns_are_translated_or_dropped_in_place_and_recorded() {
        let mut schemas = json!({
            "A": {"type": "object", "properties": {
                "body": {"type": "string", "pattern": "(?s).*"},
                "code": {"type": "string", "pattern": r"\p{Lu}"},
                "plain": {"type": "string", "pattern": "^a$"},
                "pattern": {"type": "string"}
            }, "example": {"pattern": "(?s)"}},
            "B/C": {"type": "array", "items": {"type": "string", "pattern": "(?x)a"}}
        });
        let mut dropped = Vec::new();
        translate_patterns(&mut schemas, "#/components/schemas", &mut dropped);
        let properties = &schemas["A"]["properties"];
        assert_eq!(properties["body"]["pattern"], r"[\s\S]*");
        assert_eq!(properties["code"], json!({"type": "string"}));
        assert_eq!(properties["plain"]["pattern"], "^a$");
        assert_eq!(schemas["A"]["example"]["pattern"], "(?s)");
        assert_eq!(schemas["B/C"]["items"], json!({"type": "string"}));
        let places: Vec<(&str, &str)> = dropped
            .iter()
            .map(|d| (d.schema.as_str(), d.pattern.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                ("#/components/schemas/A/properties/code", r"\p{Lu}"),
                ("#/components/schemas/B~1C/items", "(?x)a")
            ]
        );
    }

    #[test]
    fn the_trim_records_dropped_patterns_in_the_provenance() {
        let spec = one_operation(
            json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}}),
            json!({"S": {"type": "object", "properties": {
                "a": {"type": "string", "pattern": "(?s).+"},
                "b": {"type": "string", "pattern": r"\p{L}"}
            }}}),
        );
        let out = trim_spec(&spec, &["Op"]).unwrap();
        let properties = &out["components"]["schemas"]["S"]["properties"];
        assert_eq!(properties["a"]["pattern"], r"[\s\S]+");
        assert!(properties["b"].get("pattern").is_none());
        let dropped = &out["info"][crate::trim::PROVENANCE_KEY]["droppedPatterns"];
        assert_eq!(dropped[0]["schema"], "#/components/schemas/S/properties/b");
        assert_eq!(dropped[0]["pattern"], r"\p{L}");
        assert!(dropped[0]["reason"].as_str().unwrap().contains("Unicode"));
        // Nothing dropped, nothing recorded.
        let out = trim_ids(&["InvalidateToken"]).unwrap();
        assert!(
            out["info"][crate::trim::PROVENANCE_KEY]
                .get("droppedPatterns")
                .is_none()
        );
    }
}
