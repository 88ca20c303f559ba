//! Paginated list endpoints: the first page, page by page, or a lazy stream
//! of items.
//!
//! A paginated response is `{"<key>": [...], "pagination": {"has_next_page":
//! …, "next_page_cursor": …}, "ok": true}`; the next page is requested by
//! sending the same request with `page_cursor` set to `next_page_cursor`.
//!
//! A `pagination` that cannot be followed (`has_next_page` without a cursor,
//! or a cursor the server handed out before, which would loop) is an
//! [`Error::Pagination`] when the next page is asked for, never a silent
//! end of the list.
//!
//! ```no_run
//! # async fn f(devices: seam_sdk::PaginatedCall<'_, serde_json::Value>) -> seam_sdk::Result<()> {
//! use futures_util::StreamExt;
//!
//! // Every item of every page, fetched lazily, one page in memory.
//! let mut stream = std::pin::pin!(devices.stream());
//! while let Some(device) = stream.next().await {
//!     let device = device?;
//! }
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::{decode_envelope, PreparedRequest, Request, ResponseShape, Sender};
use crate::error::{Error, PaginationError, PaginationProblem, Result};
use crate::retry::RetryPolicy;

/// The `pagination` object of a list response.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct Pagination {
    /// Whether there is a page after this one.
    #[serde(default)]
    pub has_next_page: bool,
    /// The cursor to request the next page with.
    #[serde(default)]
    pub next_page_cursor: Option<String>,
    /// The URL of the next page, as the server gives it.
    #[serde(default)]
    pub next_page_url: Option<String>,
}

/// A request to a paginated list endpoint.
///
/// - `.await` it for the first page's items (`Vec<T>`);
/// - [`first_page`](Self::first_page) for a [`Page`] that can fetch the next;
/// - [`stream`](Self::stream) for every item of every page.
#[must_use = "a call does nothing until it is awaited"]
pub struct PaginatedCall<'a, T> {
    request: Request<'a>,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T> PaginatedCall<'a, T> {
    pub(crate) fn new(request: Request<'a>) -> Self {
        PaginatedCall {
            request,
            _t: PhantomData,
        }
    }

    /// Time limit of one attempt for each page (overrides the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.options().timeout = Some(timeout);
        self
    }

    /// Time limit of each page's request, across attempts and backoff
    /// (overrides the client's).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.request.options().deadline = Some(deadline);
        self
    }

    /// Retry policy for each page (overrides the client's).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.request.options().retry = Some(policy);
        self
    }

    /// Whether this call checks its request against the limits the spec states before
    /// sending it (overrides the client's
    /// [`validate_requests`](crate::SeamBuilder::validate_requests)).
    pub fn validate(mut self, validate: bool) -> Self {
        self.request.set_validate(validate);
        self
    }

    fn into_pager(self) -> Result<Pager<'a>> {
        let route = self.request.route();
        let ResponseShape::Key(key) = route.response else {
            return Err(Error::invalid_argument(format!(
                "{} is paginated but its response has no key",
                route.describe()
            )));
        };
        let (sender, request) = self.request.checked()?;
        Ok(Pager {
            request,
            sender,
            key,
            cursors: Arc::default(),
        })
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> PaginatedCall<'a, T> {
    /// Fetches the first page.
    pub async fn first_page(self) -> Result<Page<'a, T>> {
        let pager = self.into_pager()?;
        pager.fetch(None).await
    }

    /// Every item of every page, in order. Pages are fetched as the stream
    /// is read, one page in memory at a time. The stream ends after the
    /// last page, or after an error, yielded as its last item; a
    /// `pagination` that cannot be followed is such an error
    /// ([`Error::Pagination`]), after the items of its page.
    pub fn stream(self) -> impl Stream<Item = Result<T>> + Send + 'a {
        let next = match self.into_pager() {
            Ok(pager) => Next::First(pager),
            Err(e) => Next::Fail(e),
        };
        let state = StreamState {
            items: Vec::new().into_iter(),
            next,
        };
        futures_util::stream::unfold(state, |mut st| async move {
            loop {
                if let Some(item) = st.items.next() {
                    return Some((Ok(item), st));
                }
                let (pager, cursor) = match std::mem::replace(&mut st.next, Next::Done) {
                    Next::Done => return None,
                    Next::Fail(e) => return Some((Err(e), st)),
                    Next::First(pager) => (pager, None),
                    Next::After(pager, cursor) => (pager, Some(cursor)),
                };
                match pager.fetch::<T>(cursor).await {
                    Err(e) => return Some((Err(e), st)),
                    Ok(page) => {
                        st.next = match page.next_cursor() {
                            Ok(None) => Next::Done,
                            Ok(Some(c)) => Next::After(page.pager, c),
                            Err(e) => Next::Fail(e),
                        };
                        st.items = page.items.into_iter();
                    }
                }
            }
        })
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> IntoFuture for PaginatedCall<'a, T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Vec<T>>> + Send + 'a>>;

    /// Fetches the first page's items.
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(self.first_page().await?.items) })
    }
}

