//! `DeleteApplication`: `DELETE /api/applications/{id}`, no body, answering
//! `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;
use identity_sdk_mock::identity_server;

use crate::support::client;

#[tokio::test]
async fn delete_application_sends_its_id_and_no_body_and_accepts_no_content() {
    let server = identity_server().await;
    let contract =
        Contract::new("DELETE", "/api/applications/{id}").path_param("id", "0oa2portalweb8k3m1");
    contract
        .mock()
        .respond_with(contract.success(204))
        .expect(1)
        .mount(&server)
        .await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_application()
        .id("0oa2portalweb8k3m1")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
