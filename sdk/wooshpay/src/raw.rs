//! Requests given as raw JSON instead of through a generated builder: an endpoint the SDK does
//! not have yet, or a tool that builds bodies at run time (the `wooshpay` command-line tool
//! does). They go through the same runtime as every operation: authentication, idempotency
//! key, retries, timeouts, tracing and errors.
//!
//! ```no_run
//! # async fn example(client: &wooshpay::Client) -> Result<(), wooshpay::Error> {
//! let intent = client
//!     .raw_request("POST", "/v1/payment_intents/{id}")
//!     .path_param("id", "pi_1795782989687291904")
//!     .json(serde_json::json!({ "metadata": { "order_id": "1042" } }))
//!     .send()
//!     .await?;
//! println!("{}", intent["status"]);
//! # Ok(())
//! # }
//! ```

use futures_core::Stream;
use progenitor_client::OperationInfo;
use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde_json::Value;

pub use crate::multipart::Multipart;
use crate::options::call_options;
use crate::pagination::{Cursor, ListPage, Start, paginate};
use crate::request::{check_path_segment, encode_path};
use crate::{Client, Error, RequestOptions};

/// The body of a [`RawRequest`].
#[derive(Debug, Clone, Default)]
enum RawBody {
    /// No body.
    #[default]
    None,
    /// A JSON body.
    Json(Value),
    /// A `multipart/form-data` body.
    Multipart(Multipart),
}

/// A request to any path of the API, its parameters as text and its body as JSON; from
/// [`Client::raw_request`]. [`send`](RawRequest::send) returns the success body as JSON, and
/// [`stream`](RawRequest::stream) every item of a list.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    operation: &'static str,
    method: String,
    path: String,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: RawBody,
    options: RequestOptions,
}

impl Client {
    /// A request to `path` (a template such as `/v1/payment_intents/{id}`, whose `{name}`s
    /// are filled by [`RawRequest::path_param`]) with the HTTP `method` (`GET`, `POST`,
    /// `DELETE`, …), for what the generated operations do not cover.
    pub fn raw_request(&self, method: &str, path: &str) -> RawRequest<'_> {
        RawRequest {
            client: self,
            operation: "raw_request",
            method: method.to_string(),
            path: path.to_string(),
            path_params: Vec::new(),
            query: Vec::new(),
            body: RawBody::None,
            options: RequestOptions::default(),
        }
    }
}

impl<'a> RawRequest<'a> {
    /// The operation's name in errors, logs and the tracing span (default `raw_request`).
    pub fn operation(mut self, name: &'static str) -> Self {
        self.operation = name;
        self
    }

    /// The value of the path's `{name}`, sent as one percent-encoded segment (an empty value,
    /// `.` or `..` is refused at `send()`).
    pub fn path_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.path_params.push((name.into(), value.into()));
        self
    }

    /// Adds a query parameter (repeatable, sent in order).
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: Value) -> Self {
        self.body = RawBody::Json(body);
        self
    }

    /// Sends `form` as `multipart/form-data`.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = RawBody::Multipart(form);
        self
    }

    /// Sets the `Idempotency-Key` of a POST; by default every POST gets a fresh UUID v4, which
    /// its retries reuse.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    call_options!();

    /// Sends the request and returns the success body as JSON.
    pub async fn send(self) -> Result<Value, Error> {
        let operation = self.operation;
        let method = Method::from_bytes(self.method.as_bytes()).map_err(|_| {
            Error::invalid_request(format!(
                "{operation}: `{}` is not an HTTP method",
                self.method
            ))
        })?;
        let path = self.filled_path()?;
        let url = format!("{}{path}", self.client.baseurl);
        // The body encoded once; each attempt sends the same bytes.
        let body = match self.body {
            RawBody::None => None,
            RawBody::Json(body) => Some((
                HeaderValue::from_static("application/json"),
                bytes::Bytes::from(serde_json::to_vec(&body).map_err(|e| {
                    Error::invalid_request(format!(
                        "{operation}: the body could not be encoded: {e}"
                    ))
                })?),
            )),
            RawBody::Multipart(form) => {
                let (content_type, body) = form.finish();
                let content_type = HeaderValue::from_str(&content_type).map_err(|_| {
                    Error::invalid_request(format!("{operation}: the form's content type"))
                })?;
                Some((content_type, bytes::Bytes::from(body)))
            }
        };
        let query = &self.query;
        let built = || {
            let mut builder = self.client.client.request(method.clone(), &url);
            if !query.is_empty() {
                builder = builder.query(query);
            }
            if let Some((content_type, body)) = &body {
                builder = builder
                    .header(CONTENT_TYPE, content_type)
                    .body(body.clone());
            }
            builder.build()
        };
        self.client
            .execute(
                built,
                &OperationInfo {
                    operation_id: operation,
                },
                self.options,
            )
            .await
    }

    /// Every item of the list this request asks for, page by page as they are consumed, with
    /// the same paging (forward, or backward from an `ending_before` query parameter) and the
    /// same stop on a server that repeats a cursor as every generated list's `stream()`.
    pub fn stream(self) -> impl Stream<Item = Result<Value, Error>> + Unpin + Send + 'a {
        let cursor = |name: &str| {
            self.query
                .iter()
                .rev()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        let start = Start {
            after: cursor("starting_after"),
            before: cursor("ending_before"),
        };
        paginate(
            self,
            start,
            |request, id| request.with_cursor("starting_after", id),
            |request, id| request.with_cursor("ending_before", id),
            |request| async move { request.send().await.and_then(RawPage::of) },
        )
    }

    /// The same request with `name` (a cursor) set to `value` alone.
    fn with_cursor(mut self, name: &str, value: String) -> Self {
        self.query.retain(|(key, _)| key != name);
        self.query.push((name.to_string(), value));
        self
    }

    /// The path template with every `{name}` filled, each value checked and encoded.
    fn filled_path(&self) -> Result<String, Error> {
        let operation = self.operation;
        let mut path = self.path.clone();
        for (name, value) in &self.path_params {
            check_path_segment(operation, name, value)?;
            let placeholder = format!("{{{name}}}");
            if !path.contains(&placeholder) {
                return Err(Error::invalid_request(format!(
                    "{operation}: the path `{}` has no parameter `{name}`",
                    self.path
                )));
            }
            path = path.replace(&placeholder, &encode_path(value));
        }
        if path.contains('{') {
            return Err(Error::invalid_request(format!(
                "{operation}: a path parameter of `{}` was not given",
                self.path
            )));
        }
        Ok(path)
    }
}

