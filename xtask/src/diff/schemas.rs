//! Component schemas before and after: schemas and properties added,
//! removed, made required or optional, retyped or re-limited.

use std::collections::BTreeMap;

use identity_openapi::{Document, Property, Schema};

use super::change::{Change, Detail, Kind, Subject};
use super::facets::{self, Facets};

/// The changes to `components.schemas`: the older document's schemas in
/// its order, then the newer's new ones in theirs.
pub(super) fn compare(old: Document, new: Document, out: &mut Vec<Change>) {
    let new_by_name: BTreeMap<&str, Schema> = new.schemas().map(|s| (s.name, s)).collect();
    let old_by_name: BTreeMap<&str, Schema> = old.schemas().map(|s| (s.name, s)).collect();
    for schema in old.schemas() {
        match new_by_name.get(schema.name) {
            Some(newer) => compare_schema(schema, *newer, out),
            None => whole(schema, Kind::SchemaRemoved, out),
        }
    }
    for schema in new.schemas() {
        if !old_by_name.contains_key(schema.name) {
            whole(schema, Kind::SchemaAdded, out);
        }
    }
}

/// A schema added or removed, with each of its properties.
fn whole(schema: Schema, kind: Kind, out: &mut Vec<Change>) {
    let removed = kind == Kind::SchemaRemoved;
    let subject = Subject::Schema {
        schema: schema.name.to_owned(),
    };
    out.push(Change::new(kind, subject, Detail::Nothing {}, removed));
    let property_kind = if removed {
        Kind::PropertyRemoved
    } else {
        Kind::PropertyAdded
    };
    for property in schema.properties() {
        let detail = Detail::Required {
            required: property.required,
        };
        out.push(Change::new(
            property_kind,
            at(schema, property),
            detail,
            removed,
        ));
    }
}

fn at(schema: Schema, property: Property) -> Subject {
    Subject::Property {
        schema: schema.name.to_owned(),
        property: property.name.to_owned(),
    }
}

fn compare_schema(old: Schema, new: Schema, out: &mut Vec<Change>) {
    let subject = Subject::Schema {
        schema: old.name.to_owned(),
    };
    facets::compare(&subject, Facets::of(old.value), Facets::of(new.value), out);
    let old_properties = old.properties();
    let new_properties = new.properties();
    for property in &old_properties {
        let subject = at(old, *property);
        match new_properties.iter().find(|p| p.name == property.name) {
            None => out.push(Change::new(
                Kind::PropertyRemoved,
                subject,
                Detail::Required {
                    required: property.required,
                },
                true,
            )),
            Some(newer) => {
                if newer.required != property.required {
                    let detail = Detail::Required {
                        required: newer.required,
                    };
                    out.push(Change::new(
                        Kind::PropertyRequiredChanged,
                        subject.clone(),
                        detail,
                        true,
                    ));
                }
                let (before, after) = (Facets::of(property.schema), Facets::of(newer.schema));
                facets::compare(&subject, before, after, out);
            }
        }
    }
    for property in &new_properties {
        if !old_properties.iter().any(|p| p.name == property.name) {
            // A new required property is a new input users must give.
            let detail = Detail::Required {
                required: property.required,
            };
            out.push(Change::new(
                Kind::PropertyAdded,
                at(new, *property),
                detail,
                property.required,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn changes(old: Value, new: Value) -> Vec<Value> {
        let (old, new) = (
            json!({"components": {"schemas": old}}),
            json!({"components": {"schemas": new}}),
        );
        let mut out = Vec::new();
        compare(Document::new(&old), Document::new(&new), &mut out);
        out.iter()
            .map(|change| serde_json::to_value(change).unwrap())
            .collect()
    }

    #[test]
    fn a_new_schema_lists_its_properties_as_added_and_breaks_nothing() {
        assert_eq!(
            changes(
                json!({}),
                json!({"Policy": {"required": ["id"], "properties": {"id": {}, "note": {}}}})
            ),
            [
                json!({"change": "schema-added", "schema": "Policy", "breaking": false}),
                json!({"change": "property-added", "schema": "Policy", "property": "id", "required": true, "breaking": false}),
                json!({"change": "property-added", "schema": "Policy", "property": "note", "required": false, "breaking": false}),
            ]
        );
    }

    #[test]
    fn a_removed_schema_lists_its_properties_as_removed_and_breaks() {
        assert_eq!(
            changes(json!({"Old": {"properties": {"a": {}}}}), json!({})),
            [
                json!({"change": "schema-removed", "schema": "Old", "breaking": true}),
                json!({"change": "property-removed", "schema": "Old", "property": "a", "required": false, "breaking": true}),
            ]
        );
    }

    #[test]
    fn an_optional_property_added_is_additive_a_required_one_breaks() {
        let old = json!({"User": {"required": ["id"], "properties": {"id": {"type": "string"}}}});
        let new = json!({"User": {"required": ["id", "email"], "properties": {
            "id": {"type": "string"}, "alternativeUserIds": {"type": "array", "items": {"type": "string"}},
            "email": {"type": "string"}}}});
        assert_eq!(
            changes(old, new),
            [
                json!({"change": "property-added", "schema": "User", "property": "alternativeUserIds", "required": false, "breaking": false}),
                json!({"change": "property-added", "schema": "User", "property": "email", "required": true, "breaking": true}),
            ]
        );
    }

    #[test]
    fn a_property_switching_required_ness_breaks_either_way() {
        let optional = json!({"U": {"properties": {"a": {}}}});
        let required = json!({"U": {"required": ["a"], "properties": {"a": {}}}});
        for (old, new, now) in [(&optional, &required, true), (&required, &optional, false)] {
            assert_eq!(
                changes(old.clone(), new.clone()),
                [
                    json!({"change": "property-required-changed", "schema": "U", "property": "a", "required": now, "breaking": true})
                ]
            );
        }
    }

    #[test]
    fn property_facets_are_compared_at_the_property() {
        let found = changes(
            json!({"U": {"properties": {"a": {"type": "string"}, "gone": {}}}}),
            json!({"U": {"properties": {"a": {"type": "string", "nullable": true}}}}),
        );
        assert_eq!(
            found,
            [
                json!({"change": "nullable-changed", "schema": "U", "property": "a", "nullable": true, "breaking": true}),
                json!({"change": "property-removed", "schema": "U", "property": "gone", "required": false, "breaking": true}),
            ]
        );
    }
}
