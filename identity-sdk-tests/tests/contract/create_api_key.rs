//! `CreateApiKey`: `POST /api/keys` with a `CreateApiKey` (its deactivation
//! date a date-time, sent as RFC 3339 in UTC), answering `200` with the
//! `CreatedApiKey` and its key.

use std::time::SystemTime;

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, instant, serve_once};

#[tokio::test]
async fn create_api_key_sends_the_name_and_deactivation_date_and_decodes_the_new_key() {
    let contract = Contract::new("POST", "/api/keys").json_body(json!({
        "displayName": "Nightly reconciliation job",
        "deactivationDate": "2024-12-31T23:59:59Z"
    }));
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "key": "pat-eyJhbGciOiJSUzI1NiJ9.nightly-recon.k3Y",
                "id": "00t1nightlyreconpat",
                "displayName": "Nightly reconciliation job",
                "createdDate": "2024-06-01T09:30:00+00:00",
                "deactivationDate": "2024-12-31T23:59:59+00:00"
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::CreatedApiKey> = client(&server)
        .api()
        .create_api_key()
        .body_map(|key| {
            key.display_name("Nightly reconciliation job")
                .deactivation_date(Some(instant("Tue, 31 Dec 2024 23:59:59 GMT").into()))
        })
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.id.as_str(), "00t1nightlyreconpat");
    assert_eq!(
        response.key.expose_secret(),
        "pat-eyJhbGciOiJSUzI1NiJ9.nightly-recon.k3Y"
    );
    assert_eq!(
        response.deactivation_date.map(SystemTime::from),
        Some(instant("Tue, 31 Dec 2024 23:59:59 GMT"))
    );
}
