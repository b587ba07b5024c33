//! `cargo xtask codegen [--check]`.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use similar::TextDiff;

/// The directory of the crates the generated files belong to, relative to the workspace root.
const SDK_SRC: &str = "sdk";
const SPEC: &str = "spec/wooshpay.yaml";

pub fn run(root: &Path, check: bool) -> Result<ExitCode, String> {
    if check {
        let report = check_files(root)?;
        print!("{}", report.diff);
        return Ok(if report.stale == 0 {
            println!("generated code is up to date with {SPEC}");
            ExitCode::SUCCESS
        } else {
            eprintln!(
                "{} generated file(s) are stale: run `cargo xtask codegen` and commit the result",
                report.stale
            );
            ExitCode::FAILURE
        });
    }
    let output = generate(root)?;
    remove_stale(root, &output.files)?;
    for file in &output.files {
        let path = root.join(SDK_SRC).join(&file.path);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let unchanged = fs::read_to_string(&path).is_ok_and(|old| old == file.contents);
        if !unchanged {
            fs::write(&path, &file.contents)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        let lines = file.contents.lines().count();
        let state = if unchanged { "unchanged" } else { "written" };
        println!("{SDK_SRC}/{} ({lines} lines, {state})", file.path);
    }
    println!(
        "{} operations, {} types from {SPEC}",
        output.operations, output.types
    );
    Ok(ExitCode::SUCCESS)
}

fn generate(root: &Path) -> Result<wooshpay_generator::Output, String> {
    let spec_path = root.join(SPEC);
    let text = fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    wooshpay_generator::generate(&text).map_err(|e| format!("{SPEC}: {e}"))
}

/// The outcome of `--check`.
pub struct CheckReport {
    /// How many files differ from a fresh generation (or should not exist).
    pub stale: usize,
    /// A unified diff per stale file.
    pub diff: String,
}

/// Regenerates in memory and compares with the files on disk.
pub fn check_files(root: &Path) -> Result<CheckReport, String> {
    let output = generate(root)?;
    let mut report = CheckReport {
        stale: 0,
        diff: String::new(),
    };
    for file in &output.files {
        let relative = format!("{SDK_SRC}/{}", file.path);
        let on_disk = fs::read_to_string(root.join(&relative)).unwrap_or_default();
        if on_disk != file.contents {
            report.stale += 1;
            let diff = TextDiff::from_lines(&on_disk, &file.contents);
            let (old, new) = (format!("a/{relative}"), format!("b/{relative}"));
            report.diff.push_str(
                &diff
                    .unified_diff()
                    .context_radius(3)
                    .header(&old, &new)
                    .to_string(),
            );
        }
    }
    for extra in extra_files(root, &output.files)? {
        report.stale += 1;
        report.diff.push_str(&format!(
            "{extra}: generated file no longer produced by the generator\n"
        ));
    }
    Ok(report)
}

/// Files in the generated directories (at any depth) that the generator no longer writes.
fn extra_files(
    root: &Path,
    files: &[wooshpay_generator::GeneratedFile],
) -> Result<Vec<String>, String> {
    let mut extra = Vec::new();
    let mut dirs: Vec<_> = wooshpay_generator::layout::GENERATED_DIRS
        .iter()
        .map(|dir| root.join(SDK_SRC).join(dir))
        .collect();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(root.join(SDK_SRC))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !files.iter().any(|f| f.path == relative) {
                extra.push(format!("{SDK_SRC}/{relative}"));
            }
        }
    }
    extra.sort();
    Ok(extra)
}

/// Removes files the generator no longer writes, and directories left empty.
fn remove_stale(root: &Path, files: &[wooshpay_generator::GeneratedFile]) -> Result<(), String> {
    for extra in extra_files(root, files)? {
        fs::remove_file(root.join(&extra)).map_err(|e| format!("cannot remove {extra}: {e}"))?;
        println!("{extra} (removed)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A scratch copy of the spec and the committed generated files.
    fn scratch_copy(name: &str) -> PathBuf {
        let root = crate::workspace_root();
        let dir =
            std::env::temp_dir().join(format!("wooshpay-codegen-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("spec")).unwrap();
        fs::copy(root.join(SPEC), dir.join(SPEC)).unwrap();
        for generated in wooshpay_generator::layout::GENERATED_DIRS {
            let generated = Path::new(SDK_SRC).join(generated);
            copy_tree(&root.join(&generated), &dir.join(&generated));
        }
        dir
    }

    fn copy_tree(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.path().is_dir() {
                copy_tree(&entry.path(), &to.join(entry.file_name()));
            } else {
                fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    #[test]
    fn committed_tree_is_up_to_date() {
        let report = check_files(&crate::workspace_root()).unwrap();
        assert_eq!(report.stale, 0, "{}", report.diff);
    }

    #[test]
    fn a_spec_edit_makes_the_check_fail_with_a_diff() {
        let dir = scratch_copy("edit");
        let spec = fs::read_to_string(dir.join(SPEC)).unwrap();
        let edited = spec.replacen(
            "        success_url:\n",
            "        locale:\n          description: The language of the payment page.\n          type: string\n          nullable: true\n        success_url:\n",
            1,
        );
        assert_ne!(spec, edited);
        fs::write(dir.join(SPEC), edited).unwrap();
        let report = check_files(&dir).unwrap();
        assert_eq!(
            report.stale, 2,
            "only the checkout group's type and builder change"
        );
        for file in [
            "wooshpay/src/generated/types/checkout.rs",
            "wooshpay-testing/src/generated/builders/checkout.rs",
        ] {
            let header = format!("+++ b/sdk/{file}");
            assert!(report.diff.contains(&header), "{}", report.diff);
        }
        assert!(
            report.diff.contains("+    pub locale: Option<String>,"),
            "{}",
            report.diff
        );

        run(&dir, false).unwrap();
        assert_eq!(check_files(&dir).unwrap().stale, 0, "regenerating fixes it");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_leftover_generated_file_is_stale() {
        let dir = scratch_copy("leftover");
        let generated = Path::new(SDK_SRC).join(wooshpay_generator::layout::SDK_DIR);
        fs::write(dir.join(generated).join("old.rs"), "// old").unwrap();
        let report = check_files(&dir).unwrap();
        assert_eq!(report.stale, 1);
        assert!(
            report.diff.contains("sdk/wooshpay/src/generated/old.rs"),
            "{}",
            report.diff
        );
        fs::remove_dir_all(dir).unwrap();
    }
}
