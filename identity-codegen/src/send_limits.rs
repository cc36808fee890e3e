//! Strict in what is sent: a rule on typify's output so that a value outside
//! the spec's numeric and array limits never leaves the client.
//!
//! typify checks string limits (`minLength`, `maxLength`, `pattern`) in its
//! constrained newtypes, but not `minimum`/`maximum` (with OpenAPI 3.0's
//! boolean `exclusiveMinimum`/`exclusiveMaximum`) nor `minItems`/`maxItems`:
//! it types them as plain numbers and `Vec`s. This rule reads those limits
//! from the spec and gives every generated struct that has one, or holds one
//! through its fields, a private `check_send_limits`, called by the
//! builder's `TryFrom` (what `types::X::builder()` ends in, and what a
//! request builder's `.body(...)` or `.body_map(...)` goes through when it
//! is sent). The check recurses into the fields of generated struct types
//! (through `Option`, `Vec`, `Box` and maps), because the fields are `pub`:
//! a value built valid and then changed is checked again at send.
//!
//! `Deserialize` is derived and untouched: answers are never checked
//! against limits (tolerant reading, `tolerant.rs`).
//!
//! Only shapes the rule knows get a check (numbers, `NonZero` numbers,
//! numeric newtypes, `Vec`s, generated structs): anything else
//! is left as typify wrote it, so the rule never makes code that does not
//! compile.

use std::collections::{BTreeMap, BTreeSet};

use identity_openapi::{Document, Shape};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::ext::IdentExt;
use syn::{Fields, Item, ItemImpl, Type, parse_quote};

use crate::modules::{items_of, items_of_mut};
use crate::operations::identifier_words;

/// The name of the generated check; private to the `types` module (its
/// `builder` module, a child, calls it).
const CHECK: &str = "check_send_limits";

/// Applies the rule to the generated file, with the limits of `spec`.
pub(crate) fn check_what_is_sent(file: &mut syn::File, spec: &Value) {
    let Some(items) = items_of_mut(&mut file.items, "types") else {
        return;
    };
    let types = Types::read(items);
    let document = Document::new(spec);
    let schemas: BTreeMap<String, &Value> = document
        .schemas()
        .map(|schema| (type_name(schema.name), schema.value))
        .collect();
    let rule = Rule {
        document,
        types: &types,
        schemas: &schemas,
    };

    // The structs that get a check: those with a limit of their own, then,
    // until nothing changes, those holding one that has a check.
    let mut checked = BTreeSet::new();
    loop {
        let next: BTreeSet<String> = types
            .structs
            .keys()
            .filter(|name| !rule.checks_of(name, &checked).is_empty())
            .cloned()
            .collect();
        if next == checked {
            break;
        }
        checked = next;
    }

    let check: syn::Ident = format_ident!("{CHECK}");
    let mut added: Vec<Item> = Vec::new();
    for name in &checked {
        let checks = rule.checks_of(name, &checked);
        let ident = format_ident!("{name}");
        added.push(parse_quote! {
            impl #ident {
                /// The spec's numeric and array limits on this value and
                /// the generated values it holds (typify checks the string
                /// limits); run when a builder builds it, never when it is
                /// decoded.
                fn #check(&self) -> ::std::result::Result<(), ::std::string::String> {
                    #(#checks)*
                    ::std::result::Result::Ok(())
                }
            }
        });
    }
    if let Some(builders) = items_of_mut(items, "builder") {
        for item in builders {
            if let Item::Impl(implementation) = item
                && let Some(name) = built_by(implementation)
                && checked.contains(&name)
            {
                check_when_built(implementation, &check);
            }
        }
    }
    items.extend(added);
    check_parameters(file, &rule);
}

