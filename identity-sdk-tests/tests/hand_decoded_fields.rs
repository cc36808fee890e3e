//! The hand-written layer reads some fields of the service's answers by
//! name: from problem details, the name, title and detail of an error's
//! message and the instance its request id comes from. A regeneration from
//! a spec that renamed or retyped one of them would leave that code reading
//! what the service no longer sends; this test reads the committed spec and
//! fails first.

use identity_sdk_mock::spec::spec;
use serde_json::{Value, json};

/// The component schema problem details are decoded as.
const PROBLEM_SCHEMA: &str = "LusidProblemDetails";

/// Every field of problem details the SDK reads by name, with its JSON
/// type: `identity_sdk::Error`'s message (`name`, `title`, `detail`) and
/// request id (`instance`). A field the hand-written code starts reading
/// belongs here.
const HAND_DECODED: [(&str, &str); 4] = [
    ("name", "string"),
    ("title", "string"),
    ("detail", "string"),
    ("instance", "string"),
];

/// What in `schema` (a component schema) disagrees with [`HAND_DECODED`].
fn disagreements(schema: &Value) -> Vec<String> {
    HAND_DECODED
        .iter()
        .filter_map(
            |(field, json_type)| match schema["properties"].get(*field) {
                None => Some(format!("{PROBLEM_SCHEMA}.{field} is gone from the spec")),
                Some(property) if property["type"] != *json_type => Some(format!(
                    "{PROBLEM_SCHEMA}.{field} is {} in the spec, the SDK reads a {json_type}",
                    property["type"]
                )),
                Some(_) => None,
            },
        )
        .collect()
}

#[test]
fn the_problem_fields_the_sdk_reads_by_name_are_in_the_committed_spec_with_their_types() {
    let schema = &spec()["components"]["schemas"][PROBLEM_SCHEMA];
    assert!(schema.is_object(), "the spec has no {PROBLEM_SCHEMA}");
    assert_eq!(disagreements(schema), Vec::<String>::new());
}

#[test]
fn a_renamed_or_retyped_field_is_reported() {
    let mut schema = spec()["components"]["schemas"][PROBLEM_SCHEMA].clone();
    let properties = schema["properties"].as_object_mut().expect("properties");
    let title = properties.remove("title").expect("title");
    properties.insert("heading".into(), title);
    properties.insert(
        "instance".into(),
        json!({"type": "integer", "nullable": true}),
    );
    assert_eq!(
        disagreements(&schema),
        [
            "LusidProblemDetails.title is gone from the spec",
            "LusidProblemDetails.instance is \"integer\" in the spec, the SDK reads a string",
        ]
    );
}
