//! The recipe: what `cargo xtask trim` keeps of an upstream spec, and the
//! few choices its rules leave open. It is committed (`openapi/trim.toml`) so
//! that regenerating needs no flags and a change of scope is reviewed like
//! code.

use serde::Deserialize;

/// What to keep and how to decide the open questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recipe {
    /// The operations to keep.
    pub selection: Selection,
    /// What to do with an operation whose success responses have different
    /// body types.
    pub several_success_types: SeveralSuccessTypes,
}

/// Which operations to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// These operationIds.
    Operations(Vec<String>),
    /// Every operation of the document (`--all`): the compile check's input.
    All,
}

/// What to do when an operation's success responses (`2xx`, `2XX`) have
/// different body types, e.g. a `200` with one schema and a `201` with
/// another, or a `200` with a body beside a `204` without.
///
/// progenitor gives an operation one success type and asserts otherwise, and
/// no single type is faithful to both, so this is a decision for a human;
/// the default refuses and names the operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeveralSuccessTypes {
    /// Refuse the operation, naming its statuses and their types.
    #[default]
    Refuse,
    /// Keep the lowest success status (`200` before `201`, a code before its
    /// range) and the success statuses with the same body type; drop the
    /// others, which the client then reports as unexpected responses.
    KeepLowest,
}

/// Why a recipe could not be read.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct RecipeError(#[from] toml::de::Error);

/// The file's shape. Unknown keys are refused so that a typo does not
/// silently fall back to a default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RecipeFile {
    operations: Operations,
    #[serde(default)]
    several_success_types: SeveralSuccessTypes,
}

/// `operations = "all"` or a list of operationIds.
#[derive(Deserialize)]
#[serde(untagged)]
enum Operations {
    All(AllKeyword),
    Listed(Vec<String>),
}

/// The one string `operations` may be.
#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum AllKeyword {
    All,
}

impl Recipe {
    /// Parses the TOML text of a recipe.
    pub fn parse(text: &str) -> Result<Self, RecipeError> {
        let file: RecipeFile = toml::from_str(text)?;
        Ok(Recipe {
            selection: match file.operations {
                Operations::All(AllKeyword::All) => Selection::All,
                Operations::Listed(ids) => Selection::Operations(ids),
            },
            several_success_types: file.several_success_types,
        })
    }

    /// This recipe with another selection (`--operation`, `--all`); its
    /// choices still apply.
    #[must_use]
    pub fn with_selection(self, selection: Selection) -> Self {
        Recipe { selection, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_recipe_parses() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/trim.toml");
        let text = std::fs::read_to_string(path).expect("the committed recipe");
        let recipe = Recipe::parse(&text).unwrap();
        assert_eq!(recipe.selection, Selection::All);
        assert_eq!(recipe.several_success_types, SeveralSuccessTypes::Refuse);
    }

    #[test]
    fn operations_are_all_or_a_list() {
        let recipe = Recipe::parse("operations = \"all\"").unwrap();
        assert_eq!(recipe.selection, Selection::All);
        let recipe = Recipe::parse("operations = [\"A\", \"B\"]").unwrap();
        assert_eq!(
            recipe.selection,
            Selection::Operations(vec!["A".into(), "B".into()])
        );
        assert!(Recipe::parse("operations = \"some\"").is_err());
    }

    #[test]
    fn the_choice_is_read_and_defaults_to_refuse() {
        let recipe =
            Recipe::parse("operations = [\"A\"]\nseveral-success-types = \"keep-lowest\"\n")
                .unwrap();
        assert_eq!(
            recipe.several_success_types,
            SeveralSuccessTypes::KeepLowest
        );
        let recipe = Recipe::parse("operations = []").unwrap();
        assert_eq!(recipe.several_success_types, SeveralSuccessTypes::Refuse);
    }

    #[test]
    fn unknown_keys_and_values_are_refused() {
        let error = Recipe::parse("operations = [\"A\"]\noperation = [\"B\"]\n").unwrap_err();
        assert!(error.to_string().contains("operation"), "{error}");
        let error =
            Recipe::parse("operations = []\nseveral-success-types = \"first\"\n").unwrap_err();
        assert!(error.to_string().contains("first"), "{error}");
    }

    #[test]
    fn a_selection_override_keeps_the_choices() {
        let recipe = Recipe::parse("operations = [\"A\"]\nseveral-success-types = \"keep-lowest\"")
            .unwrap()
            .with_selection(Selection::All);
        assert_eq!(recipe.selection, Selection::All);
        assert_eq!(
            recipe.several_success_types,
            SeveralSuccessTypes::KeepLowest
        );
    }
}
