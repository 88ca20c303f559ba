//! Paginated list endpoints: the first page, page by page, or a lazy stream
//! of items.
//!
//! A paginated response is `{"<key>": [...], "pagination": {"has_next_page":
//! …, "next_page_cursor": …}, "ok": true}`; the next page is requested by
//! sending the same request with `page_cursor` set to `next_page_cursor`.
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

use std::collections::HashSet;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use futures_core::Stream;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::runtime::{
    call_option_methods, decode_envelope, CallOptions, PreparedRequest, ResponseShape, Route,
};
use crate::Seam;

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
    client: &'a Seam,
    route: &'static Route,
    request: Result<PreparedRequest>,
    options: CallOptions,
    _t: PhantomData<fn() -> T>,
}

impl<'a, T> PaginatedCall<'a, T> {
    pub(crate) fn new(
        client: &'a Seam,
        route: &'static Route,
        request: Result<PreparedRequest>,
    ) -> Self {
        PaginatedCall {
            client,
            route,
            request,
            options: CallOptions::default(),
            _t: PhantomData,
        }
    }

    call_option_methods!();

    fn into_pager(self) -> Result<Pager<'a>> {
        let ResponseShape::Key(key) = self.route.response else {
            return Err(Error::invalid_argument(format!(
                "{} is paginated but its response has no key",
                self.route.describe()
            )));
        };
        Ok(Pager {
            client: self.client,
            route: self.route,
            key,
            request: self.request?,
            options: self.options,
        })
    }
}

impl<'a, T: DeserializeOwned + Send + 'a> PaginatedCall<'a, T> {
    /// Fetches the first page.
    pub async fn first_page(self) -> Result<Page<'a, T>> {
        let pager = self.into_pager()?;
        let (items, pagination) = pager.fetch(None).await?;
        Ok(Page {
            pager,
            items,
            pagination,
            cursor: None,
        })
    }

    /// Every item of every page, in order. Pages are fetched as the stream
    /// is read, one page in memory at a time. The stream ends after the
    /// last page, after an error (yielded as its last item), or when the
    /// server hands out a cursor it already gave (rather than loop forever).
    pub fn stream(self) -> impl Stream<Item = Result<T>> + Send + 'a {
        let next = match self.into_pager() {
            Ok(pager) => Next::First(pager),
            Err(e) => Next::Fail(e),
        };
        let state = StreamState {
            items: Vec::new().into_iter(),
            next,
            seen: HashSet::new(),
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
                match pager.fetch::<T>(cursor.as_deref()).await {
                    Err(e) => return Some((Err(e), st)),
                    Ok((items, pagination)) => {
                        st.items = items.into_iter();
                        if let Some(c) = next_cursor(&pagination, None) {
                            if st.seen.insert(c.clone()) {
                                st.next = Next::After(pager, c);
                            }
                        }
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
        f.debug_struct("PaginatedCall")
            .field("route", &self.route.describe())
            .field("options", &self.options)
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

    /// Whether [`next_page`](Self::next_page) will fetch a page: the server
    /// says there is one and gave a cursor other than this page's.
    pub fn has_next_page(&self) -> bool {
        next_cursor(&self.pagination, self.cursor.as_deref()).is_some()
    }

    /// Fetches the next page, or `None` after the last.
    pub async fn next_page(&self) -> Result<Option<Page<'a, T>>> {
        let Some(cursor) = next_cursor(&self.pagination, self.cursor.as_deref()) else {
            return Ok(None);
        };
        let (items, pagination) = self.pager.fetch(Some(&cursor)).await?;
        Ok(Some(Page {
            pager: self.pager.clone(),
            items,
            pagination,
            cursor: Some(cursor),
        }))
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

/// The cursor of the page after one fetched with `current`, if any; a
/// cursor equal to `current` means the server is repeating itself.
fn next_cursor(p: &Pagination, current: Option<&str>) -> Option<String> {
    if !p.has_next_page {
        return None;
    }
    let next = p.next_page_cursor.as_deref()?;
    (Some(next) != current).then(|| next.to_owned())
}

/// Everything needed to fetch any page of one list.
#[derive(Clone)]
struct Pager<'a> {
    client: &'a Seam,
    route: &'static Route,
    key: &'static str,
    request: PreparedRequest,
    options: CallOptions,
}

impl Pager<'_> {
    async fn fetch<T: DeserializeOwned>(
        &self,
        cursor: Option<&str>,
    ) -> Result<(Vec<T>, Pagination)> {
        let paged;
        let request = match cursor {
            None => &self.request,
            Some(c) => {
                paged = self.request.with_page_cursor(self.route, c)?;
                &paged
            }
        };
        let response = self
            .client
            .execute(self.route, request, &self.options)
            .await?;
        decode_envelope(self.route, &response, self.key)
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
    /// Every cursor handed out so far, to stop on a cycle of any length.
    seen: HashSet<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pagination(has_next: bool, cursor: Option<&str>) -> Pagination {
        Pagination {
            has_next_page: has_next,
            next_page_cursor: cursor.map(str::to_owned),
            next_page_url: None,
        }
    }

    #[test]
    fn next_cursor_rules() {
        assert_eq!(
            next_cursor(&pagination(true, Some("c2")), None).as_deref(),
            Some("c2")
        );
        assert_eq!(
            next_cursor(&pagination(true, Some("c2")), Some("c1")).as_deref(),
            Some("c2")
        );
        assert_eq!(next_cursor(&pagination(true, Some("c2")), Some("c2")), None);
        assert_eq!(next_cursor(&pagination(false, Some("c2")), None), None);
        assert_eq!(next_cursor(&pagination(true, None), None), None);
    }
}
