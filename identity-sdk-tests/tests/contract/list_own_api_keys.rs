//! `ListOwnApiKeys`: `GET /api/keys`, no parameters, answering `200` with
//! the caller's API keys (their metadata, never the keys).

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, instant, serve_once};

#[tokio::test]
async fn list_own_api_keys_sends_no_parameters_and_decodes_the_keys_metadata() {
    let contract = Contract::new("GET", "/api/keys");
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!([
                {
                    "id": "00t1nightlyreconpat",
                    "displayName": "Nightly reconciliation job",
                    "createdDate": "2024-06-01T09:30:00+00:00",
                    "deactivationDate": "2024-12-31T23:59:59+00:00"
                },
                {
                    "id": "00t2laptopexcel",
                    "displayName": "Excel add-in on my laptop",
                    "createdDate": "2024-03-14T08:00:00+00:00"
                }
            ]),
        ),
    )
    .await;

    let response: ResponseValue<Vec<types::ApiKey>> = client(&server)
        .api()
        .list_own_api_keys()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.len(), 2);
    assert_eq!(response[0].id.as_str(), "00t1nightlyreconpat");
    assert_eq!(
        SystemTime::from(response[1].created_date),
        instant("Thu, 14 Mar 2024 08:00:00 GMT")
    );
    assert!(response[1].deactivation_date.is_none());
}
