//! `FindUsersById`: `GET /api/directory` with the required `id` query
//! parameter, an array sent as one `id=` pair per id, answering `200` with
//! the `ListUsersResponse`: the users found and the ids that failed.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{client, serve_once};

#[tokio::test]
async fn find_users_by_id_sends_one_id_pair_per_id_and_decodes_found_and_failed() {
    let contract = Contract::new("GET", "/api/directory")
        .query("id", "00u1alicesmith4k2j8")
        .query("id", "00u9nosuchuser0000");
    let server = serve_once(&contract, contract.success_json(
            200,
            json!({
                "href": "https://acme.lusid.com/identity/api/directory?id=00u1alicesmith4k2j8&id=00u9nosuchuser0000",
                "values": {
                    "00u1alicesmith4k2j8": {
                        "id": "00u1alicesmith4k2j8",
                        "login": "alice.smith@acme.example",
                        "email": "alice.smith@acme.example",
                        "firstName": "Alice",
                        "lastName": "Smith",
                        "type": "Personal"
                    }
                },
                "failed": {
                    "00u9nosuchuser0000": {
                        "id": "00u9nosuchuser0000",
                        "type": "UserNotFound",
                        "detail": "No user with id 00u9nosuchuser0000"
                    }
                }
            }),
        )).await;

    let response: ResponseValue<types::ListUsersResponse> = client(&server)
        .api()
        .find_users_by_id()
        .id(vec![
            "00u1alicesmith4k2j8".to_owned(),
            "00u9nosuchuser0000".to_owned(),
        ])
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let alice = &response.values.as_ref().unwrap()["00u1alicesmith4k2j8"];
    assert_eq!(alice.login.as_deref(), Some("alice.smith@acme.example"));
    assert_eq!(alice.type_.as_deref(), Some("Personal"));
    let failed = &response.failed.as_ref().unwrap()["00u9nosuchuser0000"];
    assert_eq!(failed.type_.as_deref(), Some("UserNotFound"));
}
