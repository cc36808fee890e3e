//! Contract tests: one module per operation of the spec, named after its
//! operationId in snake case (`InvalidateToken` → `invalidate_token.rs`),
//! each stating the operation's whole request with
//! `identity_sdk_mock::contract::Contract` and checking the generated
//! client against a local Identity service. One test binary for all of
//! them: forty-odd binaries would each link the whole SDK.
//!
//! `operation_coverage.rs` fails when the spec has an operation without its
//! module here.

mod support;

mod add_scim;
mod add_user_to_role;
mod create_api_key;
mod create_application;
mod create_role;
mod create_user;
mod delete_api_key;
mod delete_application;
mod delete_role;
mod delete_user;
mod expire_password;
mod find_users_by_id;
mod get_application;
mod get_authentication_information;
mod get_password_policy;
mod get_role;
mod get_support_access_history;
mod get_support_roles;
mod get_user;
mod get_user_info;
mod get_user_schema;
mod grant_support_access;
mod invalidate_support_access;
mod invalidate_token;
mod list_access_controlled_resources;
mod list_applications;
mod list_own_api_keys;
mod list_roles;
mod list_runnable_users;
mod list_users;
mod list_users_in_role;
mod remove_scim;
mod remove_user_from_role;
mod reset_factors;
mod reset_password;
mod rotate_application_secrets;
mod send_activation_email;
mod set_password;
mod unlock_user;
mod unsuspend_user;
mod update_password_policy;
mod update_role;
mod update_user;
mod update_user_schema;
