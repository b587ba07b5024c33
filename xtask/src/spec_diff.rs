//! `cargo xtask spec-diff <rev> | <old.yaml> <new.yaml> [--format markdown|json]`: what a spec
//! change means for users of the generated crate.
//!
//! Exit codes: 0 when nothing is breaking, [`BREAKING`] when something is, 1 when the tool
//! failed (unreadable file, unknown revision, invalid spec), so CI can tell them apart.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

use wooshpay_generator::{diff, load, model::Model};

/// The exit code when a change is breaking: distinct from 1, which is a failure of the tool.
pub const BREAKING: u8 = 3;

const SPEC: &str = "spec/wooshpay.yaml";

/// How the report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a pull request comment.
    Markdown,
    /// `{"breaking": n, "additive": n, "changes": […]}`, for tools.
    Json,
}

/// Prints the report; the exit code says whether anything is breaking.
/// With `semver`, breaking changes pass when the crate's version was bumped for them.
pub fn run(
    root: &Path,
    old: &str,
    new: Option<&Path>,
    format: Format,
    semver: bool,
) -> Result<ExitCode, String> {
    let outcome = execute(root, old, new, format)?;
    print!("{}", outcome.report);
    if semver && outcome.code == BREAKING {
        if new.is_some() {
            return Err(
                "--semver compares crate versions, so it needs a git revision, not two files"
                    .into(),
            );
        }
        return Ok(match crate::semver::allows_breaking(root, old)? {
            Ok(note) => {
                eprintln!("{note}");
                ExitCode::SUCCESS
            }
            Err(refusal) => {
                eprintln!("{refusal}");
                ExitCode::from(outcome.code)
            }
        });
    }
    Ok(ExitCode::from(outcome.code))
}

/// The rendered report and the exit code it calls for.
#[derive(Debug)]
pub struct Outcome {
    pub report: String,
    pub code: u8,
}

/// With `new`, compares the files `old` and `new`; without, `spec/wooshpay.yaml` at the git
/// revision `old` with the working tree.
pub fn execute(
    root: &Path,
    old: &str,
    new: Option<&Path>,
    format: Format,
) -> Result<Outcome, String> {
    let (old, new) = match new {
        Some(new) => (Input::file(Path::new(old))?, Input::file(new)?),
        None => {
            let mut working_tree = Input::file(&root.join(SPEC))?;
            working_tree.name = format!("{SPEC} (working tree)");
            working_tree.title = "working tree".into();
            (Input::revision(root, old)?, working_tree)
        }
    };
    compare(&old, &new, format)
}

/// One side of the comparison.
pub struct Input {
    /// How errors name it: `old.yaml`, `HEAD:spec/wooshpay.yaml`.
    name: String,
    /// How the report's title names it: `` `old.yaml` ``, `` `HEAD` ``, `working tree`.
    title: String,
    text: String,
}

impl Input {
    fn file(path: &Path) -> Result<Self, String> {
        let text =
            fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(Input {
            name: path.display().to_string(),
            title: format!("`{}`", path.display()),
            text,
        })
    }

    /// `spec/wooshpay.yaml` as committed at `rev`, read with `git show` in the workspace root.
    pub fn revision(root: &Path, rev: &str) -> Result<Self, String> {
        let name = format!("{rev}:{SPEC}");
        if rev.is_empty() || rev.starts_with('-') {
            return Err(format!("`{rev}` is not a git revision"));
        }
        let output = Command::new("git")
            .arg("show")
            .arg(format!("{rev}:./{SPEC}"))
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run `git show {name}` (is git installed?): {e}"))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let hint = if Path::new(rev).is_file() {
                format!(
                    "\n`{rev}` is a file: to compare two files, name both (`cargo xtask spec-diff old.yaml new.yaml`)"
                )
            } else {
                String::new()
            };
            return Err(format!(
                "cannot read {SPEC} at revision `{rev}`: {}{hint}",
                stderr.trim()
            ));
        }
        let text =
            String::from_utf8(output.stdout).map_err(|_| format!("{name} is not valid UTF-8"))?;
        Ok(Input {
            name,
            title: format!("`{rev}`"),
            text,
        })
    }
}