/// A parameter with limits is checked by its setter on the operation's
/// builder (the one way a value reaches the request): a value outside them
/// becomes the builder's error, which `send` returns before any request.
fn check_parameters(file: &mut syn::File, rule: &Rule<'_>) {
    let mut limited: BTreeMap<(String, String), (&Value, String)> = BTreeMap::new();
    for operation in rule.document.operations() {
        let Some(id) = operation.operation_id() else {
            continue;
        };
        for parameter in operation.parameters() {
            let Some(schema) = parameter.schema else {
                continue;
            };
            let limits = rule.limits_of(schema);
            let has_limits = ["minimum", "maximum", "minItems", "maxItems"]
                .iter()
                .any(|keyword| limits.get(keyword).is_some())
                || Shape::of(limits).items().is_some_and(|items| {
                    items.value().get("minimum").is_some() || items.value().get("maximum").is_some()
                });
            if has_limits {
                limited.insert(
                    (type_name(id), setter_name(parameter.name)),
                    (schema, parameter.name.to_owned()),
                );
            }
        }
    }
    if limited.is_empty() {
        return;
    }
    let Some(items) = items_of_mut(&mut file.items, "builder") else {
        return;
    };
    // The builder structs' fields: `Result<T, String>`, T the value set.
    let mut fields: BTreeMap<(String, String), Type> = BTreeMap::new();
    for item in items.iter() {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(named) = &item.fields else {
            continue;
        };
        for field in &named.named {
            if let (Some(ident), Some(set)) = (&field.ident, result_ok_type(&field.ty)) {
                fields.insert((item.ident.to_string(), ident.to_string()), set);
            }
        }
    }
    let none = BTreeSet::new();
    for item in items.iter_mut() {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() {
            continue;
        }
        let Type::Path(self_type) = block.self_ty.as_ref() else {
            continue;
        };
        let Some(builder) = self_type.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        for member in &mut block.items {
            let syn::ImplItem::Fn(setter) = member else {
                continue;
            };
            let key = (builder.clone(), setter.sig.ident.to_string());
            let (Some((schema, wire)), Some(ty)) = (limited.get(&key), fields.get(&key)) else {
                continue;
            };
            let value = format_ident!("value");
            let path = Path {
                format: wire.replace('{', "{{").replace('}', "}}"),
                args: Vec::new(),
            };
            let Some(check) = rule.check(&value, ty, Some(schema), &path, &none, 0) else {
                continue;
            };
            let field = &setter.sig.ident;
            let statement: syn::Stmt = parse_quote! {
                self.#field = self.#field.and_then(|checked| {
                    { let #value = &checked; #check }
                    ::std::result::Result::Ok(checked)
                });
            };
            // Before the setter's final `self`.
            let at = setter.block.stmts.len().saturating_sub(1);
            setter.block.stmts.insert(at, statement);
        }
    }
}

/// `T` of `Result<T, String>`.
fn result_ok_type(ty: &Type) -> Option<Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(ty) => Some(ty.clone()),
        _ => None,
    }
}

/// typify's name of a component schema (progenitor's of an operation's
/// builder): its `sanitize` in Pascal case (the name's non-identifier
/// characters as word breaks, an `X` before a leading character that cannot
/// start one, `_` after a keyword).
fn type_name(schema: &str) -> String {
    use heck::ToPascalCase;
    rust_name(schema, |words| words.to_pascal_case(), "X")
}

/// progenitor's name of a parameter's setter: the same in snake case.
fn setter_name(parameter: &str) -> String {
    use heck::ToSnakeCase;
    rust_name(parameter, |words| words.to_snake_case(), "x")
}

fn rust_name(name: &str, case: impl Fn(&str) -> String, prefix: &str) -> String {
    let name = case(&identifier_words(name));
    let name = match name.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => name,
        _ => format!("{prefix}{name}"),
    };
    if syn::parse_str::<syn::Ident>(&name).is_ok() {
        name
    } else {
        format!("{name}_")
    }
}

/// What the rule needs of the generated `types` module.
struct Types {
    /// Structs with named fields and a builder: their fields.
    structs: BTreeMap<String, Vec<Field>>,
    /// `struct X(T)`: the one field's type. (typify writes no `type X = T`
    /// aliases: a named schema is always a struct, newtype or enum.)
    newtypes: BTreeMap<String, Type>,
}

struct Field {
    ident: syn::Ident,
    /// Its name on the wire: serde's `rename`, or the field's own name.
    wire: String,
    ty: Type,
}