impl<T> fmt::Debug for PaginatedCall<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.request
            .debug(f, "PaginatedCall")
            .finish_non_exhaustive()
    }
}

/// One page of a list, able to fetch the next.
pub struct Page<'a, T> {
    pager: Pager<'a>,
    items: Vec<T>,
    pagination: Pagination,
    /// The cursor this page was fetched with (`None` for the first).
    cursor: Option<String>,
    /// The response's `seam-request-id`.
    request_id: Option<String>,
}

impl<'a, T: DeserializeOwned + Send + 'a> Page<'a, T> {
    /// This page's items.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// This page's items, by value.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The `pagination` object of this page's response.
    pub fn pagination(&self) -> &Pagination {
        &self.pagination
    }

    /// Whether the server says there is a page after this one (its
    /// `has_next_page`).
    pub fn has_next_page(&self) -> bool {
        self.pagination.has_next_page
    }

    /// Fetches the next page, or `None` after the last. Fails with
    /// [`Error::Pagination`] when the server says there is a next page but
    /// gave no cursor, or gave a cursor that an earlier page of this list
    /// already led to (following it would loop).
    pub async fn next_page(&self) -> Result<Option<Page<'a, T>>> {
        match self.next_cursor()? {
            None => Ok(None),
            Some(cursor) => self.pager.fetch(Some(cursor)).await.map(Some),
        }
    }
}

impl<T> Page<'_, T> {
    /// The cursor of the next page, `None` after the last, or why the
    /// server's `pagination` cannot be followed.
    fn next_cursor(&self) -> Result<Option<String>> {
        let problem = |problem| {
            Error::Pagination(Box::new(PaginationError {
                route: self.pager.sender.route.describe(),
                problem,
                pagination: self.pagination.clone(),
                request_id: self.request_id.clone(),
            }))
        };
        if !self.pagination.has_next_page {
            return Ok(None);
        }
        let Some(next) = self.pagination.next_page_cursor.as_deref() else {
            return Err(problem(PaginationProblem::MissingCursor));
        };
        let current = self.cursor.as_deref();
        let mut led_from = self
            .pager
            .cursors
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Asking twice from the same page is fine; reaching a cursor from a
        // second place (or from itself) is a cycle.
        match led_from.get(next) {
            Some(from) if from.as_deref() != current => {}
            Some(_) => return Ok(Some(next.to_owned())),
            None if Some(next) != current => {
                led_from.insert(next.to_owned(), current.map(str::to_owned));
                return Ok(Some(next.to_owned()));
            }
            None => {}
        }
        Err(problem(PaginationProblem::RepeatedCursor(next.to_owned())))
    }
}

impl<T: fmt::Debug> fmt::Debug for Page<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Page")
            .field("items", &self.items)
            .field("pagination", &self.pagination)
            .finish_non_exhaustive()
    }
}

impl<'a, T> IntoIterator for Page<'a, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Everything needed to fetch any page of one list.
#[derive(Clone)]
struct Pager<'a> {
    sender: Sender<'a>,
    key: &'static str,
    request: PreparedRequest,
    /// Every cursor handed out so far for this list, with the cursor of the
    /// page that handed it out (`None`: the first page), to catch cycles of
    /// any length. Shared by every page of the list.
    cursors: Arc<Mutex<HashMap<String, Option<String>>>>,
}

