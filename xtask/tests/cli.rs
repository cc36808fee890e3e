//! The `cargo xtask` command line as CI and maintainers meet it: what
//! `trim --check` says when a committed file drifts, and the exit codes
//! (2 for a wrong command line, 1 for a failed task).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(test: &str) -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = xtask::target_dir(&workspace).join("xtask-cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

const SPEC: &str = r##"{
  "openapi": "3.0.1",
  "info": {"title": "Things", "version": "1"},
  "paths": {"/api/things/{code}": {"get": {
    "operationId": "GetThing",
    "parameters": [{"name": "code", "in": "path", "required": true,
                    "schema": {"type": "string"}}],
    "responses": {"200": {"description": "The thing", "content": {"application/json":
      {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
  }}},
  "components": {"schemas": {"Thing": {"type": "object",
    "properties": {"code": {"type": "string"}}}}}
}"##;

#[test]
fn trim_check_passes_on_its_own_output_and_fails_with_the_diff_once_it_drifts() {
    let dir = scratch("drift");
    let (spec, out) = (dir.join("upstream.json"), dir.join("trimmed.json"));
    std::fs::write(&spec, SPEC).expect("written");
    let (spec, out) = (spec.to_str().unwrap(), out.to_str().unwrap());
    let trim = ["trim", "--all", "--upstream", spec, "--out", out];

    let written = xtask(&trim);
    assert!(written.status.success(), "{}", stderr(&written));
    let said = String::from_utf8_lossy(&written.stdout);
    assert!(said.starts_with("kept 1 of 1 operations\n"), "{said}");
    let check = [&trim[..], &["--check"]].concat();
    let same = xtask(&check);
    assert!(same.status.success(), "{}", stderr(&same));
    assert!(String::from_utf8_lossy(&same.stdout).contains("is what the trim of"));

    let trimmed = std::fs::read_to_string(out).expect("the trim wrote it");
    std::fs::write(out, trimmed.replace("GetThing", "GetAThing")).expect("edited");
    let drifted = xtask(&check);
    assert_eq!(drifted.status.code(), Some(1), "{}", stderr(&drifted));
    let said = stderr(&drifted);
    assert!(
        said.contains("(committed)") && said.contains("(trimmed from upstream)"),
        "{said}"
    );
    assert!(said.contains("-") && said.contains("GetAThing"), "{said}");
    assert_eq!(said.matches("error: ").count(), 1, "{said}");
    std::fs::remove_dir_all(&dir).expect("removed");
}

#[test]
fn a_wrong_command_line_exits_2_with_the_usage_once() {
    let wrong = xtask(&["trim", "--all"]);
    assert_eq!(wrong.status.code(), Some(2));
    let said = stderr(&wrong);
    assert!(
        said.contains("Usage:") && said.contains("--upstream"),
        "{said}"
    );
    // clap's message has its own `error:`; no second line repeats it.
    assert_eq!(said.matches("error:").count(), 1, "{said}");
}

#[test]
fn a_failed_task_exits_1_and_says_why() {
    let dir = scratch("missing");
    let missing = dir.join("absent.json");
    let failed = xtask(&["diff", missing.to_str().unwrap(), missing.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let said = stderr(&failed);
    assert!(
        said.starts_with("error: ") && said.contains("absent.json"),
        "{said}"
    );
}

#[test]
fn corpus_and_compile_check_fail_on_a_spec_they_cannot_read() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("broken.json"), "{ not json").expect("written");
    std::fs::write(
        dir.join("empty.json"),
        r#"{"openapi": "3.0.1", "paths": {}}"#,
    )
    .expect("written");

    let corpus = xtask(&["corpus", dir.to_str().unwrap()]);
    assert_eq!(corpus.status.code(), Some(1), "{}", stderr(&corpus));
    let said = String::from_utf8_lossy(&corpus.stdout);
    assert!(said.contains("broken.json: FAILED: "), "{said}");
    assert!(said.contains("empty.json: FAILED: "), "{said}");
    assert!(
        stderr(&corpus).starts_with("error: "),
        "{}",
        stderr(&corpus)
    );

    let empty = dir.join("empty.json");
    let check = xtask(&["compile-check", empty.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("has no operations"),
        "{}",
        stderr(&check)
    );
    std::fs::remove_dir_all(&dir).expect("removed");
}