impl Types {
    fn read(items: &[Item]) -> Types {
        let built: BTreeSet<String> = items_of(items, "builder")
            .into_iter()
            .flatten()
            .filter_map(|item| match item {
                Item::Impl(implementation) => built_by(implementation),
                _ => None,
            })
            .collect();
        let mut types = Types {
            structs: BTreeMap::new(),
            newtypes: BTreeMap::new(),
        };
        for item in items {
            let Item::Struct(item) = item else {
                continue;
            };
            match &item.fields {
                Fields::Named(fields) if built.contains(&item.ident.to_string()) => {
                    let fields = fields
                        .named
                        .iter()
                        .filter_map(|field| {
                            let ident = field.ident.clone()?;
                            let wire =
                                renamed(&field.attrs).unwrap_or_else(|| ident.unraw().to_string());
                            Some(Field {
                                ident,
                                wire,
                                ty: field.ty.clone(),
                            })
                        })
                        .collect();
                    types.structs.insert(item.ident.to_string(), fields);
                }
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                    types
                        .newtypes
                        .insert(item.ident.to_string(), fields.unnamed[0].ty.clone());
                }
                _ => {}
            }
        }
        types
    }
}

/// `rename = "..."` of a field's `#[serde(...)]`.
fn renamed(attrs: &[syn::Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .filter_map(|attr| {
            attr.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .ok()
        })
        .flatten()
        .find_map(|meta| match meta {
            syn::Meta::NameValue(pair) if pair.path.is_ident("rename") => match pair.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                }) => Some(name.value()),
                _ => None,
            },
            _ => None,
        })
}

/// `X` of `impl TryFrom<X> for super::X` (a builder's conversion).
fn built_by(implementation: &ItemImpl) -> Option<String> {
    let (_, trait_path, _) = implementation.trait_.as_ref()?;
    let segment = trait_path.segments.last()?;
    if segment.ident != "TryFrom" {
        return None;
    }
    let Type::Path(target) = implementation.self_ty.as_ref() else {
        return None;
    };
    let segments: Vec<String> = target
        .path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect();
    match &segments[..] {
        [parent, name] if parent == "super" => Some(name.clone()),
        _ => None,
    }
}

/// `try_from`'s body becomes: build as typify does, then check.
fn check_when_built(implementation: &mut ItemImpl, check: &syn::Ident) {
    for item in &mut implementation.items {
        if let syn::ImplItem::Fn(function) = item
            && function.sig.ident == "try_from"
        {
            let built = &function.block;
            function.block = parse_quote!({
                let built: ::std::result::Result<Self, super::error::ConversionError> = #built;
                let built = built?;
                built.#check()?;
                ::std::result::Result::Ok(built)
            });
        }
    }
}

/// How the rule sees a field's type.
enum Kind {
    Option(Type),
    Boxed(Type),
    List(Type),
    /// A map's values.
    Map(Type),
    /// A number, and how to read it from a `&T` named `value`.
    Number {
        integer: bool,
        read: NumberRead,
    },
    /// A generated struct.
    Struct(String),
    Other,
}

#[derive(Clone, Copy)]
enum NumberRead {
    Plain,
    NonZero,
    /// A newtype around a plain number.
    Inner,
}

struct Rule<'a> {
    document: Document<'a>,
    types: &'a Types,
    schemas: &'a BTreeMap<String, &'a Value>,
}

/// Where a value is, as the message names it: a `format!` string and the
/// variables it takes.
#[derive(Clone)]
struct Path {
    format: String,
    args: Vec<syn::Ident>,
}

