//! The sandbox's HTTP server: hyper on a loopback port, in a task of the caller's runtime.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming as Body;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::respond::{self, Incoming};
use super::{Fault, ReceivedRequest, Shared, SharedState};
use crate::{Client, Error};

/// A local, offline WooshPay serving the spec's examples. It stops when dropped.
#[derive(Debug)]
pub struct Sandbox {
    base_url: String,
    shared: SharedState,
    server: JoinHandle<()>,
}

impl Sandbox {
    /// Starts a sandbox on a free loopback port, in the current tokio runtime.
    pub async fn start() -> Result<Sandbox, Error> {
        let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|e| Error::Config(format!("the sandbox could not listen on loopback: {e}")))?;
        let address = listener
            .local_addr()
            .map_err(|e| Error::Config(format!("the sandbox has no local address: {e}")))?;
        let shared = SharedState::default();
        let server = tokio::spawn(accept(listener, shared.clone()));
        Ok(Sandbox {
            base_url: format!("http://{address}"),
            shared,
            server,
        })
    }

    /// The sandbox's base URL, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// A client for the sandbox, with [`DUMMY_SECRET_KEY`](super::DUMMY_SECRET_KEY).
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(|e| unreachable!("a fixed, valid configuration: {e}"))
    }

    /// A client builder for the sandbox, with [`DUMMY_SECRET_KEY`](super::DUMMY_SECRET_KEY)
    /// and its base URL set, for tests that adjust timeouts or retries.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        super::clients::dummy_client_builder(&self.base_url)
    }

    /// Makes the next matching requests fail or wait (see [`Fault`]).
    pub fn inject(&self, fault: Fault) {
        self.shared
            .faults
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(fault);
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn accept(listener: TcpListener, shared: SharedState) {
    while let Ok((stream, _)) = listener.accept().await {
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(request, shared.clone()));
            // A client that hangs up mid-request is not the sandbox's problem.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    request: Request<Body>,
    shared: Arc<Shared>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let authorized =
        header("authorization").is_some_and(|v| v.starts_with("Basic ") && v.len() > 6);
    let method = parts.method.as_str();
    let path = parts.uri.path();
    let found = respond::find_route(method, path);
    let operation_id = found.as_ref().map(|(route, _)| route.operation_id);
    shared
        .requests
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(ReceivedRequest {
            method: method.to_string(),
            target: parts
                .uri
                .path_and_query()
                .map_or(path, |p| p.as_str())
                .to_string(),
            operation_id,
            idempotency_key: header("idempotency-key").map(str::to_owned),
            body: body.to_vec(),
        });

    let fault = shared.take_fault(operation_id);
    if let Some(delay) = fault.as_ref().and_then(|f| f.delay) {
        tokio::time::sleep(delay).await;
    }
    let outgoing = match fault.as_ref().and_then(|f| f.status) {
        Some(status) => respond::error(
            status,
            "api_error",
            "injected_fault",
            "A failure injected by the sandbox.",
            None,
        ),
        None => respond::respond(
            found,
            &Incoming {
                method,
                path,
                authorized,
                body: &body,
            },
        ),
    };
    let mut response = Response::builder()
        .status(outgoing.status)
        .header("content-type", "application/json")
        .header(
            "request-id",
            format!(
                "req_sandbox_{}",
                shared.requests.lock().map(|r| r.len()).unwrap_or(0)
            ),
        );
    if let Some(seconds) = fault.and_then(|f| f.retry_after) {
        response = response.header("retry-after", seconds.to_string());
    }
    Ok(response
        .body(Full::new(Bytes::from(outgoing.body)))
        .unwrap_or_else(|_| Response::new(Full::default())))
}
