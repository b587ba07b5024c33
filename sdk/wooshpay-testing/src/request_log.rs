//! The log behind [`Sandbox::requests`](super::Sandbox::requests): a ring of the latest requests,
//! bounded in count and in the bytes of the bodies it keeps, so a long-running sandbox does not
//! grow with every request it has ever received.

use std::collections::VecDeque;

use super::ReceivedRequest;

/// The latest requests, oldest first.
#[derive(Debug)]
pub(crate) struct RequestLog {
    entries: VecDeque<ReceivedRequest>,
    capacity: usize,
    body_bytes: usize,
    body_budget: usize,
    received: u64,
}

impl RequestLog {
    /// A log keeping at most `capacity` requests whose bodies add up to at most `body_budget`.
    pub(crate) fn new(capacity: usize, body_budget: usize) -> RequestLog {
        RequestLog {
            entries: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
            body_bytes: 0,
            body_budget,
            received: 0,
        }
    }

    /// Adds `request`, dropping the oldest entries to stay within the bounds, and returns how
    /// many requests were received in all (this one included).
    pub(crate) fn push(&mut self, mut request: ReceivedRequest) -> u64 {
        self.received += 1;
        if self.capacity == 0 {
            return self.received;
        }
        if request.body.len() > self.body_budget {
            // Kept without its body rather than emptying the whole log for it.
            request.body = Vec::new();
        }
        while self.entries.len() >= self.capacity
            || self.body_bytes + request.body.len() > self.body_budget
        {
            match self.entries.pop_front() {
                Some(old) => self.body_bytes -= old.body.len(),
                None => break,
            }
        }
        self.body_bytes += request.body.len();
        self.entries.push_back(request);
        self.received
    }

    /// The requests kept, oldest first.
    pub(crate) fn snapshot(&self) -> Vec<ReceivedRequest> {
        self.entries.iter().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(n: usize, body: usize) -> ReceivedRequest {
        ReceivedRequest {
            method: "GET".into(),
            target: format!("/{n}"),
            operation_id: None,
            idempotency_key: None,
            body: vec![b'x'; body],
        }
    }

    #[test]
    fn keeps_the_latest_within_count_and_bytes() {
        let mut log = RequestLog::new(3, 100);
        for n in 0..5 {
            log.push(request(n, 10));
        }
        let targets: Vec<_> = log.snapshot().into_iter().map(|r| r.target).collect();
        assert_eq!(targets, ["/2", "/3", "/4"]);
        assert_eq!(log.push(request(5, 60)), 6);
        assert_eq!(log.push(request(6, 60)), 7);
        let kept = log.snapshot();
        assert_eq!(kept.len(), 1, "60 + 60 bytes exceed the budget of 100");
        assert_eq!(kept[0].target, "/6");
        log.push(request(7, 1000));
        assert_eq!(log.snapshot().last().unwrap().body.len(), 0);
    }

    #[test]
    fn a_zero_capacity_keeps_nothing_but_counts() {
        let mut log = RequestLog::new(0, 100);
        assert_eq!(log.push(request(0, 1)), 1);
        assert!(log.snapshot().is_empty());
    }
}
