//! Escaping for the sandbox's HTML pages: every value written into markup goes through
//! [`escape_html`], so no stored field (a session's currency, a line item's name) becomes markup.

/// `text` as HTML text or a double- or single-quoted attribute value.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            escape_html("<IMG SRC=X ONERROR=&#97;'\">"),
            "&lt;IMG SRC=X ONERROR=&amp;#97;&#39;&quot;&gt;"
        );
        assert_eq!(escape_html("USD 10.00"), "USD 10.00");
    }
}
