//! Time limits on attempts, kept by one thread for the whole process rather than by the async
//! runtime's timer.
//!
//! Why not `tokio::time::timeout`: an armed tokio timer costs a call its timer-wheel work (about
//! 1,200 instructions) and makes every park of the runtime arm a kernel timer. On a loopback
//! call that is 1-3.5 % of the client's CPU time (the `request_overhead` bench's
//! `baseline_timed` variant), for a limit that almost never fires. Here a limit costs a slot in
//! a shared table, taken and given back under a short lock.
//!
//! The keeper thread sleeps until the earliest deadline in the table. A limit that ends later
//! than that (the usual case: limits of one length, started one after another) does not wake
//! it; a limit that ends earlier, or one set while the thread sleeps with no time to look at,
//! does. When a deadline passes while its attempt is still pending, the thread wakes the
//! attempt's task, which then ends with [`Elapsed`].

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// The table of pending deadlines, and the condition its keeper thread sleeps on.
static TABLE: Table = Table {
    state: Mutex::new(State {
        slots: Vec::new(),
        free: Vec::new(),
        next_look: None,
        started: false,
    }),
    changed: Condvar::new(),
};

struct Table {
    state: Mutex<State>,
    /// Signalled when a deadline earlier than the keeper's next look is added.
    changed: Condvar,
}

struct State {
    slots: Vec<Slot>,
    /// Indices of free slots, for reuse.
    free: Vec<usize>,
    /// When the keeper thread looks at the table next; `None` while it waits for a signal.
    next_look: Option<Instant>,
    /// Whether the keeper thread runs.
    started: bool,
}

enum Slot {
    Free,
    /// An attempt within its limit, and the task to wake when the limit passes.
    Pending {
        deadline: Instant,
        waker: Waker,
    },
    /// A limit that passed; the attempt ends with [`Elapsed`] when it is next polled.
    Passed,
}

impl Table {
    /// The state, also after a panic elsewhere while it was held (nothing here panics with it
    /// held, and every change leaves it consistent).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Proof that the keeper thread runs: the only way to set a time limit.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keeper(());

/// Starts the keeper thread unless it runs already.
pub(crate) fn keeper() -> std::io::Result<Keeper> {
    let mut state = TABLE.lock();
    if !state.started {
        std::thread::Builder::new()
            .name("wooshpay-time-limits".into())
            .spawn(keep)?;
        state.started = true;
    }
    Ok(Keeper(()))
}

/// The keeper thread: marks passed deadlines and wakes their tasks, then sleeps until the
/// next time to look or until a signal.
fn keep() {
    let mut state = TABLE.lock();
    let mut due = Vec::new();
    loop {
        let now = Instant::now();
        state.look(now, &mut due);
        if !due.is_empty() {
            // Woken without the lock held: a task may run at once on another thread and poll.
            drop(state);
            for waker in due.drain(..) {
                // A waker that panics is the executor's bug; it must not stop the limits of
                // every other attempt in the process.
                let _ = catch_unwind(AssertUnwindSafe(|| waker.wake()));
            }
            state = TABLE.lock();
            continue;
        }
        state = match state.next_look {
            Some(at) => {
                TABLE
                    .changed
                    .wait_timeout(state, at.saturating_duration_since(now))
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
            None => TABLE
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner),
        };
    }
}

impl State {
    /// Marks the deadlines passed at `now`, their tasks' wakers moved to `due`, and sets when
    /// to look next: at the earliest deadline left.
    ///
    /// With none left, still at the time the thread meant to look while that is ahead: a limit
    /// set meanwhile (a later one of the same length, as a rule) then ends after it and need
    /// not signal. Otherwise, when calls end before the thread has looked at the table, every
    /// next call would signal it.
    fn look(&mut self, now: Instant, due: &mut Vec<Waker>) {
        let mut earliest: Option<Instant> = None;
        for slot in self.slots.iter_mut() {
            match slot {
                Slot::Pending { deadline, .. } if *deadline <= now => {
                    if let Slot::Pending { waker, .. } = std::mem::replace(slot, Slot::Passed) {
                        due.push(waker);
                    }
                }
                Slot::Pending { deadline, .. } => {
                    earliest = Some(earliest.map_or(*deadline, |e| e.min(*deadline)));
                }
                Slot::Free | Slot::Passed => {}
            }
        }
        self.next_look = earliest.or(self.next_look.filter(|at| *at > now));
    }
}

/// A deadline's slot in the table, given back when dropped.
struct Registration {
    slot: usize,
}

impl Registration {
    fn new(deadline: Instant, waker: &Waker) -> Registration {
        let pending = Slot::Pending {
            deadline,
            waker: waker.clone(),
        };
        let mut state = TABLE.lock();
        let slot = match state.free.pop() {
            Some(slot) => {
                state.slots[slot] = pending;
                slot
            }
            None => {
                state.slots.push(pending);
                state.slots.len() - 1
            }
        };
        if state.next_look.is_none_or(|next| deadline < next) {
            state.next_look = Some(deadline);
            TABLE.changed.notify_one();
        }
        Registration { slot }
    }

