//! One value's schema before and after (a property's, a parameter's, a
//! component schema's own): its type, format, nullability and limits.

use identity_openapi::Shape;
use serde_json::Value;

use super::change::{Change, Detail, Kind, Subject};

/// One value's schema in one version of the spec.
#[derive(Clone, Copy, Debug)]
pub(super) struct Facets<'a> {
    pub shape: Shape<'a>,
    /// Passed in: a parameter may say it beside its schema.
    pub nullable: bool,
}

impl<'a> Facets<'a> {
    pub fn of(schema: &'a Value) -> Self {
        let shape = Shape::of(schema);
        Facets {
            shape,
            nullable: shape.nullable(),
        }
    }
}

/// The changes between `old` and `new`, all at `subject`. A type change
/// says it all: its format and limits are not compared on top of it.
pub(super) fn compare(subject: &Subject, old: Facets, new: Facets, out: &mut Vec<Change>) {
    let change = |kind, detail, breaking| Change::new(kind, subject.clone(), detail, breaking);
    let (old_type, new_type) = (describe(old.shape, false), describe(new.shape, false));
    if old.nullable != new.nullable {
        // Optional-or-not is part of the generated field's Rust type.
        let detail = Detail::Nullable {
            nullable: new.nullable,
        };
        out.push(change(Kind::NullableChanged, detail, true));
    }
    if old_type != new_type {
        let detail = from_to(Some(old_type), Some(new_type));
        out.push(change(Kind::TypeChanged, detail, true));
        return;
    }
    let (old_format, new_format) = (old.shape.format(), new.shape.format());
    if old_format != new_format {
        // `date-time`, `uuid`, `int64`...: another Rust type.
        let detail = from_to(old_format.map(str::to_owned), new_format.map(str::to_owned));
        out.push(change(Kind::FormatChanged, detail, true));
    }
    let mut changed = Vec::new();
    limits("", old.shape, new.shape, &mut changed);
    for (limit, from, to) in changed {
        let breaking = tightened(&limit, from, to);
        let detail = Detail::Limit {
            limit,
            from: from.cloned().unwrap_or(Value::Null),
            to: to.cloned().unwrap_or(Value::Null),
        };
        out.push(change(Kind::LimitChanged, detail, breaking));
    }
}

/// A limit that differs: its keyword, before and after.
type Changed<'a> = (String, Option<&'a Value>, Option<&'a Value>);

fn from_to(from: Option<String>, to: Option<String>) -> Detail {
    Detail::FromTo {
        from: from.map_or(Value::Null, Value::String),
        to: to.map_or(Value::Null, Value::String),
    }
}

/// Adds to `found` every limit that differs, on the schema and on its
/// array items (`items.maxLength`).
fn limits<'a>(prefix: &str, old: Shape<'a>, new: Shape<'a>, found: &mut Vec<Changed<'a>>) {
    for keyword in identity_openapi::LIMITS {
        let (from, to) = (limit(old, keyword), limit(new, keyword));
        if from != to {
            found.push((format!("{prefix}{keyword}"), from, to));
        }
    }
    if let (Some(old), Some(new)) = (old.items(), new.items()) {
        limits(&format!("{prefix}items."), old, new, found);
    }
}

fn limit<'a>(shape: Shape<'a>, keyword: &str) -> Option<&'a Value> {
    shape
        .limits()
        .find(|(key, _)| *key == keyword)
        .map(|(_, value)| value)
}

/// Whether a limit going from `from` to `to` (`None`: absent) rejects a
/// value the old one accepted. Any change to an `enum` counts: the values
/// are a generated Rust enum, whose variants users match on.
pub(super) fn tightened(limit: &str, from: Option<&Value>, to: Option<&Value>) -> bool {
    let keyword = limit.rsplit('.').next().unwrap_or(limit);
    let number = |value: Option<&Value>| value.and_then(Value::as_f64);
    match keyword {
        "enum" => true,
        "maxLength" | "maximum" | "maxItems" => match (number(from), number(to)) {
            (_, None) => to.is_some(),
            (None, Some(_)) => true,
            (Some(from), Some(to)) => to < from,
        },
        "minLength" | "minimum" | "minItems" => match (number(from), number(to)) {
            (_, None) => to.is_some(),
            (None, Some(_)) => true,
            (Some(from), Some(to)) => to > from,
        },
        // `pattern` added or changed: no way to know it accepts as much.
        "pattern" => to.is_some(),
        // The booleans `exclusiveMinimum`, `exclusiveMaximum`, `uniqueItems`.
        _ => to == Some(&Value::Bool(true)),
    }
}

