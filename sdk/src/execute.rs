//! Sending a request built by a generated builder, and turning the response into a value or
//! an [`Error`]. Generated `send()` methods end in [`Client::execute`].

use bytes::Bytes;
use progenitor_client::OperationInfo;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, DecodeError};
use crate::{Client, Error};

/// Response headers that carry the server's request id, in order of preference.
const REQUEST_ID_HEADERS: [&str; 2] = ["request-id", "x-request-id"];

/// A success response, read to the end.
struct Success {
    status: u16,
    request_id: Option<String>,
    content_type: Option<String>,
    body: Bytes,
}

impl Client {
    /// Sends `request` and decodes a success body into `T`.
    pub(crate) async fn execute<T: DeserializeOwned>(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> Result<T, Error> {
        let success = self.send(request, info).await?;
        decode(info.operation_id, success)
    }

    /// Sends `request` for an operation whose success response has no body.
    #[allow(dead_code)] // used by operations without a response body
    pub(crate) async fn execute_empty(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error> {
        self.send(request, info).await.map(drop)
    }

    async fn send(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> Result<Success, Error> {
        let operation = info.operation_id;
        let transport = |source| Error::Transport { operation, source };
        let response = self.client.execute(request).await.map_err(transport)?;
        let status = response.status().as_u16();
        let request_id = header_text(response.headers(), &REQUEST_ID_HEADERS);
        let content_type = header_text(response.headers(), &[CONTENT_TYPE.as_str()]);
        let body = response.bytes().await.map_err(transport)?;
        if (200..300).contains(&status) {
            Ok(Success {
                status,
                request_id,
                content_type,
                body,
            })
        } else {
            Err(Error::Api(Box::new(ApiError::from_response(
                operation,
                status,
                request_id,
                content_type,
                body,
            ))))
        }
    }
}

/// Decodes on the fast path; only when that fails is the body decoded again to find the JSON
/// path of the failure.
fn decode<T: DeserializeOwned>(operation: &'static str, success: Success) -> Result<T, Error> {
    if let Ok(value) = serde_json::from_slice(&success.body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&success.body);
    let (path, message) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => match deserializer.end() {
            Ok(()) => (".".to_string(), "the body could not be decoded".to_string()),
            Err(e) => (".".to_string(), e.to_string()),
        },
        Err(e) => (e.path().to_string(), e.into_inner().to_string()),
    };
    Err(Error::Decode(Box::new(DecodeError {
        operation,
        status: success.status,
        request_id: success.request_id,
        path,
        message,
        content_type: success.content_type,
        body: success.body,
    })))
}

fn header_text(headers: &HeaderMap, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_owned))
}
