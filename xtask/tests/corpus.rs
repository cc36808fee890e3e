//! Every FINBOURNE spec beside the project (`../shared/openapi/corpus/*.json`
//! and every Identity upstream) trims with `--all` into a document that
//! keeps every operation, whose every `pattern` compiles with regress (as
//! the generated code compiles it), and whose generated client uses exactly
//! the optional crates `identity_codegen::required_crates` names.
//!
//! The specs are read where they are, never copied into the project; when
//! the directory is absent the test says so and checks nothing.

use std::path::{Path, PathBuf};

use serde_json::Value;
use xtask::recipe::{Recipe, Selection, SeveralSuccessTypes};
use xtask::trim::trim;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/openapi")
}

/// The specs to check, or `None` (with a message) if they are absent.
fn specs() -> Option<Vec<PathBuf>> {
    let corpus = shared().join("corpus");
    let Ok(mut specs) = xtask::corpus::specs(&corpus) else {
        eprintln!(
            "skipped: no specs in {} (the shared material beside the project)",
            corpus.display()
        );
        return None;
    };
    // Every published Identity spec kept as history, not only the newest:
    // the rules must still read the older ones.
    if let Ok(identity) = xtask::corpus::specs(&shared().join("upstream")) {
        specs.extend(identity);
    }
    Some(specs)
}

#[test]
fn every_spec_keeps_every_operation_with_patterns_that_compile() {
    let Some(specs) = specs() else {
        return;
    };
    let recipe = Recipe {
        selection: Selection::All,
        several_success_types: SeveralSuccessTypes::Refuse,
    };
    for spec in specs {
        let name = spec.display().to_string();
        let upstream: Value =
            serde_json::from_str(&std::fs::read_to_string(&spec).unwrap()).unwrap();
        let trimmed =
            trim(&upstream, "sha", &recipe).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(
            trimmed.kept, trimmed.upstream_operations,
            "{name} dropped {:?}",
            trimmed.dropped
        );

        let mut found = Vec::new();
        identity_codegen::for_each_schema_object(&trimmed.document, "#", &mut |object, at| {
            if let Some(Value::String(pattern)) = object.get("pattern") {
                found.push((at.to_owned(), pattern.clone()));
            }
        });
        assert!(!found.is_empty(), "{name} has patterns to check");
        for (pointer, pattern) in found {
            if let Err(error) = regress::Regex::new(&pattern) {
                panic!("{name} {pointer}: {pattern:?} does not compile: {error}");
            }
        }

        let text = xtask::trim::render(&trimmed.document).unwrap();
        let source = identity_codegen::generate(&spec, &text).unwrap();
        let used: std::collections::BTreeSet<&str> = identity_codegen::OPTIONAL_CRATES
            .iter()
            .map(|krate| krate.name)
            .filter(|krate| source.contains(&format!("::{krate}::")))
            .collect();
        assert_eq!(
            identity_codegen::required_crates(&trimmed.document),
            used,
            "{name}"
        );
    }
}
