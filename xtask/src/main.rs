//! `cargo xtask`: the project's tooling. This file parses the command line
//! (clap's derive: one variant of [`Command`] per subcommand, so a new one
//! is a variant and its `run_*` function) and does the I/O; the rules live
//! in the library (`xtask::trim`, `xtask::compile_check`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};
use sha2::{Digest, Sha256};
use xtask::recipe::{Recipe, Selection};
use xtask::{Error, compile_check, corpus, target_dir, trim, unified_diff};

/// The workspace root (xtask lives one level below it): where the default
/// recipe, output and `Cargo.lock` are.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

/// The project's tooling. Relative paths are resolved against the current
/// directory.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: CliCommand,
}

#[derive(Debug, Subcommand)]
enum CliCommand {
    /// Trim an upstream FINBOURNE OpenAPI spec with the recipe
    ///
    /// Writes openapi/identity.json, the copy identity-sdk packages
    /// (identity-sdk/openapi/identity.json) and the client of identity-sdk's
    /// default features (identity-sdk/generated/); or only --out. When it
    /// changes openapi/identity.json, it prints what the change means for
    /// users (as diff does) and drafts it at the top of CHANGELOG.md's
    /// [Unreleased], replacing its previous draft.
    Trim(TrimFlags),
    /// Generate a client from SPEC with identity-sdk's settings and check
    /// that it compiles without warnings
    CompileCheck {
        /// The OpenAPI document.
        spec: PathBuf,
    },
    /// trim --all and compile-check every *.json spec in DIR (with the
    /// recipe's choices); fails unless each keeps all its operations and
    /// compiles
    Corpus {
        /// The directory of specs.
        dir: PathBuf,
    },
    /// What going from spec OLD to spec NEW changes for users: every
    /// change, each marked breaking or not, and the verdict (breaking,
    /// additive or none)
    Diff {
        /// The older spec.
        old: PathBuf,
        /// The newer spec.
        new: PathBuf,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
struct TrimFlags {
    /// The upstream spec.
    #[arg(long, value_name = "FILE")]
    upstream: PathBuf,
    /// The recipe [default: openapi/trim.toml].
    #[arg(long, value_name = "FILE")]
    recipe: Option<PathBuf>,
    /// Keep these operations instead of the recipe's (repeatable).
    #[arg(long = "operation", value_name = "ID", conflicts_with = "all")]
    operations: Vec<String>,
    /// Keep every operation (for compile-check).
    #[arg(long)]
    all: bool,
    /// Write the trimmed spec here, and nothing else.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Write nothing; fail with a diff if a file differs from what the trim
    /// produces.
    #[arg(long)]
    check: bool,
}

/// What the command line asks for, with the workspace's defaults filled in.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    /// `--help` or `help`: clap's text, to print.
    Help(String),
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

impl TrimArgs {
    fn new(flags: TrimFlags, root: &Path) -> Self {
        let selection = if flags.all {
            Some(Selection::All)
        } else if !flags.operations.is_empty() {
            Some(Selection::Operations(flags.operations))
        } else {
            None
        };
        let (outputs, sdk) = match flags.out {
            Some(out) => (vec![out], None),
            None => (
                vec![
                    root.join("openapi/identity.json"),
                    root.join("identity-sdk/openapi/identity.json"),
                ],
                Some(root.join("identity-sdk")),
            ),
        };
        TrimArgs {
            upstream: flags.upstream,
            recipe: flags
                .recipe
                .unwrap_or_else(|| root.join("openapi/trim.toml")),
            selection,
            outputs,
            sdk,
            check: flags.check,
        }
    }

    /// Whether this trim reports its change to the committed spec and
    /// drafts it into CHANGELOG.md: only a trim that writes the committed
    /// spec (no `--out`, no `--check`).
    fn drafts_changelog(&self) -> bool {
        self.sdk.is_some() && !self.check
    }
}

/// The usage line of the subcommand `args` names, else of the tool: every
/// usage error shows one.
fn usage_of(args: &[OsString]) -> String {
    let mut command = Cli::command();
    command.build();
    let name = args.first().and_then(|name| name.to_str()).unwrap_or("");
    match command.find_subcommand_mut(name) {
        Some(subcommand) => subcommand.render_usage().to_string(),
        None => command.render_usage().to_string(),
    }
}

/// The command `args` (without the program name) asks for; a wrong command
/// line is [`Error::Usage`] with clap's message and usage.
fn parse(args: Vec<OsString>, root: &Path) -> Result<Command, Error> {
    let program = std::iter::once(OsString::from("cargo xtask"));
    let cli = match Cli::try_parse_from(program.chain(args.iter().cloned())) {
        Ok(cli) => cli,
        Err(error) => {
            let mut text = error.render().to_string();
            if error.kind() == clap::error::ErrorKind::DisplayHelp {
                return Ok(Command::Help(text));
            }
            if !text.contains("Usage:") {
                text = format!("{text}\n{}\n", usage_of(&args));
            }
            return Err(Error::Usage(text));
        }
    };
    Ok(match cli.command {
        CliCommand::Trim(flags) => Command::Trim(TrimArgs::new(flags, root)),
        CliCommand::CompileCheck { spec } => Command::CompileCheck(spec),
        CliCommand::Corpus { dir } => Command::Corpus(dir),
        CliCommand::Diff { old, new, json } => Command::Diff { old, new, json },
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
    let drafts_changelog = args.drafts_changelog();
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
        let declared = identity_codegen::declared_features(&manifest)?;
        let spec = sdk.join("openapi/identity.json");
        for (name, source) in identity_codegen::pregenerated(&spec, &text, declared)? {
            files.push((sdk.join("generated").join(name), source));
        }
    }
    if drafts_changelog {
        let changelog = workspace_root().join("CHANGELOG.md");
        xtask::diff::changelog::on_regeneration(
            &args.outputs[0],
            &text,
            &changelog,
            &mut std::io::stdout(),
        )?;
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
    // `trim --all` and `corpus` run the generator on operations it may
    // refuse by panicking; each becomes a recorded drop, not a backtrace.
    identity_codegen::quiet_generator_panics();
    let root = workspace_root();
    let result =
        parse(std::env::args_os().skip(1).collect(), &root).and_then(|command| match command {
            Command::Help(text) => {
                print!("{text}");
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
            match &error {
                // clap's message says `error:` itself.
                Error::Usage(message) => eprint!("{message}"),
                Error::Drift { diff, .. } => eprint!("{diff}"),
                _ => {}
            }
            if !matches!(error, Error::Usage(_)) {
                eprintln!("error: {error}");
            }
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
    fn only_a_trim_of_the_committed_spec_drafts_the_changelog() {
        for (line, drafts) in [
            ("trim --upstream u.json", true),
            ("trim --upstream u.json --all", true),
            ("trim --upstream u.json --check", false),
            ("trim --upstream u.json --out o.json", false),
            ("trim --upstream u.json --out o.json --check", false),
        ] {
            let Command::Trim(args) = parse_line(line).unwrap() else {
                panic!("{line}: a trim command");
            };
            assert_eq!(args.drafts_changelog(), drafts, "{line}");
        }
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
            "diff --all a.json b.json",
        ] {
            match parse_line(line) {
                Err(Error::Usage(message)) => {
                    assert!(message.to_lowercase().contains("usage:"), "{line}")
                }
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
        for (line, json) in [
            ("diff --json old.json new.json", true),
            ("diff old.json new.json", false),
        ] {
            assert_eq!(
                parse_line(line).unwrap(),
                Command::Diff {
                    old: "old.json".into(),
                    new: "new.json".into(),
                    json
                }
            );
        }
        for line in ["--help", "help", "trim --help"] {
            let Command::Help(text) = parse_line(line).unwrap() else {
                panic!("{line}");
            };
            assert!(
                text.contains("--upstream") || text.contains("trim"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_compile_check_line_names_the_optional_crates_only_when_there_are_some() {
        let checked = |needs: &[&'static str]| compile_check::Checked {
            operations: 1,
            elapsed: std::time::Duration::ZERO,
            needs: needs.iter().copied().collect(),
        };
        assert_eq!(needs_suffix(&checked(&[])), "");
        assert_eq!(
            needs_suffix(&checked(&["uuid", "chrono"])),
            ", needs chrono, uuid"
        );
    }

    #[test]
    fn the_compile_checks_scratch_crate_is_inside_the_build_output() {
        let scratch = scratch_dir(Path::new("/ws"));
        assert!(scratch.ends_with("xtask-compile-check"), "{scratch:?}");
        // Under the target directory, whichever it is, not beside the sources.
        assert_eq!(
            scratch.parent(),
            Some(target_dir(Path::new("/ws")).as_path())
        );
        assert_ne!(target_dir(Path::new("/ws")), PathBuf::new());
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
