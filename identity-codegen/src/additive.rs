//! Additive upstream changes stay additive for users: a rule on
//! progenitor's output so that what the service may add in a release (an
//! optional property, an operation) is a minor release of the SDK, not a
//! breaking one.
//!
//! * Every struct with named fields in `types` is `#[non_exhaustive]`: code
//!   outside the SDK cannot write a struct literal that a new property
//!   would break, and builds values with the builders typify generates
//!   (`types::X::builder()`, or an operation's `body_map`).
//! * Every per-tag extension trait (`Client…Ext`) has a sealed supertrait:
//!   only the generated `Client` implements it, so adding a method (an
//!   operation of the tag) breaks no implementation elsewhere
//!   (cargo-semver-checks' `trait_method_added`).

use quote::ToTokens;
use syn::{Fields, Item, parse_quote};

/// The private module holding the seal; a name progenitor does not use.
const SEAL_MODULE: &str = "client_ext_sealed";

/// Applies the rule to the generated file.
pub(crate) fn keep_additive(file: &mut syn::File) {
    let seal: syn::Ident = syn::parse_str(SEAL_MODULE).expect("a valid identifier");
    // By their tokens: syn's types have no `PartialEq` without its `extra-traits`.
    let mut sealed_types: Vec<(String, syn::Type)> = Vec::new();
    let mut any_trait = false;
    for item in &mut file.items {
        match item {
            Item::Mod(module) if module.ident == "types" => {
                if let Some((_, items)) = &mut module.content {
                    for item in items {
                        if let Item::Struct(item) = item
                            && matches!(item.fields, Fields::Named(_))
                        {
                            item.attrs.push(parse_quote!(#[non_exhaustive]));
                        }
                    }
                }
            }
            Item::Trait(item) if is_tag_trait(&item.ident) => {
                item.supertraits.push(parse_quote!(#seal::Sealed));
                any_trait = true;
            }
            Item::Impl(implementation) => {
                let implements_tag_trait =
                    implementation.trait_.as_ref().is_some_and(|(_, path, _)| {
                        path.segments
                            .last()
                            .is_some_and(|segment| is_tag_trait(&segment.ident))
                    });
                let self_ty = implementation.self_ty.as_ref();
                let name = self_ty.to_token_stream().to_string();
                if implements_tag_trait && !sealed_types.iter().any(|(seen, _)| *seen == name) {
                    sealed_types.push((name, self_ty.clone()));
                }
            }
            _ => {}
        }
    }
    if any_trait {
        let sealed_types = sealed_types.iter().map(|(_, ty)| ty);
        file.items.push(parse_quote! {
            /// Seals the per-tag extension traits: only the generated client
            /// implements them, so a new operation is not a breaking change.
            mod #seal {
                pub trait Sealed {}
                #(impl Sealed for super::#sealed_types {})*
            }
        });
    }
}

/// progenitor's name for a tag's trait: `Client` + tag + `Ext`.
fn is_tag_trait(ident: &syn::Ident) -> bool {
    let name = ident.to_string();
    name.len() > "ClientExt".len() && name.starts_with("Client") && name.ends_with("Ext")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(source: &str) -> String {
        let mut file: syn::File = syn::parse_str(source).expect("test source parses");
        keep_additive(&mut file);
        file.to_token_stream().to_string()
    }

    #[test]
    fn structs_with_named_fields_in_types_are_non_exhaustive() {
        let out = kept(
            "pub mod types {
                pub struct Role { pub id: u8 }
                pub struct Code(String);
                pub mod builder { pub struct Role { id: u8 } }
            }
            pub mod builder { pub struct GetRole { id: u8 } }",
        );
        assert_eq!(out.matches("# [non_exhaustive]").count(), 1, "{out}");
        assert!(
            out.contains("# [non_exhaustive] pub struct Role { pub id : u8 }"),
            "{out}"
        );
    }

    #[test]
    fn tag_traits_are_sealed_and_only_the_client_implements_the_seal() {
        let out = kept(
            "pub struct Client;
            pub trait ClientRolesExt { fn get_role(&self); }
            impl ClientRolesExt for Client { fn get_role(&self) {} }
            pub trait ClientUsersExt { fn get_user(&self); }
            impl ClientUsersExt for Client { fn get_user(&self) {} }
            pub trait ClientExt {}",
        );
        assert!(
            out.contains("pub trait ClientRolesExt : client_ext_sealed :: Sealed"),
            "{out}"
        );
        assert!(
            out.contains("pub trait ClientUsersExt : client_ext_sealed :: Sealed"),
            "{out}"
        );
        assert!(out.contains("pub trait ClientExt { }"), "{out}");
        assert_eq!(
            out.matches("impl Sealed for super :: Client").count(),
            1,
            "{out}"
        );
    }

    #[test]
    fn without_tag_traits_there_is_no_seal() {
        assert!(!kept("pub struct Client;").contains(SEAL_MODULE));
    }
}
