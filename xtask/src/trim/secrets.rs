//! Rule 12: properties that carry secrets are marked `format: password`,
//! which the generator turns into the SDK's redacting `Secret` type (its
//! `Debug` shows a marker; it serialises unchanged).
//!
//! A string property carries a secret when its name's last word is
//! `password`, `secret`, `token` or `key` (`apiToken`, `clientSecret`,
//! `key`), or when it is named `value` in a schema whose name has one of
//! those words (`SetPassword.value`); and always when the upstream already
//! says `format: password`. The rule reads names, never a list of known
//! schemas, so a new secret field is caught without an edit. Its string
//! constraints are dropped, so the generator sees exactly the schema it
//! maps (the service still checks them); a string with another format (a
//! date, a uuid) is never a secret.

use serde_json::{Map, Value};

/// The words that make a name secret.
const SECRET_WORDS: [&str; 4] = ["password", "secret", "token", "key"];

/// Marks the secret properties of every schema inside `value`; `name` is
/// the component name of `value` when it is a named schema.
pub(super) fn mark_secrets(value: &mut Value, name: Option<&str>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                for (property, schema) in properties.iter_mut() {
                    if let Value::Object(schema) = schema
                        && is_secret(property, name)
                    {
                        mark(schema);
                    }
                }
            }
            for child in object.values_mut() {
                mark_secrets(child, None);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| mark_secrets(item, None)),
        _ => {}
    }
}

/// Marks the component schemas of `components` by name, and every inline
/// schema inside them.
pub(super) fn mark_component_secrets(components: &mut Value) {
    let Some(components) = components.as_object_mut() else {
        return;
    };
    for (section, members) in components.iter_mut() {
        let Some(members) = members.as_object_mut() else {
            continue;
        };
        for (name, member) in members.iter_mut() {
            let name = (section == "schemas").then_some(name.as_str());
            mark_secrets(member, name);
        }
    }
}

fn is_secret(property: &str, schema: Option<&str>) -> bool {
    let secret_word = |word: &str| SECRET_WORDS.contains(&word.to_ascii_lowercase().as_str());
    words(property).last().is_some_and(&secret_word)
        || (property == "value" && schema.is_some_and(|schema| words(schema).any(secret_word)))
}

/// The words of a camelCase, PascalCase or snake_case name; a run of
/// capitals is a word of its own (`APIKey` is `API`, `Key`).
fn words(name: &str) -> impl Iterator<Item = &str> {
    let bytes = name.as_bytes();
    let mut starts = vec![0];
    for i in 1..bytes.len() {
        let upper = bytes[i].is_ascii_uppercase();
        let after_lower = !bytes[i - 1].is_ascii_uppercase();
        let ends_capitals = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase)
            && bytes[i - 1].is_ascii_uppercase();
        if upper && (after_lower || ends_capitals) {
            starts.push(i);
        }
    }
    starts.push(name.len());
    let words: Vec<&str> = starts
        .windows(2)
        .flat_map(|w| name[w[0]..w[1]].split(['_', '-']))
        .filter(|word| !word.is_empty())
        .collect();
    words.into_iter()
}

fn mark(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("string") {
        return;
    }
    match schema.get("format").and_then(Value::as_str) {
        None | Some("password") => {}
        Some(_) => return,
    }
    schema.insert("format".into(), Value::from("password"));
    for constraint in ["minLength", "maxLength", "pattern"] {
        schema.shift_remove(constraint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_names_are_read_word_by_word() {
        for name in [
            "password",
            "apiToken",
            "clientSecret",
            "key",
            "refresh_token",
            "APIKey",
        ] {
            assert!(is_secret(name, None), "{name}");
        }
        for name in [
            "id",
            "keyId",
            "tokenUrl",
            "displayName",
            "passwordPolicy",
            "monkey",
        ] {
            assert!(!is_secret(name, None), "{name}");
        }
        assert!(is_secret("value", Some("SetPassword")));
        assert!(!is_secret("value", Some("Setting")));
    }

    #[test]
    fn secret_strings_become_passwords_and_lose_their_constraints() {
        let mut components = json!({"schemas": {
            "CreatedApiKey": {"type": "object", "properties": {
                "key": {"minLength": 1, "type": "string", "description": "The API Key value"},
                "id": {"type": "string", "pattern": "^[a-z]+$"},
                "expiresToken": {"type": "string", "format": "date-time"}
            }},
            "SetPassword": {"type": "object", "properties": {
                "value": {"maxLength": 50, "minLength": 12, "type": "string"}
            }},
            "Wrapper": {"type": "object", "properties": {
                "inner": {"type": "object", "properties": {"apiToken": {"type": "string", "nullable": true}}},
                "count": {"type": "integer"}
            }}
        }});

        mark_component_secrets(&mut components);

        let schemas = &components["schemas"];
        assert_eq!(
            schemas["CreatedApiKey"]["properties"]["key"],
            json!({"type": "string", "description": "The API Key value", "format": "password"})
        );
        assert_eq!(
            schemas["CreatedApiKey"]["properties"]["id"]["pattern"],
            "^[a-z]+$"
        );
        assert_eq!(
            schemas["CreatedApiKey"]["properties"]["expiresToken"]["format"],
            "date-time"
        );
        assert_eq!(
            schemas["SetPassword"]["properties"]["value"],
            json!({"type": "string", "format": "password"})
        );
        assert_eq!(
            schemas["Wrapper"]["properties"]["inner"]["properties"]["apiToken"],
            json!({"type": "string", "nullable": true, "format": "password"})
        );
    }
}
