//! What the sandbox answers ([`Outgoing`]) and WooshPay's error shape ([`error`]). Every layer
//! answers with these, from the state's checks to the HTTP server, so this file imports
//! nothing of the crate: the layers above read it, and it reads none of them.

use serde_json::{Value, json};

/// What the sandbox answers.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) content_type: &'static str,
    /// Further headers (`Location`, `Idempotent-Replayed`).
    pub(crate) headers: Vec<(&'static str, String)>,
}

impl Outgoing {
    /// A JSON answer.
    pub(crate) fn json(status: u16, body: &Value) -> Outgoing {
        Outgoing {
            status,
            body: serde_json::to_vec(body).unwrap_or_default(),
            content_type: "application/json",
            headers: Vec::new(),
        }
    }

    /// An HTML page.
    pub(crate) fn html(status: u16, page: String) -> Outgoing {
        Outgoing {
            status,
            body: page.into_bytes(),
            content_type: "text/html; charset=utf-8",
            headers: Vec::new(),
        }
    }

    /// A 303 to `location`, as a form post answers.
    pub(crate) fn see_other(location: &str) -> Outgoing {
        let mut outgoing = Outgoing::html(303, String::new());
        outgoing.headers.push(("location", location.to_string()));
        outgoing
    }

    /// The error's message, for callers that surface it in Rust.
    pub(crate) fn message(&self) -> String {
        serde_json::from_slice::<Value>(&self.body)
            .ok()
            .and_then(|v| {
                v.pointer("/error/message")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| format!("status {}", self.status))
    }
}

/// An error in WooshPay's shape.
pub(crate) fn error(
    status: u16,
    kind: &str,
    code: &str,
    message: &str,
    param: Option<&str>,
) -> Outgoing {
    let mut error = json!({"type": kind, "code": code, "message": message});
    if let Some(param) = param {
        error["param"] = Value::String(param.to_string());
    }
    Outgoing::json(status, &json!({"error": error}))
}
