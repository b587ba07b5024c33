//! The panic guard around the whole pipeline: a panic left anywhere becomes an [`Error`]
//! naming the stage, and prints nothing.
//!
//! The panic hook is process-global, so it is swapped under a lock with a count of the guards
//! running: the first guard in installs a hook that is silent only on threads inside a guard
//! (panics elsewhere still reach the previous hook), and the last guard out restores the
//! previous hook.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::{Arc, Mutex};

use crate::Error;

type Hook = Arc<dyn Fn(&PanicHookInfo<'_>) + Send + Sync + 'static>;

/// The hook in place before the first guard, while guards run.
static HOOK: Mutex<(usize, Option<Hook>)> = Mutex::new((0, None));

thread_local! {
    /// Whether this thread is inside a guard (nesting counted).
    static GUARDED: Cell<usize> = const { Cell::new(0) };
    /// Where the last silenced panic on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The stage being run, for the error of a panic.
#[derive(Debug, Default)]
pub struct Stage(Cell<&'static str>);

impl Stage {
    /// Records that `stage` starts.
    pub fn enter(&self, stage: &'static str) {
        self.0.set(stage);
    }
}

/// Runs `run`, turning a panic into [`Error::Panic`] naming the stage `run` last entered.
pub fn guarded<T>(run: impl FnOnce(&Stage) -> Result<T, Error>) -> Result<T, Error> {
    install();
    GUARDED.with(|g| g.set(g.get() + 1));
    let stage = Stage::default();
    let result = panic::catch_unwind(AssertUnwindSafe(|| run(&stage)));
    GUARDED.with(|g| g.set(g.get() - 1));
    uninstall();
    result.unwrap_or_else(|payload| {
        let location = LOCATION.with(|l| l.borrow_mut().take());
        Err(Error::Panic {
            stage: stage.0.get(),
            message: describe(payload.as_ref(), location),
        })
    })
}

/// The text of a panic payload, with where it happened.
pub fn describe(payload: &(dyn Any + Send), location: Option<String>) -> String {
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    match location {
        Some(at) => format!("{message} (at {at})"),
        None => message.to_string(),
    }
}

fn lock() -> std::sync::MutexGuard<'static, (usize, Option<Hook>)> {
    HOOK.lock().unwrap_or_else(|e| e.into_inner())
}

fn install() {
    let mut state = lock();
    if state.0 == 0 {
        let previous: Hook = Arc::from(panic::take_hook());
        let forward = previous.clone();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) > 0 {
                let at = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()));
                LOCATION.with(|l| *l.borrow_mut() = at);
            } else {
                forward(info);
            }
        }));
        state.1 = Some(previous);
    }
    state.0 += 1;
}

fn uninstall() {
    let mut state = lock();
    state.0 -= 1;
    if state.0 == 0
        && let Some(previous) = state.1.take()
    {
        panic::set_hook(Box::new(move |info| previous(info)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_naming_the_stage() {
        let result: Result<(), Error> = guarded(|stage| {
            stage.enter("refine");
            panic!("boom");
        });
        let Err(Error::Panic { stage, message }) = result else {
            panic!("{result:?}")
        };
        assert_eq!(stage, "refine");
        assert!(message.starts_with("boom (at "), "{message}");
    }

    #[test]
    fn guards_on_many_threads_leave_no_hook_behind() {
        let threads: Vec<_> = (0..8)
            .map(|_| {
                std::thread::spawn(|| {
                    for _ in 0..50 {
                        let _ = guarded::<()>(|_| panic!("quiet"));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(lock().0, 0);
        assert!(lock().1.is_none());
    }
}