/// Loads both sides (no lint: an old revision is compared as it was written) and renders.
pub fn compare(old: &Input, new: &Input, format: Format) -> Result<Outcome, String> {
    let load = |input: &Input| {
        let spec = load::load(&input.text).map_err(|e| format!("{}: {e}", input.name))?;
        Ok::<_, String>(Model::of(&spec))
    };
    let report = diff::diff(&load(old)?, &load(new)?);
    let report_text = match format {
        Format::Markdown if report.changes.is_empty() => {
            report.markdown(&format!("Spec changes: {} → {}", old.title, new.title))
        }
        Format::Markdown => {
            let mut text = report.markdown(&format!("Spec changes: {} → {}", old.title, new.title));
            text.push_str(&semver_verdict(report.is_breaking()));
            let generate = |input: &Input| {
                wooshpay_generator::generate(&input.text)
                    .map(|output| output.files)
                    .map_err(|e| e.to_string())
            };
            let (old_files, new_files) = (generate(old), generate(new));
            text.push_str(&crate::code_change::markdown(
                old_files.as_deref().map_err(Clone::clone),
                new_files.as_deref().map_err(Clone::clone),
            ));
            text
        }
        Format::Json => {
            let json = report
                .json()
                .map_err(|e| format!("cannot write the report as JSON: {e}"))?;
            format!("{json}\n")
        }
    };
    Ok(Outcome {
        report: report_text,
        code: if report.is_breaking() { BREAKING } else { 0 },
    })
}

