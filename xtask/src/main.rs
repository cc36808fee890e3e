//! `cargo xtask`: the project's tooling.
//!
//! ```text
//! cargo xtask trim --upstream FILE [--operation ID]... [--all] [--out FILE] [--check]
//! cargo xtask compile-check SPEC
//! ```

mod compile_check;
mod trim;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest, Sha256};

use crate::trim::{Provenance, Selection};

const USAGE: &str = "usage:
  cargo xtask trim --upstream FILE [--operation ID]... [--all] [--out FILE] [--check]
      Trim an upstream FINBOURNE spec with the recipe openapi/trim.toml (or the
      operations given) and write openapi/identity.json (or --out). With --check,
      write nothing and fail with a diff if the file differs from the result.
  cargo xtask compile-check SPEC
      Generate a client from SPEC with identity-sdk's settings and compile it.";

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_owned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("trim") => run_trim(&args[1..]),
        Some("compile-check") => match &args[1..] {
            [spec] => compile_check::run(Path::new(spec), &workspace_root()),
            _ => Err(format!("compile-check takes one spec file\n{USAGE}")),
        },
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Recipe {
    operations: Vec<String>,
}

fn run_trim(args: &[String]) -> Result<(), String> {
    let mut upstream = None;
    let mut operations = Vec::new();
    let (mut all, mut check) = (false, false);
    let mut out = workspace_root().join("openapi/identity.json");
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--upstream" => upstream = Some(PathBuf::from(value("--upstream")?)),
            "--operation" => operations.push(value("--operation")?),
            "--out" => out = PathBuf::from(value("--out")?),
            "--all" => all = true,
            "--check" => check = true,
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let upstream = upstream.ok_or_else(|| format!("--upstream is required\n{USAGE}"))?;
    let selection = match (all, operations.is_empty()) {
        (true, true) => Selection::All,
        (true, false) => return Err("--all and --operation exclude each other".to_owned()),
        (false, false) => Selection::Operations(operations),
        (false, true) => {
            let path = workspace_root().join("openapi/trim.toml");
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let recipe: Recipe =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Selection::Operations(recipe.operations)
        }
    };

    let bytes =
        std::fs::read(&upstream).map_err(|e| format!("cannot read {}: {e}", upstream.display()))?;
    let document: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not JSON: {e}", upstream.display()))?;
    let provenance = Provenance {
        upstream_sha256: format!("{:x}", Sha256::digest(&bytes)),
        tool: concat!("cargo xtask trim (xtask ", env!("CARGO_PKG_VERSION"), ")").to_owned(),
    };
    let trimmed = trim::trim(&document, &selection, &provenance)
        .map_err(|e| format!("{}: {e}", upstream.display()))?;
    let text = render(&trimmed);

    if check {
        let committed = std::fs::read_to_string(&out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if committed == text {
            println!(
                "{} is what the trim of {} produces",
                out.display(),
                upstream.display()
            );
            return Ok(());
        }
        let diff = similar::TextDiff::from_lines(&committed, &text);
        eprint!(
            "{}",
            diff.unified_diff().context_radius(3).header(
                &format!("{} (committed)", out.display()),
                "trimmed from upstream"
            )
        );
        return Err(format!(
            "{} differs from the trim of {}: run `cargo xtask trim --upstream {}` and review the diff",
            out.display(),
            upstream.display(),
            upstream.display()
        ));
    }
    std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

/// The one byte layout of a trimmed spec: two-space indent, upstream key
/// order, a final newline.
fn render(document: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(document).expect("a JSON value always serializes");
    text.push('\n');
    text
}
