//! `cargo xtask corpus DIR`: every spec in a directory must regenerate.
//!
//! For each `*.json` in the directory (so a file added later is covered
//! without a script change): `trim --all` with the committed recipe's
//! choices, then `compile-check` of the result, all in one scratch crate
//! whose compiled dependencies the checks share. A spec passes when the
//! trim keeps every operation (a drop is the safety net for constructs
//! no one has seen, not a way to pass) and the client compiles.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::trim::Trimmed;

/// The `*.json` files directly in `dir`, by name.
pub fn specs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let read_error = |source| Error::Read {
        path: dir.to_owned(),
        source,
    };
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_error)? {
        let path = entry.map_err(read_error)?.path();
        if path.extension().is_some_and(|ext| ext == "json") && path.is_file() {
            specs.push(path);
        }
    }
    specs.sort();
    if specs.is_empty() {
        return Err(Error::EmptyCorpus {
            dir: dir.to_owned(),
        });
    }
    Ok(specs)
}

/// Why a trimmed corpus spec does not pass before compiling: it lost
/// operations.
pub fn incomplete(trimmed: &Trimmed) -> Option<String> {
    (trimmed.kept < trimmed.upstream_operations).then(|| {
        format!(
            "dropped {} of {} operations ({})",
            trimmed.upstream_operations - trimmed.kept,
            trimmed.upstream_operations,
            trimmed
                .dropped
                .iter()
                .map(|dropped| dropped.operation.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_files_are_specs_in_name_order() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub.json")).unwrap();
        for name in ["b.json", "a.json", "notes.md"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let names: Vec<String> = specs(&dir)
            .unwrap()
            .iter()
            .filter_map(|path| Some(path.file_name()?.to_str()?.to_owned()))
            .collect();
        assert_eq!(names, ["a.json", "b.json"]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(specs(&dir), Err(Error::Read { .. })));
    }
}
