//! The generated code's change between two specs, per resource group: each spec is generated
//! in memory and the files are compared, so reviewers see what a spec change does to the crate
//! without running the generator themselves.

use std::collections::BTreeMap;
use std::fmt::Write;

use similar::{ChangeTag, TextDiff};
use wooshpay_generator::GeneratedFile;

/// Lines added and removed in the files of one resource group.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GroupChange {
    /// Files that differ (added, removed or edited).
    pub files: usize,
    /// Lines added.
    pub added: usize,
    /// Lines removed.
    pub removed: usize,
}

/// The resource group a generated file belongs to: the stem of `…/<group>.rs` under `types/`
/// or `builder/`; every other file (client, mocks, operations table) is `shared`.
fn group_of(path: &str) -> String {
    let mut parts: Vec<&str> = path.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let in_group_dir = parts.iter().any(|p| *p == "types" || *p == "builder");
    if in_group_dir && stem != "mod" {
        stem.to_string()
    } else {
        "shared".to_string()
    }
}

/// Compares two generations file by file, summed per resource group (unchanged groups left out).
pub fn per_group(old: &[GeneratedFile], new: &[GeneratedFile]) -> BTreeMap<String, GroupChange> {
    let index = |files: &[GeneratedFile]| -> BTreeMap<String, String> {
        files
            .iter()
            .map(|f| (f.path.clone(), f.contents.clone()))
            .collect()
    };
    let (old, new) = (index(old), index(new));
    let mut groups: BTreeMap<String, GroupChange> = BTreeMap::new();
    let paths: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for path in paths {
        let before = old.get(path).map(String::as_str).unwrap_or_default();
        let after = new.get(path).map(String::as_str).unwrap_or_default();
        if before == after {
            continue;
        }
        let entry = groups.entry(group_of(path)).or_default();
        entry.files += 1;
        for change in TextDiff::from_lines(before, after).iter_all_changes() {
            match change.tag() {
                ChangeTag::Insert => entry.added += 1,
                ChangeTag::Delete => entry.removed += 1,
                ChangeTag::Equal => {}
            }
        }
    }
    groups
}

/// A Markdown section: a table of the groups whose code changes, or why there is none.
pub fn markdown(
    old: Result<&[GeneratedFile], String>,
    new: Result<&[GeneratedFile], String>,
) -> String {
    let mut out = String::from("\n## Generated code\n\n");
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) => return out + &format!("The old spec does not generate: {e}\n"),
        (_, Err(e)) => return out + &format!("The new spec does not generate: {e}\n"),
    };
    let groups = per_group(old, new);
    if groups.is_empty() {
        out.push_str("No generated file changes.\n");
        return out;
    }
    out.push_str("| resource | files | lines added | lines removed |\n|---|---:|---:|---:|\n");
    for (group, change) in &groups {
        let _ = writeln!(
            out,
            "| `{group}` | {} | +{} | −{} |",
            change.files, change.added, change.removed
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    #[test]
    fn changes_are_summed_per_group() {
        let old = [
            file("generated/types/checkout.rs", "a\nb\nc\n"),
            file("generated/builder/checkout.rs", "x\n"),
            file("generated/mod.rs", "m\n"),
        ];
        let new = [
            file("generated/types/checkout.rs", "a\nB\nc\nd\n"),
            file("generated/builder/checkout.rs", "x\n"),
            file("generated/mod.rs", "m\n"),
            file("generated/types/refunds.rs", "r\n"),
        ];
        let groups = per_group(&old, &new);
        let expected = |files, added, removed| GroupChange {
            files,
            added,
            removed,
        };
        assert_eq!(groups["checkout"], expected(1, 2, 1));
        assert_eq!(groups["refunds"], expected(1, 1, 0));
        assert!(
            !groups.contains_key("shared"),
            "unchanged files are left out"
        );
    }
}
