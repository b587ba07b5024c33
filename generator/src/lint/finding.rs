//! How every lint rule records a finding.

use crate::LintError;

/// Records a finding at `location`.
pub(super) fn push(
    errors: &mut Vec<LintError>,
    location: impl Into<String>,
    message: impl Into<String>,
) {
    errors.push(LintError {
        location: location.into(),
        message: message.into(),
    });
}
