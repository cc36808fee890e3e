//! `DeleteApplication`: `DELETE /api/applications/{id}`, no body, answering
//! `204`.

use identity_sdk::ResponseValue;
use identity_sdk::prelude::*;
use identity_sdk_mock::contract::Contract;

use crate::support::{client, serve_once};

#[tokio::test]
async fn delete_application_sends_its_id_and_no_body_and_accepts_no_content() {
    let contract =
        Contract::new("DELETE", "/api/applications/{id}").path_param("id", "0oa2portalweb8k3m1");
    let server = serve_once(&contract, contract.success(204)).await;

    let response: ResponseValue<()> = client(&server)
        .api()
        .delete_application()
        .id("0oa2portalweb8k3m1")
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}
