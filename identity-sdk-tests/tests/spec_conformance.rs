//! Stubs cannot drift from the spec: the bodies we serve are checked against
//! `openapi/identity.json`, and the check does reject a body that breaks it.

use identity_sdk_mock::problem_details;
use identity_sdk_mock::spec::{check_response, conforming};

#[test]
fn the_problem_bodies_we_serve_match_the_spec() {
    for status in [400, 401, 403, 404, 429, 500, 503] {
        check_response(
            "InvalidateToken",
            status,
            &problem_details(status, "E", "e", "r"),
        )
        .unwrap();
    }
}

#[test]
fn a_deliberately_invalid_stub_fails_the_check() {
    let invalid = serde_json::json!({"name": 42, "code": "four hundred", "errorDetails": "none"});
    let message = check_response("InvalidateToken", 401, &invalid).unwrap_err();
    assert!(message.contains("InvalidateToken 401"), "{message}");
    for field in ["/name", "/code", "/errorDetails"] {
        assert!(message.contains(field), "{field} not reported: {message}");
    }
}

#[test]
#[should_panic(expected = "does not match openapi/identity.json")]
fn serving_an_invalid_stub_fails_the_test_that_serves_it() {
    conforming(
        "InvalidateToken",
        500,
        serde_json::json!({"status": "broken"}),
    );
}

#[test]
fn a_body_where_the_spec_documents_none_is_refused() {
    let message = check_response("InvalidateToken", 204, &serde_json::json!({})).unwrap_err();
    assert!(
        message.contains("no response 204") || message.contains("no JSON body"),
        "{message}"
    );
    let message = check_response("NoSuchOperation", 400, &serde_json::json!({})).unwrap_err();
    assert!(message.contains("NoSuchOperation"), "{message}");
}