/// What the crate's semver policy asks of a release with these changes.
fn semver_verdict(breaking: bool) -> String {
    let verdict = if breaking {
        "breaking: a new major version of `wooshpay` (a new minor while 0.x)"
    } else {
        "additive: a new minor version of `wooshpay` (a new patch while 0.x)"
    };
    format!("\n## Semver\n\n{verdict}.\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const OLD: &str = r##"
openapi: 3.0.3
info: {title: t, version: v1}
paths:
  /v1/things/{id}:
    get:
      operationId: retrieve_thing
      x-provenance: inferred
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      description: A thing.
      type: object
      required: [id]
      properties:
        id: {type: string, description: The id.}
        status:
          description: The status.
          allOf:
            - $ref: "#/components/schemas/ThingStatus"
    ThingStatus:
      description: A status.
      type: string
      enum: [on, off]
"##;

    /// A scratch directory with `old.yaml` and `new.yaml`.
    fn scratch(name: &str, old: &str, new: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("wooshpay-spec-diff-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("old.yaml"), old).unwrap();
        fs::write(dir.join("new.yaml"), new).unwrap();
        dir
    }

    fn files(dir: &Path, format: Format) -> Result<Outcome, String> {
        let old = dir.join("old.yaml");
        let old = old.to_str().unwrap();
        execute(dir, old, Some(&dir.join("new.yaml")), format)
    }

    fn git_available() -> bool {
        let available = Command::new("git").arg("--version").output().is_ok();
        if !available {
            eprintln!("skipped: `git` is not available");
        }
        available
    }

    #[test]
    fn identical_files_exit_0() {
        let dir = scratch("same", OLD, OLD);
        let outcome = files(&dir, Format::Markdown).unwrap();
        assert_eq!(outcome.code, 0);
        assert!(
            outcome.report.ends_with("\n\nNo changes.\n"),
            "{}",
            outcome.report
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn additive_change_exits_0() {
        let new = OLD.replace("enum: [on, off]", "enum: [on, off, paused]");
        let dir = scratch("additive", OLD, &new);
        let outcome = files(&dir, Format::Markdown).unwrap();
        assert_eq!(outcome.code, 0, "{}", outcome.report);
        assert!(
            outcome
                .report
                .contains("- `schema ThingStatus`: enum value `paused` added\n"),
            "{}",
            outcome.report
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn breaking_change_exits_3_also_as_json() {
        let new = OLD.replace("enum: [on, off]", "enum: [on]");
        let dir = scratch("breaking", OLD, &new);
        let outcome = files(&dir, Format::Markdown).unwrap();
        assert_eq!(outcome.code, BREAKING, "{}", outcome.report);
        assert!(
            outcome.report.contains("**1 breaking**, 0 additive"),
            "{}",
            outcome.report
        );

        let outcome = files(&dir, Format::Json).unwrap();
        assert_eq!(outcome.code, BREAKING);
        for expected in [
            "\"breaking\": 1,",
            "\"additive\": 0,",
            "\"kind\": \"enum_value_removed\"",
            "\"location\": \"schema ThingStatus\"",
            "\"classification\": \"breaking\"",
        ] {
            assert!(
                outcome.report.contains(expected),
                "{expected} in {}",
                outcome.report
            );
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unreadable_file_is_an_error_naming_it() {
        let dir = scratch("missing", OLD, OLD);
        let missing = dir.join("nope.yaml");
        let err = execute(
            &dir,
            missing.to_str().unwrap(),
            Some(&dir.join("new.yaml")),
            Format::Markdown,
        )
        .unwrap_err();
        assert!(
            err.starts_with("cannot read ") && err.contains("nope.yaml"),
            "{err}"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn invalid_spec_is_an_error_naming_the_file() {
        let dir = scratch(
            "invalid",
            OLD,
            "openapi: 3.1.0\ninfo: {title: t, version: v1}\npaths: {}\n",
        );
        let err = files(&dir, Format::Markdown).unwrap_err();
        assert!(
            err.contains("new.yaml: unsupported OpenAPI version `3.1.0`"),
            "{err}"
        );
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn unknown_revision_is_an_error() {
        if !git_available() {
            return;
        }
        let root = crate::workspace_root();
        let err = execute(&root, "no-such-revision-xyz", None, Format::Markdown).unwrap_err();
        assert!(
            err.contains("cannot read spec/wooshpay.yaml at revision `no-such-revision-xyz`"),
            "{err}"
        );
        let err = execute(&root, "--help", None, Format::Markdown).unwrap_err();
        assert!(err.contains("is not a git revision"), "{err}");
    }

    #[test]
    fn head_against_an_unchanged_spec_has_no_changes() {
        if !git_available() {
            return;
        }
        let root = crate::workspace_root();
        let head = match Input::revision(&root, "HEAD") {
            Ok(head) => head,
            Err(e) => {
                eprintln!("skipped: not in a git checkout with a commit: {e}");
                return;
            }
        };
        let same = Input {
            name: "copy".into(),
            title: "copy".into(),
            text: head.text.clone(),
        };
        let outcome = compare(&head, &same, Format::Markdown).unwrap();
        assert_eq!(outcome.code, 0);
        assert_eq!(
            outcome.report,
            "# Spec changes: `HEAD` → copy\n\nNo changes.\n"
        );

        // On a clean tree, the command itself: HEAD against the working tree.
        let working_tree = fs::read_to_string(root.join(SPEC)).unwrap();
        if working_tree != head.text {
            eprintln!("{SPEC} has uncommitted changes; compared HEAD with itself only");
            return;
        }
        let outcome = execute(&root, "HEAD", None, Format::Markdown).unwrap();
        assert_eq!(outcome.code, 0);
        assert_eq!(
            outcome.report,
            "# Spec changes: `HEAD` → working tree\n\nNo changes.\n"
        );
    }

    #[test]
    fn markdown_for_two_versions_of_the_real_spec_has_the_verdict_and_the_code_change() {
        let root = crate::workspace_root();
        let spec = fs::read_to_string(root.join(SPEC)).unwrap();
        let anchor = "\n    CheckoutSession:\n";
        let start = spec.find(anchor).expect("schema CheckoutSession");
        let properties = start + spec[start..].find("      properties:\n").unwrap() + 18;
        let mut edited = spec.clone();
        edited.insert_str(
            properties,
            "        locale:\n          description: The language of the page.\n          type: string\n          nullable: true\n",
        );
        let input = |title: &str, text: &str| Input {
            name: title.into(),
            title: title.into(),
            text: text.into(),
        };
        let outcome = compare(
            &input("old", &spec),
            &input("new", &edited),
            Format::Markdown,
        )
        .unwrap();
        let report = outcome.report;
        assert_eq!(outcome.code, 0, "{report}");
        for expected in [
            "# Spec changes: old → new\n\n0 breaking, 1 additive\n",
            "- `schema CheckoutSession.locale`: optional field added (`string`)\n",
            "## Semver\n\nadditive: a new minor version",
            "## Generated code\n\n| resource | files | lines added | lines removed |\n",
        ] {
            assert!(report.contains(expected), "`{expected}` in:\n{report}");
        }
        let row = report
            .lines()
            .find(|l| l.starts_with("| `checkout` |"))
            .unwrap_or_else(|| panic!("a row for the checkout group in:\n{report}"));
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(cells[2].parse::<usize>().unwrap() >= 1, "{row}");
        assert!(
            cells[3].trim_start_matches('+').parse::<usize>().unwrap() >= 3,
            "{row}"
        );
    }
}