    /// Whether the deadline passed; if not, `waker` is the task to wake when it does.
    fn passed(&self, waker: &Waker) -> bool {
        let mut state = TABLE.lock();
        let replaced = match &mut state.slots[self.slot] {
            Slot::Pending { waker: kept, .. } if kept.will_wake(waker) => None,
            Slot::Pending { waker: kept, .. } => Some(std::mem::replace(kept, waker.clone())),
            Slot::Passed | Slot::Free => return true,
        };
        // A waker is dropped without the lock held: dropping one can run the executor's code,
        // which may end another attempt and give back its slot.
        drop(state);
        drop(replaced);
        false
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let mut state = TABLE.lock();
        let slot = std::mem::replace(&mut state.slots[self.slot], Slot::Free);
        state.free.push(self.slot);
        drop(state);
        drop(slot);
    }
}

/// The limit of an attempt passed before it ended.
#[derive(Debug)]
pub(crate) struct Elapsed;

pin_project_lite::pin_project! {
    /// A future that ends with [`Elapsed`] when it has not ended within its limit. The limit
    /// runs from the first poll (a call made now and awaited later gets all of it), and its
    /// deadline is entered into the table only when the future first waits.
    pub(crate) struct Within<F> {
        #[pin]
        future: F,
        limit: Limit,
    }
}

/// Where a [`Within`]'s limit stands.
enum Limit {
    /// Not polled yet: the limit, from the first poll.
    Unstarted(Duration),
    /// Entered into the table.
    Entered(Registration),
    /// No limit to keep: one too long to represent, or one that ended.
    Unlimited,
}

/// `future`, limited to `limit` from its first poll.
pub(crate) fn within<F: Future>(_keeper: Keeper, limit: Duration, future: F) -> Within<F> {
    Within {
        future,
        limit: Limit::Unstarted(limit),
    }
}

impl<F: Future> Future for Within<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(output) = this.future.poll(cx) {
            *this.limit = Limit::Unlimited;
            return Poll::Ready(Ok(output));
        }
        match this.limit {
            // A deadline that has passed already is entered too: the keeper thread, signalled
            // for a deadline earlier than its next look, ends it at once.
            Limit::Unstarted(limit) => {
                *this.limit = match Instant::now().checked_add(*limit) {
                    Some(deadline) => Limit::Entered(Registration::new(deadline, cx.waker())),
                    None => Limit::Unlimited,
                };
                Poll::Pending
            }
            Limit::Entered(registration) if registration.passed(cx.waker()) => {
                *this.limit = Limit::Unlimited;
                Poll::Ready(Err(Elapsed))
            }
            Limit::Entered(_) | Limit::Unlimited => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keeper() -> Keeper {
        super::keeper().expect("keeper thread")
    }

    #[tokio::test]
    async fn a_future_that_ends_in_time_gives_its_output() {
        let out = within(keeper(), Duration::from_secs(5), async {
            tokio::task::yield_now().await;
            7
        })
        .await;
        assert!(matches!(out, Ok(7)));
    }

    #[tokio::test]
    async fn the_limit_runs_from_the_first_poll_not_from_the_making() {
        let limited = within(keeper(), Duration::from_millis(50), async {
            tokio::task::yield_now().await;
            7
        });
        std::thread::sleep(Duration::from_millis(120));
        assert!(matches!(limited.await, Ok(7)));
    }

    #[tokio::test]
    async fn a_future_that_never_ends_is_ended_at_its_deadline() {
        let started = Instant::now();
        let out = within(
            keeper(),
            Duration::from_millis(50),
            std::future::pending::<()>(),
        )
        .await;
        let took = started.elapsed();
        assert!(matches!(out, Err(Elapsed)));
        assert!(took >= Duration::from_millis(50), "ended early: {took:?}");
        assert!(took < Duration::from_secs(2), "ended late: {took:?}");
    }

    #[tokio::test]
    async fn a_shorter_limit_set_after_a_longer_one_wakes_the_keeper() {
        let long = within(
            keeper(),
            Duration::from_secs(30),
            std::future::pending::<()>(),
        );
        let mut long = Box::pin(long);
        // The long limit is entered first, so the keeper sleeps towards it.
        assert!(futures_util::FutureExt::now_or_never(long.as_mut()).is_none());
        let started = Instant::now();
        let out = within(
            keeper(),
            Duration::from_millis(30),
            std::future::pending::<()>(),
        )
        .await;
        assert!(matches!(out, Err(Elapsed)));
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(futures_util::FutureExt::now_or_never(long.as_mut()).is_none());
    }

    #[tokio::test]
    async fn a_zero_limit_ends_a_waiting_future_at_once_and_an_endless_one_never() {
        let out = within(keeper(), Duration::ZERO, std::future::pending::<()>()).await;
        assert!(matches!(out, Err(Elapsed)));
        let out = within(keeper(), Duration::ZERO, async { 1 }).await;
        assert!(matches!(out, Ok(1)), "a ready future is not cut off");
        let mut endless = Box::pin(within(
            keeper(),
            Duration::MAX,
            std::future::pending::<()>(),
        ));
        assert!(futures_util::FutureExt::now_or_never(endless.as_mut()).is_none());
    }

    fn table(next_look: Option<Instant>, deadlines: &[Instant]) -> State {
        let waker = futures_util::task::noop_waker();
        State {
            slots: deadlines
                .iter()
                .map(|&deadline| Slot::Pending {
                    deadline,
                    waker: waker.clone(),
                })
                .chain([Slot::Free, Slot::Passed])
                .collect(),
            free: vec![],
            next_look,
            started: true,
        }
    }

    #[test]
    fn a_look_marks_passed_deadlines_and_sets_the_earliest_left_as_the_next() {
        let now = Instant::now();
        let (past, soon, later) = (
            now - Duration::from_secs(1),
            now + Duration::from_secs(1),
            now + Duration::from_secs(9),
        );
        let mut state = table(Some(past), &[later, past, soon]);
        let mut due = vec![];
        state.look(now, &mut due);
        assert_eq!(due.len(), 1);
        assert!(matches!(state.slots[1], Slot::Passed));
        assert!(matches!(state.slots[0], Slot::Pending { .. }));
        assert_eq!(state.next_look, Some(soon));
    }

    #[test]
    fn an_empty_table_keeps_the_time_to_look_while_it_is_ahead() {
        let now = Instant::now();
        let ahead = now + Duration::from_secs(60);
        let mut state = table(Some(ahead), &[]);
        state.look(now, &mut vec![]);
        assert_eq!(
            state.next_look,
            Some(ahead),
            "a later limit need not signal"
        );
        let mut state = table(Some(now - Duration::from_millis(1)), &[]);
        state.look(now, &mut vec![]);
        assert_eq!(state.next_look, None, "nothing left to look at");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_limits_at_once_each_end_their_own_future() {
        let tasks: Vec<_> = (0..200u64)
            .map(|i| {
                tokio::spawn(async move {
                    // Even ones end in time; odd ones wait past their limit.
                    let wait = if i % 2 == 0 { 0 } else { 10_000 };
                    within(
                        keeper(),
                        Duration::from_millis(20 + i % 7),
                        tokio::time::sleep(Duration::from_millis(wait)),
                    )
                    .await
                    .is_ok()
                })
            })
            .collect();
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.expect("task"), i % 2 == 0, "future {i}");
        }
        let state = TABLE.lock();
        let pending = state
            .slots
            .iter()
            .filter(|s| !matches!(s, Slot::Free))
            .count();
        drop(state);
        // Other tests may hold slots at the same moment, but not a hundred of them.
        assert!(pending < 100, "{pending} slots not given back");
    }
}
