//! `cargo xtask`: the project's tooling. This file parses the command line
//! and does the I/O; the rules live in the library (`xtask::trim`,
//! `xtask::compile_check`).
//!
//! The parser is hand-rolled: four commands and seven flags do not justify
//! clap's build time on every fresh CI run.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest, Sha256};
use xtask::recipe::{Recipe, Selection};
use xtask::{Error, compile_check, corpus, trim, unified_diff};

const USAGE: &str = "usage:
  cargo xtask trim --upstream FILE [--recipe FILE] [--operation ID]... [--all]
                   [--out FILE] [--check]
      Trim an upstream FINBOURNE OpenAPI spec with the recipe (default
      openapi/trim.toml) and write openapi/identity.json, the copy
      identity-sdk packages (identity-sdk/openapi/identity.json) and the
      client of identity-sdk's default features (identity-sdk/generated/);
      or only --out.
      --operation ID  keep these operations instead of the recipe's (repeatable)
      --all           keep every operation (for compile-check)
      --check         write nothing; fail with a diff if the file differs from
                      what the trim produces
      When it changes openapi/identity.json, it prints what the change means
      for users (as diff does) and drafts it at the top of CHANGELOG.md's
      [Unreleased], replacing its previous draft.
  cargo xtask compile-check SPEC
      Generate a client from SPEC with identity-sdk's settings and check that
      it compiles without warnings.
  cargo xtask corpus DIR
      trim --all and compile-check every *.json spec in DIR (with the
      recipe's choices); fails unless each keeps all its operations and
      compiles.
  cargo xtask diff OLD NEW [--json]
      What going from spec OLD to spec NEW changes for users: every change,
      each marked breaking or not, and the verdict (breaking, additive or
      none); with --json, as one JSON object.
Relative paths are resolved against the current directory.";

/// The workspace root (xtask lives one level below it): where the default
/// recipe, output and `Cargo.lock` are.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Trim(TrimArgs),
    CompileCheck(PathBuf),
    Corpus(PathBuf),
    Diff {
        old: PathBuf,
        new: PathBuf,
        json: bool,
    },
}

#[derive(Debug, PartialEq, Eq)]
struct TrimArgs {
    upstream: PathBuf,
    recipe: PathBuf,
    /// `None`: the recipe's operations.
    selection: Option<Selection>,
    /// Where the trimmed spec goes: `--out`, else the workspace's spec and
    /// the copy inside identity-sdk's package, which must stay equal.
    outputs: Vec<PathBuf>,
    /// Without `--out`: identity-sdk's directory, whose `generated/` gets the
    /// sources of the default features and whose manifest declares them.
    sdk: Option<PathBuf>,
    check: bool,
}

fn usage(message: impl std::fmt::Display) -> Error {
    Error::Usage(format!("{message}\n{USAGE}"))
}

fn parse(args: Vec<OsString>, root: &Path) -> Result<Command, Error> {
    let args: Vec<String> = args
        .into_iter()
        .map(|arg| {
            arg.into_string()
                .map_err(|arg| usage(format!("argument {arg:?} is not UTF-8")))
        })
        .collect::<Result<_, _>>()?;
    let Some((command, rest)) = args.split_first() else {
        return Err(usage("no command given"));
    };
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "compile-check" => match rest {
            [spec] if !spec.starts_with("--") => Ok(Command::CompileCheck(PathBuf::from(spec))),
            _ => Err(usage("compile-check takes one spec file")),
        },
        "corpus" => match rest {
            [dir] if !dir.starts_with("--") => Ok(Command::Corpus(PathBuf::from(dir))),
            _ => Err(usage("corpus takes one directory")),
        },
        "trim" => parse_trim(rest, root).map(Command::Trim),
        "diff" => {
            let json = rest.iter().any(|arg| arg == "--json");
            let files: Vec<&String> = rest.iter().filter(|arg| *arg != "--json").collect();
            match files[..] {
                [old, new] if !old.starts_with("--") && !new.starts_with("--") => {
                    Ok(Command::Diff {
                        old: old.into(),
                        new: new.into(),
                        json,
                    })
                }
                _ => Err(usage("diff takes two spec files and --json")),
            }
        }
        other => Err(usage(format!("unknown command {other}"))),
    }
}

