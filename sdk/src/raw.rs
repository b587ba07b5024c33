//! Requests given as raw JSON instead of through a generated builder, for the `wooshpay`
//! command-line tool (the `cli` feature), which builds bodies from flags. They go through the
//! same runtime as every operation: auth, idempotency key, retries, timeouts, errors.

use progenitor_client::OperationInfo;
use reqwest::Method;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use serde_json::Value;

use crate::multipart::Multipart;
use crate::request::{check_path_segment, encode_path};
use crate::{Client, Error, RequestOptions};

/// A request body.
pub(crate) enum RawBody {
    /// No body.
    None,
    /// A JSON body.
    Json(Value),
    /// A `multipart/form-data` body.
    Multipart(Multipart),
}

/// One call of an operation, its parameters as text and its body as data.
pub(crate) struct RawRequest<'a> {
    /// The operation id (for errors, logs and the tracing span).
    pub(crate) operation: &'static str,
    /// The HTTP method, upper case.
    pub(crate) method: &'a str,
    /// The path template, e.g. `/v1/payment_intents/{id}`.
    pub(crate) path: &'a str,
    /// The value of each `{name}` of the template.
    pub(crate) path_params: Vec<(&'a str, String)>,
    /// Query parameters, in order.
    pub(crate) query: Vec<(String, String)>,
    /// The body.
    pub(crate) body: RawBody,
}

impl Client {
    /// Sends `request` and returns the success body as JSON.
    pub(crate) async fn execute_raw(
        &self,
        request: RawRequest<'_>,
        options: RequestOptions,
    ) -> Result<Value, Error> {
        let operation = request.operation;
        let mut path = request.path.to_string();
        for (name, value) in &request.path_params {
            check_path_segment(operation, name, value)?;
            let placeholder = format!("{{{name}}}");
            if !path.contains(&placeholder) {
                return Err(Error::InvalidRequest(format!(
                    "{operation}: the path `{}` has no parameter `{name}`",
                    request.path
                )));
            }
            path = path.replace(&placeholder, &encode_path(value));
        }
        if path.contains('{') {
            return Err(Error::InvalidRequest(format!(
                "{operation}: a path parameter of `{}` was not given",
                request.path
            )));
        }
        let method = Method::from_bytes(request.method.as_bytes()).map_err(|_| {
            Error::InvalidRequest(format!(
                "{operation}: `{}` is not an HTTP method",
                request.method
            ))
        })?;
        let mut builder = self
            .client
            .request(method, format!("{}{path}", self.baseurl))
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        builder = match request.body {
            RawBody::None => builder,
            RawBody::Json(body) => builder.json(&body),
            RawBody::Multipart(form) => {
                let (content_type, body) = form.finish();
                builder.header(CONTENT_TYPE, content_type).body(body)
            }
        };
        let built = builder.build().map_err(Error::request_not_built)?;
        self.execute(
            built,
            &OperationInfo {
                operation_id: operation,
            },
            options,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
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
                    .header_exists("idempotency-key")
                    .header("authorization", "Basic c2tfdGVzdF9yYXc6")
                    .json_body(json!({"amount": 5}));
                then.status(200).json_body(json!({"id": "t_1"}));
            })
            .await;
        let value = client(&server)
            .execute_raw(
                RawRequest {
                    operation: "update_thing",
                    method: "POST",
                    path: "/v1/things/{id}",
                    path_params: vec![("id", "a/b".into())],
                    query: vec![("expand[]".into(), "x".into())],
                    body: RawBody::Json(json!({"amount": 5})),
                },
                RequestOptions::default(),
            )
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
            .execute_raw(
                RawRequest {
                    operation: "retrieve_thing",
                    method: "GET",
                    path: "/v1/things/{id}",
                    path_params: vec![("id", "t_9".into())],
                    query: Vec::new(),
                    body: RawBody::None,
                },
                RequestOptions::default(),
            )
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(500));
        assert_eq!(err.message(), Some("boom"));
        mock.assert_calls_async(2).await;
    }

    #[tokio::test]
    async fn a_missing_or_empty_path_parameter_is_refused_before_sending() {
        let server = MockServer::start_async().await;
        for params in [vec![], vec![("id", String::new())]] {
            let err = client(&server)
                .execute_raw(
                    RawRequest {
                        operation: "retrieve_thing",
                        method: "GET",
                        path: "/v1/things/{id}",
                        path_params: params,
                        query: Vec::new(),
                        body: RawBody::None,
                    },
                    RequestOptions::default(),
                )
                .await
                .unwrap_err();
            assert!(matches!(err, Error::InvalidRequest(_)), "{err}");
        }
    }
}