/// A schema's type in a few words: a component's name, `array of X`,
/// `map of X`, `string (date-time)`; the top level without its format,
/// which is compared on its own.
pub(super) fn describe(shape: Shape, with_format: bool) -> String {
    if let Some(target) = shape.reference() {
        return target.name;
    }
    let base = match (
        shape.type_name(),
        shape.items(),
        shape.additional_properties(),
    ) {
        (Some("array"), Some(items), _) => return format!("array of {}", describe(items, true)),
        // An object with properties and extra members stays a struct.
        (Some("object") | None, _, Some(values)) if shape.value().get("properties").is_none() => {
            return format!("map of {}", describe(values, true));
        }
        (Some(name), _, _) => name,
        (None, _, _) => "any",
    };
    match shape.format().filter(|_| with_format) {
        Some(format) => format!("{base} ({format})"),
        None => base.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn changes(old: Value, new: Value) -> Vec<Value> {
        let mut out = Vec::new();
        let subject = Subject::Schema { schema: "S".into() };
        compare(&subject, Facets::of(&old), Facets::of(&new), &mut out);
        out.iter()
            .map(|change| {
                let mut value = serde_json::to_value(change).unwrap();
                value.as_object_mut().unwrap().remove("schema");
                value
            })
            .collect()
    }

    #[test]
    fn types_are_described_through_arrays_maps_and_references() {
        let cases = [
            (json!({"$ref": "#/components/schemas/User"}), "User"),
            (
                json!({"type": "array", "items": {"type": "string", "format": "uuid"}}),
                "array of string (uuid)",
            ),
            (
                json!({"type": "object", "additionalProperties": {"type": "integer"}}),
                "map of integer",
            ),
            (json!({"type": "string", "format": "date-time"}), "string"),
            (json!({"description": "anything"}), "any"),
        ];
        for (schema, described) in cases {
            assert_eq!(describe(Shape::of(&schema), false), described, "{schema}");
        }
    }

    #[test]
    fn a_tightened_limit_breaks_and_a_relaxed_one_does_not() {
        let limit = |from: Value, to: Value| {
            changes(
                json!({"type": "string", "maxLength": from}),
                json!({"type": "string", "maxLength": to}),
            )
        };
        assert_eq!(
            limit(json!(25), json!(40)),
            [
                json!({"change": "limit-changed", "limit": "maxLength", "from": 25, "to": 40, "breaking": false})
            ]
        );
        assert_eq!(limit(json!(40), json!(25))[0]["breaking"], true);
        let min = changes(json!({"minimum": 1}), json!({"minimum": 0}));
        assert_eq!(min[0]["breaking"], false);
        let min = changes(json!({"minimum": 0}), json!({"minimum": 1}));
        assert_eq!(min[0]["breaking"], true);
        let added = changes(
            json!({"type": "string"}),
            json!({"type": "string", "pattern": "^a$"}),
        );
        assert_eq!(added[0]["breaking"], true);
        let removed = changes(
            json!({"type": "string", "minLength": 3}),
            json!({"type": "string"}),
        );
        assert_eq!(removed[0]["to"], Value::Null);
        assert_eq!(removed[0]["breaking"], false);
        // The same limit written another way (a spec re-serialised with
        // floats) is reported, but rejects nothing more.
        assert_eq!(limit(json!(25), json!(25.0))[0]["breaking"], false);
        let min = changes(json!({"minimum": 1}), json!({"minimum": 1.0}));
        assert_eq!(min[0]["breaking"], false);
    }

    #[test]
    fn limits_of_array_items_are_compared_too() {
        let found = changes(
            json!({"type": "array", "items": {"type": "string", "maxLength": 10}}),
            json!({"type": "array", "items": {"type": "string", "maxLength": 5}}),
        );
        assert_eq!(found[0]["limit"], "items.maxLength");
        assert_eq!(found[0]["breaking"], true);
    }

    #[test]
    fn every_enum_change_breaks_because_it_is_a_rust_enum() {
        for (from, to) in [
            (json!(["a"]), json!(["a", "b"])),
            (json!(["a", "b"]), json!(["a"])),
        ] {
            let found = changes(json!({"enum": from}), json!({"enum": to}));
            assert_eq!(found[0]["breaking"], true);
        }
        assert!(!tightened("uniqueItems", Some(&json!(true)), None));
        assert!(tightened("exclusiveMaximum", None, Some(&json!(true))));
    }

    #[test]
    fn a_type_change_is_reported_alone_and_nullability_beside_it() {
        assert_eq!(
            changes(
                json!({"type": "string", "maxLength": 3}),
                json!({"type": "integer", "nullable": true})
            ),
            [
                json!({"change": "nullable-changed", "nullable": true, "breaking": true}),
                json!({"change": "type-changed", "from": "string", "to": "integer", "breaking": true})
            ]
        );
        assert_eq!(
            changes(
                json!({"type": "string", "format": "date-time"}),
                json!({"type": "string"})
            ),
            [
                json!({"change": "format-changed", "from": "date-time", "to": null, "breaking": true})
            ]
        );
        assert!(
            changes(
                json!({"type": "string", "description": "a"}),
                json!({"type": "string", "description": "b", "example": "x"})
            )
            .is_empty()
        );
    }
}
