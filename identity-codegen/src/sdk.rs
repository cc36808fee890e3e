//! What identity-sdk's build script generates: the client for the enabled
//! tags only, and beside it the `Operation` implementation of every request
//! builder, which carries what the hand-written layer needs to know about
//! the operation (its name, documented success statuses, span, and how its
//! success bodies decode).
//!
//! What the build cannot map yet (a tag without its cargo feature, a string
//! format whose crate no enabled feature brings) still builds: the tag's
//! operations come with `full` only, the strings are plain `String`s, and
//! each case is a warning that names the follow-up edit.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

use quote::ToTokens;
use serde_json::{Map, Value};

use crate::runtime::{FORMATS, OPTIONAL_CRATES, REGRESS, required_crates};
use crate::subset::{feature_name, operation_tags, subset};
use crate::{CodegenError, HOOKS, Options, generate_document};

/// The cargo features of the crate being built.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// Every feature its manifest declares.
    pub declared: BTreeSet<String>,
    /// The features enabled in this build.
    pub enabled: BTreeSet<String>,
}

impl Features {
    fn enabled(&self, feature: &str) -> bool {
        self.enabled.contains(feature)
    }
}

/// What [`generate_sdk`] produced.
#[derive(Clone, Debug)]
pub struct Sdk {
    /// The generated client (progenitor's output and the hooks).
    pub client: String,
    /// `impl Operation` for every request builder, with the operation's
    /// facts as constants, for the module that defines the `Operation` and
    /// `Sealed` traits to include.
    pub operations: String,
    /// What the build could not map, each with the edit that maps it.
    pub warnings: Vec<String>,
}

/// Generates identity-sdk's client from `document` for the enabled
/// `features`: the operations of the tags whose feature is enabled (all of
/// them with `full`; untagged ones always), and the components they reach.
pub fn generate_sdk(
    path: &Path,
    document: &Value,
    features: &Features,
    options: &Options,
) -> Result<Sdk, CodegenError> {
    let mut warnings = Vec::new();
    let tags = operation_tags(document);
    for tag in &tags {
        let feature = feature_name(tag);
        if !features.declared.contains(&feature) {
            warnings.push(format!(
                "the spec's tag `{tag}` has no cargo feature: add `{feature} = []` to [features] in \
                 identity-sdk/Cargo.toml and list it in `full`; until then its operations are \
                 generated with `full` only"
            ));
        }
    }
    let full = features.enabled("full");
    let wanted = |tags: &[String]| {
        tags.is_empty() || full || tags.iter().any(|tag| features.enabled(&feature_name(tag)))
    };
    let mut kept = subset(document, wanted);

    // A crate the kept schemas need but no enabled feature brings: the
    // strings it would type stay strings, and the warning names the tags
    // whose features should bring it.
    let needed = required_crates(&kept);
    for krate in OPTIONAL_CRATES.iter().filter(|k| needed.contains(k.name)) {
        if features.enabled(krate.name) {
            continue;
        }
        let needing: Vec<String> = tags
            .iter()
            .filter(|tag| wanted(std::slice::from_ref(tag)))
            .filter(|tag| {
                let alone = subset(document, |tags| tags.contains(tag));
                required_crates(&alone).contains(krate.name)
            })
            .map(|tag| format!("`{}`", feature_name(tag)))
            .collect();
        warnings.push(format!(
            "the enabled operations use `{}`, which no enabled feature brings: add \"{}\" to the \
             feature(s) {} in identity-sdk/Cargo.toml; until then those values are plain strings",
            krate.name,
            krate.name,
            needing.join(", ")
        ));
        without_crate(&mut kept, krate.name);
    }

    let text = serde_json::to_string(&kept).map_err(|source| CodegenError::Parse {
        path: path.to_owned(),
        source,
    })?;
    let generated = generate_document(path, &text, options)?;
    let fail = |message: String| CodegenError::Generate {
        path: path.to_owned(),
        message,
    };
    let statuses =
        crate::operations::documented_success(&generated.spec, &generated.source).map_err(fail)?;
    let mut file = generated.file;
    hide_constructors(&mut file);
    let operations = operation_impls(&mut file, &statuses).map_err(fail)?;
    Ok(Sdk {
        client: prettyplease::unparse(&file) + HOOKS,
        operations,
        warnings,
    })
}

