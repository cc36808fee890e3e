//! Finding progenitor's inline modules (`types`, `builder`) in its output,
//! which several rules edit.

use syn::Item;

/// The items of the inline module `name` among `items`.
pub(crate) fn items_of<'a>(items: &'a [Item], name: &str) -> Option<&'a [Item]> {
    items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == name => {
            module.content.as_ref().map(|(_, items)| &items[..])
        }
        _ => None,
    })
}

/// [`items_of`], to edit them.
pub(crate) fn items_of_mut<'a>(items: &'a mut [Item], name: &str) -> Option<&'a mut Vec<Item>> {
    items.iter_mut().find_map(|item| match item {
        Item::Mod(module) if module.ident == name => {
            module.content.as_mut().map(|(_, items)| items)
        }
        _ => None,
    })
}
