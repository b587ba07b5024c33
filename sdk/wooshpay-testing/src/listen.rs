//! The accept loop and each connection's limits: a cap on open connections, a deadline for a
//! request's headers, and an accept loop that outlives failed accepts (such as running out of
//! file descriptors), so the sandbox keeps serving whatever its clients do.

use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::SharedState;

/// The first wait after a failed accept, doubled for each further failure in a row.
const FIRST_BACKOFF: Duration = Duration::from_millis(5);
/// The longest wait after failed accepts.
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// How much the sandbox's server lets its clients take (see the
/// [`SandboxBuilder`](super::SandboxBuilder) options).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    pub(crate) max_connections: usize,
    pub(crate) header_read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) max_body_size: usize,
    pub(crate) request_log_capacity: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 512,
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            max_body_size: 1024 * 1024,
            request_log_capacity: 1000,
        }
    }
}

impl Limits {
    /// The bytes of bodies the request log keeps: room for a few of the largest bodies, and
    /// never less than 16 MiB.
    pub(crate) fn request_log_bytes(&self) -> usize {
        self.max_body_size.saturating_mul(4).max(16 * 1024 * 1024)
    }
}

/// Accepts connections until the task is aborted, serving each in a task of its own.
pub(crate) async fn accept(listener: TcpListener, shared: SharedState) {
    let permits = std::sync::Arc::new(Semaphore::new(shared.limits.max_connections.max(1)));
    let mut backoff = FIRST_BACKOFF;
    loop {
        // At the cap, the next connection waits in the kernel's backlog until one ends.
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return;
        };
        match listener.accept().await {
            Ok((stream, _)) => {
                backoff = FIRST_BACKOFF;
                tokio::spawn(serve(stream, shared.clone(), permit));
            }
            Err(_) => {
                // EMFILE and the like pass once connections close; the listener stays good.
                drop(permit);
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Serves one connection, holding its place under the cap until it ends.
async fn serve(stream: TcpStream, shared: SharedState, _permit: OwnedSemaphorePermit) {
    let _ = stream.set_nodelay(true);
    let header_read_timeout = shared.limits.header_read_timeout;
    let service = service_fn(move |request| crate::exchange::handle(request, shared.clone()));
    // A client that hangs up or times out mid-request is not the sandbox's problem.
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        // A client that sends its body and shuts its side still gets its answer (a 400 for a
        // body cut short), rather than a connection closed without one.
        .half_close(true)
        .header_read_timeout(header_read_timeout)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
