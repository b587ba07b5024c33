//! Disputes: closing one accepts it as lost, as the docs describe; nothing else about it
//! changes, and `charge.dispute.closed` is recorded.

use serde_json::{Value, json};

use super::common::unexpected_state;
use crate::answer::Outgoing;
use crate::collections::DISPUTES;
use crate::fields::text;
use crate::state::{Store, missing};

/// Closes an open dispute (any status but `won` and `lost`).
pub(crate) fn close(store: &mut Store, id: &str) -> Result<Value, Outgoing> {
    let dispute = store
        .get_mut(DISPUTES, id)
        .ok_or_else(|| missing("dispute", id, "id"))?;
    let status = text(dispute, "status").to_string();
    if matches!(status.as_str(), "won" | "lost") {
        return Err(unexpected_state("dispute", id, &status, "close"));
    }
    dispute["status"] = json!("lost");
    let dispute = dispute.clone();
    store.record_event("charge.dispute.closed", &dispute);
    Ok(dispute)
}
