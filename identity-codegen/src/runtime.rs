//! What generated code needs at run time: the crates it may name, and the
//! string `format`s and `pattern`s that make it name the optional ones.
//!
//! progenitor hands schemas to typify, which maps a few string formats to
//! types of other crates (typify-impl 0.8, `convert_string`) and checks a
//! string `pattern` at run time with `regress`. [`FORMATS`] is the one list
//! of those formats: the compile check's scratch crate gets its
//! dependencies from it ([`runtime_dependencies`]), and a crate that
//! includes generated code can ask which optional crates a document needs
//! ([`required_crates`]). No generator setting is needed for them: typify's
//! own mapping is what the list records, and a test of this crate proves
//! the two agree.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// A crate that generated code may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuntimeCrate {
    /// Its name, as generated paths spell it (`::uuid::Uuid` uses `uuid`).
    pub name: &'static str,
    /// Its line in a `[dependencies]` table.
    pub dependency: &'static str,
    /// The `schemars` feature that implements `JsonSchema` for its types,
    /// which the settings derive on every generated type.
    pub schemars_feature: Option<&'static str>,
}

/// `chrono`, for `date` and `date-time` strings.
pub const CHRONO: RuntimeCrate = RuntimeCrate {
    name: "chrono",
    dependency: r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#,
    schemars_feature: Some("chrono04"),
};

/// `regress`, which generated code uses to check string `pattern`s. The
/// same major as typify's, which accepted the pattern at generation time:
/// another version could refuse it when the generated code compiles it,
/// and that `unwrap`s.
pub const REGRESS: RuntimeCrate = RuntimeCrate {
    name: "regress",
    dependency: r#"regress = "0.12""#,
    schemars_feature: None,
};

/// `uuid`, for `uuid` strings.
pub const UUID: RuntimeCrate = RuntimeCrate {
    name: "uuid",
    dependency: r#"uuid = { version = "1", default-features = false, features = ["serde", "std"] }"#,
    schemars_feature: Some("uuid1"),
};

/// The crates only some documents need, by name.
pub const OPTIONAL_CRATES: &[RuntimeCrate] = &[CHRONO, REGRESS, UUID];

/// The crates every generated client needs, beside `schemars` (whose
/// features depend on [`OPTIONAL_CRATES`]).
const ALWAYS: &[&str] = &[
    r#"progenitor-client = "0.15.1""#,
    r#"reqwest = { version = "0.13.5", default-features = false, features = ["json"] }"#,
    r#"serde = { version = "1", features = ["derive"] }"#,
    r#"serde_json = "1""#,
];

/// A string `format` that typify maps to a type of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Format {
    /// The OpenAPI `format`.
    pub format: &'static str,
    /// The Rust type generated code uses for it.
    pub rust_type: &'static str,
    /// The crate that type comes from (`None`: the standard library).
    pub needs: Option<RuntimeCrate>,
}

/// Every string format typify maps to something other than `String`.
/// Other formats (`uri`, `byte`, `binary`, ...) are plain strings.
pub const FORMATS: &[Format] = &[
    Format {
        format: "uuid",
        rust_type: "::uuid::Uuid",
        needs: Some(UUID),
    },
    Format {
        format: "date",
        rust_type: "::chrono::naive::NaiveDate",
        needs: Some(CHRONO),
    },
    Format {
        format: "date-time",
        rust_type: "::chrono::DateTime<::chrono::offset::Utc>",
        needs: Some(CHRONO),
    },
    Format {
        format: "ip",
        rust_type: "::std::net::IpAddr",
        needs: None,
    },
    Format {
        format: "ipv4",
        rust_type: "::std::net::Ipv4Addr",
        needs: None,
    },
    Format {
        format: "ipv6",
        rust_type: "::std::net::Ipv6Addr",
        needs: None,
    },
];

/// The `[dependencies]` lines of a crate that may include any generated
/// client: the crates every client needs, `schemars` with the features for
/// the optional crates' types, and every optional crate. A crate that does
/// not use one of them compiles all the same (and without a warning).
pub fn runtime_dependencies() -> String {
    let features: Vec<String> = OPTIONAL_CRATES
        .iter()
        .filter_map(|krate| krate.schemars_feature)
        .map(|feature| format!("\"{feature}\""))
        .collect();
    let schemars = format!(
        r#"schemars = {{ version = "1", features = [{}] }}"#,
        features.join(", ")
    );
    let mut lines: Vec<String> = ALWAYS
        .iter()
        .map(|line| (*line).to_owned())
        .chain([schemars])
        .chain(
            OPTIONAL_CRATES
                .iter()
                .map(|krate| krate.dependency.to_owned()),
        )
        .collect();
    lines.sort();
    lines.join("\n") + "\n"
}