/// Removes what makes generated code name `krate`: the string formats it
/// types, or (for `regress`) the patterns.
fn without_crate(document: &mut Value, krate: &str) {
    let formats: Vec<&str> = FORMATS
        .iter()
        .filter(|format| format.needs.is_some_and(|needs| needs.name == krate))
        .map(|format| format.format)
        .collect();
    strip(document, &mut |object| {
        if object.get("type").and_then(Value::as_str) != Some("string") {
            return;
        }
        let format = object.get("format").and_then(Value::as_str);
        if format.is_some_and(|format| formats.contains(&format)) {
            object.remove("format");
        }
        if krate == REGRESS.name {
            object.remove("pattern");
        }
    });
}

fn strip(value: &mut Value, change: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            change(object);
            object.values_mut().for_each(|child| strip(child, change));
        }
        Value::Array(items) => items.iter_mut().for_each(|item| strip(item, change)),
        _ => {}
    }
}

/// `impl Operation for builder::X<'_>` for every request builder of the
/// generated client, and beside its `send` an `into_request` that stops
/// where `send` would call the hooks, so that `execute` sends the request
/// and decodes the answer in the SDK, once.
///
/// Each implementation carries the operation's facts as constants: its
/// name, the success statuses it documents, its span, and how each
/// documented success body is decoded (read from `send`'s own `match`).
fn operation_impls(
    file: &mut syn::File,
    statuses: &BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    // In a module of its own, so the names the signatures use (as the
    // generated builder module imports them) clash with nothing.
    let mut out = String::from(
        "\nmod generated_operations {\n#[allow(unused_imports)]\nuse super::{Operation, Sealed};\n#[allow(unused_imports)]\nuse crate::call::{json, run, run_remaking};\nuse crate::error::Error;\nuse crate::telemetry::operation_span;\n#[allow(unused_imports)]\nuse crate::generated::{builder, types, ByteStream, ResponseValue};\n",
    );
    let builders = crate::modules::items_of_mut(&mut file.items, "builder");
    for item in builders.into_iter().flatten() {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let Some(send) = block.items.iter().find_map(send_fn) else {
            continue;
        };
        let syn::Type::Path(self_type) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = self_type.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let Some((output, _)) = send_types(send) else {
            continue;
        };
        let parts = SendParts::of(send).ok_or_else(|| {
            format!("builder {name}: its send() is not shaped as progenitor writes it")
        })?;
        let id = parts.operation_id;
        let documented = statuses
            .get(&id)
            .ok_or_else(|| format!("operation {id}: not in the spec"))?
            .iter()
            .map(|status| format!("{status:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut arms = String::new();
        for (pattern, body) in &parts.success {
            let decoded = match body {
                SuccessBody::Empty => "Some(Ok(()))",
                SuccessBody::Json => "Some(json(body))",
            };
            let _ = writeln!(arms, "            {pattern} => {decoded},");
        }
        let prefix = &parts.prefix;
        // A retry's request: copied from the request when it has a body
        // (its bytes are shared, not copied), else made again from the
        // builder, which is then a reference and a few parameters.
        let run = if parts.has_body {
            format!("run::<Self>(builder::{name}::into_request(self))")
        } else {
            format!("run_remaking(self, builder::{name}::into_request)")
        };
        let into_request: syn::ImplItem = syn::parse_quote! {
            /// The request `send` would make, built but not sent.
            #[doc(hidden)]
            pub fn into_request(
                self,
            ) -> Result<(&'a super::Client, ::reqwest::Request), Error> {
                #(#prefix)*
                Ok((client, request))
            }
        };
        block.items.push(into_request);
        let _ = write!(
            out,
            r#"
impl Sealed for builder::{name}<'_> {{}}

impl<'a> Operation for builder::{name}<'a> {{
    type Output = {output};
    const NAME: &'static str = {id:?};
    const DOCUMENTED_SUCCESS: &'static [&'static str] = &[{documented}];
    fn span() -> ::tracing::Span {{
        operation_span!({id:?})
    }}
    #[allow(unused_variables)]
    fn decode(
        status: u16,
        body: &[u8],
    ) -> ::std::option::Option<::std::result::Result<Self::Output, crate::call::BodyError>> {{
        match status {{
{arms}            _ => None,
        }}
    }}
    fn execute(
        self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<ResponseValue<Self::Output>, Error>,
    > + Send {{
        {run}
    }}
}}
"#
        );
    }
    out.push_str("}\n");
    Ok(out)
}

/// Marks the generated `Client`'s constructors `#[doc(hidden)]`: they take
/// the SDK's `ClientState`, an implementation detail; users build a client
/// with the SDK's `ClientBuilder`.
fn hide_constructors(file: &mut syn::File) {
    for item in &mut file.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let is_client =
            matches!(block.self_ty.as_ref(), syn::Type::Path(path) if path.path.is_ident("Client"));
        if !is_client || block.trait_.is_some() {
            continue;
        }
        for member in &mut block.items {
            if let syn::ImplItem::Fn(function) = member
                && matches!(function.vis, syn::Visibility::Public(_))
            {
                function.attrs.push(syn::parse_quote!(#[doc(hidden)]));
            }
        }
    }
}

/// How a documented success body is turned into the operation's output.
enum SuccessBody {
    /// No body: `()`.
    Empty,
    /// A JSON body of the documented type.
    Json,
}

/// What `operation_impls` reads from a generated `send`.
struct SendParts {
    /// The statements that build the request, before the hooks.
    prefix: Vec<syn::Stmt>,
    /// progenitor's name of the operation (`OperationInfo::operation_id`).
    operation_id: String,
    /// The success arms of the status `match`: pattern and body kind.
    success: Vec<(String, SuccessBody)>,
    /// Whether the builder holds a request body.
    has_body: bool,
}

impl SendParts {
    fn of(send: &syn::ImplItemFn) -> Option<SendParts> {
        let statements = &send.block.stmts;
        let (at, operation_id) = statements.iter().enumerate().find_map(|(at, statement)| {
            let syn::Stmt::Local(local) = statement else {
                return None;
            };
            let syn::Pat::Ident(binding) = &local.pat else {
                return None;
            };
            if binding.ident != "info" {
                return None;
            }
            let syn::Expr::Struct(info) = local.init.as_ref()?.expr.as_ref() else {
                return None;
            };
            let field = info.fields.iter().find(
                |field| matches!(&field.member, syn::Member::Named(name) if name == "operation_id"),
            )?;
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(id),
                ..
            }) = &field.expr
            else {
                return None;
            };
            Some((at, id.value()))
        })?;
        let syn::Stmt::Expr(syn::Expr::Match(statuses), None) = statements.last()? else {
            return None;
        };
        let mut success = Vec::new();
        for arm in &statuses.arms {
            let body = arm.body.to_token_stream().to_string();
            let kind = if body.contains("Err (") {
                continue;
            } else if body.contains("ResponseValue :: empty") {
                SuccessBody::Empty
            } else if body.contains("ResponseValue :: from_response") {
                SuccessBody::Json
            } else {
                // A stream or an upgrade: the Identity API has neither.
                return None;
            };
            success.push((arm.pat.to_token_stream().to_string(), kind));
        }
        let prefix = statements[..at].to_vec();
        let has_body = prefix.iter().any(takes_body);
        Some(SendParts {
            prefix,
            operation_id,
            success,
            has_body,
        })
    }
}

/// Whether `statement` is the builder's `let Self { .., body, .. } = self;`.
fn takes_body(statement: &syn::Stmt) -> bool {
    let syn::Stmt::Local(local) = statement else {
        return false;
    };
    let syn::Pat::Struct(fields) = &local.pat else {
        return false;
    };
    fields
        .fields
        .iter()
        .any(|field| matches!(&field.member, syn::Member::Named(name) if name == "body"))
}

/// The generated `pub async fn send(self)` of a builder.
fn send_fn(item: &syn::ImplItem) -> Option<&syn::ImplItemFn> {
    match item {
        syn::ImplItem::Fn(function) if function.sig.ident == "send" => Some(function),
        _ => None,
    }
}

/// `(T, E)` of `pub async fn send(self) -> Result<ResponseValue<T>, Error<E>>`.
fn send_types(function: &syn::ImplItemFn) -> Option<(String, String)> {
    let syn::ReturnType::Type(_, returned) = &function.sig.output else {
        return None;
    };
    let [ok, err] = generic_arguments(returned)?.try_into().ok()?;
    let [output] = generic_arguments(&ok)?.try_into().ok()?;
    let [problem] = generic_arguments(&err)?.try_into().ok()?;
    Some((
        output.to_token_stream().to_string(),
        problem.to_token_stream().to_string(),
    ))
}

/// The type arguments of `Outer<A, B>`.
fn generic_arguments(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(arguments) = &path.path.segments.last()?.arguments
    else {
        return None;
    };
    Some(
        arguments
            .args
            .iter()
            .filter_map(|argument| match argument {
                syn::GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three untagged operations (always generated): one answering JSON,
    /// one answering nothing, one sending a body.
    fn sdk() -> Sdk {
        let document = serde_json::json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/things": {
                "get": {"operationId": "ListThings", "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}},
                    "4XX": {"description": "no"}
                }},
                "delete": {"operationId": "DropThings", "responses": {"204": {"description": "gone"}}},
                "put": {"operationId": "PutThing",
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}},
                    "responses": {"204": {"description": "kept"}}}
            }}
        });
        let options = Options { json_schema: false };
        generate_sdk(
            Path::new("t.json"),
            &document,
            &Features::default(),
            &options,
        )
        .unwrap()
    }

    #[test]
    fn each_operation_carries_its_facts_as_constants() {
        let operations = sdk().operations;
        for expected in [
            r#"const NAME: &'static str = "list_things";"#,
            r#"const DOCUMENTED_SUCCESS: &'static [&'static str] = &["200"];"#,
            r#"operation_span!("list_things")"#,
            "200u16 => Some(json(body)),",
            r#"const NAME: &'static str = "drop_things";"#,
            r#"const DOCUMENTED_SUCCESS: &'static [&'static str] = &["204"];"#,
            "204u16 => Some(Ok(())),",
        ] {
            assert!(
                operations.contains(expected),
                "{expected} missing:\n{operations}"
            );
        }
        assert!(
            !operations.contains("400u16"),
            "an error status never decodes as a success"
        );
    }

    #[test]
    fn a_retry_remakes_a_request_without_a_body_and_copies_one_with_a_body() {
        let operations = sdk().operations;
        for expected in [
            "run_remaking(self, builder::DropThings::into_request)",
            "run_remaking(self, builder::ListThings::into_request)",
            "run::<Self>(builder::PutThing::into_request(self))",
        ] {
            assert!(
                operations.contains(expected),
                "{expected} missing:\n{operations}"
            );
        }
    }

    #[test]
    fn each_builder_can_make_its_request_without_sending_it() {
        let client = sdk().client;
        let into_request = client.matches("pub fn into_request(").count();
        assert_eq!(into_request, 3, "one per builder:\n{client}");
        // Built up to the hooks, never calling them.
        let body = &client[client.find("pub fn into_request(").unwrap()..];
        let body = &body[..body.find("Ok((client, request))").unwrap()];
        assert!(body.contains(".build()?;"), "{body}");
        assert!(!body.contains("client.pre("), "{body}");
        assert!(
            client.contains("#[doc(hidden)]\n    pub fn new(baseurl"),
            "{client}"
        );
    }
}
