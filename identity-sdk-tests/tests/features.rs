//! identity-sdk's cargo features follow its spec: a feature per OpenAPI tag,
//! named mechanically, all of them in `full`, and each bringing the crates
//! its operations' types need. identity-sdk still builds when this is not
//! so (with a cargo warning); this test is the CI check that fails and names
//! the follow-up edit.

use std::collections::BTreeSet;
use std::path::Path;

use identity_codegen::{
    OPTIONAL_CRATES, PREGENERATED_FEATURES, feature_name, operation_tags, required_crates, subset,
};

fn manifest() -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../identity-sdk/Cargo.toml");
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

fn spec() -> serde_json::Value {
    serde_json::from_str(identity_sdk::OPENAPI_SPEC).unwrap()
}

/// The features a feature enables, as written.
fn enables(features: &toml::Table, feature: &str) -> BTreeSet<String> {
    features
        .get(feature)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_tag_has_its_feature_in_full_with_the_crates_it_needs() {
    let manifest = manifest();
    let features = manifest["features"].as_table().unwrap();
    let full = enables(features, "full");
    let spec = spec();
    let mut edits = Vec::new();
    for tag in operation_tags(&spec) {
        let feature = feature_name(&tag);
        if !features.contains_key(&feature) {
            edits.push(format!(
                "tag `{tag}`: add `{feature} = [...]` to [features] in identity-sdk/Cargo.toml"
            ));
        }
        if !full.contains(&feature) {
            edits.push(format!(
                "tag `{tag}`: list \"{feature}\" in the `full` feature"
            ));
        }
        if !PREGENERATED_FEATURES.contains(&feature.as_str())
            && !enables(features, &feature).contains("__generate")
        {
            edits.push(format!(
                "tag `{tag}`: its client is generated at build time: add \"__generate\" to the `{feature}` feature"
            ));
        }
        let alone = subset(&spec, |tags| tags.contains(&tag));
        let needs = required_crates(&alone);
        let brings = enables(features, &feature);
        for krate in needs.iter().filter(|krate| !brings.contains(**krate)) {
            edits.push(format!(
                "tag `{tag}`: its types need `{krate}`: add \"{krate}\" to the `{feature}` feature"
            ));
        }
    }
    assert!(
        edits.is_empty(),
        "identity-sdk/Cargo.toml does not follow the spec:\n  {}",
        edits.join("\n  ")
    );
}

#[test]
fn every_optional_crate_has_its_feature() {
    let manifest = manifest();
    let features = manifest["features"].as_table().unwrap();
    for krate in OPTIONAL_CRATES {
        assert!(
            enables(features, krate.name).contains(&format!("dep:{}", krate.name)),
            "identity-sdk needs a `{0}` feature enabling dep:{0}",
            krate.name
        );
    }
}

#[test]
fn every_feature_that_changes_the_generated_code_generates_it() {
    let manifest = manifest();
    let features = manifest["features"].as_table().unwrap();
    let changing = OPTIONAL_CRATES
        .iter()
        .map(|krate| krate.name)
        .chain(["schemars"]);
    for feature in changing {
        assert!(
            enables(features, feature).contains("__generate"),
            "the `{feature}` feature changes the generated code: add \"__generate\" to it"
        );
    }
}
