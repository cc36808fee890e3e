//! The change report on the Identity spec's published history
//! (`../shared/openapi/history/` and `upstream/`): 0.0.1859 → 0.0.2227 →
//! 0.0.2679 → 0.0.3076 removes, adds and re-limits, and each step's verdict
//! is pinned here. CI always has the shared material beside the project, so
//! a missing file fails the test rather than skipping it.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use xtask::diff::{Kind, Report, Verdict, compare};
use xtask::recipe::Recipe;

fn shared(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/openapi")
        .join(name)
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (the published specs are expected beside the project)",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

fn spec(version: &str) -> Value {
    let folder = if version < "0.0.2679" {
        "history"
    } else {
        "upstream"
    };
    read(&shared(&format!("{folder}/identity-{version}.json")))
}

fn changes(report: &Report) -> Vec<Value> {
    report
        .changes
        .iter()
        .map(|change| serde_json::to_value(change).unwrap())
        .collect()
}

/// The `key` of the changes of `kind`.
fn named(report: &Report, kind: &str, key: &str) -> Vec<String> {
    changes(report)
        .iter()
        .filter(|change| change["change"] == kind)
        .map(|change| change[key].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn from_0_0_2679_to_0_0_3076_only_adds_and_widens() {
    let report = compare(&spec("0.0.2679"), &spec("0.0.3076"));
    assert_eq!(report.verdict, Verdict::Additive);
    assert_eq!(
        (report.from.as_deref(), report.to.as_deref()),
        (Some("0.0.2679"), Some("0.0.3076"))
    );
    let found = changes(&report);
    for expected in [
        json!({"change": "operation-added", "operation": "GetUserSchema", "method": "GET", "path": "/api/users/schema", "breaking": false}),
        json!({"change": "property-added", "schema": "UserResponse", "property": "alternativeUserIds", "required": false, "breaking": false}),
        json!({"change": "limit-changed", "schema": "ActionId", "property": "entity", "limit": "maxLength", "from": 25, "to": 40, "breaking": false}),
    ] {
        assert!(found.contains(&expected), "missing {expected}");
    }
    assert_eq!(
        named(&report, "operation-added", "operation"),
        [
            "GetPasswordPolicy",
            "UpdatePasswordPolicy",
            "GetUserSchema",
            "UpdateUserSchema"
        ]
    );
    // The count: 13 new schemas, 6 properties added to existing ones.
    assert_eq!(named(&report, "schema-added", "schema").len(), 13);
    let new_schemas = named(&report, "schema-added", "schema");
    let added_to_existing = found
        .iter()
        .filter(|change| change["change"] == "property-added")
        .filter(|change| {
            !new_schemas
                .iter()
                .any(|name| change["schema"] == name.as_str())
        })
        .count();
    assert_eq!(added_to_existing, 6);
}

#[test]
fn from_0_0_1859_to_0_0_2227_removes_operations_and_properties() {
    let report = compare(&spec("0.0.1859"), &spec("0.0.2227"));
    assert_eq!(report.verdict, Verdict::Breaking);
    assert_eq!(
        named(&report, "operation-removed", "operation"),
        [
            "CreateDomain",
            "GetMyDomain",
            "ListAgreements",
            "SignAgreement",
            "GetAgreement",
            "GetRegistrationAvailability"
        ]
    );
    assert_eq!(named(&report, "schema-removed", "schema").len(), 5);
    assert_eq!(named(&report, "property-removed", "property").len(), 22);
    // The problem details lost `extensions`: the hand-written decoder's business.
    assert!(changes(&report).contains(&json!({
        "change": "property-removed", "schema": "LusidProblemDetails", "property": "extensions",
        "required": false, "breaking": true, "handwritten": true
    })));
    // What does not break only adds, or relaxes a limit.
    for change in report.changes.iter().filter(|change| !change.breaking) {
        assert!(
            matches!(
                change.change,
                Kind::OperationAdded | Kind::SchemaAdded | Kind::PropertyAdded | Kind::LimitChanged
            ),
            "{change:?}"
        );
    }
}

#[test]
fn from_0_0_2227_to_0_0_2679_breaks_by_one_tightened_limit() {
    let report = compare(&spec("0.0.2227"), &spec("0.0.2679"));
    assert_eq!(report.verdict, Verdict::Breaking);
    let breaking: Vec<Value> = changes(&report)
        .into_iter()
        .filter(|change| change["breaking"] == true)
        .collect();
    assert_eq!(
        breaking,
        [
            json!({"change": "limit-changed", "schema": "CreateUserRequest", "property": "roles",
                "limit": "maxItems", "from": null, "to": 20, "breaking": true})
        ]
    );
    assert_eq!(
        named(&report, "operation-added", "operation"),
        ["ListRunnableUsers", "UnsuspendUser"]
    );
}

/// Every description, summary and example rewritten (not the properties
/// that happen to be named `description`).
fn reworded(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                match (key.as_str(), child.is_string()) {
                    ("description" | "summary", true) => *child = json!("reworded"),
                    ("example", _) => *child = json!({"reworded": true}),
                    _ => reworded(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(reworded),
        _ => {}
    }
}

#[test]
fn a_spec_against_itself_with_its_prose_rewritten_changes_nothing() {
    let old = spec("0.0.3076");
    let mut new = old.clone();
    reworded(&mut new);
    assert_ne!(old, new);
    let report = compare(&old, &new);
    assert_eq!(
        (report.verdict, report.changes.len()),
        (Verdict::Unchanged, 0)
    );
}

#[test]
fn adopting_0_0_3076_is_additive_for_users_of_the_trimmed_spec() {
    // What `cargo xtask trim` reported when it regenerated from 0.0.3076:
    // the trimmed 0.0.2679 (the spec committed before) against the trimmed
    // 0.0.3076, both made with today's recipe.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let recipe = std::fs::read_to_string(root.join("openapi/trim.toml")).unwrap();
    let recipe = Recipe::parse(&recipe).unwrap();
    let trimmed = |version| xtask::trim::trim(&spec(version), "sha", &recipe).unwrap();
    let report = compare(&trimmed("0.0.2679").document, &trimmed("0.0.3076").document);
    assert_eq!(report.verdict, Verdict::Additive, "{:#?}", report.changes);
    assert_eq!(named(&report, "operation-added", "operation").len(), 4);
}

#[test]
fn diff_json_prints_exactly_one_object_the_report() {
    let (old, new) = (
        shared("upstream/identity-0.0.2679.json"),
        shared("upstream/identity-0.0.3076.json"),
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .arg("--json")
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let printed: Value = serde_json::from_str(&stdout).unwrap();
    let report = compare(&read(&old), &read(&new));
    assert_eq!(printed, serde_json::to_value(&report).unwrap());
    assert_eq!(stdout.lines().count(), 1);
}
