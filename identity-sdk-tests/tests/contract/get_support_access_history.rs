//! `GetSupportAccessHistory`: `GET /api/authentication/support`, optionally
//! with a `start` and `end` (date-times, sent as RFC 3339 in UTC),
//! answering `200` with the grants in that window.

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::{Value, json};

use crate::support::{client, instant, serve_once};

fn a_grant_of_june() -> Value {
    json!([{
        "id": "3f2b9c1e-7d4a-4c8e-9b1f-2a6d5e8c0f13",
        "duration": "P1D",
        "description": "SUP-4821: reconciliation breaks",
        "createdAt": "2024-06-01T09:30:00+00:00",
        "expiry": "2024-06-02T09:30:00+00:00",
        "createdBy": "b6c1f0d2e4a8",
        "terminated": false
    }])
}

#[tokio::test]
async fn get_support_access_history_sends_start_and_end_as_rfc3339_and_decodes_the_grants() {
    let contract = Contract::new("GET", "/api/authentication/support")
        .query("start", "2024-06-01T00:00:00Z")
        .query("end", "2024-06-30T23:59:59Z");
    let server = serve_once(&contract, contract.success_json(200, a_grant_of_june())).await;

    let response: ResponseValue<Vec<types::SupportAccessResponse>> = client(&server)
        .api()
        .get_support_access_history()
        .start(instant("Sat, 01 Jun 2024 00:00:00 GMT"))
        .end(instant("Sun, 30 Jun 2024 23:59:59 GMT"))
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 1);
    assert_eq!(response[0].created_by.as_str(), "b6c1f0d2e4a8");
    assert_eq!(
        SystemTime::from(response[0].created_at),
        instant("Sat, 01 Jun 2024 09:30:00 GMT")
    );
}

#[tokio::test]
async fn get_support_access_history_without_a_window_sends_no_query() {
    let contract = Contract::new("GET", "/api/authentication/support");
    let server = serve_once(&contract, contract.success_json(200, a_grant_of_june())).await;

    let response: ResponseValue<Vec<types::SupportAccessResponse>> = client(&server)
        .api()
        .get_support_access_history()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(
        response[0].id.as_str(),
        "3f2b9c1e-7d4a-4c8e-9b1f-2a6d5e8c0f13"
    );
}