fn parse_trim(args: &[String], root: &Path) -> Result<TrimArgs, Error> {
    let mut upstream = None;
    let mut recipe = root.join("openapi/trim.toml");
    let mut outputs = vec![
        root.join("openapi/identity.json"),
        root.join("identity-sdk/openapi/identity.json"),
    ];
    let mut sdk = Some(root.join("identity-sdk"));
    let mut operations = Vec::new();
    let (mut all, mut check) = (false, false);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        // `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| usage(format!("{flag} needs a value")))
        };
        match flag {
            "--upstream" => upstream = Some(PathBuf::from(value()?)),
            "--recipe" => recipe = PathBuf::from(value()?),
            "--out" => {
                outputs = vec![PathBuf::from(value()?)];
                sdk = None;
            }
            "--operation" => operations.push(value()?),
            "--all" | "--check" if inline.is_some() => {
                return Err(usage(format!("{flag} takes no value")));
            }
            "--all" => all = true,
            "--check" => check = true,
            other => return Err(usage(format!("unknown argument {other}"))),
        }
    }
    let upstream = upstream.ok_or_else(|| usage("--upstream FILE is required"))?;
    let selection = match (all, operations.is_empty()) {
        (true, false) => return Err(usage("--all and --operation exclude each other")),
        (true, true) => Some(Selection::All),
        (false, false) => Some(Selection::Operations(operations)),
        (false, true) => None,
    };
    Ok(TrimArgs {
        upstream,
        recipe,
        selection,
        outputs,
        sdk,
        check,
    })
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

fn load_recipe(path: &Path) -> Result<Recipe, Error> {
    let text = String::from_utf8_lossy(&read(path)?).into_owned();
    Recipe::parse(&text).map_err(|source| Error::Recipe {
        path: path.to_owned(),
        source,
    })
}

/// Reads and trims the upstream spec at `path`.
fn trim_upstream(path: &Path, recipe: &Recipe) -> Result<trim::Trimmed, Error> {
    let bytes = read(path)?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let upstream: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|source| Error::Json {
            path: path.to_owned(),
            source,
        })?;
    trim::trim(&upstream, &sha256, recipe).map_err(|source| Error::Trim {
        path: path.to_owned(),
        source,
    })
}

fn run_trim(args: TrimArgs) -> Result<(), Error> {
    let mut recipe = load_recipe(&args.recipe)?;
    if let Some(selection) = args.selection {
        recipe = recipe.with_selection(selection);
    }
    let all = recipe.selection == Selection::All;
    let trimmed = trim_upstream(&args.upstream, &recipe)?;
    if all {
        println!("{}", kept_line(&trimmed));
    }
    for dropped in &trimmed.dropped {
        println!("  dropped {}: {}", dropped.operation, dropped.reason);
    }
    let text = trim::render(&trimmed.document).map_err(Error::Render)?;

    let mut files: Vec<(PathBuf, String)> = args
        .outputs
        .iter()
        .map(|out| (out.clone(), text.clone()))
        .collect();
    if let Some(sdk) = &args.sdk {
        let manifest = String::from_utf8_lossy(&read(&sdk.join("Cargo.toml"))?).into_owned();
        let declared = identity_codegen::declared_features(&manifest);
        let spec = sdk.join("openapi/identity.json");
        for (name, source) in identity_codegen::pregenerated(&spec, &text, declared)? {
            files.push((sdk.join("generated").join(name), source));
        }
    }
    if args.sdk.is_some() && !args.check {
        let changelog = workspace_root().join("CHANGELOG.md");
        xtask::diff::changelog::on_regeneration(&args.outputs[0], &text, &changelog)?;
    }
    for (out, text) in &files {
        if args.check {
            check_output(out, text, &args.upstream)?;
        } else {
            write_output(out, text)?;
        }
    }
    Ok(())
}

