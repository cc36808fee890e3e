//! Tolerant reading: a rule on typify's output so that what the client
//! decodes accepts every answer another release of the service may send.
//!
//! The upstream writes `additionalProperties: false` on every schema, and
//! typify turns it into `#[serde(deny_unknown_fields)]`: a property the
//! service adds breaks every older client. typify's constrained strings
//! (`minLength`, `maxLength`, `pattern`) check their limits in `Deserialize`
//! too: a limit the service widens breaks them as well. The committed spec
//! stays strict (the mock and `Contract` check stubs against it), so the
//! rule is applied here, to the generated code:
//!
//! * `deny_unknown_fields` is removed from every type: unknown properties
//!   are ignored at every depth.
//! * a constrained string newtype keeps its checked constructors
//!   (`FromStr`, `TryFrom`, the builders use them), so what the SDK sends is
//!   checked; its `Deserialize` takes any JSON string as it is.
//!
//! A missing required property or a wrong JSON type still fails: those are
//! serde's derived checks, which this rule leaves alone.

use syn::{Fields, Item, ItemImpl, ItemStruct, Type, parse_quote};

/// Applies the rule to the generated file.
pub(crate) fn tolerate(file: &mut syn::File) {
    for item in &mut file.items {
        visit(item);
    }
}

fn visit(item: &mut Item) {
    match item {
        Item::Struct(item) => allow_unknown_fields(&mut item.attrs),
        Item::Enum(item) => allow_unknown_fields(&mut item.attrs),
        Item::Mod(module) => {
            if let Some((_, items)) = &mut module.content {
                let strings: Vec<String> = items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Struct(item) if is_string_newtype(item) => {
                            Some(item.ident.to_string())
                        }
                        _ => None,
                    })
                    .collect();
                for item in items.iter_mut() {
                    if let Item::Impl(implementation) = item
                        && deserializes_one_of(implementation, &strings)
                    {
                        accept_any_string(implementation);
                    }
                    visit(item);
                }
            }
        }
        _ => {}
    }
}

/// Drops `deny_unknown_fields` from the `#[serde(...)]` attributes, and an
/// attribute it leaves empty.
fn allow_unknown_fields(attrs: &mut Vec<syn::Attribute>) {
    attrs.retain_mut(|attr| {
        if !attr.path().is_ident("serde") {
            return true;
        }
        let Ok(list) = attr.meta.require_list() else {
            return true;
        };
        let Ok(metas) = list.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        ) else {
            return true;
        };
        let kept: Vec<&syn::Meta> = metas
            .iter()
            .filter(|meta| !meta.path().is_ident("deny_unknown_fields"))
            .collect();
        if kept.len() == metas.len() {
            return true;
        }
        if kept.is_empty() {
            return false;
        }
        *attr = parse_quote!(#[serde(#(#kept),*)]);
        true
    });
}

/// `struct X(String)`: how typify generates a string with limits or a
/// pattern (a plain string stays `String`).
fn is_string_newtype(item: &ItemStruct) -> bool {
    let Fields::Unnamed(fields) = &item.fields else {
        return false;
    };
    let mut fields = fields.unnamed.iter();
    match (fields.next(), fields.next()) {
        (Some(field), None) => is_string(&field.ty),
        _ => false,
    }
}

fn is_string(ty: &Type) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    let names: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    matches!(
        names.iter().map(String::as_str).collect::<Vec<_>>()[..],
        ["std", "string", "String"] | ["String"]
    )
}

/// `impl Deserialize for X` with `X` one of `names`.
fn deserializes_one_of(implementation: &ItemImpl, names: &[String]) -> bool {
    let Some((_, trait_path, _)) = &implementation.trait_ else {
        return false;
    };
    let is_deserialize = trait_path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "Deserialize");
    let Type::Path(self_ty) = implementation.self_ty.as_ref() else {
        return false;
    };
    is_deserialize
        && self_ty
            .path
            .get_ident()
            .is_some_and(|ident| names.iter().any(|name| ident == name))
}

/// The body of `deserialize`: the string as it is, unchecked.
fn accept_any_string(implementation: &mut ItemImpl) {
    for item in &mut implementation.items {
        if let syn::ImplItem::Fn(function) = item
            && function.sig.ident == "deserialize"
        {
            function.block =
                parse_quote!({ ::std::string::String::deserialize(deserializer).map(Self) });
        }
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    fn tolerated(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).expect("test source parses");
        tolerate(&mut file);
        file.to_token_stream().to_string()
    }

    #[test]
    fn unknown_fields_are_allowed_in_every_type_of_every_module() {
        let out = tolerated(
            "pub mod types {
                #[serde(deny_unknown_fields)] pub struct A { pub a: u8 }
                #[serde(rename_all = \"camelCase\", deny_unknown_fields)] pub struct B { pub b: u8 }
                pub mod inner { #[serde(deny_unknown_fields)] pub enum C { X } }
            }",
        );
        assert!(!out.contains("deny_unknown_fields"), "{out}");
        assert!(out.contains("rename_all = \"camelCase\""), "{out}");
    }

    #[test]
    fn a_string_newtype_deserializes_unchecked_and_other_impls_are_kept() {
        let out = tolerated(
            "pub mod types {
                pub struct Code(::std::string::String);
                pub struct Count(u8);
                impl ::std::str::FromStr for Code {
                    type Err = E;
                    fn from_str(value: &str) -> Result<Self, E> { check(value) }
                }
                impl<'de> ::serde::Deserialize<'de> for Code {
                    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error> { checked() }
                }
                impl<'de> ::serde::Deserialize<'de> for Count {
                    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error> { checked() }
                }
            }",
        );
        assert!(
            out.contains("check (value)"),
            "the send-side check stays: {out}"
        );
        assert_eq!(out.matches("checked ()").count(), 1, "{out}");
        assert!(
            out.contains(":: std :: string :: String :: deserialize (deserializer) . map (Self)"),
            "{out}"
        );
    }
}
