//! The wire types' secret fields: the trim marks them `format: password`
//! and the generator types them as `identity_sdk::Secret`, whose `Debug`
//! shows `[REDACTED]` and which serialises unchanged. Per field: a valid
//! body holding a known secret, deserialised into the generated type,
//! never shows the secret when the whole value is formatted with `{:?}` or
//! `{:#?}` (which still show the other fields), and goes back on the wire
//! as it came. And a gate: a `format: password` property the spec gains
//! fails until it has its test here.

use std::fmt::Debug;

use identity_sdk::types;
use identity_sdk_mock::spec::{check_request, conforming};
use serde_json::{Value, json};

/// Every `format: password` property of the spec, as `Schema.property`,
/// each with its test below.
const COVERED: [&str; 5] = [
    "AddScimResponse.apiToken",
    "CreatedApiKey.key",
    "OAuthApplication.secret",
    "SetPassword.value",
    "TemporaryPassword.password",
];

/// Checks that `value`, formatted whole with `{:?}` and `{:#?}`, hides
/// `secret` behind `[REDACTED]` and still shows each of `visible`.
#[track_caller]
fn assert_redacted(value: &dyn Debug, secret: &str, visible: &[&str]) {
    for shown in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(!shown.contains(secret), "the secret shows: {shown}");
        assert!(shown.contains("[REDACTED]"), "no [REDACTED]: {shown}");
        for part in visible {
            assert!(shown.contains(part), "{part:?} does not show: {shown}");
        }
    }
}

#[test]
fn created_api_key_key_is_redacted_and_serialised_unchanged() {
    const KEY: &str = "pat-eyJhbGciOiJSUzI1NiJ9.sEcReT-api-key-0001";
    let body = conforming(
        "CreateApiKey",
        200,
        json!({
            "key": KEY,
            "id": "00t1nightlyreconpat",
            "displayName": "Nightly reconciliation job",
            "createdDate": "2024-06-01T09:30:00Z",
            "deactivationDate": "2024-12-31T23:59:59Z"
        }),
    );

    let created: types::CreatedApiKey = serde_json::from_value(body.clone()).unwrap();

    assert_eq!(created.key.expose_secret(), KEY);
    assert_redacted(
        &created,
        KEY,
        &[
            "CreatedApiKey",
            "00t1nightlyreconpat",
            "Nightly reconciliation job",
        ],
    );
    let wire = serde_json::to_value(&created).unwrap();
    assert_eq!(wire["key"], KEY);
    assert_eq!(wire, body);
}

#[test]
fn oauth_application_secret_is_redacted_and_serialised_unchanged() {
    const SECRET: &str = "sEcReT-client-secret-0002";
    let body = conforming(
        "GetApplication",
        200,
        json!({
            "id": "0oa2portalweb8k3m1",
            "type": "Web",
            "displayName": "Client portal",
            "secret": SECRET,
            "clientId": "client-portal",
            "issuer": "https://lusid-acme.okta.com/oauth2/aus1c2d3e4f5g6h7i8j9"
        }),
    );

    let application: types::OAuthApplication = serde_json::from_value(body.clone()).unwrap();

    let secret = application.secret.as_ref().expect("the secret");
    assert_eq!(secret.expose_secret(), SECRET);
    assert_redacted(
        &application,
        SECRET,
        &["OAuthApplication", "0oa2portalweb8k3m1", "client-portal"],
    );
    let wire = serde_json::to_value(&application).unwrap();
    assert_eq!(wire["secret"], SECRET);
    assert_eq!(wire, body);
}

#[test]
fn add_scim_response_api_token_is_redacted_and_serialised_unchanged() {
    const TOKEN: &str = "sEcReT-scim-api-token-0003";
    let body = conforming(
        "AddScim",
        200,
        json!({
            "baseUrl": "https://acme.lusid.com/identity/scim/v2",
            "apiToken": TOKEN
        }),
    );

    let scim: types::AddScimResponse = serde_json::from_value(body.clone()).unwrap();

    let token = scim.api_token.as_ref().expect("the API token");
    assert_eq!(token.expose_secret(), TOKEN);
    assert_redacted(
        &scim,
        TOKEN,
        &["AddScimResponse", "https://acme.lusid.com/identity/scim/v2"],
    );
    let wire = serde_json::to_value(&scim).unwrap();
    assert_eq!(wire["apiToken"], TOKEN);
    assert_eq!(wire, body);
}

#[test]
fn temporary_password_password_is_redacted_and_serialised_unchanged() {
    const PASSWORD: &str = "sEcReT-temporary-password-0004";
    let body = conforming("ExpirePassword", 200, json!({"password": PASSWORD}));

    let temporary: types::TemporaryPassword = serde_json::from_value(body.clone()).unwrap();

    assert_eq!(temporary.password.expose_secret(), PASSWORD);
    // Its only field is the secret: the type and field names still show.
    assert_redacted(&temporary, PASSWORD, &["TemporaryPassword", "password"]);
    let wire = serde_json::to_value(&temporary).unwrap();
    assert_eq!(wire["password"], PASSWORD);
    assert_eq!(wire, body);
}

#[test]
fn set_password_value_is_redacted_and_serialised_unchanged() {
    const PASSWORD: &str = "sEcReT-new-password-0005";
    let body = json!({"value": PASSWORD});
    check_request("SetPassword", &body).unwrap();

    let request: types::SetPassword = serde_json::from_value(body.clone()).unwrap();

    assert_eq!(request.value.expose_secret(), PASSWORD);
    // Its only field is the secret: the type and field names still show.
    assert_redacted(&request, PASSWORD, &["SetPassword", "value"]);
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(wire["value"], PASSWORD);
    assert_eq!(wire, body);
}

/// Every object of `node` with `"format": "password"`, by JSON pointer.
fn password_formats(node: &Value, pointer: &str, found: &mut Vec<String>) {
    match node {
        Value::Object(object) => {
            if object.get("format").and_then(Value::as_str) == Some("password") {
                found.push(pointer.to_owned());
            }
            for (key, child) in object {
                let key = key.replace('~', "~0").replace('/', "~1");
                password_formats(child, &format!("{pointer}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                password_formats(child, &format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_password_property_of_the_spec_has_its_test_here() {
    let spec: Value = serde_json::from_str(identity_sdk::OPENAPI_SPEC).unwrap();
    let mut found = Vec::new();
    password_formats(&spec, "", &mut found);

    // `/components/schemas/S/properties/p` reads `S.p`; a password format
    // anywhere else (a nested schema, a parameter) keeps its pointer and
    // fails below, as nothing covers it.
    let mut properties: Vec<String> = found
        .iter()
        .map(|pointer| {
            match pointer
                .strip_prefix("/components/schemas/")
                .and_then(|rest| rest.split_once("/properties/"))
            {
                Some((schema, property)) if !schema.contains('/') && !property.contains('/') => {
                    format!("{schema}.{property}")
                }
                _ => pointer.clone(),
            }
        })
        .collect();
    properties.sort();

    assert_eq!(
        properties, COVERED,
        "the spec's `format: password` properties changed: give each new one a test in \
         tests/secrets.rs and add it to COVERED"
    );
}
