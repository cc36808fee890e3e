//! Decoding a LUSID problem-details body field by field, so that one field
//! of an unexpected type costs that field and nothing else.

use serde_json::{Map, Value};

use crate::generated::types::LusidProblemDetails;

/// A problem-details body: the fields that have their documented types,
/// and those that do not, as sent.
pub(crate) struct Decoded {
    pub problem: LusidProblemDetails,
    pub unexpected: Map<String, Value>,
}

/// Decodes `body` as problem details; `None` for anything that is not a
/// JSON object (empty, HTML, text, truncated).
///
/// Each member is tried on its own against the generated type, so the rule
/// follows the spec (whatever fields it declares, with whatever types) and
/// a member of the wrong type (`"status": "four-oh-three"`) is set aside
/// instead of failing the whole body. Members the spec does not declare are
/// ignored here; the raw body keeps them.
pub(crate) fn decode(body: &[u8]) -> Option<Decoded> {
    let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body) else {
        return None;
    };
    let mut fitting = Map::new();
    let mut unexpected = Map::new();
    for (name, value) in object {
        let alone = Value::Object(Map::from_iter([(name, value)]));
        let fits = serde_json::from_value::<LusidProblemDetails>(alone.clone()).is_ok();
        let Value::Object(alone) = alone else {
            continue;
        };
        if fits {
            fitting.extend(alone);
        } else {
            unexpected.extend(alone);
        }
    }
    // Every member fits on its own and the schema requires none (the trim
    // makes error schemas tolerant), so together they fit too; should a
    // future schema say otherwise, every member is reported as unexpected
    // rather than lost.
    match serde_json::from_value(Value::Object(fitting.clone())) {
        Ok(problem) => Some(Decoded {
            problem,
            unexpected,
        }),
        Err(_) => {
            unexpected.extend(fitting);
            Some(Decoded {
                problem: LusidProblemDetails::default(),
                unexpected,
            })
        }
    }
}

/// `https://<domain>.lusid.com/app/insights/logs/<requestId>` → `<requestId>`.
pub(crate) fn request_id_from_instance(instance: &str) -> Option<String> {
    let path = instance.split(['?', '#']).next()?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    (!last.is_empty() && last != path).then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_the_last_segment_of_instance() {
        let id = request_id_from_instance("https://x.lusid.com/app/insights/logs/0HN8:0001");
        assert_eq!(id.as_deref(), Some("0HN8:0001"));
        assert_eq!(request_id_from_instance("no-slashes"), None);
        assert_eq!(request_id_from_instance(""), None);
    }

    #[test]
    fn a_member_of_the_wrong_type_is_set_aside_alone() {
        let body = br#"{"name":"Forbidden","code":403,"status":"four-oh-three","title":"No",
            "errorDetails":[{"field":1}],"instance":"https://x/logs/req-9"}"#;
        let decoded = decode(body).unwrap();
        assert_eq!(decoded.problem.name.as_deref(), Some("Forbidden"));
        assert_eq!(decoded.problem.code, Some(403));
        assert_eq!(decoded.problem.title.as_deref(), Some("No"));
        assert_eq!(decoded.problem.status, None);
        assert_eq!(decoded.problem.error_details, None);
        assert_eq!(decoded.unexpected["status"], "four-oh-three");
        assert_eq!(decoded.unexpected["errorDetails"][0]["field"], 1);
        assert_eq!(decoded.unexpected.len(), 2);
    }

    #[test]
    fn anything_but_an_object_is_not_problem_details() {
        for body in [
            &b""[..],
            b"<html></html>",
            b"[1]",
            b"\"text\"",
            b"{\"name\":",
        ] {
            assert!(decode(body).is_none(), "{body:?}");
        }
    }
}
