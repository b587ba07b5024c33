//! `multipart/form-data` bodies, encoded in memory so that a request with one can be retried
//! (a streaming form cannot be replayed).

/// A `multipart/form-data` body being encoded, for [`RawRequest::multipart`](crate::raw::RawRequest::multipart).
///
/// ```
/// let form = wooshpay::raw::Multipart::new()
///     .text("purpose", "dispute_evidence")
///     .file("file", "receipt.png", "image/png", b"\x89PNG");
/// # drop(form);
/// ```
#[derive(Clone)]
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl std::fmt::Debug for Multipart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The contents may be a whole file: only their size is shown.
        f.debug_struct("Multipart")
            .field("bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart {
            boundary: format!("wooshpay-{}", uuid::Uuid::new_v4().simple()),
            body: Vec::new(),
        }
    }

    /// Adds a text field.
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.header(name, None, None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Adds a file field: its file name, content type and contents.
    pub fn file(mut self, name: &str, filename: &str, content_type: &str, contents: &[u8]) -> Self {
        self.header(name, Some(filename), Some(content_type));
        self.body.extend_from_slice(contents);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// The `Content-Type` header value and the encoded body.
    pub(crate) fn finish(mut self) -> (String, Vec<u8>) {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body,
        )
    }

    fn header(&mut self, name: &str, filename: Option<&str>, content_type: Option<&str>) {
        let mut head = format!(
            "--{}\r\nContent-Disposition: form-data; name=\"{}\"",
            self.boundary,
            escape(name)
        );
        if let Some(filename) = filename {
            head.push_str(&format!("; filename=\"{}\"", escape(filename)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str("\r\n");
        self.body.extend_from_slice(head.as_bytes());
    }
}

/// Escapes a name or file name for a quoted header parameter, as browsers do (WHATWG): a quote
/// or line break could otherwise end the parameter or the header early.
fn escape(value: &str) -> String {
    value
        .replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fields_and_files() {
        let form = Multipart {
            boundary: "B".into(),
            body: Vec::new(),
        };
        let (content_type, body) = form
            .text("purpose", "dispute_evidence")
            .file("file", "a.pdf", "application/pdf", b"%PDF")
            .finish();
        assert_eq!(content_type, "multipart/form-data; boundary=B");
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n\
             --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF\r\n--B--\r\n"
        );
    }

    #[test]
    fn hostile_file_names_cannot_break_the_header() {
        let form = Multipart {
            boundary: "B".into(),
            body: Vec::new(),
        };
        let (_, body) = form
            .file("file", "x\"\r\nContent-Type: text/html", "text/plain", b"")
            .finish();
        let text = String::from_utf8(body).unwrap();
        assert!(
            text.contains("filename=\"x%22%0D%0AContent-Type: text/html\""),
            "{text}"
        );
        assert_eq!(text.matches("\r\nContent-Type:").count(), 1, "{text}");
    }
}
