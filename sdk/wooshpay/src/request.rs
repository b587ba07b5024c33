//! Path parameters: checked before a URL is formed, then encoded into one path segment.

use std::borrow::Cow;

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

/// A path parameter as the SDK sends it: one percent-encoded path segment (UTF-8, every byte
/// outside `A-Za-z0-9-._~` encoded), so that an id holding `/`, `?` or `%` stays one segment.
/// Useful to match the SDK's requests in a test server.
///
/// ```
/// assert_eq!(wooshpay::encode_path_segment("cs_1/../x y"), "cs_1%2F..%2Fx%20y");
/// ```
pub fn encode_path_segment(value: &str) -> String {
    encode_path(value).into_owned()
}

/// [`encode_path_segment`], under the name the generated builders call; borrowed when nothing
/// needs encoding (the usual id), so forming a URL copies the id once.
pub(crate) fn encode_path(value: &str) -> Cow<'_, str> {
    // The usual id needs no encoding: one pass of plain byte tests says so, cheaper than the
    // encoder's set lookup per byte.
    if value.bytes().all(is_unreserved) {
        return Cow::Borrowed(value);
    }
    utf8_percent_encode(value, PATH_SEGMENT).into()
}

/// Whether a byte is one of RFC 3986's unreserved characters, which [`PATH_SEGMENT`] leaves
/// as they are.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Refuses a path parameter that would not address the resource it names: an empty value
/// (`/v1/checkout/sessions/` lists instead of retrieving) or a dot segment (`.`/`..` are
/// resolved away by URL normalization, even percent-encoded). Every other value is sent as one
/// percent-encoded segment.
pub(crate) fn check_path_segment(operation: &str, name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid_request(format!(
            "{operation}: path parameter `{name}` is empty"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid_request(format!(
            "{operation}: path parameter `{name}` is `{value}`, which cannot be sent as a path segment"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_leaves_exactly_the_bytes_the_encoder_leaves() {
        for byte in 0..=u8::MAX {
            let encoded = percent_encoding::percent_encode(&[byte], PATH_SEGMENT).to_string();
            let left_by_encoder = encoded.as_bytes() == [byte];
            assert_eq!(is_unreserved(byte), left_by_encoder, "byte {byte:#04x}");
        }
        assert!(matches!(
            encode_path("cs_1795782989284638720"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn only_unreserved_bytes_stay_as_they_are() {
        assert_eq!(encode_path("pi_1-a.b~C9"), "pi_1-a.b~C9");
        assert_eq!(encode_path("..\\refunds"), "..%5Crefunds");
        assert_eq!(encode_path("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
        assert_eq!(encode_path("%2e%2e"), "%252e%252e");
        assert_eq!(encode_path("\r\n\0 é"), "%0D%0A%00%20%C3%A9");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::encode_path;

    proptest! {
        // CI budget; `PROPTEST_CASES=1000000` is the long run (see the README).
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(2000)
        ))]

        /// Any value encodes to unreserved bytes and `%XX` only, decodes back to itself, and
        /// stays exactly where it was put when the URL is parsed.
        #[test]
        fn any_value_is_one_segment_that_round_trips(value in any::<String>()) {
            let encoded = encode_path(&value);
            let bytes = encoded.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    prop_assert!(i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit());
                    i += 3;
                } else {
                    prop_assert!(bytes[i].is_ascii_alphanumeric() || b"-._~".contains(&bytes[i]));
                    i += 1;
                }
            }
            let decoded = percent_encoding::percent_decode_str(&encoded).decode_utf8();
            prop_assert_eq!(decoded.as_deref().ok(), Some(value.as_str()));
            if value != "." && value != ".." {
                let url = reqwest::Url::parse(&format!("https://api.example/v1/things/{encoded}/x"));
                let path = url.as_ref().map(|u| u.path().to_string()).ok();
                prop_assert_eq!(path, Some(format!("/v1/things/{encoded}/x")));
            }
        }
    }
}
