//! Checks applied to request parameters before a URL is formed.

use crate::Error;

/// Refuses a path parameter that would not address the resource it names: an empty value
/// (`/v1/checkout/sessions/` lists instead of retrieving) or a dot segment (`.`/`..` are
/// resolved away by URL normalization, even percent-encoded). Every other value is sent as one
/// percent-encoded segment.
pub(crate) fn check_path_segment(operation: &str, name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "{operation}: path parameter `{name}` is empty"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!(
            "{operation}: path parameter `{name}` is `{value}`, which cannot be sent as a path segment"
        )));
    }
    Ok(())
}