/// `trim --check` for one output: fails with a diff if it differs.
fn check_output(out: &Path, text: &str, upstream: &Path) -> Result<(), Error> {
    let committed = String::from_utf8_lossy(&read(out)?).into_owned();
    if committed == text {
        println!(
            "{} is what the trim of {} produces",
            out.display(),
            upstream.display()
        );
        return Ok(());
    }
    Err(Error::Drift {
        diff: unified_diff(
            &committed,
            text,
            &format!("{} (committed)", out.display()),
            &format!("{} (trimmed from upstream)", out.display()),
        ),
        committed: out.to_owned(),
        upstream: upstream.to_owned(),
    })
}

/// Writes one output, unless it already holds `text`.
fn write_output(out: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read(out).ok().as_deref() == Some(text.as_bytes()) {
        // Not rewritten: identity-sdk's build script reruns on a new mtime.
        println!("{} is unchanged", out.display());
        return Ok(());
    }
    let write_error = |source| Error::Write {
        path: out.to_owned(),
        source,
    };
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    std::fs::write(out, text).map_err(write_error)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// `kept N of M operations`: what `--all` kept of the upstream.
fn kept_line(trimmed: &trim::Trimmed) -> String {
    format!(
        "kept {} of {} operations",
        trimmed.kept, trimmed.upstream_operations
    )
}

/// The build output directory the user chose, else the workspace's.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The compile check's scratch crate: beside the build output, in its own
/// directory so the nested cargo never waits for the workspace's build
/// lock, and one for every check so they share compiled dependencies.
fn scratch_dir(root: &Path) -> PathBuf {
    target_dir(root).join("xtask-compile-check")
}

/// `, needs chrono, uuid`: the optional crates a client uses.
fn needs_suffix(checked: &compile_check::Checked) -> String {
    if checked.needs.is_empty() {
        return String::new();
    }
    let needs: Vec<&str> = checked.needs.iter().copied().collect();
    format!(", needs {}", needs.join(", "))
}

fn run_compile_check(spec: &Path, root: &Path) -> Result<(), Error> {
    let scratch = scratch_dir(root);
    println!(
        "generating a client from {} and checking it in {}",
        spec.display(),
        scratch.display()
    );
    let checked = compile_check::run(spec, &scratch, Some(&root.join("Cargo.lock")))?;
    println!(
        "{} compiles: {} operations, cargo check {:.1} s{}",
        spec.display(),
        checked.operations,
        checked.elapsed.as_secs_f64(),
        needs_suffix(&checked)
    );
    Ok(())
}

fn run_corpus(dir: &Path, root: &Path) -> Result<(), Error> {
    let recipe = load_recipe(&root.join("openapi/trim.toml"))?.with_selection(Selection::All);
    let specs = corpus::specs(dir)?;
    let trimmed_dir = target_dir(root).join("xtask-corpus");
    let scratch = scratch_dir(root);
    let lock = root.join("Cargo.lock");
    let mut failed = Vec::new();
    for spec in &specs {
        let name = spec.file_name().unwrap_or_default().to_string_lossy();
        let out = trimmed_dir.join(name.as_ref());
        match corpus_spec(spec, &recipe, &out, &scratch, &lock) {
            Ok(line) => println!("{name}: {line}"),
            Err(why) => {
                println!("{name}: FAILED: {why}");
                failed.push(format!("{name}: {why}"));
            }
        }
    }
    if !failed.is_empty() {
        return Err(Error::CorpusFailed {
            failed,
            total: specs.len(),
        });
    }
    println!("all {} specs regenerate", specs.len());
    Ok(())
}

/// One spec of `corpus`: trimmed into `out`, then compile-checked.
fn corpus_spec(
    spec: &Path,
    recipe: &Recipe,
    out: &Path,
    scratch: &Path,
    lock: &Path,
) -> Result<String, String> {
    let trimmed = trim_upstream(spec, recipe).map_err(|error| error.to_string())?;
    let kept = kept_line(&trimmed);
    if let Some(why) = corpus::incomplete(&trimmed) {
        return Err(format!("{kept}: {why}"));
    }
    let text = trim::render(&trimmed.document).map_err(|error| error.to_string())?;
    let write_error = |error: std::io::Error| format!("cannot write {}: {error}", out.display());
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    std::fs::write(out, text).map_err(write_error)?;
    let checked =
        compile_check::run(out, scratch, Some(lock)).map_err(|error| format!("{kept}: {error}"))?;
    Ok(format!(
        "{kept}, compile-check {:.1} s{}",
        checked.elapsed.as_secs_f64(),
        needs_suffix(&checked)
    ))
}

fn main() -> ExitCode {
    let root = workspace_root();
    let result =
        parse(std::env::args_os().skip(1).collect(), &root).and_then(|command| match command {
            Command::Help => {
                println!("{USAGE}");
                Ok(())
            }
            Command::Trim(args) => run_trim(args),
            Command::CompileCheck(spec) => run_compile_check(&spec, &root),
            Command::Corpus(dir) => run_corpus(&dir, &root),
            Command::Diff { old, new, json } => xtask::diff::run(&old, &new, json).map(drop),
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if let Error::Drift { diff, .. } = &error {
                eprint!("{diff}");
            }
            eprintln!("error: {error}");
            // 2 for a wrong command line, as is usual; 1 for a failed task.
            let code = if matches!(error, Error::Usage(_)) {
                2
            } else {
                1
            };
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn parse_line(line: &str) -> Result<Command, Error> {
        parse(args(line), Path::new("/ws"))
    }

    #[test]
    fn trim_defaults_to_the_recipe_and_the_committed_spec() {
        let command = parse_line("trim --upstream up.json").unwrap();
        assert_eq!(
            command,
            Command::Trim(TrimArgs {
                upstream: "up.json".into(),
                recipe: "/ws/openapi/trim.toml".into(),
                selection: None,
                outputs: vec![
                    "/ws/openapi/identity.json".into(),
                    "/ws/identity-sdk/openapi/identity.json".into()
                ],
                sdk: Some("/ws/identity-sdk".into()),
                check: false,
            })
        );
    }

    #[test]
    fn trim_takes_every_override_in_both_spellings() {
        let command =
            parse_line("trim --check --upstream=u.json --operation A --operation=B --out o.json --recipe r.toml")
                .unwrap();
        assert_eq!(
            command,
            Command::Trim(TrimArgs {
                upstream: "u.json".into(),
                recipe: "r.toml".into(),
                selection: Some(Selection::Operations(vec!["A".into(), "B".into()])),
                outputs: vec!["o.json".into()],
                sdk: None,
                check: true,
            })
        );
        let Command::Trim(all) = parse_line("trim --all --upstream u.json").unwrap() else {
            panic!("a trim command");
        };
        assert_eq!(all.selection, Some(Selection::All));
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        for line in [
            "",
            "frobnicate",
            "trim",
            "trim --upstream",
            "trim --upstream u.json --all --operation A",
            "trim --upstream u.json --check=yes",
            "trim --upstream u.json --verbose",
            "compile-check",
            "compile-check a.json b.json",
            "compile-check --all",
            "corpus",
            "corpus a b",
            "corpus --all",
            "diff",
            "diff a.json",
            "diff a.json b.json c.json",
            "diff --all a.json",
        ] {
            match parse_line(line) {
                Err(Error::Usage(message)) => assert!(message.contains("usage:"), "{line}"),
                other => panic!("{line}: {other:?}"),
            }
        }
    }

    #[test]
    fn compile_check_corpus_and_help_parse() {
        assert_eq!(
            parse_line("compile-check target/all.json").unwrap(),
            Command::CompileCheck("target/all.json".into())
        );
        assert_eq!(
            parse_line("corpus ../shared/openapi/corpus").unwrap(),
            Command::Corpus("../shared/openapi/corpus".into())
        );
        assert_eq!(parse_line("--help").unwrap(), Command::Help);
        assert_eq!(
            parse_line("diff --json old.json new.json").unwrap(),
            Command::Diff {
                old: "old.json".into(),
                new: "new.json".into(),
                json: true
            }
        );
        assert_eq!(
            parse_line("diff old.json new.json").unwrap(),
            Command::Diff {
                old: "old.json".into(),
                new: "new.json".into(),
                json: false
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_non_utf8_argument_is_a_usage_error_not_a_panic() {
        use std::os::unix::ffi::OsStringExt;
        let args = vec![OsString::from("trim"), OsString::from_vec(vec![0xff])];
        assert!(matches!(
            parse(args, Path::new("/ws")),
            Err(Error::Usage(_))
        ));
    }
}