/// The names of the [`OPTIONAL_CRATES`] a client generated from `document`
/// uses: the crates of its string [`FORMATS`], and `regress` if a string
/// schema without such a format has a `pattern`.
///
/// It reads every object of the document except examples, defaults, enums
/// and extensions (values, not schemas), so a schema nothing references
/// still counts: it may name a crate the generated code does not use, never
/// the other way round.
pub fn required_crates(document: &Value) -> BTreeSet<&'static str> {
    let mut crates = BTreeSet::new();
    for_each_schema_object(document, "", &mut |object, _| {
        if object.get("type").and_then(Value::as_str) != Some("string") {
            return;
        }
        let format = object.get("format").and_then(Value::as_str);
        match FORMATS.iter().find(|known| Some(known.format) == format) {
            Some(known) => crates.extend(known.needs.map(|krate| krate.name)),
            // typify checks a pattern only where no format took over.
            None if object.get("pattern").is_some_and(Value::is_string) => {
                crates.insert(REGRESS.name);
            }
            None => {}
        }
    });
    crates
}

/// Calls `visit` with every object inside `value` that may be a schema,
/// and its JSON pointer (`pointer` followed by `/segment`s, escaped as RFC
/// 6901 says): every object except what examples, defaults, enums and
/// extensions (`x-...`) hold, which is data whatever its keys, and except
/// the maps of names under `properties`, whose members are schemas even
/// when named `example` or `enum`.
pub fn for_each_schema_object(
    value: &Value,
    pointer: &str,
    visit: &mut impl FnMut(&Map<String, Value>, &str),
) {
    walk(value, pointer, false, visit);
}

fn walk(
    value: &Value,
    pointer: &str,
    names: bool,
    visit: &mut impl FnMut(&Map<String, Value>, &str),
) {
    match value {
        Value::Object(object) => {
            if !names {
                visit(object, pointer);
            }
            for (key, child) in object {
                if names || !is_data_key(key) {
                    let segment = key.replace('~', "~0").replace('/', "~1");
                    let child_names = !names && key == "properties";
                    walk(child, &format!("{pointer}/{segment}"), child_names, visit);
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                walk(item, &format!("{pointer}/{index}"), false, visit);
            }
        }
        _ => {}
    }
}

/// Keys whose values are data or vendor extensions, not schemas: a
/// `format` or `pattern` inside them means nothing to the generator.
fn is_data_key(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum") || key.starts_with("x-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_optional_crate_is_in_the_dependencies_once() {
        let dependencies = runtime_dependencies();
        for krate in OPTIONAL_CRATES {
            assert_eq!(dependencies.matches(krate.dependency).count(), 1);
            if let Some(feature) = krate.schemars_feature {
                assert!(dependencies.contains(&format!("\"{feature}\"")));
            }
        }
        assert!(
            dependencies.contains(
                "\nschemars = { version = \"1\", features = [\"chrono04\", \"uuid1\"] }\n"
            )
        );
        assert!(dependencies.ends_with('\n'));
    }

    #[test]
    fn formats_and_patterns_name_their_crates() {
        let document = json!({"components": {"schemas": {
            "When": {"type": "string", "format": "date-time"},
            "Id": {"type": "string", "format": "uuid", "pattern": "^x$"},
            "Code": {"type": "string", "pattern": "^[A-Z]+$"},
            "Address": {"type": "string", "format": "ipv4"},
            "Link": {"type": "string", "format": "uri"}
        }}});
        assert_eq!(
            required_crates(&document),
            BTreeSet::from(["chrono", "regress", "uuid"])
        );
    }

    #[test]
    fn properties_named_like_keywords_are_schemas() {
        let document = json!({"properties": {
            "example": {"type": "string", "format": "uuid"},
            "default": {"type": "string", "pattern": "^a$"}
        }});
        assert_eq!(
            required_crates(&document),
            BTreeSet::from(["regress", "uuid"])
        );
        let mut pointers = Vec::new();
        for_each_schema_object(&document, "#", &mut |_, pointer| {
            pointers.push(pointer.to_owned());
        });
        assert_eq!(
            pointers,
            ["#", "#/properties/example", "#/properties/default"]
        );
    }

    #[test]
    fn values_and_non_strings_name_nothing() {
        let document = json!({
            "properties": {"pattern": {"type": "integer"}, "format": {"type": "boolean"}},
            "example": {"type": "string", "format": "uuid"},
            "x-fbn-extra": {"type": "string", "pattern": "a"},
            "items": {"type": "integer", "format": "date"},
            "default": {"type": "string", "format": "date"}
        });
        assert!(required_crates(&document).is_empty());
    }
}