/// A list page as raw JSON: its `data` items and `has_more`.
struct RawPage {
    data: Vec<Value>,
    has_more: bool,
}

impl RawPage {
    /// The page in `body`, or an error saying why it is not a list page.
    fn of(body: Value) -> Result<RawPage, Error> {
        let Value::Object(mut object) = body else {
            return Err(Error::invalid_request(
                "stream(): the answer is not a JSON object, so it is not a list page".into(),
            ));
        };
        let data = match object.remove("data") {
            Some(Value::Array(data)) => data,
            _ => {
                return Err(Error::invalid_request(
                    "stream(): the answer has no `data` array, so it is not a list page".into(),
                ));
            }
        };
        let has_more = object.get("has_more").and_then(Value::as_bool) == Some(true);
        Ok(RawPage { data, has_more })
    }
}

impl ListPage for RawPage {
    type Item = Value;

    fn into_page(self) -> (Vec<Value>, bool) {
        (self.data, self.has_more)
    }
}

impl Cursor for Value {
    fn cursor(&self) -> Option<&str> {
        self.get("id").and_then(Value::as_str)
    }
}

#[cfg(test)]
mod tests {
    use futures_util::TryStreamExt;
    use httpmock::prelude::*;
    use serde_json::json;

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .secret_key("sk_test_raw")
            .base_url(server.base_url())
            .max_retries(1)
            .retry_backoff(
                std::time::Duration::from_millis(1),
                std::time::Duration::from_millis(1),
            )
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn path_query_and_json_body_go_over_the_wire() {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/v1/things/a%2Fb")
                    .query_param("expand[]", "x")
                    .header("idempotency-key", "order-7")
                    .header("authorization", "Basic c2tfdGVzdF9yYXc6")
                    .json_body(json!({"amount": 5}));
                then.status(200).json_body(json!({"id": "t_1"}));
            })
            .await;
        let value = client(&server)
            .raw_request("POST", "/v1/things/{id}")
            .operation("update_thing")
            .path_param("id", "a/b")
            .query("expand[]", "x")
            .json(json!({"amount": 5}))
            .idempotency_key("order-7")
            .send()
            .await
            .unwrap();
        assert_eq!(value, json!({"id": "t_1"}));
        mock.assert_async().await;
    }

    #[tokio::test]
    async fn errors_are_the_runtimes_and_retries_apply() {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/things/t_9");
                then.status(500).json_body(
                    json!({"error": {"type": "api_error", "message": "boom", "code": "x"}}),
                );
            })
            .await;
        let err = client(&server)
            .raw_request("GET", "/v1/things/{id}")
            .path_param("id", "t_9")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(500));
        assert_eq!(err.message(), Some("boom"));
        mock.assert_calls_async(2).await;
    }

    #[tokio::test]
    async fn a_missing_or_empty_path_parameter_or_a_bad_method_is_refused_before_sending() {
        let server = MockServer::start_async().await;
        let anything = server
            .mock_async(|_, then| {
                then.status(200).json_body(json!({}));
            })
            .await;
        let client = client(&server);
        let requests = [
            client.raw_request("GET", "/v1/things/{id}"),
            client
                .raw_request("GET", "/v1/things/{id}")
                .path_param("id", ""),
            client
                .raw_request("GET", "/v1/things/{id}")
                .path_param("id", ".."),
            client
                .raw_request("GET", "/v1/things")
                .path_param("id", "t_1"),
            client.raw_request("GE T", "/v1/things"),
        ];
        for request in requests {
            let err = request.send().await.unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
        }
        anything.assert_calls_async(0).await;
    }

    #[tokio::test]
    async fn stream_follows_cursors_and_stops_on_a_repeated_one() {
        let server = MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/things").query_param_missing("starting_after");
                then.status(200).json_body(
                    json!({"object": "list", "has_more": true, "data": [{"id": "t_2"}, {"id": "t_1"}]}),
                );
            })
            .await;
        // The server answers the next page with the same cursor again, forever.
        server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/things")
                    .query_param("starting_after", "t_1");
                then.status(200).json_body(
                    json!({"object": "list", "has_more": true, "data": [{"id": "t_1"}]}),
                );
            })
            .await;
        let client = client(&server);
        let mut items = client
            .raw_request("GET", "/v1/things")
            .query("limit", "2")
            .stream();
        let mut ids = Vec::new();
        let err = loop {
            match items.try_next().await {
                Ok(Some(item)) => ids.push(item["id"].as_str().unwrap_or_default().to_string()),
                Ok(None) => panic!("the stream ended without noticing the loop"),
                Err(e) => break e,
            }
        };
        assert_eq!(ids, ["t_2", "t_1"], "no item is yielded twice");
        assert!(err.to_string().contains("again"), "{err}");
    }
}
