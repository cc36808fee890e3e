//! The report as a draft section of CHANGELOG.md: `cargo xtask trim`
//! writes it at the top of `[Unreleased]` when the committed spec changes,
//! between two marker comments, so that the next regeneration replaces it
//! instead of adding another.

use std::path::Path;

use super::{Report, compare, render};
use crate::Error;

/// The first line of the draft block.
pub const BEGIN: &str = "<!-- spec change report: drafted by `cargo xtask trim`, replaced by the next one; edit it into the entries below -->";
/// The last line of the draft block.
pub const END: &str = "<!-- end of the spec change report -->";

/// The draft block for `report`, markers included.
pub fn draft(report: &Report) -> String {
    let mut out = format!("{BEGIN}\n### Spec {}\n\n", render::headline(report));
    for change in &report.changes {
        let mark = if change.breaking { "**breaking** " } else { "" };
        out.push_str(&format!("- {mark}{}\n", render::line(change)));
    }
    out.push_str(END);
    out.push('\n');
    out
}

/// `changelog` with `block` in place of its draft, or, when it has none,
/// at the top of `## [Unreleased]` (a section that is added before the
/// first release when missing).
pub fn with_draft(changelog: &str, block: &str) -> String {
    if let Some(start) = changelog.find(BEGIN)
        && let Some(end) = changelog[start..].find(END)
    {
        let mut end = start + end + END.len();
        if changelog[end..].starts_with('\n') {
            end += 1;
        }
        return format!("{}{block}{}", &changelog[..start], &changelog[end..]);
    }
    let heading = "## [Unreleased]\n";
    if let Some(at) = changelog.find(heading) {
        let mut after = at + heading.len();
        if changelog[after..].starts_with('\n') {
            after += 1;
        }
        return format!("{}{block}\n{}", &changelog[..after], &changelog[after..]);
    }
    let section = format!("{heading}\n{block}\n");
    match changelog.find("\n## ") {
        Some(at) => format!("{}{section}{}", &changelog[..=at], &changelog[at + 1..]),
        None => format!("{changelog}\n{section}"),
    }
}

