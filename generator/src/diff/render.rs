//! The report as Markdown (for a pull request comment) or JSON (for tools).

use std::fmt::Write;

use super::{Classification, Report};

impl Report {
    /// A title line, a summary line, then a `Breaking` and an `Additive` section (each only
    /// when it has changes) with one bullet per change.
    pub fn markdown(&self, title: &str) -> String {
        let mut out = format!("# {title}\n\n");
        if self.changes.is_empty() {
            out.push_str("No changes.\n");
            return out;
        }
        let breaking = if self.is_breaking() {
            format!("**{} breaking**", self.breaking)
        } else {
            "0 breaking".into()
        };
        let _ = writeln!(out, "{breaking}, {} additive", self.additive);
        for (heading, class) in [
            ("Breaking", Classification::Breaking),
            ("Additive", Classification::Additive),
        ] {
            let mut changes = self
                .changes
                .iter()
                .filter(|c| c.classification == class)
                .peekable();
            if changes.peek().is_none() {
                continue;
            }
            let _ = writeln!(out, "\n## {heading}\n");
            for change in changes {
                let _ = writeln!(out, "- `{}`: {}", change.location, change.message);
            }
        }
        out
    }

    /// `{"breaking": n, "additive": n, "changes": [{kind, location, message, classification}]}`,
    /// pretty-printed.
    pub fn json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }
}
