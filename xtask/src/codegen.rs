//! `cargo xtask codegen [--check]`.

use std::fs;
use std::path::Path;
use std::process::ExitCode;

use similar::TextDiff;

/// Where generated files live, relative to the workspace root.
const SDK_SRC: &str = "sdk/src";
/// The directory holding nothing but generated files.
const GENERATED_DIR: &str = "sdk/src/generated";
const SPEC: &str = "spec/wooshpay.yaml";

pub fn run(root: &Path, check: bool) -> Result<ExitCode, String> {
    let spec_path = root.join(SPEC);
    let text = fs::read_to_string(&spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let output = wooshpay_generator::generate(&text).map_err(|e| format!("{SPEC}: {e}"))?;
    if check {
        return check_files(root, &output.files);
    }
    remove_stale(root, &output.files)?;
    for file in &output.files {
        let path = root.join(SDK_SRC).join(file.path);
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

/// Compares fresh output with the files on disk; prints a unified diff per stale file.
fn check_files(
    root: &Path,
    files: &[wooshpay_generator::GeneratedFile],
) -> Result<ExitCode, String> {
    let mut stale = 0;
    for file in files {
        let relative = format!("{SDK_SRC}/{}", file.path);
        let on_disk = fs::read_to_string(root.join(&relative)).unwrap_or_default();
        if on_disk != file.contents {
            stale += 1;
            let diff = TextDiff::from_lines(&on_disk, &file.contents);
            print!(
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&format!("a/{relative}"), &format!("b/{relative}"))
            );
        }
    }
    for extra in extra_files(root, files)? {
        stale += 1;
        println!("{extra}: generated file no longer produced by the generator");
    }
    if stale == 0 {
        println!("generated code is up to date with {SPEC}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{stale} generated file(s) are stale: run `cargo xtask codegen` and commit the result"
        );
        Ok(ExitCode::FAILURE)
    }
}

/// Files in the generated directory that the generator no longer writes.
fn extra_files(
    root: &Path,
    files: &[wooshpay_generator::GeneratedFile],
) -> Result<Vec<String>, String> {
    let dir = root.join(GENERATED_DIR);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut extra = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("generated/{name}");
        if !files.iter().any(|f| f.path == relative) {
            extra.push(format!("{GENERATED_DIR}/{name}"));
        }
    }
    extra.sort();
    Ok(extra)
}

fn remove_stale(root: &Path, files: &[wooshpay_generator::GeneratedFile]) -> Result<(), String> {
    for extra in extra_files(root, files)? {
        fs::remove_file(root.join(&extra)).map_err(|e| format!("cannot remove {extra}: {e}"))?;
        println!("{extra} (removed)");
    }
    Ok(())
}