/// What `cargo xtask trim` does before it writes `new_text` over the
/// committed spec at `committed`: when that spec exists and changes, tells
/// `out` the report and writes its draft into `changelog` (when the report
/// has changes). Returns the report.
///
/// `out` is stdout for the trim. What cannot be written there is dropped:
/// a closed stdout (`| head`) must not stop the trim before it writes its
/// files, as `print!` would by panicking.
pub fn on_regeneration(
    committed: &Path,
    new_text: &str,
    changelog: &Path,
    out: &mut dyn std::io::Write,
) -> Result<Option<Report>, Error> {
    let mut say = |text: &str| {
        let _ = out.write_all(text.as_bytes());
    };
    let Ok(old_text) = std::fs::read_to_string(committed) else {
        return Ok(None);
    };
    if old_text == new_text {
        return Ok(None);
    }
    let json = |path: &Path, text: &str| {
        serde_json::from_str(text).map_err(|source| Error::Json {
            path: path.to_owned(),
            source,
        })
    };
    let report = compare(&json(committed, &old_text)?, &json(committed, new_text)?);
    say(&format!(
        "what this regeneration changes for users: {}",
        render::text(&report)
    ));
    if report.changes.is_empty() {
        return Ok(Some(report));
    }
    let text = std::fs::read_to_string(changelog).map_err(|source| Error::Read {
        path: changelog.to_owned(),
        source,
    })?;
    std::fs::write(changelog, with_draft(&text, &draft(&report))).map_err(|source| {
        Error::Write {
            path: changelog.to_owned(),
            source,
        }
    })?;
    say(&format!(
        "drafted it at the top of [Unreleased] in {}\n",
        changelog.display()
    ));
    Ok(Some(report))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn report(version: &str) -> Report {
        let old = json!({"info": {"version": "1"}});
        let new = json!({"info": {"version": version},
            "paths": {"/a": {"get": {"operationId": "New"}}}});
        compare(&old, &new)
    }

    const CHANGELOG: &str =
        "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n### Added\n- A thing.\n\n## [0.1.0]\n";

    #[test]
    fn the_draft_goes_at_the_top_of_unreleased_and_is_replaced_not_repeated() {
        let first = with_draft(CHANGELOG, &draft(&report("2")));
        assert_eq!(
            first,
            format!(
                "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n{BEGIN}\n### Spec 1 → 2: additive, 1 change (0 breaking)\n\n\
                 - operation-added New (GET /a)\n{END}\n\n### Added\n- A thing.\n\n## [0.1.0]\n"
            )
        );
        let second = with_draft(&first, &draft(&report("3")));
        assert_eq!(second, first.replace("1 → 2", "1 → 3"));
        assert_eq!(second.matches(BEGIN).count(), 1);
    }

    #[test]
    fn a_changelog_without_unreleased_gets_the_section() {
        let block = draft(&report("2"));
        assert_eq!(
            with_draft("# Changelog\n\n## [0.1.0]\n", &block),
            format!("# Changelog\n\n## [Unreleased]\n\n{block}\n## [0.1.0]\n")
        );
        assert_eq!(
            with_draft("# Changelog\n", &block),
            format!("# Changelog\n\n## [Unreleased]\n\n{block}\n")
        );
    }

    /// A scratch directory of its own for one test.
    fn scratch(test: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_regeneration_that_changes_the_spec_drafts_its_report_once() {
        let dir = scratch("regeneration");
        let (spec, changelog) = (dir.join("identity.json"), dir.join("CHANGELOG.md"));
        std::fs::write(&changelog, CHANGELOG).unwrap();
        let version = |v: &str| {
            json!({"info": {"version": v}, "paths": {"/a": {"get": {"operationId": format!("Op{v}")}}}})
                .to_string()
        };
        std::fs::write(&spec, version("1")).unwrap();

        let mut said = Vec::new();
        let report = on_regeneration(&spec, &version("2"), &changelog, &mut said).unwrap();
        assert_eq!(
            report.map(|r| r.verdict),
            Some(super::super::Verdict::Breaking)
        );
        let first = std::fs::read_to_string(&changelog).unwrap();
        assert!(first.contains("### Spec 1 → 2: breaking"), "{first}");
        // The maintainer is told both what changed and where it went.
        let said = String::from_utf8(said).unwrap();
        assert!(
            said.starts_with("what this regeneration changes for users: 1 → 2: breaking"),
            "{said}"
        );
        assert!(
            said.ends_with(&format!(
                "drafted it at the top of [Unreleased] in {}\n",
                changelog.display()
            )),
            "{said}"
        );

        // The spec as the regeneration left it, then the next version.
        std::fs::write(&spec, version("2")).unwrap();
        assert_eq!(
            on_regeneration(&spec, &version("2"), &changelog, &mut Vec::new()).unwrap(),
            None
        );
        on_regeneration(&spec, &version("3"), &changelog, &mut Vec::new()).unwrap();
        let second = std::fs::read_to_string(&changelog).unwrap();
        assert_eq!(second.matches(BEGIN).count(), 1);
        assert!(second.contains("### Spec 2 → 3: breaking") && !second.contains("1 → 2"));

        // No committed spec yet: nothing to compare, nothing written.
        std::fs::remove_file(&spec).unwrap();
        assert_eq!(
            on_regeneration(&spec, &version("4"), &changelog, &mut Vec::new()).unwrap(),
            None
        );
        assert_eq!(std::fs::read_to_string(&changelog).unwrap(), second);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_committed_spec_that_is_not_json_is_an_error_naming_it() {
        let dir = scratch("not-json");
        let spec = dir.join("identity.json");
        std::fs::write(&spec, "not json").unwrap();
        let error =
            on_regeneration(&spec, "{}", &dir.join("CHANGELOG.md"), &mut Vec::new()).unwrap_err();
        assert!(matches!(error, Error::Json { path, .. } if path == spec));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn breaking_changes_are_marked_in_the_draft() {
        let old = json!({"paths": {"/a": {"get": {"operationId": "Old"}}}});
        let block = draft(&compare(&old, &json!({})));
        assert!(
            block.contains("\n- **breaking** operation-removed Old (GET /a)\n"),
            "{block}"
        );
    }
}
