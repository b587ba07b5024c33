//! Auto-pagination: the one generic core behind every list operation's `stream()`.
//!
//! A page is requested only when the consumer has taken every item of the previous one. Forward
//! (the default, or from `starting_after`), the next request is the same builder with
//! `starting_after` set to the page's last item. Backward (from `ending_before`), it is the same
//! builder with `ending_before` set to the page's first item, and each page's items come out
//! last to first, so the stream moves steadily away from the starting cursor.
//!
//! A server that repeats a cursor (or sends an empty page that claims more follow) would make
//! the stream request forever; the stream ends with an error instead.

use std::collections::{HashSet, VecDeque};
use std::future::Future;

use futures_core::Stream;

use crate::Error;

/// A page of a cursor-paginated list (implemented for every list envelope).
pub trait ListPage {
    /// The type of the list's items.
    type Item: Cursor;
    /// The items of this page and whether more follow.
    fn into_page(self) -> (Vec<Self::Item>, bool);
}

/// An item that can continue a list: its id is the next page's `starting_after` (or, paging
/// backward, `ending_before`).
pub trait Cursor {
    /// The item's id, if it has one.
    fn cursor(&self) -> Option<&str>;
}

/// The cursors set on a list builder when `stream()` was called, which decide its direction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Start {
    /// `starting_after`, if set.
    pub(crate) after: Option<String>,
    /// `ending_before`, if set.
    pub(crate) before: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

struct State<B, I> {
    builder: B,
    direction: Direction,
    cursor: Option<String>,
    /// Every cursor requested so far: a repeat means the server is going in circles.
    seen: HashSet<String>,
    buffer: VecDeque<I>,
    /// An error to yield once the buffered items are out.
    pending_error: Option<Error>,
    done: bool,
}

/// Streams every item of the list that `builder` requests, page by page, in the direction its
/// cursors imply. `after` and `before` set `starting_after` and `ending_before` on a builder.
pub(crate) fn paginate<'a, B, P, Fut, A, Z, S>(
    builder: B,
    start: Start,
    after: A,
    before: Z,
    send: S,
) -> impl Stream<Item = Result<P::Item, Error>> + Unpin + Send + 'a
where
    B: Clone + Send + 'a,
    P: ListPage + Send + 'a,
    P::Item: Send + 'a,
    Fut: Future<Output = Result<P, Error>> + Send + 'a,
    A: Fn(B, String) -> B + Send + 'a,
    Z: Fn(B, String) -> B + Send + 'a,
    S: Fn(B) -> Fut + Send + 'a,
{
    let (direction, initial, pending_error) = match (start.after, start.before) {
        (Some(_), Some(_)) => (
            Direction::Forward,
            None,
            Some(Error::invalid_request(
                "stream(): `starting_after` and `ending_before` are both set; set \
                 `starting_after` to page forward or `ending_before` to page backward"
                    .into(),
            )),
        ),
        (None, Some(before)) => (Direction::Backward, Some(before), None),
        (after, None) => (Direction::Forward, after, None),
    };
    let state = State {
        builder,
        direction,
        cursor: None,
        seen: initial.into_iter().collect(),
        buffer: VecDeque::new(),
        pending_error,
        done: false,
    };
    let stream = futures_util::stream::unfold(state, move |mut state| {
        let request = (!state.done && state.buffer.is_empty() && state.pending_error.is_none())
            .then(|| match (state.cursor.take(), state.direction) {
                (Some(cursor), Direction::Forward) => after(state.builder.clone(), cursor),
                (Some(cursor), Direction::Backward) => before(state.builder.clone(), cursor),
                (None, _) => state.builder.clone(),
            });
        let page = request.map(&send);
        async move {
            if let Some(page) = page {
                match page.await {
                    Err(error) => state.pending_error = Some(error),
                    Ok(page) => take_page(&mut state, page),
                }
            }
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if let Some(error) = state.pending_error.take() {
                state.done = true;
                return Some((Err(error), state));
            }
            None
        }
    });
    Box::pin(stream)
}

fn take_page<B, P: ListPage>(state: &mut State<B, P::Item>, page: P) {
    let (mut items, has_more) = page.into_page();
    if state.direction == Direction::Backward {
        // The page is in list order; the item next to the cursor is its last.
        items.reverse();
    }
    state.done = true;
    if has_more {
        state.pending_error = match items.last().map(Cursor::cursor) {
            Some(Some(id)) if state.seen.contains(id) => {
                // The page repeats one already streamed: its items are not yielded twice.
                let error = stalled(format!(
                    "the server sent cursor `{id}` again with `has_more: true`"
                ));
                state.pending_error = Some(error);
                return;
            }
            Some(Some(id)) => {
                state.seen.insert(id.to_owned());
                state.cursor = Some(id.to_owned());
                state.done = false;
                None
            }
            Some(None) => Some(Error::invalid_request(
                "stream(): the page says more items follow, but its last item has no id to \
                 continue from"
                    .into(),
            )),
            None => Some(stalled(
                "the server sent an empty page with `has_more: true`".into(),
            )),
        };
    }
    state.buffer.extend(items);
}

/// The error that ends a stream whose server makes no progress.
fn stalled(what: String) -> Error {
    Error::invalid_request(format!(
        "stream(): {what}, so the list makes no progress; stopping instead of requesting the \
         same page forever"
    ))
}
