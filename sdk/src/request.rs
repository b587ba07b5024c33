//! Path parameters: checked before a URL is formed, then encoded into one path segment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::Error;

/// Every byte except RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`). Encoding more
/// than the URL grammar requires is deliberate: URL parsers read `\` as `/` in http(s) URLs and
/// resolve dot segments, so a byte left alone could move the request to another endpoint.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter as one percent-encoded path segment (UTF-8, every byte outside the
/// unreserved set encoded). The generated builders and mocks call it for every path parameter.
pub(crate) fn encode_path(value: &str) -> String {
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_bytes_stay_as_they_are() {
        assert_eq!(encode_path("pi_1-a.b~C9"), "pi_1-a.b~C9");
        assert_eq!(encode_path("..\\refunds"), "..%5Crefunds");
        assert_eq!(encode_path("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
        assert_eq!(encode_path("%2e%2e"), "%252e%252e");
        assert_eq!(encode_path("\r\n\0 é"), "%0D%0A%00%20%C3%A9");
    }
}
