//! What identity-sdk's build script generates: the client for the enabled
//! tags only, and beside it the per-operation tables the hand-written layer
//! uses (documented success statuses, a named tracing span, the
//! `Operation` implementation of every request builder).
//!
//! What the build cannot map yet (a tag without its cargo feature, a string
//! format whose crate no enabled feature brings) still builds: the tag's
//! operations come with `full` only, the strings are plain `String`s, and
//! each case is a warning that names the follow-up edit.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use quote::ToTokens;
use serde_json::{Map, Value};

use crate::runtime::{FORMATS, OPTIONAL_CRATES, REGRESS, required_crates};
use crate::subset::{feature_name, operation_tags, subset};
use crate::{CodegenError, Options, generate_document};

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
    /// The per-operation tables (documented success statuses, named spans),
    /// for the hand-written layer to include.
    pub tables: String,
    /// `impl Operation` for every request builder, for the module that
    /// defines the `Operation` and `Sealed` traits to include.
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
    let tables =
        crate::operations::tables(&generated.spec, &generated.source).map_err(|message| {
            CodegenError::Generate {
                path: path.to_owned(),
                message,
            }
        })?;
    Ok(Sdk {
        operations: operation_impls(&generated.file),
        client: generated.source,
        tables,
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
/// generated client: the success type and the error body type its `send`
/// returns, read from its signature, and `send` itself.
fn operation_impls(file: &syn::File) -> String {
    // In a module of its own, so the names the signatures use (as the
    // generated builder module imports them) clash with nothing.
    let mut out = String::from(
        "\nmod generated_operations {\n#[allow(unused_imports)]\nuse super::{Operation, Sealed};\n#[allow(unused_imports)]\nuse crate::generated::{builder, types, ByteStream, Error as GeneratedError, ResponseValue};\n",
    );
    let builders = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(module) if module.ident == "builder" => module.content.as_ref(),
        _ => None,
    });
    for item in builders.into_iter().flat_map(|(_, items)| items) {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        let Some((output, problem)) = block.items.iter().find_map(send_types) else {
            continue;
        };
        let syn::Type::Path(self_type) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(name) = self_type.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let _ = write!(
            out,
            r#"
impl Sealed for builder::{name}<'_> {{}}

impl<'a> Operation for builder::{name}<'a> {{
    type Output = {output};
    type Problem = {problem};
    fn send_generated(
        self,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<ResponseValue<Self::Output>, GeneratedError<Self::Problem>>,
    > + Send {{
        builder::{name}::send(self)
    }}
}}
"#
        );
    }
    out.push_str("}\n");
    out
}

/// `(T, E)` of `pub async fn send(self) -> Result<ResponseValue<T>, Error<E>>`.
fn send_types(item: &syn::ImplItem) -> Option<(String, String)> {
    let syn::ImplItem::Fn(function) = item else {
        return None;
    };
    if function.sig.ident != "send" {
        return None;
    }
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
