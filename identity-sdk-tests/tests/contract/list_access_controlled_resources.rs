//! `ListAccessControlledResources`: `GET /api/metadata/access/resources`, no
//! parameters, answering `200` with the resources whose access the
//! Identity service controls and the actions on them.

use identity_sdk::prelude::*;
use identity_sdk::{ResponseValue, types};
use identity_sdk_mock::contract::Contract;
use serde_json::json;

use crate::support::{Problem, client, serve_once};

fn contract() -> Contract {
    Contract::new("GET", "/api/metadata/access/resources")
}

#[tokio::test]
async fn list_access_controlled_resources_sends_no_parameters_and_decodes_the_resources() {
    let contract = contract();
    let server = serve_once(
        &contract,
        contract.success_json(
            200,
            json!({
                "values": [{
                    "application": "identity",
                    "name": "User",
                    "description": "A user of the domain",
                    "actions": [{
                        "description": "Read a user",
                        "action": {"scope": "default", "activity": "Read", "entity": "User"},
                        "limitedSet": [{
                            "identifier": {"scope": "default"},
                            "actions": [{"scope": "default", "activity": "Read", "entity": "User"}],
                            "name": "Default scope",
                            "description": "Users in the default scope"
                        }]
                    }],
                    "identifierParts": [{
                        "index": 0,
                        "name": "id",
                        "displayName": "User id",
                        "description": "The user's unique identifier",
                        "required": true
                    }]
                }],
                "href": "https://acme.lusid.com/identity/api/metadata/access/resources",
                "nextPage": null,
                "previousPage": null
            }),
        ),
    )
    .await;

    let response: ResponseValue<types::ResourceListOfAccessControlledResource> = client(&server)
        .api()
        .list_access_controlled_resources()
        .execute()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let user = &response.values[0];
    assert_eq!(user.name.as_deref(), Some("User"));
    assert_eq!(user.actions[0].action.activity.as_str(), "Read");
    let parts = user.identifier_parts.as_ref().expect("identifier parts");
    assert!(parts[0].required);
    assert!(response.next_page.is_none());
}

/// The Application Metadata tag's error contract: a `403` with problem
/// details is the SDK's authentication error with its status, request id
/// and problem.
#[tokio::test]
async fn list_access_controlled_resources_without_the_permission_is_a_forbidden_error_with_the_problem()
 {
    let contract = contract();
    let forbidden = Problem::new(
        403,
        "InsufficientPrivileges",
        "You are not allowed to list access-controlled resources",
        "0HN8K2QJ4V7TG:00000007",
    );
    let server = serve_once(&contract, forbidden.answer(&contract)).await;

    let error = client(&server)
        .api()
        .list_access_controlled_resources()
        .execute()
        .await
        .unwrap_err();

    assert!(error.is_authentication(), "{error:?}");
    forbidden.assert_is(&error);
}