impl<'a> Pager<'a> {
    async fn fetch<T: DeserializeOwned>(&self, cursor: Option<String>) -> Result<Page<'a, T>> {
        let paged;
        let request = match &cursor {
            None => &self.request,
            Some(c) => {
                paged = self.request.with_page_cursor(self.sender.route, c)?;
                &paged
            }
        };
        let response = self.sender.send(request).await?;
        let (items, pagination) = decode_envelope(self.sender.route, &response, self.key)?;
        Ok(Page {
            pager: self.clone(),
            items,
            pagination,
            cursor,
            request_id: response.request_id,
        })
    }
}

enum Next<'a> {
    First(Pager<'a>),
    After(Pager<'a>, String),
    Fail(Error),
    Done,
}

struct StreamState<'a, T> {
    items: std::vec::IntoIter<T>,
    next: Next<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{HttpMethod, Route};

    const LIST: Route = Route {
        method: HttpMethod::Post,
        path: "/things/list",
        path_params: &[],
        query_params: &[],
        response: ResponseShape::Key("things"),
        idempotent: true,
        body: crate::runtime::BodyEncoding::Json,
    };

    /// A page of one list (no request is sent by these tests).
    fn page(
        pager: &Pager<'static>,
        cursor: Option<&str>,
        has_next: bool,
        next: Option<&str>,
    ) -> Page<'static, u32> {
        Page {
            pager: pager.clone(),
            items: Vec::new(),
            pagination: Pagination {
                has_next_page: has_next,
                next_page_cursor: next.map(str::to_owned),
                next_page_url: None,
            },
            cursor: cursor.map(str::to_owned),
            request_id: Some("req-1".into()),
        }
    }

    fn pager() -> Pager<'static> {
        let seam = Box::leak(Box::new(crate::Seam::new("seam_apikey_test").unwrap()));
        seam.call_paginated::<u32>(&LIST, &()).into_pager().unwrap()
    }

    fn problem(result: Result<Option<String>>) -> PaginationProblem {
        match result {
            Err(Error::Pagination(e)) => {
                assert_eq!(e.route, "POST /things/list");
                assert_eq!(e.request_id.as_deref(), Some("req-1"));
                e.problem
            }
            other => panic!("expected a pagination error, got {other:?}"),
        }
    }

    #[test]
    fn next_cursor_rules() {
        let list = pager();
        let first = page(&list, None, true, Some("c2"));
        assert_eq!(first.next_cursor().unwrap().as_deref(), Some("c2"));
        // Asking again from the same page is not a cycle.
        assert_eq!(first.next_cursor().unwrap().as_deref(), Some("c2"));
        let second = page(&list, Some("c2"), true, Some("c3"));
        assert_eq!(second.next_cursor().unwrap().as_deref(), Some("c3"));
        // The last page, whatever its cursor says.
        assert_eq!(
            page(&list, Some("c3"), false, Some("c4"))
                .next_cursor()
                .unwrap(),
            None
        );
        assert_eq!(
            page(&list, Some("c3"), false, None).next_cursor().unwrap(),
            None
        );
    }

    #[test]
    fn a_next_page_without_a_cursor_is_an_error() {
        let list = pager();
        let p = page(&list, None, true, None);
        assert!(p.has_next_page());
        assert_eq!(problem(p.next_cursor()), PaginationProblem::MissingCursor);
    }

    #[test]
    fn cycles_of_any_length_are_errors() {
        let list = pager();
        let same = page(&list, Some("c1"), true, Some("c1"));
        assert_eq!(
            problem(same.next_cursor()),
            PaginationProblem::RepeatedCursor("c1".into())
        );
        let list = pager();
        page(&list, None, true, Some("a")).next_cursor().unwrap();
        page(&list, Some("a"), true, Some("b"))
            .next_cursor()
            .unwrap();
        let back = page(&list, Some("b"), true, Some("a"));
        assert_eq!(
            problem(back.next_cursor()),
            PaginationProblem::RepeatedCursor("a".into())
        );
    }
}
