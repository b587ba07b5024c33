//! The base URL requests go to: checked and parsed once, when the client is built. A call
//! forms its URL by putting its path under the parsed base, so only the path is parsed per
//! call; parsing a whole URL would process its host (IDNA mapping, IP address forms) at every
//! call, which costs more than the rest of forming a request.

use reqwest::Url;

use crate::{Client, Error};

/// A checked base URL.
#[derive(Clone, Debug)]
pub(crate) struct BaseUrl {
    /// The base as parsed.
    parsed: Url,
    /// The parsed base's path without its trailing `/`: empty for a base without one, else
    /// what goes before every request's path (`/proxy` for `https://gateway.example/proxy/`).
    prefix: String,
}

impl BaseUrl {
    /// Checks `url`: an absolute http(s) URL with a host and without a query or fragment.
    pub(crate) fn parse(url: &str) -> Result<BaseUrl, Error> {
        let parsed = Url::parse(url)
            .map_err(|e| Error::Config(format!("base URL `{url}` is not a valid URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host().is_none() {
            return Err(Error::Config(format!(
                "base URL `{url}` must be an http(s) URL with a host"
            )));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!(
                "base URL `{url}` must not have a query or fragment"
            )));
        }
        let prefix = parsed.path().trim_end_matches('/').to_string();
        Ok(BaseUrl { parsed, prefix })
    }

    /// The URL of `path` (`/v1/…`, its parameters already encoded) under the base.
    pub(crate) fn join(&self, path: &str) -> Url {
        let mut url = self.parsed.clone();
        if self.prefix.is_empty() {
            url.set_path(path);
        } else {
            url.set_path(&format!("{}{path}", self.prefix));
        }
        url
    }
}

impl Client {
    /// The URL of the API path `path` (`/v1/…`, its parameters already encoded) under the
    /// client's base URL.
    pub(crate) fn url(&self, path: &str) -> Url {
        self.inner.base_url.join(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL the SDK formed before the base was parsed once: the whole text parsed per call.
    fn parsed_whole(base: &str, path: &str) -> Url {
        Url::parse(&format!("{}{path}", base.trim_end_matches('/'))).unwrap()
    }

    #[test]
    fn a_path_goes_under_the_base_as_a_whole_url_would_put_it() {
        let paths = [
            "/v1/checkout/sessions/cs_1",
            "/v1/customers/cus%2F1%3Fx%23y",
            "/v1/files",
            "/v1/prices/%E2%82%AC",
        ];
        let bases = [
            "https://apitest.wooshpay.com",
            "http://127.0.0.1:8080/",
            "http://LOCALHOST:80",
            "https://gateway.example/proxy/wooshpay/",
            "https://gateway.example/a%20b",
            "http://[::1]:9000",
        ];
        for base in bases {
            let parsed = BaseUrl::parse(base).unwrap();
            for path in paths {
                assert_eq!(
                    parsed.join(path),
                    parsed_whole(base, path),
                    "{base} + {path}"
                );
            }
        }
    }

    #[test]
    fn a_path_never_leaves_the_base_host() {
        let base = BaseUrl::parse("https://api.wooshpay.com").unwrap();
        for path in ["//evil.example/v1/x", "/v1/x?y=1#z", "/\\evil.example"] {
            let url = base.join(path);
            assert_eq!(url.host_str(), Some("api.wooshpay.com"), "{path}: {url}");
            assert_eq!(url.query(), None, "{path}: {url}");
            assert_eq!(url.fragment(), None, "{path}: {url}");
        }
    }
}
