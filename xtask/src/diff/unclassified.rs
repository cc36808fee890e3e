//! The net under the comparisons: a report with no change claims that only
//! prose differs, so before saying so, the documents are compared whole
//! with their prose left out. A difference the comparisons do not classify
//! (security, servers, a nested inline schema...) is reported where it is,
//! as breaking, for a maintainer to read.

use serde_json::Value;

/// The keys whose values are prose, whatever they hold.
const PROSE: [&str; 6] = [
    "description",
    "summary",
    "example",
    "examples",
    "title",
    "externalDocs",
];

/// What users see of a document: `info` (the version, the provenance) and
/// the top-level tag objects (their descriptions; operations carry the tag
/// names) are left out.
const COMPARED: [&str; 4] = ["paths", "components", "servers", "security"];

/// The JSON pointer of the first difference between `old` and `new`
/// outside prose, if any.
pub(super) fn first_difference(old: &Value, new: &Value) -> Option<String> {
    COMPARED
        .iter()
        .find_map(|key| differs(old.get(key), new.get(key), &format!("/{key}")))
}

fn differs(old: Option<&Value>, new: Option<&Value>, at: &str) -> Option<String> {
    match (old, new) {
        (Some(Value::Object(old)), Some(Value::Object(new))) => old
            .keys()
            .chain(new.keys().filter(|key| !old.contains_key(*key)))
            .filter(|key| !PROSE.contains(&key.as_str()))
            .find_map(|key| {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                differs(old.get(key), new.get(key), &format!("{at}/{escaped}"))
            }),
        (Some(Value::Array(old)), Some(Value::Array(new))) => (0..old.len().max(new.len()))
            .find_map(|index| differs(old.get(index), new.get(index), &format!("{at}/{index}"))),
        (old, new) if old == new => None,
        _ => Some(at.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn prose_and_info_differences_are_not_differences() {
        let old = json!({"info": {"version": "1"}, "tags": [{"name": "A", "description": "a"}],
            "paths": {"/a": {"get": {"summary": "x", "responses": {"200": {"description": "ok"}}}}}});
        let new = json!({"info": {"version": "2"}, "tags": [{"name": "A", "description": "b"}],
            "paths": {"/a": {"get": {"summary": "y", "responses": {"200": {"description": "fine"}}}}}});
        assert_eq!(first_difference(&old, &new), None);
    }

    #[test]
    fn the_first_other_difference_is_named_by_its_pointer() {
        let old = json!({"paths": {"/a/{b}": {"get": {"security": [{"oauth2": []}]}}}});
        let new =
            json!({"paths": {"/a/{b}": {"get": {"security": [{"oauth2": []}, {"apiKey": []}]}}}});
        assert_eq!(
            first_difference(&old, &new).as_deref(),
            Some("/paths/~1a~1{b}/get/security/1")
        );
        let servers = json!({"servers": [{"url": "https://x"}]});
        assert_eq!(
            first_difference(&json!({}), &servers).as_deref(),
            Some("/servers")
        );
    }
}
