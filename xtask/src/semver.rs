//! The crate's semver policy, checked against a spec diff: a breaking spec change needs a
//! breaking version bump of the `wooshpay` crate (the major version, or the minor one while it
//! is 0.x) since the revision compared with.

use std::path::Path;
use std::process::Command;

const MANIFEST: &str = "sdk/Cargo.toml";

/// A `major.minor.patch` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u64, pub u64, pub u64);

impl Version {
    /// The `version = "…"` of a manifest's `[package]` table.
    pub fn of_manifest(text: &str) -> Option<Version> {
        let package = text.split("\n[").next()?;
        let line = package
            .lines()
            .find(|l| l.trim_start().starts_with("version"))?;
        let value = line.split('"').nth(1)?;
        let mut parts = value.split(['.', '-', '+']).map(|p| p.parse::<u64>().ok());
        Some(Version(parts.next()??, parts.next()??, parts.next()??))
    }

    /// Whether `self` is a breaking release after `old`: a new major, or a new minor while 0.x.
    pub fn breaks_from(self, old: Version) -> bool {
        if old.0 == 0 {
            (self.0, self.1) > (old.0, old.1)
        } else {
            self.0 > old.0
        }
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// Whether the crate's version at `rev` and in the working tree allow a breaking change; the
/// message says which version is needed when they do not.
pub fn allows_breaking(root: &Path, rev: &str) -> Result<Result<String, String>, String> {
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{MANIFEST}")])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cannot read {MANIFEST} at {rev}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let old_text = String::from_utf8_lossy(&output.stdout);
    let new_text = std::fs::read_to_string(root.join(MANIFEST))
        .map_err(|e| format!("cannot read {MANIFEST}: {e}"))?;
    let old = Version::of_manifest(&old_text)
        .ok_or_else(|| format!("no version in {MANIFEST} at {rev}"))?;
    let new = Version::of_manifest(&new_text).ok_or_else(|| format!("no version in {MANIFEST}"))?;
    let needed = if old.0 == 0 {
        Version(0, old.1 + 1, 0)
    } else {
        Version(old.0 + 1, 0, 0)
    };
    Ok(if new.breaks_from(old) {
        Ok(format!(
            "The crate version goes from {old} to {new}, a breaking release: allowed."
        ))
    } else {
        Err(format!(
            "Breaking changes need the crate version to reach {needed} (it is {new}, was {old} at {rev})."
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_version() {
        let manifest = "[package]\nname = \"wooshpay\"\nversion = \"0.4.2\"\n\n[dependencies]\nx = { version = \"9\" }\n";
        assert_eq!(Version::of_manifest(manifest), Some(Version(0, 4, 2)));
        assert_eq!(Version::of_manifest("[package]\nname = \"x\"\n"), None);
    }

    #[test]
    fn breaking_releases_follow_cargo_semver() {
        assert!(Version(0, 5, 0).breaks_from(Version(0, 4, 9)));
        assert!(!Version(0, 4, 10).breaks_from(Version(0, 4, 9)));
        assert!(Version(2, 0, 0).breaks_from(Version(1, 7, 3)));
        assert!(!Version(1, 8, 0).breaks_from(Version(1, 7, 3)));
    }

    #[test]
    fn an_unbumped_version_does_not_allow_breaking_changes() {
        let root = crate::workspace_root();
        if Command::new("git").arg("--version").output().is_err() {
            eprintln!("git is not available: skipped");
            return;
        }
        // Against HEAD the version is unchanged, so a breaking change is not allowed.
        match allows_breaking(&root, "HEAD") {
            Ok(verdict) => assert!(verdict.is_err(), "{verdict:?}"),
            Err(e) => eprintln!("skipped: {e}"),
        }
    }
}
