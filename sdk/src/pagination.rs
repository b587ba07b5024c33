//! Auto-pagination: the one generic core behind every list operation's `stream()`.
//!
//! A page is requested only when the consumer has taken every item of the previous one; the
//! next request is the same builder with `starting_after` set to the last item's id.

use std::collections::VecDeque;
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

/// An item that can continue a list: its id is the next page's `starting_after`.
pub trait Cursor {
    /// The item's id, if it has one.
    fn cursor(&self) -> Option<&str>;
}

struct State<B, I> {
    builder: B,
    cursor: Option<String>,
    buffer: VecDeque<I>,
    /// An error to yield once the buffered items are out.
    pending_error: Option<Error>,
    done: bool,
}

/// Streams every item of the list that `builder` requests, page by page.
pub(crate) fn paginate<'a, B, P, Fut, W, S>(
    builder: B,
    with_cursor: W,
    send: S,
) -> impl Stream<Item = Result<P::Item, Error>> + Unpin + Send + 'a
where
    B: Clone + Send + 'a,
    P: ListPage + Send + 'a,
    P::Item: Send + 'a,
    Fut: Future<Output = Result<P, Error>> + Send + 'a,
    W: Fn(B, String) -> B + Send + 'a,
    S: Fn(B) -> Fut + Send + 'a,
{
    let state = State {
        builder,
        cursor: None,
        buffer: VecDeque::new(),
        pending_error: None,
        done: false,
    };
    let stream = futures_util::stream::unfold(state, move |mut state| {
        let request = (!state.done && state.buffer.is_empty() && state.pending_error.is_none())
            .then(|| match state.cursor.take() {
                Some(cursor) => with_cursor(state.builder.clone(), cursor),
                None => state.builder.clone(),
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
    let (items, has_more) = page.into_page();
    state.done = true;
    if has_more {
        match items.last().map(Cursor::cursor) {
            Some(Some(id)) => {
                state.cursor = Some(id.to_owned());
                state.done = false;
            }
            Some(None) => {
                state.pending_error = Some(Error::InvalidRequest(
                    "the page says more items follow, but its last item has no id to continue from"
                        .into(),
                ));
            }
            // `has_more` with an empty page: stop rather than ask for the same page forever.
            None => {}
        }
    }
    state.buffer.extend(items);
}
