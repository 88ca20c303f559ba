//! [`Client`]: what a resource handle needs from the client it borrows.
//!
//! The generated method tree (`seam.acs().users().list(…)`) is written once, generic over the
//! client. With the async [`Seam`](crate::Seam) a method returns a call to `.await`; with
//! [`blocking::Seam`](crate::blocking::Seam) (feature `blocking`) it returns the result.

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{FilePart, Route, Validate};

/// A client the generated resource handles can send requests through.
///
/// Implemented by [`Seam`](crate::Seam) (with [`Call`](super::Call),
/// [`PaginatedCall`](super::PaginatedCall) and
/// [`ActionAttemptCall`](super::ActionAttemptCall)) and, with the `blocking` feature, by
/// [`blocking::Seam`](crate::blocking::Seam). Not meant to be implemented outside this crate.
pub trait Client {
    /// What a plain method returns.
    type Call<'a, T: DeserializeOwned + Send + 'static>
    where
        Self: 'a;
    /// What a method of a paginated route returns.
    type Paginated<'a, T: DeserializeOwned + Send + 'static>
    where
        Self: 'a;
    /// What a method that starts an action attempt returns.
    type ActionAttempt<'a, T: DeserializeOwned + Send + 'static>
    where
        Self: 'a;

    /// Sends (or prepares) a request to `route`.
    #[doc(hidden)]
    fn call<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> Self::Call<'a, T>;

    /// Like [`call`](Self::call), for a request that also sends files (a multipart or raw
    /// body), taken out of it by the generated method.
    #[doc(hidden)]
    fn call_with_files<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
        files: Vec<FilePart>,
    ) -> Self::Call<'a, T>;

    /// Like [`call`](Self::call), for paginated routes.
    #[doc(hidden)]
    fn call_paginated<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> Self::Paginated<'a, T>;

    /// Like [`call`](Self::call), for routes that return an action attempt.
    #[doc(hidden)]
    fn call_action_attempt<'a, T: DeserializeOwned + Send + 'static>(
        &'a self,
        route: &'static Route,
        request: &(impl Serialize + Validate),
    ) -> Self::ActionAttempt<'a, T>;
}