impl Path {
    fn message(&self, rest: &str, more: &[TokenStream]) -> TokenStream {
        let format = syn::LitStr::new(
            &format!("{}{rest}", self.format),
            proc_macro2::Span::call_site(),
        );
        let args = &self.args;
        quote!(::std::format!(#format, #(#args,)* #(#more),*))
    }
}

impl<'a> Rule<'a> {
    /// The checks of the fields of struct `name`, given the structs that
    /// have a check.
    fn checks_of(&self, name: &str, checked: &BTreeSet<String>) -> Vec<TokenStream> {
        let Some(fields) = self.types.structs.get(name) else {
            return Vec::new();
        };
        let properties = self
            .schemas
            .get(name)
            .and_then(|schema| schema.get("properties"));
        fields
            .iter()
            .filter_map(|field| {
                let schema = properties.and_then(|properties| properties.get(&field.wire));
                let ident = &field.ident;
                let path = Path {
                    format: field.wire.replace('{', "{{").replace('}', "}}"),
                    args: Vec::new(),
                };
                let value = format_ident!("value");
                let check = self.check(&value, &field.ty, schema, &path, checked, 0)?;
                Some(quote!({ let #value = &self.#ident; #check }))
            })
            .collect()
    }

    /// The check of `value` (a variable of type `&ty`) against `schema`,
    /// or `None` when there is nothing to check.
    fn check(
        &self,
        value: &syn::Ident,
        ty: &Type,
        schema: Option<&'a Value>,
        path: &Path,
        checked: &BTreeSet<String>,
        depth: usize,
    ) -> Option<TokenStream> {
        let schema = schema.map(|schema| self.limits_of(schema));
        let item = format_ident!("item{depth}");
        match self.kind(ty, 0) {
            Kind::Option(inner) => {
                let check = self.check(&item, &inner, schema, path, checked, depth + 1)?;
                Some(quote! {
                    if let ::std::option::Option::Some(#item) = #value { #check }
                })
            }
            Kind::Boxed(inner) => {
                let check = self.check(&item, &inner, schema, path, checked, depth + 1)?;
                Some(quote!({ let #item = &**#value; #check }))
            }
            Kind::List(inner) => {
                let index = format_ident!("index{depth}");
                let mut at = path.clone();
                at.format.push_str("[{}]");
                at.args.push(index.clone());
                let items = schema.and_then(|schema| Shape::of(schema).items());
                let each = self.check(
                    &item,
                    &inner,
                    items.map(|items| items.value()),
                    &at,
                    checked,
                    depth + 1,
                );
                let counts = schema.map(|schema| count_checks(value, schema, path));
                if each.is_none() && counts.as_ref().is_none_or(TokenStream::is_empty) {
                    return None;
                }
                let each = each.map(|each| {
                    quote! {
                        for (#index, #item) in #value.iter().enumerate() { #each }
                    }
                });
                Some(quote!(#counts #each))
            }
            Kind::Map(inner) => {
                let key = format_ident!("key{depth}");
                let mut at = path.clone();
                at.format.push_str("[{:?}]");
                at.args.push(key.clone());
                let values = schema.and_then(|schema| Shape::of(schema).additional_properties());
                let each = self.check(
                    &item,
                    &inner,
                    values.map(|values| values.value()),
                    &at,
                    checked,
                    depth + 1,
                )?;
                Some(quote! {
                    for (#key, #item) in #value.iter() { #each }
                })
            }
            Kind::Number { integer, read } => {
                let checks = number_checks(value, integer, read, schema?, path);
                (!checks.is_empty()).then_some(checks)
            }
            Kind::Struct(name) if checked.contains(&name) => {
                let check = format_ident!("{CHECK}");
                let message = path.message(".{}", &[quote!(problem)]);
                Some(quote! {
                    #value.#check().map_err(|problem| #message)?;
                })
            }
            Kind::Struct(_) | Kind::Other => None,
        }
    }

    /// The schema whose limits apply: a `$ref`'s (or a single `allOf`'s)
    /// component, or the schema itself.
    fn limits_of(&self, schema: &'a Value) -> &'a Value {
        Shape::of(schema)
            .reference()
            .and_then(|target| self.document.component(&target.section, &target.name))
            .unwrap_or(schema)
    }

    fn kind(&self, ty: &Type, hops: usize) -> Kind {
        let Type::Path(path) = ty else {
            return Kind::Other;
        };
        let Some(last) = path.path.segments.last() else {
            return Kind::Other;
        };
        let name = last.ident.to_string();
        let argument = |at: usize| match &last.arguments {
            syn::PathArguments::AngleBracketed(arguments) => arguments
                .args
                .iter()
                .filter_map(|argument| match argument {
                    syn::GenericArgument::Type(ty) => Some(ty.clone()),
                    _ => None,
                })
                .nth(at),
            _ => None,
        };
        match name.as_str() {
            "Option" => argument(0).map_or(Kind::Other, Kind::Option),
            "Box" => argument(0).map_or(Kind::Other, Kind::Boxed),
            "Vec" => argument(0).map_or(Kind::Other, Kind::List),
            "HashMap" | "BTreeMap" | "IndexMap" => argument(1).map_or(Kind::Other, Kind::Map),
            "i8" | "i16" | "i32" | "i64" | "isize" | "u8" | "u16" | "u32" | "u64" | "usize" => {
                Kind::Number {
                    integer: true,
                    read: NumberRead::Plain,
                }
            }
            "f32" | "f64" => Kind::Number {
                integer: false,
                read: NumberRead::Plain,
            },
            "NonZeroU8" | "NonZeroU16" | "NonZeroU32" | "NonZeroU64" | "NonZeroI8"
            | "NonZeroI16" | "NonZeroI32" | "NonZeroI64" => Kind::Number {
                integer: true,
                read: NumberRead::NonZero,
            },
            _ if path.path.segments.len() == 1 && hops < 8 => {
                if let Some(inner) = self.types.newtypes.get(&name) {
                    return match self.kind(inner, hops + 1) {
                        Kind::Number {
                            integer,
                            read: NumberRead::Plain,
                        } => Kind::Number {
                            integer,
                            read: NumberRead::Inner,
                        },
                        _ => Kind::Other,
                    };
                }
                if self.types.structs.contains_key(&name) {
                    Kind::Struct(name)
                } else {
                    Kind::Other
                }
            }
            _ => Kind::Other,
        }
    }
}

/// `minItems` and `maxItems` of a `Vec` named by `value`.
fn count_checks(value: &syn::Ident, schema: &Value, path: &Path) -> TokenStream {
    let mut checks = TokenStream::new();
    for (keyword, fails, words) in [
        ("minItems", quote!(<), "fewer than the minimum"),
        ("maxItems", quote!(>), "more than the maximum"),
    ] {
        let Some(limit) = schema.get(keyword).and_then(Value::as_u64) else {
            continue;
        };
        let message = path.message(&format!(": {{}} items, {words} {limit}"), &[quote!(count)]);
        let limit = proc_macro2::Literal::u64_suffixed(limit);
        checks.extend(quote! {
            {
                let count = #value.len() as u64;
                if count #fails #limit { return ::std::result::Result::Err(#message); }
            }
        });
    }
    checks
}

/// `minimum`, `maximum` and their exclusive forms (OpenAPI 3.0's booleans,
/// or JSON Schema's numbers) of the number named by `value`.
fn number_checks(
    value: &syn::Ident,
    integer: bool,
    read: NumberRead,
    schema: &Value,
    path: &Path,
) -> TokenStream {
    let bound = |inclusive: &str, exclusive: &str| -> Option<(&Value, bool)> {
        match schema.get(exclusive) {
            Some(Value::Number(_)) => schema.get(exclusive).map(|limit| (limit, true)),
            Some(Value::Bool(true)) => schema.get(inclusive).map(|limit| (limit, true)),
            _ => schema.get(inclusive).map(|limit| (limit, false)),
        }
    };
    let mut checks = TokenStream::new();
    for (limit, exclusive, lower) in [
        bound("minimum", "exclusiveMinimum").map(|(l, e)| (l, e, true)),
        bound("maximum", "exclusiveMaximum").map(|(l, e)| (l, e, false)),
    ]
    .into_iter()
    .flatten()
    {
        let Value::Number(number) = limit else {
            continue;
        };
        // Integers are compared exactly, as i128 (every integer type typify
        // uses fits); anything else as f64.
        let (read_value, literal) = match (integer, number.as_i64(), number.as_u64()) {
            (true, Some(limit), _) => (
                as_type(value, read, quote!(i128)),
                proc_macro2::Literal::i128_suffixed(limit.into()),
            ),
            (true, None, Some(limit)) => (
                as_type(value, read, quote!(i128)),
                proc_macro2::Literal::i128_suffixed(limit.into()),
            ),
            _ => match number.as_f64() {
                Some(limit) => (
                    as_type(value, read, quote!(f64)),
                    proc_macro2::Literal::f64_suffixed(limit),
                ),
                None => continue,
            },
        };
        let (fails, words) = match (lower, exclusive) {
            (true, false) => (quote!(<), "is less than the minimum"),
            (true, true) => (quote!(<=), "is not more than the exclusive minimum"),
            (false, false) => (quote!(>), "is more than the maximum"),
            (false, true) => (quote!(>=), "is not less than the exclusive maximum"),
        };
        let shown = limit.to_string();
        let message = path.message(&format!(": {{}} {words} {shown}"), &[quote!(number)]);
        checks.extend(quote! {
            {
                let number = #read_value;
                if number #fails #literal { return ::std::result::Result::Err(#message); }
            }
        });
    }
    checks
}

/// The number `value` (a `&T`) points at, as `target`.
fn as_type(value: &syn::Ident, read: NumberRead, target: TokenStream) -> TokenStream {
    match read {
        NumberRead::Plain => quote!(*#value as #target),
        NumberRead::NonZero => quote!(#value.get() as #target),
        NumberRead::Inner => quote!(#value.0 as #target),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use crate::{Options, generate_document};

    /// The generated source of a spec with one operation sending `Policy`
    /// and answering `Answer`, and these component schemas.
    fn generated(schemas: Value) -> String {
        let spec = json!({
            "openapi": "3.0.1",
            "info": {"title": "t", "version": "1"},
            "paths": {"/policy": {"put": {
                "operationId": "SetPolicy",
                "parameters": [
                    {"name": "limit", "in": "query", "schema":
                        {"type": "integer", "format": "int32", "minimum": 1, "maximum": 5000}},
                    {"name": "start", "in": "query", "schema":
                        {"type": "integer", "format": "int32", "minimum": 0}},
                    {"name": "filter", "in": "query", "schema": {"type": "integer"}},
                    {"name": "ids", "in": "query", "schema": {"type": "array",
                        "items": {"type": "integer", "format": "int32", "maximum": 9}}}
                ],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Policy"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Answer"}}}}}
            }}},
            "components": {"schemas": schemas}
        });
        let options = Options { json_schema: false };
        generate_document(Path::new("t.json"), &spec.to_string(), &options)
            .unwrap()
            .source
    }

    use super::*;

    /// The `check_send_limits` of type `name`, as generated, its
    /// whitespace squeezed to single spaces.
    fn check_of(source: &str, name: &str) -> Option<String> {
        let start = source.find(&format!("impl {name} {{\n        ///"))?;
        let rest = &source[start..];
        let body = &rest[rest.find(CHECK)?..];
        let body = &body[..body.find("\n        }\n    }").unwrap_or(body.len())];
        Some(body.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    fn schemas() -> Value {
        json!({
            "Policy": {"type": "object", "required": ["minLength", "complexity"], "properties": {
                "minLength": {"type": "integer", "format": "int32", "minimum": 12, "maximum": 30},
                "roles": {"type": "array", "nullable": true, "maxItems": 20,
                          "items": {"type": "string"}},
                "actions": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Plain"}},
                "complexity": {"$ref": "#/components/schemas/Complexity"},
                "history": {"type": "array", "items": {"$ref": "#/components/schemas/Complexity"}}
            }},
            "Complexity": {"type": "object", "properties": {
                "attempts": {"type": "integer", "format": "int64", "minimum": 0,
                             "exclusiveMinimum": true, "maximum": 100, "exclusiveMaximum": true},
                "ratio": {"type": "number", "format": "double", "maximum": 0.5},
                "limit": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 5000}
            }},
            "Plain": {"type": "object", "properties": {
                "name": {"type": "string"}, "count": {"type": "integer", "format": "int32"}
            }},
            "Answer": {"type": "object", "properties": {
                "count": {"type": "integer", "format": "int32", "maximum": 3},
                "items": {"type": "array", "maxItems": 2, "items": {"type": "string"}}
            }}
        })
    }

    #[test]
    fn integer_and_array_limits_are_checked_with_the_wire_name_value_and_limit() {
        let source = generated(schemas());
        let policy = check_of(&source, "Policy").expect("Policy has a check");
        for expected in [
            "let value = &self.min_length;",
            "let number = *value as i128;",
            "if number < 12i128",
            r#""minLength: {} is less than the minimum 12""#,
            "if number > 30i128",
            r#""minLength: {} is more than the maximum 30""#,
            "if let ::std::option::Option::Some(item0) = value",
            "if count > 20u64",
            r#""roles: {} items, more than the maximum 20""#,
            "if count < 1u64",
            r#""actions: {} items, fewer than the minimum 1""#,
        ] {
            assert!(policy.contains(expected), "{expected} missing:\n{policy}");
        }
        let complexity = check_of(&source, "Complexity").expect("Complexity has a check");
        for expected in [
            "if number <= 0i128",
            r#""attempts: {} is not more than the exclusive minimum 0""#,
            "if number >= 100i128",
            r#""attempts: {} is not less than the exclusive maximum 100""#,
            "let number = *item0 as f64;",
            "if number > 0.5f64",
            // typify makes `minimum: 1` a NonZero type.
            "let number = item0.get() as i128;",
            "if number > 5000i128",
        ] {
            assert!(
                complexity.contains(expected),
                "{expected} missing:\n{complexity}"
            );
        }
    }

    #[test]
    fn nested_generated_values_are_checked_again_with_their_path() {
        let source = generated(schemas());
        let policy = check_of(&source, "Policy").unwrap();
        assert!(
            policy.contains(
                "value .check_send_limits() .map_err(|problem| ::std::format!(\"complexity.{}\", problem))?;"
            ),
            "{policy}"
        );
        assert!(
            policy.contains("for (index0, item0) in value.iter().enumerate()"),
            "{policy}"
        );
        assert!(
            policy.contains(r#""history[{}].{}", index0, problem"#),
            "{policy}"
        );
        // Checked when the builder builds the value (and so at send).
        let try_from = &source[source
            .find("for super::Policy {")
            .expect("Policy's builder conversion")..];
        let try_from = &try_from[..try_from.find("\n        }\n        impl").unwrap()];
        assert!(
            try_from.contains("built.check_send_limits()?;"),
            "{try_from}"
        );
    }

    /// A value that holds limited values through a map, a box (a recursive
    /// type), a list of lists, and a component that is itself a number.
    fn holders() -> Value {
        json!({
            "Policy": {"type": "object", "properties": {"tree": {"$ref": "#/components/schemas/Tree"}}},
            "Tree": {"type": "object", "required": ["depth"], "properties": {
                "depth": {"type": "integer", "format": "int32", "maximum": 3},
                "child": {"$ref": "#/components/schemas/Tree"},
                "byName": {"type": "object", "additionalProperties":
                    {"type": "integer", "format": "int32", "maximum": 9}},
                "grid": {"type": "array", "items": {"type": "array", "maxItems": 2,
                    "items": {"type": "integer", "format": "int32", "maximum": 5}}},
                "score": {"$ref": "#/components/schemas/Score"},
                "big": {"type": "integer", "format": "uint64", "maximum": 18446744073709551615u64}
            }},
            "Score": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 100},
            "Answer": {"type": "object", "properties": {}}
        })
    }

    #[test]
    fn limited_values_held_through_maps_boxes_lists_and_newtypes_are_checked() {
        let source = generated(holders());
        let tree = check_of(&source, "Tree").expect("Tree has a check");
        for expected in [
            // A map's values, each with its key in the path.
            "for (key0, item0) in value.iter()",
            r#""byName[{:?}]: {} is more than the maximum 9", key0, number"#,
            // The recursive child, boxed: its own check, its path.
            "let item0 = &**value;",
            r#"item1 .check_send_limits() .map_err(|problem| ::std::format!("child.{}", problem))?;"#,
            // A list of lists: each level its own index.
            r#""grid[{}]: {} items, more than the maximum 2", index0, count"#,
            "for (index1, item1) in item0.iter().enumerate()",
            r#""grid[{}][{}]: {} is more than the maximum 5", index0, index1, number"#,
            // A component that is a number: typify's newtype, read inside.
            "let number = item0.0 as i128;",
            r#""score: {} is more than the maximum 100""#,
            // A limit past i64.
            "if number > 18446744073709551615i128",
        ] {
            assert!(tree.contains(expected), "{expected} missing:\n{tree}");
        }
        // What holds a Tree is checked through it.
        let policy = check_of(&source, "Policy").expect("Policy has a check");
        assert!(
            policy.contains(r#"::std::format!("tree.{}", problem)"#),
            "{policy}"
        );
    }

    #[test]
    fn a_schema_without_limits_gets_no_check() {
        let source = generated(schemas());
        assert_eq!(check_of(&source, "Plain"), None, "{source}");
        // Nor does a holder call one for it: `actions` has only its count.
        let policy = check_of(&source, "Policy").expect("Policy has a check");
        assert!(policy.contains("actions: {} items"), "{policy}");
        assert!(!policy.contains("actions[{}]"), "{policy}");
        let plain = &source[source.find("for super::Plain {").unwrap()..];
        let plain = &plain[..plain.find("\n        }\n        impl").unwrap()];
        assert!(!plain.contains(CHECK), "{plain}");
    }

    #[test]
    fn decoding_is_never_checked() {
        let source = generated(schemas());
        // Answer has limits: its builder checks them, its Deserialize is
        // serde's derive, with no code of ours.
        assert!(check_of(&source, "Answer").is_some());
        let answer = &source[..source.find("pub struct Answer {").unwrap()];
        let derive = &answer[answer.rfind("#[derive(").unwrap()..];
        assert!(derive.contains("::serde::Deserialize"), "{derive}");
        assert!(!source.contains("Deserialize<'de> for Answer"), "{source}");
        assert_eq!(source.matches("fn check_send_limits").count(), 3);
    }

    #[test]
    fn a_parameter_with_limits_is_checked_by_its_setter() {
        let source = generated(schemas());
        let setter = |name: &str| {
            let start = source
                .find(&format!("pub fn {name}<V>"))
                .unwrap_or_else(|| panic!("setter {name}:\n{source}"));
            let body = &source[start..];
            let body = &body[..body.find("\n        }\n").unwrap()];
            body.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let limit = setter("limit");
        for expected in [
            "self.limit = self .limit .and_then(|checked| {",
            "let number = item0.get() as i128;",
            r#""limit: {} is more than the maximum 5000""#,
        ] {
            assert!(limit.contains(expected), "{expected} missing:\n{limit}");
        }
        assert!(
            setter("start").contains(r#""start: {} is less than the minimum 0""#),
            "{source}"
        );
        assert!(!setter("filter").contains("and_then"), "{source}");
        // Limits only on an array's items: each item is checked.
        assert!(
            setter("ids").contains(r#""ids[{}]: {} is more than the maximum 9""#),
            "{source}"
        );
    }

    /// Every numeric and array limit of a property in the committed spec
    /// has its check in the generated client: the rule finds typify's type
    /// and field for each, or this names the one it missed.
    #[test]
    fn every_limit_of_the_committed_spec_is_checked() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/identity.json");
        let text = std::fs::read_to_string(&path).expect("the committed spec");
        let spec: Value = serde_json::from_str(&text).expect("JSON");
        let options = Options { json_schema: false };
        let source = generate_document(&path, &text, &options).unwrap().source;
        let mut limited = 0;
        for schema in Document::new(&spec).schemas() {
            for property in schema.properties() {
                let keywords = ["minimum", "maximum", "minItems", "maxItems"];
                if !keywords.iter().any(|k| property.schema.get(k).is_some()) {
                    continue;
                }
                limited += 1;
                let message = format!("\"{}: {{}} ", property.name);
                assert!(
                    source.contains(&message),
                    "{}.{}: no check in the generated client",
                    schema.name,
                    property.name
                );
            }
        }
        assert!(limited >= 7, "the spec has {limited} limited properties");
    }

    #[test]
    fn typify_names_are_followed() {
        assert_eq!(
            type_name("UpdatePasswordPolicyRequestAge"),
            "UpdatePasswordPolicyRequestAge"
        );
        assert_eq!(type_name("page-size"), "PageSize");
        assert_eq!(type_name("2fa"), "X2fa");
        assert_eq!(setter_name("pageSize"), "page_size");
    }
}
